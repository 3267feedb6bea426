"""Extractive summariser for Arabic news."""
