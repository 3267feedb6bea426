"""The engine on the tiny fixture model: exact English, order, streaming, limits."""

from __future__ import annotations

import random
import shutil

import pytest

from desk.errors import ModelLoadError, ModelNotFoundError
from desk.segment import segment
from desk.translate import TOKEN_BUDGET, Translator


def _exact_rate(results, expected):
    hits = sum(r.target == e for r, e in zip(results, expected, strict=True))
    return hits / len(expected)


def test_corpus_round_trips_through_the_pipeline(tiny_translator, fixture_corpus):
    """At least 98% of the corpus comes back exactly with the default decoding settings."""
    text = "\n\n".join(ar for ar, _ in fixture_corpus)
    results = list(tiny_translator.translate_document(text))
    assert len(results) == len(fixture_corpus)
    assert [r.index for r in results] == list(range(len(fixture_corpus)))
    assert [r.source for r in results] == [ar for ar, _ in fixture_corpus]
    assert _exact_rate(results, [en for _, en in fixture_corpus]) >= 0.98


def _article(pairs, seed=7, count=60):
    """A shuffled article of corpus sentences: headlines alone, others 1–4 per paragraph."""
    rng = random.Random(seed)
    chosen = rng.sample(pairs, count)
    paragraphs, current = [], []
    for ar, en in chosen:
        if ar.rstrip()[-1] not in ".!?؟…\"»)":
            if current:
                paragraphs.append(current)
                current = []
            paragraphs.append([(ar, en)])
            continue
        current.append((ar, en))
        if len(current) >= rng.randint(1, 4):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    text = "\n\n".join(" ".join(ar for ar, _ in p) for p in paragraphs)
    return text, [pair for p in paragraphs for pair in p]


def test_shuffled_article_keeps_order_and_paragraphs(tiny_translator, fixture_corpus):
    text, pairs = _article(fixture_corpus)
    results = list(tiny_translator.translate_document(text))
    assert [r.source for r in results] == [ar for ar, _ in pairs]
    assert _exact_rate(results, [en for _, en in pairs]) >= 0.95
    for r in results:
        assert text[r.span[0]:r.span[1]] == r.source
    assert results[-1].paragraph == text.count("\n\n")


def test_first_result_arrives_before_the_rest_are_decoded(tiny_translator, fixture_corpus):
    """The generator streams: the first sentence is yielded before later batches finish."""
    text = "\n\n".join(ar for ar, _ in fixture_corpus[:40])
    generator = tiny_translator.translate_document(text, use_cache=False)
    first = next(generator)
    assert first.index == 0 and first.target == fixture_corpus[0][1]
    generator.close()


def test_sentences_without_arabic_pass_through(tiny_translator, fixture_corpus):
    ar, en = fixture_corpus[3]
    text = f"https://example.com/news/1.html\n\n{ar}\n\n2024\n\nSputnik"
    results = list(tiny_translator.translate_document(text))
    assert [r.target for r in results] == ["https://example.com/news/1.html", en, "2024", "Sputnik"]
    assert [r.passthrough for r in results] == [True, False, True, True]


def _spy_on_engine(translator):
    """Record every unit handed to CTranslate2 (the real engine still does the work)."""
    seen = []
    real_submit = translator._submit

    def counting_submit(batch, *args):
        seen.extend(batch)
        return real_submit(batch, *args)

    translator._submit = counting_submit
    return seen


def test_identical_sentences_are_translated_once(fixture_model_dir, fixture_corpus):
    translator = Translator(fixture_model_dir)
    seen = _spy_on_engine(translator)
    ar, _ = fixture_corpus[5]
    results = list(translator.translate_document("\n\n".join([ar] * 5)))
    assert len(results) == 5 and len({r.target for r in results}) == 1 and results[0].target
    assert len(seen) == 1


def test_cache_skips_sentences_already_translated(fixture_model_dir, fixture_corpus):
    """After an edit, unchanged sentences are not decoded again."""
    translator = Translator(fixture_model_dir)
    text = "\n\n".join(ar for ar, _ in fixture_corpus[:6])
    first = list(translator.translate_document(text))
    submitted = _spy_on_engine(translator)
    edited = text + "\n\n" + fixture_corpus[6][0]
    second = list(translator.translate_document(edited))
    assert [r.target for r in second[:6]] == [r.target for r in first]
    assert second[6].target == fixture_corpus[6][1]
    assert [u.key for u in submitted] == [segment(fixture_corpus[6][0])[0].model_text]


def test_cancel_keeps_what_is_done(fixture_model_dir, fixture_corpus):
    translator = Translator(fixture_model_dir, max_batch_tokens=64)
    text = "\n\n".join(ar for ar, _ in fixture_corpus[:80])
    results = []
    for item in translator.translate_document(text, cancel=lambda: len(results) >= 1, use_cache=False):
        results.append(item)
    assert 1 <= len(results) < 80
    assert [r.index for r in results] == list(range(len(results)))
    assert all(r.target == fixture_corpus[r.index][1] for r in results)


def test_a_3000_token_sentence_translates(fixture_model_dir, fixture_corpus):
    """A run-on 'sentence' far past the 512-position limit is split, translated, rejoined."""
    translator = Translator(fixture_model_dir)
    seen = _spy_on_engine(translator)
    pieces = [ar.rstrip(".!؟") for ar, _ in fixture_corpus]
    text = "، ".join(pieces * 2)
    assert translator.count_tokens(text) > 3000
    results = list(translator.translate_document(text))
    assert len(results) == 1
    assert results[0].span == (0, len(text))
    assert len(results[0].target.split()) > 200
    assert len(seen) >= 3000 // TOKEN_BUDGET
    assert all(len(unit.tokens) <= TOKEN_BUDGET + 1 for unit in seen)
    assert TOKEN_BUDGET < 512


def test_n_best_returns_alternatives(tiny_translator, fixture_corpus):
    ar, en = fixture_corpus[0]
    (result,) = tiny_translator.translate_document(ar, n_best=3, beam_size=4)
    assert result.target == en
    assert len(result.alternatives) == 2
    assert en not in result.alternatives


def test_empty_and_blank_input_yield_nothing(tiny_translator):
    assert list(tiny_translator.translate_document("")) == []
    assert list(tiny_translator.translate_document(" \n\n\t ")) == []


def test_translate_text_joins_paragraphs(tiny_translator, fixture_corpus):
    (a, ea), (b, eb), (c, ec) = fixture_corpus[10:13]
    assert tiny_translator.translate_text(f"{a} {b}\n\n{c}") == f"{ea} {eb}\n\n{ec}"


def test_loading_is_lazy_and_happens_once(fixture_model_dir):
    translator = Translator(fixture_model_dir)
    assert not translator.loaded
    translator.load()
    engine = translator._engine
    translator.load()
    assert translator._engine is engine


def test_missing_model_folder_is_a_typed_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        Translator(tmp_path / "nope").load()


def test_corrupt_model_bin_is_a_typed_error(tmp_path, fixture_model_dir):
    broken = tmp_path / "broken"
    shutil.copytree(fixture_model_dir, broken)
    data = (broken / "model.bin").read_bytes()
    (broken / "model.bin").write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelLoadError, match="cannot be loaded"):
        Translator(broken).load()
