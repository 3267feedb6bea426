"""The pieces of ``--layout same``: run mapping, the sentence lookup, direction rules, HTML."""

from __future__ import annotations

import pytest
from layout_docs import BILL, CABINET, CAIRO, CRISIS, HEADLINE, LUXOR, NATO, OIL, PALACE, RAIN, RESHUFFLE, WHO
from lxml import etree

from desk.errors import Cancelled
from desk.export.direction import Fonts, paragraph_ltr, run_ltr, styles_ltr
from desk.export.runmap import Piece, split_units, translate_units
from desk.export.same_layout import write_same_layout
from desk.export.sentence_lookup import SentenceLookup, engine_texts, lookup_over
from desk.results import SentenceTranslation

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ENGLISH = dict((CABINET, RESHUFFLE, CAIRO, PALACE, HEADLINE, BILL, NATO, OIL, LUXOR, CRISIS, RAIN, WHO))
PHRASES = {"القاهرة": "Cairo", "قصر الرئاسة": "the presidential palace", "الأسبوعي": "Wednesday"}


def _dictionary(texts: list[str]) -> list[str]:
    return [ENGLISH.get(t) or PHRASES.get(t, "?") for t in texts]


def _pieces(*specs):
    """(text, style, link, weak) tuples → pieces that record what was written into them."""
    out = []
    for spec in specs:
        if spec is None:
            out.append(None)
            continue
        text, style, link, weak = (*spec, None, None, False)[:4]
        out.append(Piece(text, style, link, weak))
    return out


def _run(pieces) -> list[str | None]:
    translate_units(split_units(pieces), _dictionary)
    return [None if p is None else p.text for p in pieces]


# --- run mapping ---------------------------------------------------------------------------
def test_sentence_aligned_runs_keep_their_own_formatting():
    pieces = _pieces((CABINET[0] + " ", "bold"), (RESHUFFLE[0], "plain"))
    assert _run(pieces) == [CABINET[1], " " + RESHUFFLE[1]]


def test_a_word_in_another_format_gives_the_sentence_its_dominant_formatting():
    pieces = _pieces(("وصل وزير الخارجية إلى ", "plain"), ("القاهرة", "italic"),
                     (" في زيارة رسمية تستغرق يومين.", "plain"))
    assert _run(pieces) == [CAIRO[1], "", ""]


def test_a_link_inside_a_sentence_carries_the_whole_sentence():
    link = object()
    pieces = _pieces(("التقى الرئيس بالسفير الفرنسي في ", "plain"), ("قصر الرئاسة", "plain", link), (".", "plain"))
    assert _run(pieces) == ["", PALACE[1], ""]


def test_a_label_and_its_text_are_translated_apart():
    pieces = _pieces((HEADLINE[0] + ":", "bold"), (" " + BILL[0], "plain"))
    assert _run(pieces) == [HEADLINE[1] + ":", " " + BILL[1]]


def test_tabs_and_breaks_separate_units_and_non_arabic_units_are_untouched():
    pieces = _pieces((OIL[0], "a"), None, ("2024", "a"), None, ("  " + LUXOR[0] + " ", "b"))
    assert _run(pieces) == [OIL[1], None, "2024", None, "  " + LUXOR[1] + " "]


def test_field_results_are_carriers_only_when_nothing_else_is_there():
    pieces = _pieces(("عقد مجلس الوزراء اجتماعه الأسبوعي صباح", "x", None, True),
                     (" اليوم في العاصمة.", "y"))
    assert _run(pieces) == ["", CABINET[1]]
    only_field = _pieces((NATO[0], "x", None, True))
    assert _run(only_field) == [NATO[1]]


def test_translate_texts_gets_each_sentence_once_without_a_label_colon():
    seen = []

    def record(texts):
        seen.append(list(texts))
        return _dictionary(texts)

    units = split_units(_pieces((HEADLINE[0] + ":", "b"), (" " + BILL[0], "p"), None, (BILL[0], "p")))
    assert translate_units(units, record) == 2
    assert seen == [[HEADLINE[0], BILL[0]]]


def test_a_wrong_number_of_translations_is_an_error():
    units = split_units(_pieces((BILL[0], "p")))
    with pytest.raises(ValueError):
        translate_units(units, lambda texts: [])


class _Split(Piece):
    """A piece that records the segments it is asked to write."""

    def __init__(self, text, style=None, link=None):
        super().__init__(text, style, link)
        self.segments = None
        self.split = lambda segments: setattr(self, "segments", [(t, p.style) for t, p in segments])


def test_a_formatted_name_found_in_the_english_keeps_its_formatting():
    pieces = [_Split("وصل وزير الخارجية إلى ", "plain"), _Split("القاهرة", "italic"),
              _Split(" في زيارة رسمية تستغرق يومين.", "plain")]
    translate_units(split_units(pieces), _dictionary)
    assert pieces[0].segments == [("The foreign minister arrived in ", "plain"), ("Cairo", "italic"),
                                  (" on an official two-day visit.", "plain")]
    assert pieces[1].text == pieces[2].text == ""


def test_a_link_found_in_the_english_stays_a_link_around_its_words_only():
    link = object()
    pieces = [_Split("التقى الرئيس بالسفير الفرنسي في ", "plain"), _Split("قصر الرئاسة", "plain", link),
              _Split(".", "plain")]
    translate_units(split_units(pieces), _dictionary)
    assert pieces[0].segments == [("The president met the French ambassador at ", "plain"),
                                  ("the presidential palace", "plain"), (".", "plain")]


def test_latin_and_digits_are_found_verbatim_and_a_phrase_not_found_loses_its_formatting():
    pieces = [_Split("دعا حلف ", "plain"), _Split("NATO", "bold"),
              _Split(" إلى ضبط النفس على الحدود الشرقية.", "plain")]
    translate_units(split_units(pieces), _dictionary)
    assert pieces[0].segments == [("NATO", "bold"), (" called for restraint on the eastern border.", "plain")]
    missing = [_Split("عقد مجلس الوزراء اجتماعه ", "plain"), _Split("الأسبوعي", "bold"),
               _Split(" صباح اليوم في العاصمة.", "plain")]
    translate_units(split_units(missing), _dictionary)  # "Wednesday" is not in the sentence's English
    assert missing[0].segments is None and missing[0].text == CABINET[1]


# --- sentence lookup -------------------------------------------------------------------------
def _st(i, source, target):
    return SentenceTranslation(paragraph=0, index=i, span=(0, len(source)), source=source, target=target)


def test_lookup_uses_the_edited_english_and_falls_back_for_the_rest():
    calls = []

    def fallback(texts):
        calls.append(texts)
        return [f"engine: {t}" for t in texts]

    lookup = SentenceLookup([_st(0, BILL[0], "first pass"), _st(1, BILL[0], "Edited by the translator."),
                             _st(2, NATO[0], NATO[1])], fallback)
    # the key is the normalised source: extra spaces and a tatweel do not matter
    assert lookup([BILL[0].replace(" ", "  "), "ناقـش", NATO[0]]) == \
        ["Edited by the translator.", "engine: ناقـش", NATO[1]]
    assert calls == [["ناقـش"]]
    assert (lookup.found, lookup.missing) == (2, 0)


def test_lookup_without_fallback_keeps_the_arabic_and_counts_it():
    lookup = SentenceLookup([_st(0, NATO[0], NATO[1])])
    assert lookup([NATO[0], BILL[0]]) == [NATO[1], BILL[0]]
    assert lookup.missing == 1


def test_project_style_export_through_the_lookup(tmp_path, tiny_translator):
    """What a project export does: edited sentences first, the engine for the rest."""
    from layout_docs import build_python_docx

    source = build_python_docx(tmp_path / "r.docx")
    edited = [_st(0, OIL[0], "Oil prices climb by 3%")]
    lookup = lookup_over(edited, tiny_translator, beam_size=1)
    write_same_layout(source, tmp_path / "r.en.docx", lookup)
    from test_layout_same import _parts, _texts, _xml

    body = _texts(_xml(_parts(tmp_path / "r.en.docx"), "word/document.xml"))
    assert body[:2] == ["Oil prices climb by 3%", f"{CABINET[1]} {RESHUFFLE[1]}"]
    assert lookup.found == 1


def test_engine_texts_joins_the_sentences_of_one_text(tiny_translator):
    translate = engine_texts(tiny_translator, beam_size=1)
    assert translate([f"{CABINET[0]} {RESHUFFLE[0]}", NATO[0]]) == [f"{CABINET[1]} {RESHUFFLE[1]}", NATO[1]]


# --- direction rules ------------------------------------------------------------------------
def _el(xml: str):
    return etree.fromstring(f'<w:root xmlns:w="{W}">{xml}</w:root>')[0]


def _names(el) -> list[str]:
    return [etree.QName(c).localname for c in el]


def test_rtl_run_gets_its_complex_script_bold_and_size_and_a_latin_font():
    rpr = _el('<w:rPr><w:rFonts w:ascii="Simplified Arabic" w:hAnsi="Simplified Arabic" w:cs="Simplified Arabic" '
              'w:hint="cs"/><w:bCs/><w:szCs w:val="28"/><w:rtl/><w:lang w:val="ar-SA" w:bidi="ar-SA"/></w:rPr>')
    run_ltr(rpr, Fonts("Calibri"))
    assert _names(rpr) == ["rFonts", "b", "bCs", "sz", "szCs", "lang"]
    fonts = rpr[0]
    assert (fonts.get(f"{{{W}}}ascii"), fonts.get(f"{{{W}}}hAnsi"), fonts.get(f"{{{W}}}hint")) == \
        ("Calibri", "Calibri", None)
    assert rpr.find(f"{{{W}}}sz").get(f"{{{W}}}val") == "28"
    assert rpr.find(f"{{{W}}}lang").get(f"{{{W}}}val") == "en-US"


def test_ltr_run_is_left_alone():
    xml = '<w:rPr><w:rFonts w:ascii="Georgia"/><w:i/><w:sz w:val="20"/><w:lang w:val="fr-FR"/></w:rPr>'
    rpr = _el(xml)
    run_ltr(rpr, Fonts("Calibri"))
    assert etree.tostring(rpr) == etree.tostring(_el(xml))


def test_paragraph_loses_bidi_but_keeps_its_logical_alignment():
    ppr = _el('<w:pPr><w:bidi/><w:jc w:val="left"/></w:pPr>')
    assert paragraph_ltr(ppr)
    assert _names(ppr) == ["jc"]
    assert not paragraph_ltr(_el('<w:pPr><w:jc w:val="right"/></w:pPr>'))


def test_styles_turn_ltr_and_arabic_language_becomes_english():
    styles = _el('<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rtl/><w:lang w:val="ar-SA"/></w:rPr>'
                 '</w:rPrDefault><w:pPrDefault><w:pPr><w:bidi/></w:pPr></w:pPrDefault></w:docDefaults>'
                 '<w:style w:styleId="T"><w:tblPr><w:bidiVisual/></w:tblPr></w:style></w:styles>')
    styles_ltr(styles, Fonts(None))
    assert not styles.xpath("//w:rtl|//w:bidi|//w:bidiVisual", namespaces={"w": W})
    assert styles.xpath("//w:lang/@w:val", namespaces={"w": W}) == ["en-US"]


def test_fonts_from_parts_reads_the_latin_font_and_arabic_charset():
    styles = _el('<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif"/></w:rPr>'
                 '</w:rPrDefault></w:docDefaults></w:styles>')
    table = _el('<w:fonts><w:font w:name="Mudir"><w:charset w:val="B2"/></w:font></w:fonts>')
    fonts = Fonts.from_parts(styles, table, None)
    assert fonts.latin == "Liberation Serif"
    assert fonts.is_arabic("Mudir") and fonts.is_arabic("Traditional Arabic") and not fonts.is_arabic("Georgia")


# --- HTML ------------------------------------------------------------------------------------
PAGE = f"""<!DOCTYPE html>
<html dir="rtl" lang="ar"><head><meta charset="windows-1256"><title>{HEADLINE[0]}</title>
<meta name="description" content="{LUXOR[0]}">
<style>body {{ direction: rtl; text-align: right; }} .k {{ text-align: right; }}</style>
<script>var s = "{NATO[0]}";</script></head>
<body><h1 class="t">{HEADLINE[0]}</h1>
<p><b>{CABINET[0]}</b> {RESHUFFLE[0]}</p>
<p style="direction:rtl;text-align:right">التقى الرئيس بالسفير الفرنسي في
<a href="https://example.org/p">قصر الرئاسة</a>.</p>
<ul><li>{NATO[0]}<br>{RAIN[0]}</li></ul>
<table><tr><td colspan="2" align="right">{WHO[0]}</td></tr><tr><td style="text-align:left">2024</td>
<td>{CRISIS[0]}</td></tr></table>
<img src="a.png" alt="{LUXOR[0]}"><!-- a comment -->
<p lang="en" dir="ltr" class="k" align="right">Already English.</p></body></html>
"""


def test_html_page_keeps_its_markup_and_turns_ltr(tmp_path, tiny_translator):
    import lxml.html

    source = tmp_path / "page.html"
    source.write_bytes(PAGE.encode("cp1256"))  # declared in its meta charset
    out = tmp_path / "page.en.htm"
    result = write_same_layout(source, out, engine_texts(tiny_translator, beam_size=1))
    html = out.read_text(encoding="utf-8")
    root = lxml.html.fromstring(html)
    assert (root.get("dir"), root.get("lang")) == ("ltr", "en")
    assert root.findtext(".//title") == HEADLINE[1]
    assert root.xpath("//meta[@name='description']/@content") == [LUXOR[1]]
    assert root.xpath("//meta/@charset") == ["utf-8"]
    assert root.findtext(".//h1") == HEADLINE[1] and root.find(".//h1").get("class") == "t"
    first = root.xpath("//p")[0]
    assert first.findtext("b") == CABINET[1] and first.find("b").tail == " " + RESHUFFLE[1]
    link = root.xpath("//a")[0]
    assert (link.get("href"), link.text, link.tail) == ("https://example.org/p", PALACE[1], None)
    assert root.xpath("//p")[1].get("style") == "direction:ltr;text-align:left"
    item = root.xpath("//li")[0]
    assert item.text == NATO[1] and item.find("br").tail == RAIN[1]
    assert [td.text_content() for td in root.xpath("//td")] == [WHO[1], "2024", CRISIS[1]]
    assert root.xpath("//td/@colspan") == ["2"]
    # inside what was right-to-left, left and right alignment are mirrored
    assert root.xpath("//td/@align") == ["left"] and root.xpath("//td/@style") == ["text-align:right"]
    assert root.xpath("//img/@alt") == [LUXOR[1]]
    assert f'var s = "{NATO[0]}";' in html  # scripts are never touched
    assert "direction: ltr; text-align: left;" in html and ".k { text-align: right; }" in html
    assert "<!-- a comment -->" in html
    assert '<p lang="en" dir="ltr" class="k" align="right">Already English.</p>' in html
    assert result.sentences == 9


def test_html_page_is_decoded_like_the_reader_decodes_it(tmp_path):
    """A ``<meta charset>`` naming a codec that is no web encoding (unicode_escape) is ignored
    by the reader; the same-layout export used to decode the page with it."""
    import lxml.html

    from desk.documents import read_document

    source = tmp_path / "escape.html"
    source.write_bytes('<html><head><meta charset="unicode_escape"></head><body><p>ذهب الولد إلى المدرسة.</p>'
                       '<p>C:\\x41 \\u0042</p></body></html>'.encode())
    assert "C:\\x41 \\u0042" in read_document(source).text
    seen: list[str] = []

    def translate(texts: list[str]) -> list[str]:
        seen.extend(texts)
        return ["The boy went to school."] * len(texts)

    out = tmp_path / "escape.en.html"
    write_same_layout(source, out, translate)
    assert seen == ["ذهب الولد إلى المدرسة."]
    paragraphs = [p.text_content() for p in lxml.html.fromstring(out.read_text(encoding="utf-8")).xpath("//p")]
    assert paragraphs == ["The boy went to school.", "C:\\x41 \\u0042"]


def test_layout_bench_runs_on_a_small_report(tmp_path, monkeypatch):
    from bench import docx_open, layout_same

    monkeypatch.setattr(layout_same, "cached_docx", lambda pages: docx_open.build_docx(tmp_path / "r.docx", pages))
    figures = layout_same.measure(pages=2, repeat=1)
    assert figures["paragraphs"] >= 20 and figures["sentences"] > 0 and figures["best_s"] > 0


def test_html_inline_elements_move_onto_their_english_words(tmp_path):
    import lxml.html

    source = tmp_path / "p.html"
    source.write_text('<html dir="rtl"><body>'
                      '<p>وصل وزير الخارجية إلى <span class="x"><i>القاهرة</i></span> في زيارة رسمية تستغرق يومين.</p>'
                      '<p>التقى الرئيس بالسفير الفرنسي في <a href="https://e.org/p">قصر الرئاسة</a>.</p>'
                      '<p><b>دعا حلف <u>NATO</u> إلى ضبط النفس على الحدود الشرقية.</b></p></body></html>',
                      encoding="utf-8")
    write_same_layout(source, tmp_path / "p.en.html", _dictionary)
    html = (tmp_path / "p.en.html").read_text(encoding="utf-8")
    assert not html.startswith("<!DOCTYPE")  # none in the source, none invented
    body = lxml.html.fromstring(html).find("body")
    assert [lxml.html.tostring(p, encoding="unicode") for p in body] == [
        '<p>The foreign minister arrived in <span class="x"><i>Cairo</i></span> on an official two-day visit.</p>',
        '<p>The president met the French ambassador at <a href="https://e.org/p">the presidential palace</a>.</p>',
        "<p><b><u>NATO</u> called for restraint on the eastern border.</b></p>"]


def test_html_page_that_was_left_to_right_keeps_its_alignment(tmp_path):
    source = tmp_path / "ltr.html"
    source.write_text(f'<html><body><p align="right" style="text-align: right">{NATO[0]}</p></body></html>',
                      encoding="utf-8")
    write_same_layout(source, tmp_path / "ltr.en.html", _dictionary)
    html = (tmp_path / "ltr.en.html").read_text(encoding="utf-8")
    assert f'<p align="right" style="text-align: right">{NATO[1]}</p>' in html


def test_cancel_after_translating_writes_nothing(tmp_path):
    from layout_docs import build_python_docx

    source = build_python_docx(tmp_path / "r.docx")
    for out in (tmp_path / "r.en.docx",):
        with pytest.raises(Cancelled):
            write_same_layout(source, out, lambda texts: list(texts), cancel=lambda: True)
        assert not out.exists()
    page = tmp_path / "p.html"
    page.write_text(f"<p>{NATO[0]}</p>", encoding="utf-8")
    with pytest.raises(Cancelled):
        write_same_layout(page, tmp_path / "p.en.html", _dictionary, cancel=lambda: True)
    assert not (tmp_path / "p.en.html").exists()
