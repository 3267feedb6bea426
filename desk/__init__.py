"""Tarjama Desk: offline Arabic→English translation and summarisation."""

__version__ = "0.1.0"
