"""QA over a ``.tarjama`` project: its English as it is now, minus the issues the translator ignored."""

from __future__ import annotations

from desk.project import Project, Status
from desk.qa.checks import Pair

SKIPPED = frozenset({Status.UNTRANSLATED, Status.PASSTHROUGH})  # nothing translated to check


def project_pairs(project: Project) -> list[Pair]:
    """One pair per translated sentence (untranslated and pass-through ones are not checked)."""
    return [Pair(s.index, s.source, s.target) for s in project.segments if s.status not in SKIPPED]


def insert_fix(target: str, fix: str) -> str:
    """``target`` with a glossary rendering put in.

    A shorter part of the rendering already there ("Security Council" for "UN Security
    Council") is replaced by it; otherwise it goes before the closing punctuation, for the
    translator to move where it belongs: what matters is that the agreed term is there.
    """
    import re

    text = target.rstrip()
    if not text:
        return fix
    words = fix.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start:start + size])
            found = re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text, re.IGNORECASE)
            if found:
                return text[:found.start()] + fix + text[found.end():]
    end = len(text)
    while end > 0 and text[end - 1] in ".!?;:\"'”’)":
        end -= 1
    return f"{text[:end]} {fix}{text[end:]}" if end else f"{fix} {text}"
