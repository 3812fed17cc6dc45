"""KoboToolbox / ODK: the XLSForm of every register converts with pyxform; an export (CSV with
«;» or «,», XLSX; group paths, metadata, select-multiple, «other» places) loads as a register
with ``_uuid`` as the row ID."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from promis_analytics.cli import cli
from promis_analytics.registers import SCHEMAS, load
from promis_analytics.registers.out.xlsform import LANGS, build_xlsform, form_columns, write_xlsform

PERIOD = (dt.date(2015, 4, 1), dt.date(2021, 3, 31))


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_xlsform_of_every_register_converts(tmp_path: Path, kind: str) -> None:
    pyxform = pytest.importorskip("pyxform.xls2xform")
    path = write_xlsform(kind, tmp_path / f"{kind}.xlsx", PERIOD)
    warnings: list[str] = []
    xform = pyxform.convert(xlsform=str(path), warnings=warnings).xform
    assert f"promis_{kind}" in xform
    for col in form_columns(SCHEMAS[kind]):
        assert f"/{col}" in xform
    assert "Українська (uk)" in xform and "English (en)" in xform


def test_xlsform_sheets_labels_choices_constraints() -> None:
    wb = build_xlsform("events", PERIOD)
    assert wb.sheetnames == ["survey", "choices", "settings"]
    survey = list(wb["survey"].values)
    head = survey[0]
    rows = {r[head.index("name")]: dict(zip(head, r, strict=True)) for r in survey[1:]}
    assert "event_id" not in rows and "source" not in rows  # filled in by the register
    assert rows["title"][f"label::{LANGS[0]}"] == "Назва"
    assert rows["title"]["required"] == "yes"
    assert rows["event_type"]["type"] == "select_one event_type"
    assert rows["participants"]["type"] == "integer"
    assert rows["women"]["constraint"].endswith("(${participants} = '' or . <= ${participants})")
    assert "date('2015-04-01')" in rows["date_start"]["constraint"]
    assert rows["city"]["type"] == "select_one places"
    assert rows["city_other"]["relevant"] == "selected(${city}, 'other')"
    choices = list(wb["choices"].values)
    names = {(r[0], r[1]) for r in choices[1:]}
    assert ("event_type", "training") in names and ("places", "vinnytsia") in names


def test_cli_writes_the_xlsform(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        cli, ["template", "events", "--xlsform", "-o", str(tmp_path / "форма.xlsx")]
    )
    assert out.exit_code == 0, out.output
    assert openpyxl.load_workbook(tmp_path / "форма.xlsx").sheetnames[0] == "survey"


EVENTS_HEAD = [
    "start", "end", "details/title", "details/event_type", "details/date_start",
    "city", "city_other", "counts/participants", "counts/women",
    "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
    "_submitted_by", "__version__", "_tags", "_index",
]  # fmt: skip
META = ["2019-03-12T10:00:00", "2019-03-12T10:05:00"]
TAIL = ["", "", "", "vBx", "", ""]
EVENTS_ROWS = [
    [*META, "Бюджет участі", "training", "2019-03-12", "vinnytsia", "", "25", "14",
     "101", "5f0c2c1e-1b7e-4c53-9a55-1d2f3e4a5b6c", "2019-03-12T10:06:00", *TAIL, "1"],
    [*META, "Форум громад", "conference", "2019-04-02", "other", "с. Гута, Богородчанська громада",
     "40", "22", "102", "6a1d3d2f-2c8f-4d64-8b66-2e3f4a5b6c7d", "2019-04-02T12:00:00", *TAIL, "2"],
]  # fmt: skip


def _check_events(reg) -> None:
    r = reg.report
    assert r.ok and r.accepted == 2, [e.problem("en") for e in r.errors]
    assert list(reg.data["event_id"]) == [
        "5f0c2c1e-1b7e-4c53-9a55-1d2f3e4a5b6c",
        "6a1d3d2f-2c8f-4d64-8b66-2e3f4a5b6c7d",
    ]
    assert list(reg.data["participants"]) == [25, 40]
    assert list(reg.data["women"]) == [14, 22]
    assert list(reg.data["event_type"]) == ["training", "conference"]
    assert list(reg.data["city"]) == ["vinnytsia", "huta"]  # «other»: the typed place
    assert not [c for c in reg.data.columns if c.startswith("extra:")]
    (note,) = [e for e in r.entries if e.code == "kobo_export"]
    assert "_submission_time" in note.problem("en") and "_uuid" in note.problem("uk")
    assert not [e for e in r.entries if e.code == "extra_column"]


@pytest.mark.parametrize("delimiter", [";", ","])
def test_kobo_csv_export_loads(tmp_path: Path, delimiter: str) -> None:
    p = tmp_path / "events.csv"
    lines = [delimiter.join(EVENTS_HEAD)]
    for row in EVENTS_ROWS:
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in row))
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _check_events(load("events", p))


def test_kobo_xlsx_export_loads(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Заходи"
    wb.active.append(EVENTS_HEAD)
    for row in EVENTS_ROWS:
        wb.active.append([int(c) if c.isdigit() else (c or None) for c in row])
    wb.save(tmp_path / "events.xlsx")
    _check_events(load("events", tmp_path / "events.xlsx"))


def test_kobo_select_multiple(tmp_path: Path) -> None:
    head = ["metric", "value", "unit", "cities", "cities/vinnytsia", "cities/zhmerynka",
            "cities/ladyzhyn", "_uuid", "_submission_time", "_index"]  # fmt: skip
    row = ["навчено посадовців", "120", "осіб", "vinnytsia zhmerynka", "1", "1", "0",
           "8c3f5f41-4eab-4f86-ad88-4f5a6b7c8d9e", "2019-05-01T09:00:00", "1"]  # fmt: skip
    p = tmp_path / "facts.csv"
    p.write_text(";".join(head) + "\n" + ";".join(row) + "\n", encoding="utf-8")
    reg = load("facts", p)
    assert reg.report.ok, [e.problem("en") for e in reg.report.errors]
    assert reg.data["cities"][0] == "vinnytsia;zhmerynka"
    assert reg.data["fact_id"][0] == "8c3f5f41-4eab-4f86-ad88-4f5a6b7c8d9e"


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_a_filled_export_of_every_form_loads_back(tmp_path: Path, kind: str) -> None:
    """One submission answering every question of the form (the first choice of each list,
    values within the form's constraints) loads as one accepted row with those values."""
    schema = SCHEMAS[kind]
    wb = build_xlsform(kind, PERIOD)
    survey = list(wb["survey"].values)
    head = survey[0]
    first: dict[str, str] = {}
    for list_name, name, *_ in list(wb["choices"].values)[1:]:
        first.setdefault(list_name, name)
    answers: dict[str, str] = {}
    wide = {total: len(parts) for parts, total in schema.sums}  # room for every part's 12
    for r in survey[1:]:
        row = dict(zip(head, r, strict=True))
        name, qtype = row["name"], row["type"]
        if name.endswith("_other"):
            answers[name] = ""
        elif qtype.startswith("select_"):
            answers[name] = first[qtype.split()[1]]
        elif qtype in ("integer", "decimal"):
            low, high = schema.field(name).minimum, schema.field(name).maximum
            value = max(12, int(low)) if low is not None else 12
            value *= wide.get(name, 1)
            answers[name] = str(min(value, int(high)) if high is not None else value)
        else:
            answers[name] = {"text": "Форум громад", "date": "2019-03-12"}[qtype]
    meta = {"_id": "7", "_uuid": "9b2e4f6a-0c1d-4e3f-8a9b-0c1d2e3f4a5b", "_index": "1"}
    p = tmp_path / f"{kind}.csv"
    both = {**answers, **meta}
    p.write_text(";".join(both) + "\n" + ";".join(both.values()) + "\n", encoding="utf-8")
    reg = load(kind, p)
    assert reg.report.accepted == 1
    for name, value in answers.items():
        if name in reg.data.columns and value and schema.field(name).dtype in ("text", "id"):
            assert reg.data[name][0] == value
