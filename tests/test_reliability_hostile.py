"""Hostile files (issue 9): every one is refused with a ``DocumentError`` or read safely —
never a crash, never an entity expanded, never a script kept, never a file read past the cap.

The files are generated in ``tmp_path`` by tests/hostile/make.py.
"""

from __future__ import annotations

import builtins
import io
import os
import resource
import time
from pathlib import Path

import pytest
from hostile import make

from desk.documents import MAX_FILE_BYTES, read_document, read_html, read_text
from desk.errors import DocumentError


def _read(path):
    """(document or None, error message or None) — anything else propagates and fails the test."""
    try:
        return read_document(path), None
    except DocumentError as exc:
        return None, str(exc)


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- DOCX: zip bombs --------------------------------------------------------------------------


def test_zip_bomb_is_refused_without_inflating(tmp_path):
    path = make.zip_bomb_docx(tmp_path, inflated_mb=64)
    before = _maxrss_mb()
    started = time.monotonic()
    doc, err = _read(path)
    assert doc is None and "zip bomb" in err
    assert time.monotonic() - started < 5.0  # 0.3 s idle: only the central directory is read
    assert _maxrss_mb() - before < 32, "the bomb was inflated in memory"


def test_wide_zip_bomb_is_refused_by_the_uncompressed_size_cap(tmp_path):
    """260 parts of 900 KB zeros: each passes the ratio check, the total (234 MB) does not."""
    path = make.wide_zip_bomb_docx(tmp_path)
    assert path.stat().st_size < 2 * 1024 * 1024
    doc, err = _read(path)
    assert doc is None and "unpacks to more than 200 MB" in err


def test_zip_part_lying_about_its_size_is_not_read_past_its_claim(tmp_path):
    path = make.lying_zip_docx(tmp_path, real_mb=40, claimed=2000)
    before = _maxrss_mb()
    doc, err = _read(path)
    assert doc is None and "not a valid DOCX" in err
    assert _maxrss_mb() - before < 32


# -- DOCX: XML entities -----------------------------------------------------------------------

PARSED_PARTS = ["word/document.xml", "word/styles.xml", "docProps/core.xml", "word/footnotes.xml"]
ATTACKS = ["laughs", "file", "http", "param"]


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("part", PARSED_PARTS)
def test_dtd_and_entities_in_parsed_parts_are_refused(tmp_path, part, attack):
    doc, err = _read(make.entity_docx(tmp_path, part, attack))
    assert doc is None
    assert "declares a DTD or entities" in err and part in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_entities_hidden_in_wide_encodings_are_refused(tmp_path, encoding):
    doc, err = _read(make.entity_docx(tmp_path, "word/document.xml", "laughs", encoding=encoding))
    assert doc is None and "DTD" in err


@pytest.mark.parametrize("attack", ATTACKS)
def test_entities_in_content_types_are_never_expanded(tmp_path, attack):
    """[Content_Types].xml is not parsed by the reader at all: the attack is inert."""
    started = time.monotonic()
    doc, err = _read(make.entity_docx(tmp_path, "[Content_Types].xml", attack))
    assert time.monotonic() - started < 2.0
    if doc is not None:
        assert doc.text == "A harmless visible sentence."
        assert make.PASSWD_MARK not in doc.text and "lol" not in doc.text


def test_docx_parser_never_resolves_entities_even_when_called_directly():
    """Defence in depth: the lxml parser the DOCX and HTML readers share expands nothing."""
    from lxml import etree

    from desk.documents.docx_reader import xml_parser

    xml = make.document_xml(["x"], prolog=make.external_entity_prolog("file:///etc/passwd"),
                            body_extra="<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>")
    root = etree.fromstring(xml.encode(), xml_parser())
    assert make.PASSWD_MARK not in etree.tostring(root, encoding="unicode", method="text")
    laughs = make.document_xml(["x"], prolog=make.billion_laughs_prolog(),
                               body_extra="<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>")
    try:  # libxml2 either keeps the reference unexpanded or stops at its amplification limit
        root = etree.fromstring(laughs.encode(), xml_parser())
    except etree.XMLSyntaxError as exc:
        assert "amplification" in str(exc)
    else:
        assert len(etree.tostring(root)) < 10_000


# -- HTML -------------------------------------------------------------------------------------


def test_html_scripts_iframes_and_remote_resources_are_dropped(tmp_path):
    doc, err = _read(make.hostile_html(tmp_path))
    assert err is None
    assert make.SCRIPT_MARK not in doc.text and "fetch(" not in doc.text and "203.0.113.7" not in doc.text
    assert "قال المتحدث" in doc.text


def test_pasted_html_with_scripts_keeps_only_visible_text(tmp_path):
    html = make.hostile_html(tmp_path).read_text(encoding="utf-8")
    doc = read_html(html, name="paste")
    assert make.SCRIPT_MARK not in doc.text
    fragment = f"<p>نص</p><script>{make.SCRIPT_MARK}</script><iframe>{make.SCRIPT_MARK}</iframe>"
    assert make.SCRIPT_MARK not in read_html(fragment).text


@pytest.mark.parametrize("tag", ["div", "span", "blockquote", "li", "table"])
def test_100000_deep_nesting_is_a_typed_result_within_bounds(tmp_path, tag):
    html = make.deep_html(100_000, tag)
    path = tmp_path / "deep.html"
    path.write_text(html, encoding="utf-8")
    for call in (lambda: read_html(html), lambda: read_document(path)):
        started = time.monotonic()
        try:
            doc = call()
        except DocumentError:
            doc = None
        assert time.monotonic() - started < 30.0  # ~4 s on an idle machine for 100,000 sibling <li>
        if doc is not None:
            assert "<" + tag not in doc.text


# -- PDF --------------------------------------------------------------------------------------


@pytest.mark.parametrize("maker", [make.broken_xref_pdf, make.no_xref_pdf, make.count_lie_pdf,
                                   make.recursive_pages_pdf])
def test_damaged_pdfs_are_read_or_refused_quickly(tmp_path, maker):
    started = time.monotonic()
    doc, err = _read(maker(tmp_path))
    assert time.monotonic() - started < 5.0
    if doc is not None:
        assert doc.text == "Hello PDF world."
    else:
        assert "PDF" in err


def test_page_count_lie_of_a_billion_reads_the_one_real_page(tmp_path):
    doc, err = _read(make.count_lie_pdf(tmp_path, 10**9))
    assert err is None and doc.text == "Hello PDF world."


@pytest.mark.slow
def test_twenty_thousand_empty_pages_end_in_a_typed_error_within_bounds(tmp_path):
    path = make.many_pages_pdf(tmp_path, 20_000)
    before = _maxrss_mb()
    started = time.monotonic()
    doc, err = _read(path)
    elapsed = time.monotonic() - started
    assert doc is None and "20,000 pages, more than the 2,000" in err  # issue 17: the page cap
    assert elapsed < 60, f"20,000 empty pages took {elapsed:.1f}s"
    assert _maxrss_mb() - before < 400


# -- size cap: refused before reading ---------------------------------------------------------


@pytest.fixture
def opened(monkeypatch):
    """Paths passed to open()/io.open()/os.open() during the test."""
    seen: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, *args, **kwargs):
        seen.append(os.fspath(file) if isinstance(file, (str, bytes, os.PathLike)) else repr(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(file, *args, **kwargs):
        seen.append(os.fspath(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    return seen


@pytest.mark.parametrize("ext", [".txt", ".md", ".docx", ".html", ".pdf"])
def test_ten_gigabyte_file_is_refused_before_it_is_opened(tmp_path, opened, ext):
    path = make.sparse_file(tmp_path, f"huge{ext}", 10 * 1024**3)
    opened.clear()
    started = time.monotonic()
    doc, err = _read(path)
    assert doc is None and "larger than the 50 MB limit" in err
    assert time.monotonic() - started < 1.0
    assert str(path) not in opened, "the oversized file was opened"


def test_just_over_the_cap_is_refused_and_at_the_cap_is_not(tmp_path, opened):
    over = make.sparse_file(tmp_path, "over.txt", MAX_FILE_BYTES + 1)
    at = make.sparse_file(tmp_path, "at.txt", MAX_FILE_BYTES)
    opened.clear()
    assert "limit" in _read(over)[1]
    assert str(over) not in opened
    doc, err = _read(at)  # 50 MB of NULs: read, then refused for what it is, not for its size
    assert doc is None and "limit" not in err


# -- bytes and characters ---------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".txt", ".md", ".html"])
def test_nul_bytes_are_a_typed_error_or_dropped(tmp_path, ext):
    path = tmp_path / f"nul{ext}"
    path.write_bytes(make.nul_bytes())
    doc, err = _read(path)
    assert doc is not None or err
    if doc is not None:
        assert "\x00" not in doc.text


@pytest.mark.parametrize("ext", [".txt", ".md", ".html"])
def test_invalid_utf8_is_a_typed_error_or_decoded_without_crash(tmp_path, ext):
    path = tmp_path / f"bad{ext}"
    path.write_bytes(make.invalid_utf8())
    doc, err = _read(path)
    if doc is not None:
        assert doc.text and "\x00" not in doc.text
    else:
        assert err


def test_nul_in_pasted_text_is_a_typed_error():
    with pytest.raises(DocumentError):
        read_text("abc\x00def")


@pytest.mark.parametrize("reader", ["txt", "md", "html", "paste", "paste_html", "docx"])
def test_bidi_controls_never_reach_the_document(tmp_path, reader):
    text = make.with_bidi("قال المتحدث إن الاجتماع سيعقد غدا. The meeting is tomorrow.")
    if reader == "paste":
        doc = read_text(text)
    elif reader == "paste_html":
        doc = read_html(f"<p>{text}</p>")
    elif reader == "docx":
        doc = read_document(make.valid_docx(tmp_path, [text]))
    else:
        path = tmp_path / f"bidi.{reader}"
        content = f"<html><body><p>{text}</p></body></html>" if reader == "html" else text
        path.write_text(content, encoding="utf-8")
        doc = read_document(path)
    assert not any(c in doc.text for c in make.BIDI_CHARS)
    assert not any(c in s.text for s in doc.sentences() for c in make.BIDI_CHARS)
    assert not any(c in doc.title for c in make.BIDI_CHARS)


@pytest.mark.parametrize("kind", ["dots", "stops", "spaced_dots", "word", "abbrev", "newlines", "mixed"])
def test_pathological_text_segments_in_linear_time(kind):
    text = make.pathological_text(kind, 200_000)
    started = time.monotonic()
    try:
        doc = read_text(text)
        doc.sentences()
    except DocumentError:
        pass
    assert time.monotonic() - started < 5.0


def test_hostile_generators_produce_small_files(tmp_path):
    """The generated hostile files stay small on disk (they are cheap to build in CI)."""
    assert make.zip_bomb_docx(tmp_path, 64).stat().st_size < 1024 * 1024
    assert make.sparse_file(tmp_path, "s.txt", 10 * 1024**3).stat().st_blocks == 0
    assert Path(make.valid_docx(tmp_path, ["x"])).stat().st_size < 4096


@pytest.mark.parametrize("depth", [300, 5000])
def test_text_after_deep_nesting_is_never_dropped_silently(tmp_path, depth):
    """libxml2 stops building the tree at 256 levels; what follows must not vanish without a word:
    either every paragraph is read, or the file is refused with a DocumentError."""
    html = ("<html><body><p>الفقرة الأولى.</p>" + "<div>" * depth + "نص عميق." + "</div>" * depth
            + "<p>الفقرة الأخيرة.</p></body></html>")
    path = tmp_path / "deep.html"
    path.write_text(html, encoding="utf-8")
    for call in (lambda: read_html(html), lambda: read_document(path)):
        try:
            doc = call()
        except DocumentError as exc:
            assert "contains no text" not in str(exc)
            continue
        assert "الفقرة الأخيرة." in doc.text and "نص عميق." in doc.text


# -- active content ---------------------------------------------------------------------------


def test_docx_macros_and_external_relationships_are_inert(tmp_path):
    doc, err = _read(make.active_docx(tmp_path))
    assert err is None and doc.text == "Macros must never run."
    assert make.PASSWD_MARK not in doc.text


def test_pdf_launch_and_javascript_actions_are_inert(tmp_path):
    marker = Path("/tmp") / make.LAUNCH_MARK
    marker.unlink(missing_ok=True)
    doc, err = _read(make.active_pdf(tmp_path))
    assert err is None and doc.text == "Actions must never run."
    assert not marker.exists()
