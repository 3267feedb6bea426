"""What a writer needs besides the document and its translations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from desk.project.model import KEPT_STATUSES

ROW_CHOICES = ("sentence", "paragraph")
LAYOUTS = ("bilingual", "target")
# Which sentences a TMX carries: every translated one (machine output marked MT!), only those a
# person worked on (edited, confirmed, TM matches), or only confirmed ones.
TMX_SCOPES = ("all", "reviewed", "confirmed")
REVIEWED_STATUSES = KEPT_STATUSES  # the statuses a machine translation never overwrites


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Export settings; every field has a sensible default.

    ``summary_indices``: sentence indices (``SentenceTranslation.index``) to show as a
    summary before the table (DOCX only). ``rows``: one table row per sentence or per
    paragraph. ``arabic_on_right``: the Arabic column is the right-hand one.
    ``status_column`` (bilingual DOCX): a third column with each row's status;
    ``mark_unconfirmed`` (bilingual DOCX): shade the English of rows not yet confirmed.
    ``tmx_scope``: one of ``TMX_SCOPES``.
    """

    model_name: str = ""
    source_name: str = ""
    date: datetime | None = None
    summary_indices: tuple[int, ...] | None = None
    rows: str = "sentence"
    arabic_on_right: bool = True
    landscape: bool = False
    title: str = ""
    status_column: bool = False
    mark_unconfirmed: bool = False
    tmx_scope: str = "all"
    metadata: bool | None = None  # the Source · Model · Date line: None = the writer's default

    def when(self) -> datetime:
        """The export date (now, in UTC, unless given)."""
        when = self.date or datetime.now(UTC)
        return when if when.tzinfo else when.replace(tzinfo=UTC)


def status_of(item) -> str:
    """A translation's status: the project's, or for a plain run machine / passthrough / untranslated."""
    status = getattr(item, "status", "")
    if status:
        return status
    if not item.target:
        return "untranslated"
    return "passthrough" if item.passthrough else "machine"


def status_label(item) -> str:
    """Words for a status column: "machine 83%" shows the confidence of raw machine output."""
    status = status_of(item)
    confidence = getattr(item, "confidence", None)
    if status == "machine" and confidence is not None:
        return f"machine {round(confidence * 100)}%"
    return status
