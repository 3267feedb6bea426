"""Running the QA checks over a translated document, with per-sentence ignores and cancel."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator

from desk.glossary.match import TermMatcher
from desk.qa.checks import CHECKS, REPORTED_BY, Issue, Pair, glossary_check

Ignore = Collection[tuple[int, str]]  # (sentence, check id): the project stores these


def as_pairs(items: Iterable) -> list[Pair]:
    """Pairs from ``SentenceTranslation``-like objects (index/source/target) or (source, target) tuples."""
    pairs = []
    for position, item in enumerate(items):
        if isinstance(item, Pair):
            pairs.append(item)
        elif isinstance(item, tuple):
            pairs.append(Pair(position, str(item[0]), str(item[1])))
        else:
            pairs.append(Pair(int(getattr(item, "index", position)), item.source, item.target))
    return pairs


def iter_issues(items: Iterable, *, glossary: TermMatcher | None = None, ignore: Ignore = (),
                checks: Collection[str] | None = None,
                cancel: Callable[[], bool] | None = None) -> Iterator[Issue]:
    """Issues sentence by sentence (a generator: the GUI can stream it and stop).

    ``ignore`` holds (sentence, check id) pairs the translator dismissed; ``checks`` limits the
    run to some check ids (default: all, plus "glossary" when a matcher with terms is given).
    """
    needed = None if checks is None else {REPORTED_BY.get(c, c) for c in checks}
    active = [fn for name, fn in CHECKS.items() if needed is None or name in needed]
    if glossary and (checks is None or "glossary" in checks):
        active.append(glossary_check(glossary))
    ignored = set(ignore)
    wanted = None if checks is None else set(checks)
    if wanted is not None:  # a check function also reports its sibling id
        wanted |= {child for child, parent in REPORTED_BY.items() if parent in wanted}
    for pair in as_pairs(items):
        if cancel and cancel():
            return
        for check in active:
            for issue in check(pair):
                if (issue.sentence, issue.check) in ignored or (wanted is not None and issue.check not in wanted):
                    continue
                yield issue


def run_checks(items: Iterable, **options) -> list[Issue]:
    """Every issue, in sentence order (see ``iter_issues``)."""
    return list(iter_issues(items, **options))
