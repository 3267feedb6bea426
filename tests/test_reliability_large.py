"""Large input (issue 9): a 10,000-word document through the CLI on the tiny model completes
with bounded memory. The 100,000-word run is tests/bench/large_document.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from bench.large_document import PEAK_RSS_WRAPPER, make_document

from desk.segment import segment

PEAK_LIMIT_MB = 400  # the tiny model's CLI peaks near 75 MB; a leak proportional to the text would pass this fast


def _run(tmp_path, name: str, words: int, fixture_model_dir) -> tuple[dict, float, int]:
    text = make_document(words, seed=words)
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.json"
    report = tmp_path / f"{name}-rss.json"
    env = {**os.environ, "DESK_HOME": str(tmp_path / "home")}
    started = time.monotonic()
    cli = PEAK_RSS_WRAPPER.replace("{module}", "desk.cli")
    proc = subprocess.run([sys.executable, "-c", cli, str(report), "translate", str(source), "-o", str(out),
                           "--model", str(fixture_model_dir), "--beam", "1", "-q"], capture_output=True, env=env,
                          timeout=300)
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr.decode()
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert len(payload["sentences"]) == len(segment(text))
    assert all(s["target"] for s in payload["sentences"])
    return json.loads(report.read_text())["maxrss_kb"] / 1024, seconds, len(payload["sentences"])


@pytest.mark.slow
def test_ten_thousand_words_complete_with_bounded_memory(tmp_path, fixture_model_dir):
    small_mb, _, _ = _run(tmp_path, "small", 500, fixture_model_dir)
    large_mb, seconds, sentences = _run(tmp_path, "large", 10_000, fixture_model_dir)
    print(f"\n10,000 words: {sentences} sentences in {seconds:.1f}s, peak RSS {large_mb:.0f} MB "
          f"(500 words: {small_mb:.0f} MB)")
    assert large_mb < PEAK_LIMIT_MB
    assert large_mb - small_mb < 100, "memory grows with the document"
    assert seconds < 60
