"""Document readers: every supported format becomes one ``Document``.

``read_document(path)`` for files (TXT, Markdown, DOCX, HTML, PDF), ``read_text`` and
``read_html`` for pasted text; all raise ``DocumentError`` with a one-sentence reason.
"""

from desk.documents.html_reader import read_html
from desk.documents.limits import MAX_FILE_BYTES
from desk.documents.model import BLOCK_KINDS, Block, Document
from desk.documents.reader import SUPPORTED_EXTENSIONS, read_document
from desk.documents.textfile import read_text

__all__ = [
    "BLOCK_KINDS", "Block", "Document", "MAX_FILE_BYTES", "SUPPORTED_EXTENSIONS",
    "read_document", "read_html", "read_text",
]
