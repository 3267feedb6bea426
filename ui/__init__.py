"""The Tarjama Desk desktop application (PySide6)."""
