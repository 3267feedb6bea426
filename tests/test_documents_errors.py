"""Bad input: every failure is a DocumentError naming the file and the reason."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from desk.documents import MAX_FILE_BYTES, limits, read_document, read_html, read_text
from desk.errors import DocumentError

FIX = Path(__file__).resolve().parent / "fixtures" / "documents"


def error_for(path) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        read_document(path)
    err = info.value
    assert err.path == str(path)
    assert str(err).startswith(f"Cannot open {Path(path).name}: ")
    assert str(err).endswith(".") and "\n" not in str(err)
    return err


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "the file is empty."),
    ("binary.txt", "it is binary data, not text."),
    ("truncated.docx", "it is not a valid DOCX file (corrupt or truncated)."),
    ("truncated.pdf", "it is not a valid PDF file (corrupt or truncated)."),
    ("corrupt.pdf", "it is not a valid PDF file (corrupt or truncated)."),
    ("encrypted.pdf", "it is encrypted (password-protected); remove the protection and try again."),
    ("scanned.pdf", "it has no text layer (it is a scanned image); run it through OCR first."),
])
def test_bad_fixture_files(name, reason):
    assert error_for(FIX / name).reason == reason


def test_missing_file_folder_and_unsupported_extensions(tmp_path):
    assert error_for(tmp_path / "nope.txt").reason == "the file does not exist."
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    assert error_for(folder).reason == "it is a folder, not a file."
    for name in ("song.mp3", "README"):
        (tmp_path / name).write_bytes(b"x")
        assert "not supported" in error_for(tmp_path / name).reason
    (tmp_path / "old.doc").write_bytes(b"x")
    assert error_for(tmp_path / "old.doc").reason.startswith("old Word .doc files are not supported")


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: no disk used
        handle.truncate(MAX_FILE_BYTES + 1)
    assert error_for(big).reason == "it is larger than the 50 MB limit."


def test_size_cap_lives_in_one_place(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10)
    for name in ("a.txt", "a.docx", "a.pdf", "a.html"):
        (tmp_path / name).write_bytes(b"x" * 11)
        assert "larger than" in error_for(tmp_path / name).reason


def test_whitespace_only_and_nul_text(tmp_path):
    (tmp_path / "blank.txt").write_text(" \n\t\n \u200b\n")
    assert error_for(tmp_path / "blank.txt").reason == "it is empty (there is no text in it)."
    (tmp_path / "nul.txt").write_bytes("نص".encode() + b"\x00\x01\x02\x03" + b"\xff" * 9)
    assert error_for(tmp_path / "nul.txt").reason == "it is binary data, not text."
    with pytest.raises(DocumentError, match=r"^Cannot read the text: it is empty"):
        read_text("  \n ")
    with pytest.raises(DocumentError, match="binary"):
        read_text("a\x00b")
    with pytest.raises(DocumentError, match=r"^Cannot read the text: it is empty"):
        read_html("   ")
    with pytest.raises(DocumentError, match="no text"):
        read_html("<html><body><script>x()</script></body></html>")


def _docx_with(tmp_path, name: str, document_xml: bytes, extra: dict | None = None) -> Path:
    """A minimal DOCX package around ``document_xml``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", document_xml)
        for part, data in (extra or {}).items():
            z.writestr(part, data)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_minimal_docx_reads(tmp_path):
    xml = b'<w:document ' + W + b'><w:body><w:p><w:r><w:t>\xd9\x86\xd8\xb5</w:t></w:r></w:p></w:body></w:document>'
    assert read_document(_docx_with(tmp_path, "ok.docx", xml)).text == "نص"


def test_billion_laughs_docx_is_refused(tmp_path):
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b']><w:document ' + W + b'><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    err = error_for(_docx_with(tmp_path, "lol.docx", lol))
    assert "declares a DTD or entities" in err.reason


def test_external_entity_docx_is_refused(tmp_path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document ' + W
           + b'><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    assert "DTD" in error_for(_docx_with(tmp_path, "xxe.docx", xxe)).reason


def test_zip_bomb_docx_is_refused_before_inflating(tmp_path):
    xml = b'<w:document ' + W + b'><w:body/></w:document>'
    bomb = _docx_with(tmp_path, "bomb.docx", xml, {"word/media/zeros.bin": b"\x00" * (8 * 1024 * 1024)})
    assert bomb.stat().st_size < 100_000
    assert "zip bomb" in error_for(bomb).reason


def test_docx_uncompressed_total_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCX_UNCOMPRESSED", 1000)
    xml = b'<w:document ' + W + b'><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>'
    path = _docx_with(tmp_path, "big.docx", xml, {"word/media/a.bin": os.urandom(2000)})
    assert "unpacks to more than" in error_for(path).reason


def test_not_a_zip_encrypted_and_old_word(tmp_path):
    (tmp_path / "fake.docx").write_bytes(b"This is not a zip file at all.")
    assert error_for(tmp_path / "fake.docx").reason == "it is not a valid DOCX file (corrupt or truncated)."
    cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    (tmp_path / "locked.docx").write_bytes(cfb + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    assert "password-protected" in error_for(tmp_path / "locked.docx").reason
    (tmp_path / "old.docx").write_bytes(cfb)
    assert "Word 97-2003" in error_for(tmp_path / "old.docx").reason
    bad_xml = _docx_with(tmp_path, "badxml.docx", b"<w:document " + W + b"><w:body><w:p>")
    assert "broken XML" in error_for(bad_xml).reason
    no_body = _docx_with(tmp_path, "nobody.docx", b"x", {})
    zipfile.ZipFile(no_body)  # a valid zip...
    with zipfile.ZipFile(tmp_path / "nobody2.docx", "w") as z:
        z.writestr("hello.txt", "hi")
    assert "document body is missing" in error_for(tmp_path / "nobody2.docx").reason


def test_docx_without_text(tmp_path):
    xml = b'<w:document ' + W + b'><w:body><w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p></w:body></w:document>'
    assert error_for(_docx_with(tmp_path, "blank.docx", xml)).reason == "it contains no text."


def test_pdf_with_no_text_and_no_image(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with open(tmp_path / "blank.pdf", "wb") as handle:
        writer.write(handle)
    assert error_for(tmp_path / "blank.pdf").reason == "it contains no text."


def test_unexpected_reader_failure_is_still_a_document_error(tmp_path, monkeypatch):
    from desk.documents import textfile

    def broken(path):
        raise KeyError("surprise")

    monkeypatch.setattr(textfile, "read_text_file", broken)
    (tmp_path / "a.txt").write_text("نص")
    assert error_for(tmp_path / "a.txt").reason == "it could not be read (KeyError)."
