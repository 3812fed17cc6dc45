"""Every spreadsheet format people save (.ods, .xls, .xlsb, .xlsm) read through one reader
table; password-protected files refused with «зніміть пароль»."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from doc_builders import convert, write_xlsx

from promis_analytics.errors import RegisterError
from promis_analytics.registers import load
from promis_analytics.registers.io.formats import READERS, read_calamine, read_table, reader_for
from promis_analytics.registers.io.limits import Limits
from promis_analytics.registers.io.reader import FileProblem

ROWS = [
    ["Реєстр заходів, 2019"],
    ["Назва заходу", "Вид заходу", "Дата", "Місто", "Учасників", "з них жінок"],
    ["Бюджет участі: старт", "навчання", "18.09.2019", "Луцьк", 25, 14],
    ["Брендинг міста", "воркшоп", "12.03.2019", "Полтава", 30, 20],
    ["Робоча група МСП", "засідання", "03.10.2019", "Кременчук", 12, 5],
]


def _xlsx(path: Path, rows: list[list[object]] = ROWS, merges: tuple[str, ...] = ()) -> Path:
    return write_xlsx(path, rows, merges=merges)


def soffice_convert(source: Path, fmt: str, tmp_path: Path) -> Path:
    """``source`` saved by LibreOffice headless as ``fmt`` (ods, xls); skipped locally when
    LibreOffice is missing, a failure in CI (tools/system-deps.sh installs it)."""
    out = tmp_path / fmt
    out.mkdir(exist_ok=True)
    return convert(source, fmt, out)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_libreoffice_formats_load_like_the_xlsx(tmp_path: Path, fmt: str) -> None:
    source = _xlsx(tmp_path / "events.xlsx")
    converted = soffice_convert(source, fmt, tmp_path)
    want = load("events", source).data.drop(columns=["source", "locator", "event_id"])
    reg = load("events", converted)
    assert reg.report.ok and reg.report.accepted == 3
    got = reg.data.drop(columns=["source", "locator", "event_id"])
    assert got.to_dict("records") == want.to_dict("records")
    assert list(reg.data["locator"]) == ["Заходи!A3", "Заходи!A4", "Заходи!A5"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_merged_ranges_of_libreoffice_formats(tmp_path: Path, fmt: str) -> None:
    source = _xlsx(tmp_path / "m.xlsx", merges=("D3:D4", "A1:F1"))
    table = read_table(soffice_convert(source, fmt, tmp_path))
    assert sorted(table.merged) == [(1, 1, 1, 6), (3, 4, 4, 4)]


def test_xlsm_reads_as_xlsx(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "events.xlsx")
    p.rename(tmp_path / "events.xlsm")
    assert load("events", tmp_path / "events.xlsm").report.accepted == 3


def test_one_reader_table_by_ending() -> None:
    assert READERS[".ods"] is READERS[".xls"] is READERS[".xlsb"] is read_calamine
    assert reader_for(Path("Реєстр.XLS")) is read_calamine
    with pytest.raises(FileProblem, match=r"unsupported file type \.pdf"):
        reader_for(Path("звіт.pdf"))


@pytest.mark.slow
def test_ods_cell_limit_before_cells_are_read(tmp_path: Path) -> None:
    converted = soffice_convert(_xlsx(tmp_path / "events.xlsx"), "ods", tmp_path)
    with pytest.raises(FileProblem, match="too large"):
        read_table(converted, limits=Limits(max_cells=10))
    with pytest.raises(FileProblem, match="too large"):
        read_table(converted, limits=Limits(max_workbook_bytes=100))


def test_ods_zip_bomb_refused(tmp_path: Path) -> None:
    p = tmp_path / "events.ods"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>")
    with pytest.raises(RegisterError, match="zip bomb"):
        load("events", p)


def _encrypted_xlsx(tmp_path: Path, name: str) -> Path:
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _xlsx(tmp_path / "plain.xlsx")
    out = tmp_path / name
    with plain.open("rb") as src, out.open("wb") as dst:
        OOXMLFile(src).encrypt("пароль", dst)
    assert msoffcrypto.OfficeFile(out.open("rb")).is_encrypted()
    return out


@pytest.mark.parametrize("name", ["events.xlsx", "events.xlsm", "events.xlsb"])
def test_password_protected_workbook_one_message(tmp_path: Path, name: str) -> None:
    p = _encrypted_xlsx(tmp_path, name)
    with pytest.raises(RegisterError) as info:
        load("events", p)
    errors = info.value.report.errors
    assert len(errors) == 1 and errors[0].code == "file_error"
    assert "зніміть пароль" in errors[0].problem("uk")
    assert "remove the password" in errors[0].problem("en")


def test_encrypted_ods_and_xls(tmp_path: Path) -> None:
    ods = tmp_path / "events.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
            '<manifest:encryption-data manifest:checksum-type="SHA1"/>'
            "</manifest:file-entry></manifest:manifest>",
        )
        z.writestr("content.xml", b"\x8f\x12encrypted")
    # an .xls workbook stream: BOF (0x0809, 16 bytes) followed by FILEPASS (0x002F)
    xls = tmp_path / "events.xls"
    bof = b"\x09\x08\x10\x00" + b"\x00\x06\x05\x00" + b"\x00" * 12
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1016 + bof + b"\x2f\x00")
    for p in (ods, xls):
        with pytest.raises(RegisterError, match="remove the password"):
            load("events", p)


def test_broken_xls_is_a_file_problem(tmp_path: Path) -> None:
    p = tmp_path / "events.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(RegisterError, match="cannot open workbook") as info:
        load("events", p)
    assert info.value.report.errors[0].code == "file_error"


def test_ods_repeated_cells_refused_before_calamine(tmp_path: Path) -> None:
    """A few bytes of content.xml can repeat one valued cell into billions of cells."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Заходи">'
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="1000" office:value-type="float"'
        ' office:value="1"/></table:table-row></table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    p = tmp_path / "events.ods"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    with pytest.raises(FileProblem, match=r"1000000 rows × 1000 columns"):
        read_table(p)
