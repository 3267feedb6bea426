"""``desk tm`` end to end, and ``desk translate`` filling sentences from the memory (tiny model)."""

from __future__ import annotations

import json

from test_tm_tmx import TRADOS

from desk.cli import main


def _run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_tm_import_stats_lookup_export(tmp_path, capsys, desk_home):
    tmx = tmp_path / "trados.tmx"
    tmx.write_text(TRADOS, encoding="utf-8")
    code, out, err = _run(["tm", "stats"], capsys)
    assert code == 2 and "no translation memory yet" in err
    code, out, err = _run(["tm", "import", str(tmx), "-q"], capsys)
    assert code == 0, err
    assert out.startswith("2 units read, 2 new, 0 skipped") and "1 machine translation" in out
    assert (desk_home / "data" / "memory.sqlite").is_file()
    code, out, _ = _run(["tm", "stats", "--json"], capsys)
    assert json.loads(out)["units"] == 2 and json.loads(out)["machine"] == 1
    code, out, _ = _run(["tm", "lookup", "وأدانت جامعة الدول العربية الهجوم على المدنيين.", "--json"], capsys)
    assert code == 0
    (match,) = json.loads(out)
    assert match["status"] == "tm-fuzzy" and match["origin"] == "machine" and match["similarity"] >= 90
    code, _, _ = _run(["tm", "lookup", "ارتفعت أسعار الذهب."], capsys)
    assert code == 1
    code, _, err = _run(["tm", "export", str(tmp_path / "out.tmx"), "--human-only"], capsys)
    assert code == 0 and "wrote 1 units" in err
    code, _, err = _run(["tm", "import", str(tmp_path / "missing.tmx")], capsys)
    assert code == 2 and "no such file" in err


def test_translate_uses_exact_matches_and_no_tm_turns_it_off(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    (a, ea), (b, eb) = fixture_corpus[20:22]
    source = tmp_path / "article.txt"
    # The memory has a human translation of sentence b with different diacritics.
    mine = "MY CONFIRMED TRANSLATION."
    tmx2 = tmp_path / "b.tmx"
    tmx2.write_text(f'<tmx version="1.4"><header srclang="ar-SA"/><body><tu><tuv xml:lang="AR-SA"><seg>{b}ُ</seg>'
                    f'</tuv><tuv xml:lang="EN-US"><seg>{mine}</seg></tuv></tu></body></tmx>', encoding="utf-8")
    main(["tm", "import", str(tmx2), "-q"])
    capsys.readouterr()
    source.write_text(f"{a}\n\n{b}\n", encoding="utf-8")
    code, out, err = _run(["translate", str(source), "--model", str(fixture_model_dir), "-q"], capsys)
    assert code == 0, err
    assert out == f"{ea}\n\n{mine}\n"
    code, out, err = _run(["translate", str(source), "--model", str(fixture_model_dir), "-q", "--no-tm"], capsys)
    assert out == f"{ea}\n\n{eb}\n"
    code, out, err = _run(["translate", str(source), "--model", str(fixture_model_dir), "--format", "json"], capsys)
    assert [s["target"] for s in json.loads(out)["sentences"]] == [ea, mine]
    assert "1 sentence(s) from the translation memory" in err


def test_machine_translation_in_memory_is_not_reused(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    (a, ea), = fixture_corpus[30:31]
    tmx = tmp_path / "mt" / "raw.tmx"  # OmegaT's tm/mt folder: machine output
    tmx.parent.mkdir()
    tmx.write_text(f'<tmx version="1.4"><header srclang="ar"/><body><tu><tuv xml:lang="ar"><seg>{a}</seg></tuv>'
                   f'<tuv xml:lang="en"><seg>RAW MT.</seg></tuv></tu></body></tmx>', encoding="utf-8")
    main(["tm", "import", str(tmx), "-q"])
    source = tmp_path / "one.txt"
    source.write_text(a + "\n", encoding="utf-8")
    capsys.readouterr()
    code, out, _ = _run(["translate", str(source), "--model", str(fixture_model_dir), "-q"], capsys)
    assert out == ea + "\n"
