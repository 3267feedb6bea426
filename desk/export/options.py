"""What a writer needs besides the document and its translations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

ROW_CHOICES = ("sentence", "paragraph")
LAYOUTS = ("bilingual", "target")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Export settings; every field has a sensible default.

    ``summary_indices``: sentence indices (``SentenceTranslation.index``) to show as a
    summary before the table (DOCX only). ``rows``: one table row per sentence or per
    paragraph. ``arabic_on_right``: the Arabic column is the right-hand one.
    """

    model_name: str = ""
    source_name: str = ""
    date: datetime | None = None
    summary_indices: tuple[int, ...] | None = None
    rows: str = "sentence"
    arabic_on_right: bool = True
    landscape: bool = False
    title: str = ""

    def when(self) -> datetime:
        """The export date (now, in UTC, unless given)."""
        when = self.date or datetime.now(UTC)
        return when if when.tzinfo else when.replace(tzinfo=UTC)
