"""Every bad-input corpus case gives its exact problems through ``load`` and ``promis validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from bad_inputs.cases import CASES as BASE_CASES
from bad_inputs.cases import Case, Expect
from bad_inputs.documents import DOC_CASES, DocCase
from bad_inputs.hostile import HOSTILE
from bad_inputs.matrix import MATRIX
from click.testing import CliRunner
from profiles import promis_codes

from promis_analytics.cli import cli as main
from promis_analytics.errors import RegisterError
from promis_analytics.registers import load
from promis_analytics.registers.schema.report import MESSAGES, Entry

CASES = BASE_CASES + MATRIX + HOSTILE  # 57 hand-made + 35 cell problems + 8 hostile
IDS = [c.id for c in CASES]


def test_corpus_is_large_and_ids_unique() -> None:
    assert len(CASES) >= 40
    assert len(set(IDS)) == len(IDS)
    assert {c.file.rsplit(".", 1)[-1] for c in CASES} >= {"csv", "xlsx", "xlsm", "xls"}
    assert all(x.code in MESSAGES for c in CASES for x in c.expect)


def _shown(v: Any) -> str:
    return "" if v is None else str(v)


def _matches(e: Entry, x: Expect) -> bool:
    if (e.code, e.row, e.column_letter, e.severity) != (x.code, x.row, x.letter, x.severity):
        return False
    if x.sheet is not None and e.sheet != x.sheet:
        return False
    want = _shown(x.value)
    value_ok = (
        _shown(e.value).startswith(want[:-1]) if want.endswith("…") else _shown(e.value) == want
    )
    return value_ok and x.expected in e.expected("en") and x.problem in e.problem("en")


#: The corpus is checked against the PROMIS project period, declared as a user would.
PROJECT = "[project]\nstart = 2015-04-01\nend = 2021-03-31\n"


def _build(case: Case, tmp_path: Path) -> Path:
    folder = tmp_path / case.id
    folder.mkdir()
    (folder / "promis.toml").write_text(PROJECT, encoding="utf-8")
    promis_codes(folder)  # a PROMIS folder: its components and funds are categories
    return case.build(folder)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_load_reports_exact_problems(case: Case, tmp_path: Path) -> None:
    path = _build(case, tmp_path)
    reg = load(case.kind, path, strict=False)
    r = reg.report
    for x in case.expect:
        assert any(_matches(e, x) for e in r.entries), (
            x,
            [
                (e.code, e.row, e.column_letter, e.value, e.sheet, e.expected("en"))
                for e in r.entries
            ],
        )
    assert r.file == case.file
    # nothing lost: every row below the header is accepted, rejected, blank or a totals row
    assert r.balanced, r.counts()
    assert r.accepted == len(reg.data) and r.rejected == len(reg.rejects)
    # every entry names the file and, when it is about a row, the Excel row number
    for e in r.entries:
        assert e.file == case.file
        assert e.problem("en") and e.problem("uk")
        assert "{" not in e.problem("en") + e.expected("en") + e.problem("uk") + e.expected("uk")
        # no placeholder left empty ("column '' appears twice", «»)
        assert "''" not in e.problem("en") and "«»" not in e.problem("uk"), e.problem("en")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_strict_load_raises_register_error_naming_the_place(case: Case, tmp_path: Path) -> None:
    path = _build(case, tmp_path)
    errors = [x for x in case.expect if x.severity == "error"]
    if case.clean:  # read, with notes: nothing to raise
        assert load(case.kind, path).report.ok
        return
    with pytest.raises(RegisterError) as info:
        load(case.kind, path)
    msg = str(info.value)
    assert info.value.report is not None and not info.value.report.ok
    assert case.file in msg
    for x in errors[:20]:
        if x.row is not None:
            assert f"row {x.row}" in msg
        if x.letter is not None:
            assert f"column {x.letter}" in msg
        if x.value is not None and not _shown(x.value).endswith("…"):
            assert repr(x.value if isinstance(x.value, str) else _shown(x.value)) in msg or (
                _shown(x.value) in msg
            )
        assert x.expected in msg and x.problem in msg


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli_validate_prints_problems_and_writes_report(case: Case, tmp_path: Path) -> None:
    path = _build(case, tmp_path)
    out_csv = tmp_path / "report.csv"
    res = CliRunner().invoke(
        main,
        ["validate", str(path), "--kind", case.kind, "--lang", "en", "--report", str(out_csv)],
    )
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    assert "Traceback" not in res.output
    if not path.exists():  # a usage error before any file is read
        assert res.exit_code == 2 and f"{path}: " in res.output and "no such file" in res.output
        return
    assert res.exit_code == (0 if case.clean else 1), res.output
    assert case.file in res.output
    assert ("OK" if case.clean else "PROBLEMS") in res.output
    frame = pd.read_csv(out_csv, dtype=str, keep_default_na=False)
    for x in case.expect:
        hit = frame[
            (frame["code"] == x.code)
            & (frame["row"] == ("" if x.row is None else str(x.row)))
            & (frame["column_letter"] == (x.letter or ""))
            & (frame["severity"] == x.severity)
        ]
        assert len(hit) >= 1, (x, frame[["code", "row", "column_letter", "value"]])
        assert hit["expected"].str.contains(x.expected, regex=False).any()
        assert hit["problem"].str.contains(x.problem, regex=False).any()
        assert (hit["file"] == case.file).all()


def test_cli_shows_first_twenty_then_n_more(tmp_path: Path) -> None:
    """25 bad rows: the console lists 20 problems, then '5 more'; the report has all 25."""
    from bad_inputs.cases import EVENTS_EN, ev

    lines = [EVENTS_EN] + [ev(f"E{i}", participants="багато") for i in range(25)]
    p = tmp_path / "events.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    res = CliRunner().invoke(main, ["validate", str(p), "--lang", "en", "--report", str(out)])
    assert res.exit_code == 1
    assert "… 5 more" in res.output
    assert "багато" in res.output
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 1 + 25
    assert {r[2] for r in rows[1:]} == set(range(2, 27))  # Excel rows 2…26
    uk = CliRunner().invoke(main, ["validate", str(p), "--lang", "uk"])
    assert "… ще 5" in uk.output


def test_cli_path_that_does_not_exist_is_a_clear_message(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "events_2019.csv")])
    assert res.exit_code == 2
    assert "events_2019.csv" in res.output and "no such file" in res.output
    assert "Traceback" not in res.output


# --- documents: hostile and odd files given to ``promis extract card`` ------------------------

_CLI = "import sys; sys.argv[0] = 'promis'; from promis_analytics.cli import main; main()"
MEMORY_CAP = 2 * 1024**3  # bytes of address space for the command (bombs must fit in it)


def _capped() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.slow) if c.slow else c for c in DOC_CASES],
    ids=[c.id for c in DOC_CASES],
)
def test_extract_card_ends_with_a_message_under_a_memory_cap(case: DocCase, tmp_path: Path) -> None:
    """Each document ends with its exit code and message, in a fresh interpreter limited to
    2 GiB of address space, and never with a traceback."""
    import os
    import subprocess
    import sys

    path = case.build(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROMIS_MAX_")}
    run = subprocess.run(
        [sys.executable, "-c", _CLI, "extract", "card", str(path), "--lang", "en"],
        preexec_fn=_capped,
        capture_output=True,
        text=True,
        env={**env, **case.env, "COLUMNS": "200"},
        timeout=900,  # a hang guard, not a performance assertion
    )
    out = run.stdout + run.stderr
    assert "Traceback" not in out and "MemoryError" not in out, out[-2000:]
    assert run.returncode == case.code, out[-2000:]
    assert case.message in " ".join(out.split()), out[-2000:]
    if case.code:
        assert path.name in out
