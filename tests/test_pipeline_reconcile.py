"""Row counts reconcile from raw file to processed table to indicator totals, or fail loudly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from promis_analytics import export
from promis_analytics.dataset import load_dataset
from promis_analytics.errors import ReconciliationError
from promis_analytics.indicators.tables import indicator_tables
from promis_analytics.pipeline.reconcile import reconcile

EVENTS = (
    "event_id,title,event_type,date_start,city,participants,women,source,locator\n"
    "E1,Семінар «Бюджет участі»,seminar,2018-10-02,Коломия,20,10,monitoring_card_2018H2,s1\n"
    "E2,Тренінг «Відкриті дані»,training,2018-11-08,Горішні Плавні,21,,monitoring_card_2018H2,s2\n"
    "\n"
    "E3,Форум громад,forum,2019-05-14,Гадюкине,40,,monitoring_card_2018H2,s3\n"
    "E4,Вебінар,webinar,2020-04-20,Мелітополь,двадцять,,monitoring_card_2018H2,s4\n"
    "Всього,,,,,81,,,\n"
)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    return tmp_path


def test_repository_data_reconciles() -> None:
    ds = load_dataset()
    reconcile(ds, dict(ds.items()), indicator_tables(ds))


def test_rejected_blank_and_totals_rows_are_accounted_for(folder: Path, tmp_path: Path) -> None:
    ds = load_dataset(folder, strict=False)
    r = ds.loaded["events"].report
    assert (r.rows_read, r.accepted, r.rejected, r.blank, r.totals) == (6, 2, 2, 1, 1)
    out = tmp_path / "processed"
    paths = {"events": export.write(ds["events"], out / "events.csv")}
    reconcile(ds, paths, indicator_tables(ds))


def test_a_dropped_processed_row_fails_with_table_found_expected(folder: Path) -> None:
    ds = load_dataset(folder, strict=False)
    with pytest.raises(ReconciliationError) as info:
        reconcile(ds, {"events": ds["events"].iloc[:-1]})
    assert info.value.mismatches == [("processed/events", "rows", 1, 2)]
    assert "processed/events: rows: found 1, expected 2" in str(info.value)


def test_a_missing_processed_table_fails(folder: Path) -> None:
    ds = load_dataset(folder, strict=False)
    with pytest.raises(ReconciliationError, match="processed/events: table present"):
        reconcile(ds, {})


def test_indicator_totals_that_lose_an_event_fail(folder: Path) -> None:
    ds = load_dataset(folder, strict=False)
    tables = indicator_tables(ds)
    part = tables["participants"].copy()
    total = part["row_kind"] == "total"
    part.loc[total, "events"] = part.loc[total, "events"] - 1
    part.loc[total, "participants"] = part.loc[total, "participants"] + 5
    sources = tables["register_sources"].copy()
    sources["rows"] = sources["rows"] + 1
    with pytest.raises(ReconciliationError) as info:
        reconcile(ds, None, {"participants": part, "register_sources": sources})
    assert info.value.mismatches == [
        ("register_sources", "rows of events", 3, 2),
        ("participants (total)", "events", 1, 2),
        ("participants (total)", "participants", 46, 41),
    ]


def test_a_report_that_does_not_balance_fails(folder: Path) -> None:
    ds = load_dataset(folder, strict=False)
    reg = ds.loaded["events"]
    bad = dataclasses.replace(reg, report=dataclasses.replace(reg.report, rows_read=7))
    ds.loaded["events"] = bad
    with pytest.raises(ReconciliationError, match=r"events.csv \(events\): rows read .* found 7"):
        reconcile(ds)
