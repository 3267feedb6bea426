"""The benchmark helpers run on the tiny fixture model (no timing asserts: speed is the
benchmark's business; this only keeps the scripts from rotting)."""

from __future__ import annotations

import json
import math

import pytest
from bench import build_bench_model, docx_open, startup, throughput


def test_bench_vocabulary_has_the_opus_shape(tmp_path):
    """</s>=0, <unk>=1, spm pieces, fillers, <pad> last at 62,833; pieces map uniquely."""
    sp = build_bench_model.train_spm(build_bench_model.arabic_training_lines(), tmp_path)
    vocab = build_bench_model.build_vocab(sp)
    assert len(vocab) == 62_834
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1 and vocab["<pad>"] == 62_833
    assert sorted(vocab.values()) == list(range(62_834))
    article = throughput.article_text()
    pieces = sp.encode(" ".join(article.split()), out_type=str)
    assert all(p in vocab for p in pieces)
    assert 1.1 < len(pieces) / len(article.split()) < 2.0  # realistic granularity (~1.4)


def test_plans_cover_every_sentence_once_within_budget():
    lengths = [5, 40, 12, 7, 33, 90, 3, 18, 18, 61]
    for batch_type, size in throughput.BATCHINGS_FULL + (("examples", 1),):
        plan = throughput.plan_batches(lengths, batch_type, size)
        assert sorted(i for b in plan for i in b) == list(range(len(lengths)))
        for batch in plan:
            if batch_type == "tokens" and len(batch) > 1:
                assert len(batch) * max(lengths[i] for i in batch) <= size
            if batch_type == "examples" and size:
                assert len(batch) <= size
    unsorted = throughput.plan_batches(lengths, "examples", 4, sort=False)
    assert [i for b in unsorted for i in b] == list(range(len(lengths)))


def test_fixed_length_engine_decodes_exactly_the_call_length(fixture_model_dir):
    text = throughput.article_text(quick=True)
    sources = throughput.source_tokens(fixture_model_dir, text)
    assert sources and all(s[-1] == "</s>" for s in sources)
    engine = throughput.FixedLengthEngine(throughput.ct2_translator(fixture_model_dir, 1, 1))
    batch = sources[:3]
    results = engine.translate_batch(batch, beam_size=2, max_decoding_length=5)
    want = math.ceil(throughput.RATIO * max(len(s) for s in batch))
    assert engine.calls == [(3, want, sum(len(s) for s in batch))]
    assert all(len(r.hypotheses[0]) == want for r in results)  # </s> could not stop it early
    assert engine.generated_tokens == 3 * want


def test_raw_naive_and_pipeline_runs_agree_on_the_work(fixture_model_dir, fixture_corpus):
    text = "\n\n".join(ar for ar, _ in fixture_corpus[:12])
    sources = throughput.source_tokens(fixture_model_dir, text)
    useful = throughput.useful_tokens(sources)
    raw = throughput.measure_raw(fixture_model_dir, sources, 2, batchings=(("tokens", 256),), log=lambda _: None)
    naive = throughput.measure_naive(fixture_model_dir, sources, 2, threads=1)
    pipe = throughput.measure_pipeline(fixture_model_dir, text, sources, 2, repeats=1)
    assert raw[0].useful == naive.useful == pipe.useful == useful
    assert naive.generated == useful  # one sentence per call: no padding
    assert pipe.extra["sentences"] == 12
    assert pipe.extra["source_tokens"] == sum(map(len, sources))
    assert 0 < pipe.extra["first_sentence_s"] <= pipe.seconds
    assert raw[0].tok_s > 0 and naive.tok_s > 0 and pipe.tok_s > 0


@pytest.mark.slow
def test_transformers_baseline_runs_the_same_ids(fixture_model_dir, fixture_corpus):
    hf_dir = fixture_model_dir.parent / "hf"
    sources = throughput.source_tokens(fixture_model_dir, "\n\n".join(ar for ar, _ in fixture_corpus[:4]))
    plan = throughput.plan_batches([len(s) for s in sources], "examples", 2)
    run = throughput.measure_transformers(hf_dir, sources, 2, plan, threads=1)
    assert run.useful == throughput.useful_tokens(sources)
    assert run.generated >= run.useful and run.tok_s > 0


@pytest.mark.slow
def test_peak_rss_runs_the_cli(fixture_model_dir, fixture_corpus):
    result = throughput.measure_peak_rss(fixture_model_dir, fixture_corpus[0][0], beam=1)
    assert result["exit_code"] == 0, result
    assert 20 < result["peak_rss_mb"] < 2000


def test_docx_generator_and_reader(tmp_path):
    path = docx_open.build_docx(tmp_path / "two.docx", pages=2)
    result = docx_open.time_read(path, repeat=1)
    assert result["blocks"] >= 2 * docx_open.PARAGRAPHS_PER_PAGE
    assert result["words"] > 200


def test_startup_measures_a_load_in_a_fresh_process(fixture_model_dir, tmp_path):
    result = startup.load_once(fixture_model_dir, str(tmp_path))
    assert set(result) == {"import_s", "load_s", "first_call_s"}
    assert all(v > 0 for v in result.values())


def test_json_summary_keys_are_exact():
    details = {"summary": dict.fromkeys(throughput.JSON_KEYS, 1.0)}
    line = json.dumps({k: details["summary"][k] for k in throughput.JSON_KEYS})
    assert list(json.loads(line)) == list(throughput.JSON_KEYS) == [
        "pipeline_tok_s", "raw_ct2_tok_s", "naive_ct2_tok_s", "transformers_tok_s", "first_sentence_s", "peak_rss_mb"
    ]


def test_pipeline_variants_run_round_robin(fixture_model_dir, fixture_corpus):
    text = "\n\n".join(ar for ar, _ in fixture_corpus[:6])
    sources = throughput.source_tokens(fixture_model_dir, text)
    variants = ({}, {"max_batch_tokens": 64}, {"threads": 1, "inter_threads": 2})
    runs = throughput.compare_pipelines(fixture_model_dir, text, sources, 1, variants, rounds=1)
    assert [r.name for r in runs] == ["pipeline defaults", "pipeline max_batch_tokens=64",
                                      "pipeline threads=1, inter_threads=2"]
    assert all(r.extra["sentences"] == 6 and r.useful == throughput.useful_tokens(sources) for r in runs)
    assert runs[1].extra["calls"] > runs[0].extra["calls"]  # a smaller budget means more engine calls


def test_tm_project_bench_runs_small(capsys):
    from bench import tm_project_bench

    assert tm_project_bench.main(["--sentences", "30", "--units", "300"]) == 0
    out = capsys.readouterr().out
    assert "fill_exact:" in out and "offers for one sentence: p50" in out and "confirm + store in memory" in out


def test_editor_gui_bench_leaves_no_home_behind(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).parent / "bench" / "editor_gui.py"
    done = subprocess.run([sys.executable, str(script), "--sentences", "20", "--edits", "2", "--dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "replace all:" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_bench_scripts_read_the_fixture_corpus_through_one_parser(fixture_corpus):
    from bench import large_document, project_bench, tm_bench, tm_project_bench

    assert build_bench_model.corpus_pairs() == fixture_corpus
    for script in (large_document, project_bench, tm_bench, tm_project_bench):
        assert script.corpus_pairs is build_bench_model.corpus_pairs
