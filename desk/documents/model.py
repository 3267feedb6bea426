"""The one document model every reader produces and every writer consumes.

The contract that lets the GUI, the engine and the exporters agree on paragraph
numbers: block texts are stripped, non-empty and contain no blank line, so
``segment(document.text)`` paragraph *i* is ``document.blocks[i]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desk.segment import INVISIBLE, Sentence, segment
from desk.textnorm import MAX_TOKEN_CHARS, split_long_words, strip_bidi_controls, xml_safe

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_cell", "quote")

_LINE_BREAKS_RE = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# what desk.segment trims from sentence edges: whitespace and invisible characters
_TRIM = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + INVISIBLE + "\u00ad"


def clean_block_text(text: str) -> str:
    """The text of a block as the contract wants it.

    Direction controls, stray control characters and what XML cannot hold
    (``textnorm.xml_safe``: every writer can then write anything a reader produced) are dropped,
    runs of more than ``textnorm.MAX_TOKEN_CHARS`` non-space characters are cut with a space, every kind of line
    break becomes ``\\n``, lines are stripped of spaces and invisible characters at both
    ends, and empty lines are removed, so a block never contains a blank line.
    """
    text = strip_bidi_controls(text)
    text = _LINE_BREAKS_RE.sub("\n", text)
    text = xml_safe(text)  # also every C0 control the line-break pass left
    text = split_long_words(text, MAX_TOKEN_CHARS)  # no line the window cannot wrap
    lines = [line.strip(_TRIM) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the source in reading order.

    ``kind`` is one of ``BLOCK_KINDS``; ``level`` is the heading level (1 = top, 0 for a
    title) or the list nesting level; ``source`` says where the block came from in words
    (``"paragraph 4"``, ``"table 1, row 2, column 1"``, ``"page 3"``). ``cell`` is
    ``(table, row, column)`` for table cells, so writers can rebuild the table.
    """

    kind: str
    text: str
    level: int = 0
    source: str = ""
    cell: tuple[int, int, int] | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        object.__setattr__(self, "text", clean_block_text(self.text))


@dataclass(frozen=True, slots=True)
class Document:
    """A read document: title, blocks in reading order, and where it came from.

    Empty blocks are dropped on construction, so every block has text.
    ``format`` is ``txt``, ``md``, ``docx``, ``html``, ``pdf`` or ``paste``;
    ``lang`` is the declared language when the source says (HTML ``lang``), else None.
    """

    title: str
    blocks: tuple[Block, ...] = field(default=())
    path: str | None = None
    format: str = "txt"
    lang: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", clean_block_text(self.title or "").replace("\n", " "))
        object.__setattr__(self, "blocks", tuple(b for b in self.blocks if b.text))

    @property
    def text(self) -> str:
        """The displayed text: block texts separated by one blank line."""
        return "\n\n".join(block.text for block in self.blocks)

    def sentences(self) -> list[Sentence]:
        """Sentences of ``text`` (paragraph *i* is block *i*)."""
        return segment(self.text)
