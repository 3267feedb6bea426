"""The words of the status bar: sentence counts, progress, and the line after a run.

One place, so the count beside the progress bar and the bar itself come from the same number
at the same moment (a 272-sentence run showed 116/272 on the bar and 1/272 beside it: the count
was refreshed on the word-count throttle), numbers agree with their nouns ("1 sentence"), and
developer figures such as the longest UI pause go to the log, not to the translator.
"""

from __future__ import annotations


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def sentences_text(done: int, total: int) -> str:
    """Beside the progress bar: "3/12 sentences", "1/1 sentence", or "No document"."""
    if not total:
        return "No document"
    return f"{done}/{plural(total, 'sentence')}"


def opened_text(title: str, total: int) -> str:
    return f"Opened {title}: {plural(total, 'sentence')}."


def progress_format(seconds_left: float) -> str:
    """QProgressBar format while translating (Qt fills in %v and %m)."""
    return f"%v / %m sentences — {duration(seconds_left)} left"


def speed_text(rate: float) -> str:
    return f"{rate:.1f} sentences/s" if rate > 0 else ""


def run_summary(*, translated: int, elapsed: float, done: int, total: int, cancelled: bool) -> str:
    """The line after a run (the longest UI pause is logged by the run, not shown)."""
    verb = "Cancelled after" if cancelled else "Translated"
    return f"{verb} {plural(translated, 'sentence')} in {elapsed:.1f} s ({done}/{total} done)."


def show_progress(progress, speed_label, *, done: int, seconds_left: float, rate: float) -> None:
    """Bar and speed from the same figures, in one call (the sentence count follows the model's counts)."""
    progress.setValue(done)
    progress.setFormat(progress_format(seconds_left))
    speed_label.setText(speed_text(rate))


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"
