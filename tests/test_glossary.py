"""Glossary: Arabic term matching with clitics, suffixes and variants; English inflection; import; storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.errors import DocumentError
from desk.glossary import GlossaryStore, Term, TermMatcher, check_sentence, english_has, read_glossary

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
TERMS = [
    Term("وزارة الخارجية", "Ministry of Foreign Affairs; Foreign Ministry"),
    Term("الحكومة", "government"),
    Term("قرار", "resolution"),
    Term("دولة", "state"),
    Term("الأمم المتحدة", "United Nations"),
    Term("مصر", "Egypt"),
    Term("مجلس الأمن", "Security Council"),
]


@pytest.fixture(scope="module")
def matcher():
    return TermMatcher(TERMS)


def _found(matcher, sentence):
    return [(m.text, m.expected) for m in matcher.find(sentence)]


@pytest.mark.parametrize("sentence, text, expected", [
    ("أكدت وزارة الخارجية الموقف.", "وزارة الخارجية", "Ministry of Foreign Affairs"),
    ("وأكدت وزارةُ الخارجيةِ الموقف.", "وزارةُ الخارجيةِ", "Ministry of Foreign Affairs"),   # diacritics
    ("وقالت بوزارة الخارجية مصادر.", "بوزارة الخارجية", "Ministry of Foreign Affairs"),     # و/ب clitic
    ("وللحكومة دور كبير.", "وللحكومة", "government"),                                       # و+لل
    ("قال إن حكومتها ستستقيل.", "حكومتها", "government"),                                   # ة→ت + suffix, no article
    ("أصدر المجلس قرارًا جديدا.", "قرارًا", "resolution"),                                    # tanween
    ("رحب بقرارات المجلس.", "بقرارات", "resolution"),                                       # plural
    ("دعا للأمم المتحدة بالتدخل.", "للأمم المتحدة", "United Nations"),                      # multi-word + لل
    ("عاد إلى مصر وبمصر.", "وبمصر", "Egypt"),
    ("اجتمع مجلس الامن اليوم.", "مجلس الامن", "Security Council"),                          # bare alef
    ("تتعاون الدولتان.", "الدولتان", "state"),                                             # dual
])
def test_term_matches(matcher, sentence, text, expected):
    found = _found(matcher, sentence)
    assert (text, expected) in found, found


@pytest.mark.parametrize("sentence", [
    "هذا يضمن الاستقرار في المنطقة.",   # قرار inside استقرار
    "شارك في المؤتمر الدولي.",          # دولة vs دولي
    "نظرت اللجنة الدولية في القضية.",    # دولة vs الدولية
    "تحدث المصري عن الوضع.",            # مصر vs المصري (nisba adjective)
    "زار وزارة الداخلية.",               # the first word alone is not the term
    "الحكوميون غاضبون.",                # الحكومة vs الحكوميون
])
def test_term_inside_another_word_does_not_match(matcher, sentence):
    assert _found(matcher, sentence) == []


def test_spans_point_into_the_original_sentence(matcher):
    sentence = "قالت وزارةُ الخارجية إن مصر ترحب."
    spans = [m.span for m in matcher.find(sentence)]
    assert [sentence[a:b] for a, b in spans] == ["وزارةُ الخارجية", "مصر"]


def test_longest_term_wins_an_overlap():
    matcher = TermMatcher([Term("مجلس", "council"), Term("مجلس الأمن", "Security Council")])
    assert [m.expected for m in matcher.find("اجتمع مجلس الأمن.")] == ["Security Council"]


@pytest.mark.parametrize("english, ok", [
    ("The government resigned.", True),
    ("The governments resigned.", True),
    ("The government's plan.", True),
    ("The governments' plans.", True),
    ("Government-backed plans.", True),
    ("The cabinet resigned.", False),
    ("Misgovernment everywhere.", False),
])
def test_english_tolerates_inflection_but_not_other_words(english, ok):
    assert (english_has(english, "government") is not None) is ok


def test_english_alternatives_and_irregular_plurals():
    term = Term("وزارة الخارجية", "Ministry of Foreign Affairs; Foreign Ministry")
    assert english_has("the Foreign Ministry's statement", term) == (4, 22)
    assert english_has("two policies", "policy") and english_has("the taxes", "tax")
    assert english_has("The foreign minister", term) is None


def test_check_sentence_pairs_terms_with_their_english(matcher):
    checks = check_sentence("أكدت الحكومة قرار مجلس الأمن.", "The government confirmed the council decision.", matcher)
    assert [(m.expected, ok) for m, ok in checks] == [("government", True), ("resolution", False),
                                                     ("Security Council", False)]


def test_read_csv_with_header_and_tsv_without(tmp_path):
    csv_terms = read_glossary(FIXTURES / "news.csv")
    assert [(t.ar, t.en, t.note) for t in csv_terms] == [("الحكومة", "government", ""),
                                                        ("قرار", "resolution", "UN sense"), ("دولة", "state", "")]
    assert csv_terms[0].glossary == "news"
    tsv = read_glossary(FIXTURES / "news.tsv", glossary="desk")
    assert [(t.ar, t.en, t.note, t.glossary) for t in tsv] == [
        ("مصر", "Egypt", "", "desk"), ("وزير الخارجية", "foreign minister", "lower case in running text", "desk")]
    semi = tmp_path / "semi.csv"
    semi.write_text("ar;en\nمصر;Egypt\n", encoding="utf-8")
    assert [(t.ar, t.en) for t in read_glossary(semi)] == [("مصر", "Egypt")]


def test_read_excel_unicode_text_export(tmp_path):
    excel = tmp_path / "from-excel.txt"
    excel.write_bytes("Arabic\tEnglish\r\nمجلس الأمن\tSecurity Council\r\n".encode("utf-16"))
    assert [(t.ar, t.en) for t in read_glossary(excel)] == [("مجلس الأمن", "Security Council")]


def test_read_windows_1256_csv_from_excel(tmp_path):
    """Excel on an Arabic Windows saves "CSV" in the ANSI code page, Windows-1256."""
    excel = tmp_path / "ansi.csv"
    rows = "Arabic,English,Note\r\nمجلس الأمن,Security Council,UN organ\r\nوزارة الخارجية,Foreign Ministry,\r\n"
    excel.write_bytes(rows.encode("cp1256"))
    assert [(t.ar, t.en, t.note) for t in read_glossary(excel)] == [
        ("مجلس الأمن", "Security Council", "UN organ"), ("وزارة الخارجية", "Foreign Ministry", "")]
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"\x01\x02\x03\x04" * 64)
    with pytest.raises(DocumentError, match="binary data"):
        read_glossary(binary)


def test_read_tbx_basic_v2_and_v3():
    terms = read_glossary(FIXTURES / "news.tbx")
    assert [(t.ar, t.en) for t in terms] == [("مجلس الأمن", "Security Council"),
                                             ("وزارة الخارجية", "Ministry of Foreign Affairs; Foreign Ministry")]
    assert terms[0].note.startswith("The UN organ")
    assert [(t.ar, t.en) for t in read_glossary(FIXTURES / "news-v3.tbx")] == [("الأمم المتحدة", "United Nations")]


def test_bad_glossary_files_are_document_errors(tmp_path):
    broken = tmp_path / "broken.tbx"
    broken.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    with pytest.raises(DocumentError, match="not well-formed TBX"):
        read_glossary(broken)
    latin1 = tmp_path / "old.tsv"
    latin1.write_bytes("caf\xe9\tx\n".encode("latin-1"))
    with pytest.raises(DocumentError, match="not UTF-8 or UTF-16"):
        read_glossary(latin1)


def test_store_keeps_several_glossaries_global_and_per_project(tmp_path):
    with GlossaryStore(tmp_path / "g.sqlite") as store:
        store.add(read_glossary(FIXTURES / "news.csv"), glossary="news")
        store.add([Term("الحكومة", "administration")], glossary="client", project="us-desk")
        store.add(read_glossary(FIXTURES / "news.tbx"), glossary="un")
        assert store.glossaries() == [("news", "", 3), ("un", "", 2), ("client", "us-desk", 1)]
        assert {t.en for t in store.terms() if t.ar == "الحكومة"} == {"government"}
        assert {t.en for t in store.terms("us-desk") if t.ar == "الحكومة"} == {"administration"}
        matcher = store.matcher()
        assert [m.expected for m in matcher.find("قرار مجلس الأمن")] == ["resolution", "Security Council"]
        assert store.remove("news") == 3
        assert all(t.glossary != "news" for t in store.terms())
