"""TMX import of files shaped like OmegaT, Trados Studio and memoQ exports, and our own export.

The files (tests/fixtures/tmx/) were written by hand from the documented formats, as each tool writes them:
OmegaT's project_save.tmx (``lang`` attributes in upper case, TMX level 2 ``bpt``/``ept``),
Trados Studio's TMX export (``ar-SA``/``en-US``, ``x-Origin``/``x-ConfirmationLevel`` props, ``ph``)
and memoQ's (``AR-EG`` upper case, ``x-Document``/``x-Context_Pre`` props, ``it``/``hi``, three
languages per ``tu``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.errors import DocumentError
from desk.tm import TranslationMemory
from desk.tm.tmx import export_tmx, import_tmx, read_tmx

FIXTURES = Path(__file__).parent / "fixtures" / "tmx"
OMEGAT = (FIXTURES / "omegat-project_save.tmx").read_text(encoding="utf-8")
TRADOS = (FIXTURES / "trados-studio.tmx").read_text(encoding="utf-8")
MEMOQ = (FIXTURES / "memoq.tmx").read_text(encoding="utf-8")


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.sqlite") as tm:
        yield tm


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_omegat_project_save_with_uppercase_lang_and_level2_tags(tmp_path, memory):
    report = import_tmx(memory, _write(tmp_path, "project_save.tmx", OMEGAT))
    assert (report.read, report.added, report.skipped, report.machine, report.cancelled) == (3, 2, 1, 0, False)
    hit = memory.exact("عاجل: وصل الوفد إلى جنيف.")
    assert hit and hit[0].target == "Breaking: the delegation reached Geneva."
    assert "&lt;" not in hit[0].target and "<b0>" not in hit[0].unit.source


def test_omegat_mt_folder_is_machine_translation(tmp_path, memory):
    report = import_tmx(memory, _write(tmp_path, "tm/mt/deepl.tmx", OMEGAT))
    assert report.machine == 2
    assert {u.origin for u in memory.units()} == {"machine"}


def test_trados_export_with_region_codes_props_and_ph(tmp_path, memory):
    import_tmx(memory, _write(tmp_path, "trados.tmx", TRADOS))
    units = {u.source: u for u in memory.units()}
    human = units["بلغت نسبة المشاركة 62% وفق اللجنة العليا للانتخابات."]
    assert human.origin == "human" and human.target.startswith("Voter turnout reached 62%,")
    assert human.created == "20230115T093000Z" and human.changed == "20230116T120000Z"
    assert units["أدانت جامعة الدول العربية الهجوم على المدنيين."].origin == "machine"


def test_memoq_export_with_three_languages_it_and_hi(tmp_path, memory):
    report = import_tmx(memory, _write(tmp_path, "memoq.tmx", MEMOQ))
    assert (report.read, report.added, report.skipped, report.machine) == (3, 2, 1, 1)
    units = {u.source: u for u in memory.units()}
    lebanese = units["أكد الرئيس اللبناني أن تشكيل الحكومة بات قريبا."]
    assert lebanese.target == "The Lebanese president said that a government would be formed soon."
    assert lebanese.creator == "hala" and lebanese.origin == "human"
    assert units["فاز المرشح المستقل بنسبة ٥٤٪ من الأصوات."].origin == "machine"  # creationid MT!


def test_other_target_language_and_forced_machine_flag(tmp_path, memory):
    report = import_tmx(memory, _write(tmp_path, "memoq.tmx", MEMOQ), target_lang="FR", machine=True, project="fr")
    assert report.added == 1
    (unit,) = memory.units()
    assert unit.target.startswith("Le président") and unit.origin == "machine" and unit.project == "fr"


def test_reimport_adds_nothing(tmp_path, memory):
    path = _write(tmp_path, "trados.tmx", TRADOS)
    import_tmx(memory, path)
    again = import_tmx(memory, path)
    assert (again.read, again.added) == (2, 0)


def test_export_round_trip_keeps_machine_marked_and_projects(tmp_path, memory):
    import_tmx(memory, _write(tmp_path, "memoq.tmx", MEMOQ), project="client-a")
    import_tmx(memory, _write(tmp_path, "trados.tmx", TRADOS))
    out = tmp_path / "out.tmx"
    assert export_tmx(memory, out) == 4
    text = out.read_text(encoding="utf-8")
    assert text.count('<prop type="x-Origin">MachineTranslation</prop>') == 2
    assert 'srclang="ar"' in text
    with TranslationMemory(tmp_path / "second.sqlite") as second:
        import_tmx(second, out)
        again = sorted((u.source, u.target, u.origin, u.project) for u in second.units())
    assert again == sorted((u.source, u.target, u.origin, u.project) for u in memory.units())
    assert export_tmx(memory, tmp_path / "human.tmx", human_only=True) == 2
    assert export_tmx(memory, tmp_path / "a.tmx", project="client-a") == 2


def test_export_drops_what_xml_cannot_hold(tmp_path, memory):
    memory.add("ذهب الولد إلى المدرسة.", "The boy\x9f went\ufdd0 to school.", creator="ed\x01itor")
    out = tmp_path / "out.tmx"
    assert export_tmx(memory, out) == 1
    (unit,) = read_tmx(out)
    assert (unit.target, unit.creator) == ("The boy went to school.", "editor")


def test_malformed_tmx_is_a_document_error(tmp_path, memory):
    bad = _write(tmp_path, "bad.tmx", TRADOS[:700])
    with pytest.raises(DocumentError, match="not well-formed TMX"):
        import_tmx(memory, bad)


def test_entities_are_not_expanded(tmp_path):
    evil = _write(tmp_path, "evil.tmx", """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="ar"/><body>
<tu><tuv xml:lang="ar"><seg>قال &x; الوزير</seg></tuv><tuv xml:lang="en"><seg>said</seg></tuv></tu>
</body></tmx>""")
    units = list(read_tmx(evil))
    assert units and "root" not in units[0].source


def test_utf16_tmx_as_trados_often_writes_it(tmp_path, memory):
    path = tmp_path / "trados-utf16.tmx"
    path.write_bytes(TRADOS.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"))
    report = import_tmx(memory, path)
    assert (report.read, report.added, report.machine) == (2, 2, 1)


def test_cancelled_import_keeps_what_was_read(tmp_path, memory):
    units = "".join(f'<tu><tuv xml:lang="ar"><seg>قال الوزير إن الاجتماع رقم {i} انتهى.</seg></tuv>'
                    f'<tuv xml:lang="en"><seg>Meeting {i} ended.</seg></tuv></tu>' for i in range(3500))
    path = _write(tmp_path, "many.tmx", f'<tmx version="1.4"><header srclang="ar"/><body>{units}</body></tmx>')
    checks = []
    report = import_tmx(memory, path, cancel=lambda: checks.append(1) or len(checks) >= 2)
    assert report.read == 2000 and report.added == 2000 == memory.stats()["units"] and report.cancelled
    assert memory.exact("قال الوزير إن الاجتماع رقم 1999 انتهى.")
