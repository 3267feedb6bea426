"""Property-based fuzzing of every document reader (issue 9).

Any bytes written with any supported extension, and any pasted text or HTML, give a
``Document`` or a ``DocumentError`` — never another exception — within a time bound
(hypothesis ``deadline``) and a memory bound (peak RSS growth over the whole test).
Structured fuzzing mutates valid DOCX packages (flipped bytes, truncation, dropped or
swapped parts) and valid PDFs. The longer run is tests/fuzz/fuzz_readers.py.
"""

from __future__ import annotations

import io
import random
import resource
import tempfile
import warnings
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hostile import make
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.documents import Document, read_document, read_html, read_text
from desk.errors import DocumentError

EXAMPLES = 120
READER_SETTINGS = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=5), database=None,
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MEMORY_GROWTH_MB = 512  # a runaway allocation is GBs; the first test of a run also pays for imports

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى"
TEXTY = st.text(alphabet=st.sampled_from(list(ARABIC + " .،؟!\n\t\r<>/&;#\"'=-*|>`[]()0123456789abcXYZ"
                                                "\u202e\u2066\u200f\x00\ufeff\u0640\u064b")), max_size=600)
HTML_TOKENS = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<h1>", "</h1>", "<table><tr><td>", "</td></tr></table>", "<td>", "<tr>",
    "<ul><li>", "</li></ul>", "<li>", "<blockquote>", "</blockquote>", "<br>", "<script>x=1</script>", "<script>",
    "<style>p{}</style>", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<html>", "<body>", "</body>",
    "<meta charset='utf-16'>", "<meta charset=\"x-unknown\">", "<iframe src='http://203.0.113.7/'>", "<svg>",
    "&amp;", "&#0;", "&#x202e;", "&nbsp;", "&unknown;", "<!ENTITY x 'y'>", "<?xml version='1.0'?>", "<title>",
    "</title>", "<pre>", "<article>", "<main>", "<head>", "<nav>", "<a href='javascript:alert(1)'>", "<img src=x>",
    "قال المتحدث", "إن الاجتماع", "سيعقد غدا.", " ", "\n", "text.", "<", ">", "\x00", "\u202e",
])
HTML = st.lists(HTML_TOKENS, max_size=80).map("".join)


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(autouse=True)
def _memory_bound():
    before = _maxrss_mb()
    yield
    grown = _maxrss_mb() - before
    assert grown < MEMORY_GROWTH_MB, f"peak RSS grew by {grown:.0f} MB while fuzzing"


def _check(result) -> None:
    """A reader's result must honour the Document contract."""
    assert isinstance(result, Document)
    assert result.blocks
    for block in result.blocks:
        assert block.text and block.text == block.text.strip() and "\n\n" not in block.text
    sentences = result.sentences()
    assert {s.paragraph for s in sentences} <= set(range(len(result.blocks)))


def _read_bytes(data: bytes, ext: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{ext}"
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # as in the app: a library warning is not a failure
            try:
                result = read_document(path)
            except DocumentError as exc:
                assert str(exc).startswith("Cannot open fuzz")
                return
        _check(result)


def _read_call(fn, *args) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = fn(*args)
        except DocumentError as exc:
            assert str(exc)
            return
    _check(result)


# -- unstructured: any bytes under every extension --------------------------------------------

ANY_BYTES = st.one_of(
    st.binary(max_size=4096),
    TEXTY.map(lambda t: t.encode("utf-8")),
    TEXTY.map(lambda t: t.encode("utf-16")),
    TEXTY.map(lambda t: t.encode("cp1256", errors="ignore")),
    HTML.map(lambda t: t.encode("utf-8")),
)


@pytest.mark.parametrize("ext", [".txt", ".md", ".docx", ".html", ".pdf"])
@READER_SETTINGS
@given(data=ANY_BYTES)
def test_any_bytes_under_any_extension(ext, data):
    _read_bytes(data, ext)


@READER_SETTINGS
@given(text=TEXTY, name=st.none() | st.text(max_size=20))
def test_read_text_any_text(text, name):
    _read_call(read_text, text, name)


@READER_SETTINGS
@given(text=st.text(max_size=400))
def test_read_text_any_unicode(text):
    _read_call(read_text, text)


@READER_SETTINGS
@given(html=HTML)
def test_read_html_any_markup(html):
    _read_call(read_html, html)


@READER_SETTINGS
@given(html=st.text(max_size=400))
def test_read_html_any_unicode(html):
    _read_call(read_html, html)


# -- structured: mutated DOCX packages and PDFs -----------------------------------------------

PARAGRAPHS = ["عنوان الخبر", "قال المتحدث إن الاجتماع سيعقد غدا. وأضاف أن الوفود ستصل.", "Second & <last> one."]
VALID_PARTS = make.docx_parts(PARAGRAPHS)
VALID_DOCX = make.docx_bytes(PARAGRAPHS)
VALID_PDF = make.pdf_bytes()


def _zip(parts: dict[str, bytes], compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_structured_seeds_are_valid():
    """The seeds read cleanly, so the mutations start from a real document."""
    with tempfile.TemporaryDirectory() as folder:
        p = Path(folder) / "ok.docx"
        p.write_bytes(VALID_DOCX)
        assert read_document(p).text.startswith("عنوان الخبر")
        p = Path(folder) / "ok.pdf"
        p.write_bytes(VALID_PDF)
        assert read_document(p).text == "Hello PDF world."


@READER_SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_docx_zip_bytes(seed):
    _read_bytes(make.mutate(VALID_DOCX, random.Random(seed)), ".docx")


@READER_SETTINGS
@given(seed=st.integers(0, 2**32 - 1), stored=st.booleans())
def test_mutated_docx_parts(seed, stored):
    parts = make.mutate_docx_parts(VALID_PARTS, random.Random(seed))
    _read_bytes(_zip(parts, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED), ".docx")


@READER_SETTINGS
@given(cut=st.integers(0, len(VALID_DOCX)))
def test_truncated_docx(cut):
    _read_bytes(VALID_DOCX[:cut], ".docx")


@READER_SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_pdf(seed):
    _read_bytes(make.mutate(VALID_PDF, random.Random(seed)), ".pdf")


@READER_SETTINGS
@given(cut=st.integers(0, len(VALID_PDF)))
def test_truncated_pdf(cut):
    _read_bytes(VALID_PDF[:cut], ".pdf")


@READER_SETTINGS
@given(xml=st.binary(max_size=800) | TEXTY.map(str.encode) | HTML.map(str.encode),
       part=st.sampled_from(["word/document.xml", "word/styles.xml", "docProps/core.xml", "word/footnotes.xml"]))
def test_docx_with_arbitrary_part_content(xml, part):
    parts = dict(VALID_PARTS)
    parts[part] = xml
    _read_bytes(_zip(parts, zipfile.ZIP_DEFLATED), ".docx")
