"""Translation memory: every confirmed sentence, found again exactly or approximately.

``TranslationMemory`` (store.py) is a SQLite file in the data folder; ``normalize`` (normalize.py)
is the one matching form of Arabic shared by the memory, the glossary and QA.
"""

from desk.tm.normalize import match_key, normalize_digits, normalize_for_match
from desk.tm.store import DEFAULT_THRESHOLD, MatchResult, SourceDiff, TranslationMemory, TranslationUnit

__all__ = [
    "DEFAULT_THRESHOLD", "MatchResult", "SourceDiff", "TranslationMemory", "TranslationUnit",
    "match_key", "normalize_digits", "normalize_for_match",
]
