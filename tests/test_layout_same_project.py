"""``desk export PROJECT.tarjama -o OUT --layout same``: the project's source document in its own
layout, with the English the translator edited in the project (tiny fixture model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from layout_docs import BILL, CABINET, CAIRO, HEADLINE, RESHUFFLE, SUMMIT, build_python_docx
from test_layout_same import _parts, _texts, _xml

from desk.cli import main
from desk.errors import ExportError
from desk.export.same_layout_project import LazyEngine, project_lookup, project_source
from desk.project import Project, Status
from desk.results import SentenceTranslation


def run_cli(args, capsys):
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def _project(tmp_path, capsys, model, source: Path) -> Path:
    path = tmp_path / f"{source.stem}.tarjama"
    code, err = run_cli(["translate", source, "-o", path, "--model", model, "--beam", "1", "-q"], capsys)
    assert code == 0, err
    return path


def _index(project, arabic: str) -> int:
    return next(s.index for s in project.segments if s.source == arabic)


def test_project_same_layout_docx_carries_the_edited_english(tmp_path, capsys, fixture_model_dir):
    source = build_python_docx(tmp_path / "report.docx")
    path = _project(tmp_path, capsys, fixture_model_dir, source)
    with Project.open(path) as project:
        project.set_target(_index(project, RESHUFFLE[0]), "Edited by hand in the project.")
        project.confirm(_index(project, RESHUFFLE[0]))
        project.set_target(_index(project, SUMMIT[0]), "A second edit.")
        assert project.segment(_index(project, SUMMIT[0])).status == Status.EDITED
    out = tmp_path / "report.en.docx"
    code, err = run_cli(["export", path, "-o", out, "--layout", "same", "--model", fixture_model_dir,
                         "--beam", "1"], capsys)
    assert code == 0, err
    assert err.startswith(f"wrote {out} (13 paragraphs; English for ") and "from the project" in err
    parts = _parts(out)
    body = _texts(_xml(parts, "word/document.xml"))
    assert f"{CABINET[1]} Edited by hand in the project." in body
    assert "A second edit." in body
    assert RESHUFFLE[1] not in " ".join(body)
    assert f"{HEADLINE[1]}: {BILL[1]}" in body  # machine English of the project, unchanged
    assert _texts(_xml(parts, "word/header1.xml")) == [HEADLINE[1]]
    body_xml = parts["word/document.xml"].decode("utf-8")
    assert "Edited by hand in the project." in body_xml and "w:bidi/" not in body_xml


def test_a_sentence_whose_arabic_was_corrected_keeps_its_english(tmp_path, capsys, fixture_model_dir):
    source = build_python_docx(tmp_path / "report.docx")
    path = _project(tmp_path, capsys, fixture_model_dir, source)
    with Project.open(path) as project:
        i = _index(project, CAIRO[0])
        project.set_source(i, CAIRO[0].replace("رسمية", "رسمية هامة"))  # the file keeps the old Arabic
        project.set_target(i, "Corrected Arabic, English by hand.")
    out = tmp_path / "report.en.docx"
    code, err = run_cli(["export", path, "-o", out, "--layout", "same", "--model", fixture_model_dir,
                         "--beam", "1"], capsys)
    assert code == 0, err
    body = _texts(_xml(_parts(out), "word/document.xml"))
    assert "Corrected Arabic, English by hand." in body and CAIRO[1] not in body


def _html_project(tmp_path, capsys, model, pairs) -> tuple[Path, Path]:
    source = tmp_path / "page.html"
    source.write_text('<html dir="rtl" lang="ar"><body>' + "".join(f"<p>{ar}</p>" for ar, _ in pairs)
                      + "</body></html>", encoding="utf-8")
    return source, _project(tmp_path, capsys, model, source)


def test_a_fully_translated_project_needs_no_model(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    import lxml.html

    pairs = [p for p in fixture_corpus if p[0].rstrip()[-1] in ".؟"][:3]
    _, path = _html_project(tmp_path, capsys, fixture_model_dir, pairs)
    with Project.open(path) as project:
        project.set_target(1, "Edited.")
    out = tmp_path / "page.en.html"
    code, err = run_cli(["export", path, "-o", out, "--layout", "same", "--model", tmp_path / "no-model"], capsys)
    assert code == 0, err  # the missing model was never asked for
    assert "3 pieces from the project, 0 from the engine" in err
    root = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert [p.text for p in root.iter("p")] == [pairs[0][1], "Edited.", pairs[2][1]]
    assert (root.get("dir"), root.get("lang")) == ("ltr", "en")


def test_lazy_engine_is_made_only_when_a_sentence_is_missing(tiny_translator):
    made = []
    engine = LazyEngine(lambda: made.append(1) or tiny_translator)
    lookup = project_lookup([SentenceTranslation(0, 0, (0, 1), CABINET[0], "Known.")], engine, beam_size=1)
    assert lookup([CABINET[0]]) == ["Known."] and made == [] and not engine.created
    assert lookup([CABINET[0], RESHUFFLE[0]]) == ["Known.", RESHUFFLE[1]]
    assert made == [1] and (lookup.found, lookup.filled) == (2, 1)
    lookup([BILL[0]])
    assert made == [1], "made once"


def _refused(tmp_path, capsys, path, out) -> str:
    code, err = run_cli(["export", path, "-o", out, "--layout", "same"], capsys)
    assert code != 0
    assert err.count("\n") == 1, err
    assert not Path(out).exists()
    return err


def test_a_missing_source_file_is_one_clear_line(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source, path = _html_project(tmp_path, capsys, fixture_model_dir, fixture_corpus[:2])
    source.unlink()
    err = _refused(tmp_path, capsys, path, tmp_path / "page.en.html")
    assert f"The project's source file {source} is gone" in err


def test_a_text_source_or_a_mismatched_output_is_refused(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source = tmp_path / "news.txt"
    source.write_text(fixture_corpus[0][0], encoding="utf-8")
    path = _project(tmp_path, capsys, fixture_model_dir, source)
    err = _refused(tmp_path, capsys, path, tmp_path / "news.en.docx")
    assert "needs a .docx or .html source; this project was made from news.txt" in err
    _, html_project = _html_project(tmp_path, capsys, fixture_model_dir, fixture_corpus[:2])
    err = _refused(tmp_path, capsys, html_project, tmp_path / "page.en.docx")
    assert "--layout same needs" in err


def test_a_pasted_project_has_no_layout_to_keep(tmp_path):
    from desk.documents import read_text

    with Project.create(read_text(CABINET[0], name="Pasted text"), tmp_path / "p.tarjama") as project:
        with pytest.raises(ExportError, match="has no source file"):
            project_source(project)


def test_translate_points_a_project_to_export(tmp_path, capsys):
    code, err = run_cli(["translate", tmp_path / "a.tarjama", "-o", tmp_path / "a.docx", "--layout", "same"], capsys)
    assert code != 0 and "desk export" in err and err.count("\n") == 1
