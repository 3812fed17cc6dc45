"""Years and dates are checked against the folder's declared project period, not package bounds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from promis_analytics.registers.check.period_bounds import FIRST_YEAR, last_sane_year, tolerated
from promis_analytics.registers.check.validate import validate_table
from promis_analytics.registers.io.formats import read_table

PERIOD = (dt.date(2022, 1, 1), dt.date(2024, 12, 31))
HEADER = "Код рекомендації,Місто,Сфера,Рік надання,Джерело,Локатор"


def _recommendations(tmp_path: Path, years: list[str]) -> Path:
    rows = [
        f"R{i},Харків,Прозорість бюджету,{y},звіт 2024,стор. {i}" for i, y in enumerate(years, 1)
    ]
    path = tmp_path / "recommendations.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _check(tmp_path: Path, years: list[str], period=PERIOD):
    table = read_table(_recommendations(tmp_path, years))
    return validate_table(table, "recommendations", period=period)


def test_years_of_a_2022_2024_project_validate(tmp_path: Path) -> None:
    data, rejects, report = _check(tmp_path, ["2022", "2023", "2024"])
    assert report.errors == [] and report.warnings == []
    assert list(data["year_given"]) == [2022, 2023, 2024]
    assert rejects.empty


@pytest.mark.parametrize(
    ("year", "code", "severity", "kept"),
    [
        ("2025", "after_project", "warning", True),  # the year after the period
        ("2026", "year_outside_project", "error", False),
        ("2021", "year_outside_project", "error", False),  # before the start year
    ],
)
def test_year_against_the_period(tmp_path: Path, year, code, severity, kept) -> None:
    data, _, report = _check(tmp_path, ["2023", year])
    entries = [e for e in report.entries if e.code == code]
    assert [(e.row, e.severity, e.value, e.column) for e in entries] == [
        (3, severity, int(year), "Рік надання")
    ]
    assert len(data) == (2 if kept else 1)
    problem = {"warning": ("після завершення проєкту", "after the project ended")}.get(
        severity, ("поза періодом проєкту", "outside the project period")
    )
    assert problem[0] in entries[0].problem("uk") and problem[1] in entries[0].problem("en")


def test_without_a_period_only_sanity_bounds(tmp_path: Path) -> None:
    data, _, report = _check(tmp_path, ["2016", "2023", "1990"], period=None)
    assert [e.code for e in report.errors] == ["below_minimum"]
    assert report.errors[0].row == 4
    assert list(data["year_given"]) == [2016, 2023]
    assert FIRST_YEAR == 1991
    assert last_sane_year(dt.date(2026, 5, 1)) == 2036


def test_tolerated_ends_with_the_year_after() -> None:
    assert tolerated(PERIOD) == (dt.date(2022, 1, 1), dt.date(2025, 12, 31))
    assert tolerated(None) is None


def test_a_register_checked_in_batches_checks_years_against_the_period(tmp_path: Path) -> None:
    """The streamed path (large CSV files) reports the same year problems as the whole file."""
    from promis_analytics.registers.out.stream import validate_stream

    years = ["2022", "2023", "2025", "2026", "2024", "2021", "2023"] * 20
    path = _recommendations(tmp_path, years)
    _, _, whole = validate_table(read_table(path), "recommendations", period=PERIOD)
    streamed = validate_stream("recommendations", path, period=PERIOD, block_bytes=400)

    def found(report):
        return sorted((e.code, e.row, e.severity) for e in report.entries if "project" in e.code)

    assert found(streamed.report) == found(whole) and len(found(whole)) == 60
    assert streamed.report.counts() == whole.counts()


EVENTS_HEADER = "Код заходу,Тип заходу,Назва,Дата початку,Дата завершення,Місто,Учасники,Джерело"


def _events(tmp_path: Path, days: list[str]) -> Path:
    rows = [
        f"E{i},семінар,Зустріч громади,{d},{d},Охтирка,12,протокол {i}"
        for i, d in enumerate(days, 1)
    ]
    path = tmp_path / "events.csv"
    path.write_text("\n".join([EVENTS_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("day", "code", "severity", "kept"),
    [
        ("15.03.2025", "after_project", "warning", True),  # after the end, within the next year
        ("31.12.2025", "after_project", "warning", True),
        ("02.01.2026", "outside_project", "error", False),  # past the tolerance
        ("31.12.2021", "outside_project", "error", False),  # before the start: no tolerance
    ],
)
def test_date_against_the_period(tmp_path: Path, day, code, severity, kept) -> None:
    table = read_table(_events(tmp_path, ["01.01.2022", "31.12.2024", day]))
    data, _, report = validate_table(table, "events", period=PERIOD)
    entries = [e for e in report.entries if "project" in e.code]
    # one entry per date column (start and end hold the same day)
    assert {(e.code, e.row, e.severity, e.value) for e in entries} == {(code, 4, severity, day)}
    assert sorted(e.column for e in entries) == ["Дата завершення", "Дата початку"]
    assert len(data) == (3 if kept else 2)
    assert "2024-12-31" in entries[0].problem("uk") + entries[0].expected("uk")


def test_dates_checked_in_batches_as_in_the_whole_file(tmp_path: Path) -> None:
    from promis_analytics.registers.out.stream import validate_stream

    days = ["05.05.2023", "15.03.2025", "02.01.2026", "31.12.2021", "01.01.2022"] * 20
    path = _events(tmp_path, days)
    _, _, whole = validate_table(read_table(path), "events", period=PERIOD)
    streamed = validate_stream("events", path, period=PERIOD, block_bytes=400)

    def found(report):
        return sorted((e.code, e.row, e.severity) for e in report.entries if "project" in e.code)

    assert found(streamed.report) == found(whole) and len(found(whole)) == 120
