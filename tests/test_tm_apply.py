"""The memory in front of the engine: hits keep their place among machine translations."""

from __future__ import annotations

from desk.tm import TranslationMemory
from desk.tm.apply import MemoryTranslator, exact_matches, with_memory


def test_hits_and_machine_output_keep_document_order(tmp_path, tiny_translator, fixture_corpus):
    (a, ea), (b, eb), (c, ec), (d, ed) = fixture_corpus[40:44]
    with TranslationMemory(tmp_path / "m.sqlite") as memory:
        memory.add(a, "A FROM MEMORY.")
        memory.add(c, "C FROM MEMORY.", project="p")
        memory.add(d, "D MACHINE.", origin="machine")
        engine = MemoryTranslator(tiny_translator, memory, project="p")
        text = f"{a} {b}\n\n{c}\n\nNo Arabic here.\n\n{d}"
        out = list(engine.translate_document(text, beam_size=1))
        assert [t.target for t in out] == ["A FROM MEMORY.", eb, "C FROM MEMORY.", "No Arabic here.", ed]
        assert [t.index for t in out] == [0, 1, 2, 3, 4]
        assert [(h.index, h.match.status) for h in engine.hits] == [(0, "tm-exact"), (2, "tm-exact")]
        assert engine.name == tiny_translator.name  # the engine's attributes show through
        outside = MemoryTranslator(tiny_translator, memory)  # no project: the project unit is not seen
        assert [t.target for t in outside.translate_document(c, beam_size=1)] == [ec]
        assert set(exact_matches([s for s in _sentences(text)], memory, human_only=False)) == {0, 4}


def test_with_memory_is_the_engine_itself_without_a_memory_or_when_disabled(tiny_translator, desk_home):
    assert with_memory(tiny_translator) is tiny_translator
    assert not (desk_home / "data" / "memory.sqlite").exists()
    TranslationMemory().close()
    assert isinstance(with_memory(tiny_translator), MemoryTranslator)
    assert with_memory(tiny_translator, enabled=False) is tiny_translator


def test_cancelled_engine_stops_the_run(tmp_path, tiny_translator, fixture_corpus):
    (a, _), (b, _) = fixture_corpus[50:52]
    with TranslationMemory(tmp_path / "m.sqlite") as memory:
        engine = MemoryTranslator(tiny_translator, memory)
        out = list(engine.translate_document(f"{a}\n\n{b}", beam_size=1, cancel=lambda: True))
        assert len(out) <= 1


def _sentences(text):
    from desk.segment import segment

    return segment(text)
