"""Glossaries: import (TSV/CSV/TBX), storage (global or per project), Arabic-aware term matching."""

from desk.glossary.io import read_glossary
from desk.glossary.match import Term, TermMatch, TermMatcher, check_sentence, english_has
from desk.glossary.store import GlossaryStore

__all__ = ["GlossaryStore", "Term", "TermMatch", "TermMatcher", "check_sentence", "english_has", "read_glossary"]
