"""Model management: catalogue, download, import, conversion, verification."""
