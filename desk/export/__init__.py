"""Writers for translated documents (DOCX, TMX, TXT, JSON); all writes are atomic."""
