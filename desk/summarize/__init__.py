"""Extractive summariser for Arabic news: which sentences carry the story, in document order."""

from desk.summarize.arabic import content_terms, light_stem, normalize_arabic, stop_words, tokenize
from desk.summarize.core import SummarySentence, default_length, summarize, summarize_text

__all__ = [
    "SummarySentence", "summarize", "summarize_text", "default_length",
    "normalize_arabic", "light_stem", "tokenize", "stop_words", "content_terms",
]
