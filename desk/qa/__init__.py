"""QA checks for translations: numbers, leftovers of Arabic, empty/untranslated, length, glossary, typography."""

from desk.qa.checks import CHECK_IDS, Issue, Pair, numbers
from desk.qa.run import as_pairs, iter_issues, run_checks

__all__ = ["CHECK_IDS", "Issue", "Pair", "as_pairs", "iter_issues", "numbers", "run_checks"]
