"""``desk qa`` and ``desk glossary`` end to end with the tiny model: a changed number is caught."""

from __future__ import annotations

import json

from desk.cli import main


def _run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _article(tmp_path, fixture_corpus, rows=(5, 28, 32)):
    pairs = [fixture_corpus[i] for i in rows]
    path = tmp_path / "article.txt"
    path.write_text("\n\n".join(ar for ar, _ in pairs) + "\n", encoding="utf-8")
    return path, pairs


def test_qa_on_translated_json_catches_a_changed_number(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source, pairs = _article(tmp_path, fixture_corpus)
    code, out, err = _run(["translate", str(source), "--model", str(fixture_model_dir), "--format", "json"], capsys)
    assert code == 0, err
    translated = tmp_path / "article.json"
    translated.write_text(out, encoding="utf-8")
    code, out, err = _run(["qa", str(translated)], capsys)
    assert (code, out) == (0, ""), out
    assert "0 issue(s) in 0 of 3 sentences" in err

    payload = json.loads(translated.read_text(encoding="utf-8"))
    assert payload["sentences"][1]["target"] == pairs[1][1]
    payload["sentences"][1]["target"] = pairs[1][1].replace("54%", "45%")
    translated.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(["qa", str(translated)], capsys)
    assert code == 1
    assert out.startswith("sentence 2 [numbers] The number 54 in the Arabic is not in the English (it has 45).")
    code, out, _ = _run(["qa", str(translated), "--json"], capsys)
    report = json.loads(out)
    assert report["sentences"] == 3
    assert [(i["sentence"], i["check"]) for i in report["issues"]] == [(1, "numbers")]
    code, out, _ = _run(["qa", str(translated), "--ignore", "2:numbers"], capsys)
    assert (code, out) == (0, "")


def test_qa_translates_a_document_and_checks_glossary_terms(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source, pairs = _article(tmp_path, fixture_corpus)
    assert "مجلس الأمن" in pairs[2][0] and "Security Council" in pairs[2][1]
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("مجلس الأمن\tUN Security Council\nالمرشح\tcandidate\n", encoding="utf-8")
    code, out, err = _run(["qa", str(source), "--model", str(fixture_model_dir), "--glossary", str(glossary),
                           "--json"], capsys)
    assert code == 1, err
    issues = json.loads(out)["issues"]
    assert [(i["sentence"], i["check"], i["fix"]) for i in issues] == [(2, "glossary", "UN Security Council")]
    # The same glossary, stored: used without --glossary.
    code, out, _ = _run(["glossary", "import", str(glossary), "--name", "un"], capsys)
    assert code == 0 and out.startswith("2 terms stored in glossary un")
    code, out, _ = _run(["glossary", "list"], capsys)
    assert out == "un\t(global)\t2 terms\n"
    code, _, _ = _run(["qa", str(source), "--model", str(fixture_model_dir)], capsys)
    assert code == 1
    code, _, _ = _run(["qa", str(source), "--model", str(fixture_model_dir), "--checks", "numbers"], capsys)
    assert code == 0
    code, out, _ = _run(["glossary", "remove", "un"], capsys)
    assert code == 0


def test_qa_user_errors(tmp_path, capsys):
    bad = tmp_path / "x.json"
    bad.write_text('{"nope": 1}', encoding="utf-8")
    code, _, err = _run(["qa", str(bad)], capsys)
    assert code == 2 and "is not the JSON that `desk translate --format json` writes" in err
    code, _, err = _run(["qa", str(bad), "--checks", "spelling"], capsys)
    assert code == 2 and "Unknown check spelling" in err
    code, _, err = _run(["qa", str(bad), "--ignore", "x:numbers"], capsys)
    assert code == 2 and "--ignore takes N:CHECK" in err
