"""Document limits (argument, CLI option, environment), converters that are missing or hang,
and the one decoding home: strict, BOM-aware, naming the line that breaks the encoding."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bad_inputs.documents import CARD, EVENT, card_text, docx, paragraphs, pdf
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics.cli import cli as main
from promis_analytics.encodings import decode
from promis_analytics.extract.documents import DocumentError, office, read_document
from promis_analytics.registers.check.cells import XML_ILLEGAL, safe_text
from promis_analytics.registers.io.limits import ENV, Limits, active, using


def test_limits_by_argument_environment_and_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMIS_MAX_PDF_PAGES", raising=False)
    assert active().max_pdf_pages == 1000
    monkeypatch.setenv(ENV["max_pdf_pages"], "5000")
    monkeypatch.setenv(ENV["max_document_bytes"], "2,5")
    lim = Limits().resolved()
    assert (lim.max_pdf_pages, lim.max_document_bytes) == (5000, int(2.5 * 1024 * 1024))
    assert Limits(max_pdf_pages=7).resolved().max_pdf_pages == 7  # the argument wins


def test_read_document_limits_argument_lowers_and_raises(tmp_path: Path) -> None:
    path = docx("картка.docx", paragraphs(card_text(3, 50).splitlines()))(tmp_path)
    with pytest.raises(DocumentError, match="over 100 XML elements"):
        read_document(path, limits=Limits(max_document_elements=100))
    with using(Limits(max_document_elements=100)):  # the limits in force are used …
        with pytest.raises(DocumentError, match="PROMIS_MAX_DOCUMENT_ELEMENTS"):
            read_document(path)
        # … unless the call gives its own
        assert len(read_document(path, limits=Limits(max_document_elements=10**6)).blocks) > 50


def test_cli_max_pages_raises_the_page_limit(tmp_path: Path) -> None:
    path = pdf("звіт.pdf", 1001, b"", flate=False)(tmp_path)
    runner = CliRunner()
    refused = runner.invoke(main, ["extract", "card", str(path), "--lang", "uk"])
    assert refused.exit_code == 2
    assert "у PDF понад 1000 сторінок" in refused.output
    assert "--max-pages" in refused.output
    raised = runner.invoke(main, ["extract", "card", str(path), "--max-pages", "2000"])
    assert raised.exit_code == 2  # read now: its pages hold no text
    assert "немає тексту" in raised.output and "Traceback" not in raised.output


@pytest.mark.slow
def test_doc_without_libreoffice_writer_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "картка.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    monkeypatch.setattr(office.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(office, "_has_writer", lambda soffice: False)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "LibreOffice Writer, which is not installed" in info.value.message("en")
    assert "libreoffice-writer-nogui" in info.value.message("uk")


def _hangs(*args: object, **kwargs: object) -> None:
    assert kwargs.get("timeout"), "every converter runs with a timeout"
    raise subprocess.TimeoutExpired(cmd="converter", timeout=float(kwargs["timeout"]))  # type: ignore[arg-type]


@pytest.mark.slow
def test_libreoffice_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "картка.rtf"
    path.write_text("{\\rtf1 Картка}", encoding="utf-8")
    monkeypatch.setattr(office.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(office, "_has_writer", lambda soffice: True)
    monkeypatch.setattr(office.subprocess, "run", _hangs)
    with pytest.raises(DocumentError, match="LibreOffice did not finish the document in 300 s"):
        read_document(path)


@pytest.mark.slow
def test_ocr_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from promis_analytics.extract.documents import ocr

    path = tmp_path / "скан.pdf"  # one page that is only an image: a scan
    Image.new("RGB", (200, 280), "white").save(path, resolution=50)
    monkeypatch.setattr(ocr.shutil, "which", lambda name: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr.subprocess, "run", _hangs)
    with pytest.raises(DocumentError, match="Tesseract did not finish"):
        read_document(path)


# --- the one decoding home ------------------------------------------------------------------

_CARD = CARD + EVENT.format(i=1) + "\n"


@pytest.mark.parametrize(
    ("data", "encoding", "problem"),
    [
        (_CARD.encode("utf-8"), "utf-8", None),
        (b"\xef\xbb\xbf" + _CARD.encode("utf-8"), "utf-8-sig", None),
        (b"\xff\xfe" + _CARD.encode("utf-16-le"), "utf-16", None),
        (b"\xfe\xff" + _CARD.encode("utf-16-be"), "utf-16", None),
        (_CARD.encode("cp1251"), "cp1251", None),
        (b"\xef\xbb\xbf" + _CARD.encode("cp1251"), None, "line 1 is not UTF-8"),
        (b"\xff\xfe" + _CARD.encode("utf-16-le")[:-1], None, "odd number of bytes"),
        (
            _CARD.encode("utf-8") + "Житомир\n".encode("cp1251"),
            None,
            "line 5 is in Windows-1251",
        ),
        (
            _CARD.encode("cp1251") + "Житомир\n".encode(),
            None,
            "the file is Windows-1251, but line 5 is in UTF-8",
        ),
        (b"\x81\x98\x83\n", None, "not UTF-8, UTF-16 or Windows-1251"),
    ],
)
def test_decode_table(data: bytes, encoding: str | None, problem: str | None) -> None:
    d = decode(data)
    assert d.encoding == encoding
    if problem is None:
        assert d.problem is None and d.text is not None and "Житомир" not in d.text
        assert d.text.lstrip("\ufeff").startswith("Картка піврічного")
    else:
        assert d.text is None and d.problem is not None
        assert problem in d.problem.detail_en
        assert d.problem.detail_uk


@given(st.binary(max_size=300))
def test_decode_never_raises_and_reads_strictly(data: bytes) -> None:
    d = decode(data)
    assert (d.text is None) == (d.problem is not None)
    if d.text is not None:  # exactly the strict reading in the encoding it names
        codec = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(d.encoding or "", d.encoding)
        assert d.text == data.decode(codec or "")


@given(st.text(max_size=200))
def test_decode_reads_any_utf8_text_as_it_is(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    d = decode(data)
    try:
        expected = data.decode("utf-8")
    except UnicodeDecodeError:  # a lone surrogate: refused, with the line named
        assert d.problem is not None and d.problem.line is not None
    else:
        assert d.text == expected


@given(st.text(max_size=200))
def test_safe_text_leaves_nothing_a_writer_refuses(text: str) -> None:
    safe, problem = safe_text(text)
    assert XML_ILLEGAL.search(safe) is None
    if problem is None:
        assert safe == text
    elif problem[0] == "line_break_character":
        assert safe == text.replace("\x0b", "\n").replace("\x0c", "\n")


@pytest.mark.parametrize("text", ["abc", "-5", "0", "inf", "nan"])
def test_a_limit_in_the_environment_that_is_no_positive_number_is_named(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV["max_pdf_pages"], text)
    with pytest.raises(ValueError, match="PROMIS_MAX_PDF_PAGES") as info:
        Limits().resolved()
    assert "очікувалося додатне число" in str(info.value)


def _repacked(path: Path, change: dict[str, bytes]) -> Path:
    """``path`` (a .docx) with parts replaced or added."""
    import zipfile

    out = path.with_name("перепакований.docx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, change.pop(info.filename, src.read(info.filename)))
        for name, data in change.items():
            dst.writestr(name, data)
    return out


def test_docx_declaring_entities_is_refused(tmp_path: Path) -> None:
    base = docx("картка.docx", paragraphs([EVENT.format(i=1)]))(tmp_path)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Relationships>&lol2;</Relationships>'
    )
    path = _repacked(base, {"word/_rels/document.xml.rels": laughs})
    with pytest.raises(DocumentError, match="declares a DTD or XML entities"):
        read_document(path)


def test_docx_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    base = docx("картка.docx", paragraphs([EVENT.format(i=1)]))(tmp_path)
    path = _repacked(base, {f"word/media/image{k}.png": b"" for k in range(2001)})
    with pytest.raises(DocumentError, match="parts \\(limit 2000\\)"):
        read_document(path)
