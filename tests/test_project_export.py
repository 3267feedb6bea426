"""Exports of a project carry the edits and the statuses: TMX marks machine output and can be
limited to reviewed/confirmed sentences; the bilingual DOCX can show a status column and
shade unconfirmed rows; TXT and JSON use the edited English."""

from __future__ import annotations

import json
import zipfile

import pytest
from lxml import etree

from desk.documents import Block, Document
from desk.errors import ExportError
from desk.export import ExportOptions, write_translation
from desk.project import Project
from desk.project.exporting import export_project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def project(tmp_path, fixture_corpus, tiny_translator):
    """Four sentences: 0 edited, 1 confirmed, 2 machine, 3 untranslated (never translated)."""
    (a, _), (b, _), (c, _), (d, _) = fixture_corpus[10:14]
    doc = Document("t", (Block("paragraph", f"{a} {b}"), Block("paragraph", c), Block("paragraph", d)))
    p = Project.create(doc, tmp_path / "p.tarjama")
    for item in tiny_translator.translate_document(p.sentences([0, 1, 2])):
        p.apply_machine(item, "tiny-model")
    p.set_target(0, "Edited English.")
    p.confirm(1)
    yield p
    p.close()


def _tus(path):
    root = etree.parse(str(path)).getroot()
    out = []
    for tu in root.findall("body/tu"):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        segs = {tuv.get(XML_LANG): tuv for tuv in tu.findall("tuv")}
        out.append((tu, props, segs))
    return out


def test_tmx_marks_machine_output_and_carries_edits(tmp_path, project, fixture_corpus):
    out = export_project(project, tmp_path / "all.tmx")
    tus = _tus(out)
    assert [props["x-status"] for _, props, _ in tus] == ["edited", "confirmed", "machine"]  # untranslated left out
    (edited, e_props, e_segs), (confirmed, _, c_segs), (machine, m_props, m_segs) = tus
    assert e_segs["en"].findtext("seg") == "Edited English." and e_props["x-origin"] == "human"
    assert edited.get("creationid") is None and confirmed.get("creationid") is None
    assert c_segs["en"].findtext("seg") == fixture_corpus[11][1]
    assert machine.get("creationid") == "MT!" and machine.get("changeid") == "MT!"
    assert m_segs["en"].get("creationid") == "MT!" and m_segs["ar"].get("creationid") is None
    assert m_props["x-origin"] == "tiny-model" and 0 < float(m_props["x-confidence"]) <= 1
    header = etree.parse(str(out)).getroot().find("header")
    assert header.find("prop[@type='x-model']").text == "tiny-model"


@pytest.mark.parametrize(("scope", "statuses"), [("reviewed", ["edited", "confirmed"]), ("confirmed", ["confirmed"])])
def test_tmx_can_be_limited_to_reviewed_or_confirmed(tmp_path, project, scope, statuses):
    out = export_project(project, tmp_path / f"{scope}.tmx", tmx_scope=scope)
    tus = _tus(out)
    assert [props["x-status"] for _, props, _ in tus] == statuses
    assert all(tu.get("creationid") != "MT!" for tu, _, _ in tus)


def test_tmx_bad_scope_is_an_export_error(tmp_path, project):
    with pytest.raises(ExportError, match="TMX scope"):
        export_project(project, tmp_path / "x.tmx", tmx_scope="some")


def test_plain_run_tmx_still_marks_machine_output(tmp_path, fixture_corpus, tiny_translator):
    doc = Document("t", (Block("paragraph", fixture_corpus[3][0]),))
    items = list(tiny_translator.translate_document(doc))
    out = write_translation(tmp_path / "plain.tmx", doc, items, options=ExportOptions(model_name="m"))
    (tu, props, _), = _tus(out)
    assert tu.get("creationid") == "MT!" and props["x-status"] == "machine" and props["x-origin"] == "m"


def _table_rows(path):
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    rows = []
    for tr in root.iter(f"{W}tr"):
        cells = []
        for tc in tr.findall(f"{W}tc"):
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            shd = tc.find(f"{W}tcPr/{W}shd")
            cells.append((text, None if shd is None else shd.get(f"{W}fill")))
        rows.append(cells)
    return rows


def test_bilingual_docx_status_column_and_unconfirmed_marks(tmp_path, project, fixture_corpus):
    out = export_project(project, tmp_path / "s.docx", status_column=True, mark_unconfirmed=True)
    header, *rows = _table_rows(out)
    assert [c[0] for c in header] == ["English", "العربية", "Status"]
    english = [r[0] for r in rows]
    status = [r[2][0] for r in rows]
    assert english[0] == ("Edited English.", "FFF2CC")
    assert english[1] == (fixture_corpus[11][1], None)  # confirmed: not shaded
    assert english[2][1] == "FFF2CC" and english[3] == ("", "FFF2CC")
    assert status[:2] == ["edited", "confirmed"] and status[2].startswith("machine ") and status[2].endswith("%")
    assert status[3] == "untranslated"


def test_bilingual_docx_paragraph_rows_show_the_least_reviewed_status(tmp_path, project):
    out = export_project(project, tmp_path / "p.docx", status_column=True, rows="paragraph")
    _, *rows = _table_rows(out)
    assert [r[2][0] for r in rows][:1] == ["edited"]  # edited + confirmed → edited
    assert rows[0][0][0].startswith("Edited English. ")


def test_default_docx_has_two_columns_and_no_marks(tmp_path, project):
    _, *rows = _table_rows(export_project(project, tmp_path / "d.docx"))
    assert all(len(r) == 2 for r in rows) and all(c[1] is None for r in rows for c in r)
    assert rows[0][0][0] == "Edited English."


def test_txt_and_json_use_the_edited_english(tmp_path, project):
    txt = export_project(project, tmp_path / "e.txt", layout="target").read_text(encoding="utf-8")
    assert txt.startswith("Edited English. ")
    data = json.loads(export_project(project, tmp_path / "e.json").read_text(encoding="utf-8"))
    assert data["model"] == "tiny-model"
    assert [s["target"] for s in data["sentences"]][0] == "Edited English."
    assert [s.get("status") for s in data["sentences"]] == ["edited", "confirmed", "machine", "untranslated"]
