"""Tests for load_dataset: all registers of a folder at once, problems from every file together."""

from __future__ import annotations

import os

import pytest

from promis_analytics import paths
from promis_analytics.dataset import load_dataset
from promis_analytics.errors import RegisterError

EVENTS_HEADER = (
    "event_id,title,event_type,component,date_start,date_end,city,country,participants,"
    "women,source,locator\n"
)


def test_embedded_dataset_loads_and_lists_missing_registers() -> None:
    ds = load_dataset(paths.raw_dir())
    inv = ds.inventory().set_index("register")
    assert inv.loc["events", "rows"] == len(ds["events"]) > 0
    for kind in ds.missing:
        assert not inv.loc[kind, "present"]
        assert ds[kind].empty


def test_problems_in_two_files_are_reported_together(tmp_path) -> None:
    (tmp_path / "events.csv").write_text(
        EVENTS_HEADER + "e1,Тренінг,training,,2018-09-13,2018-09-14,Мелітополь,,-5,,doc,p1\n",
        encoding="utf-8",
    )
    (tmp_path / "adoptions.csv").write_text(
        "city,instrument,status,as_of,source,locator\nАтлантида,e_petitions,adopted,2018-12-31,doc,p2\n",
        encoding="utf-8",
    )
    with pytest.raises(RegisterError) as info:
        load_dataset(tmp_path, kinds=("events", "adoptions"))
    assert set(info.value.reports) == {"events", "adoptions"}
    assert "events.csv" in str(info.value) and "adoptions.csv" in str(info.value)


def test_unknown_folder_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="data folder not found"):
        load_dataset(tmp_path / "nowhere")


def test_cached_load_gives_the_same_tables(tmp_path) -> None:
    first = load_dataset(paths.raw_dir(), cache=tmp_path)
    assert any(tmp_path.glob("*.parquet"))  # clean registers were cached
    again = load_dataset(paths.raw_dir(), cache=tmp_path)
    for kind in first:
        assert again[kind].reset_index(drop=True).equals(first[kind].reset_index(drop=True)), kind


def test_build_kernels_read_each_register_from_the_cache_on_first_use(tmp_path, monkeypatch):
    """``CACHE_ENV`` (set by ``promis build`` for its notebooks): registers come from the
    build's Parquet cache, each read only when a notebook first uses it; the same tables."""
    import pandas as pd

    from promis_analytics.dataset import CACHE_ENV, cache_for_kernels

    (tmp_path / "events.csv").write_text(
        EVENTS_HEADER + "e1,Тренінг,training,,2018-09-13,2018-09-14,Мелітополь,,25,12,doc,p1\n",
        encoding="utf-8",
    )
    eager = load_dataset(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.delenv(CACHE_ENV, raising=False)
    with cache_for_kernels(cache):
        lazy = load_dataset(tmp_path)
        assert "events" in lazy.pending and not list(cache.glob("events-*.parquet"))
        assert list(lazy) == list(eager) and lazy.missing == eager.missing
        pd.testing.assert_frame_equal(lazy["events"], eager["events"])
        assert not lazy.pending and lazy["events"].attrs["dimensions"] is not None
        assert len(list(cache.glob("events-*.parquet"))) == 1  # written on first use
        again = load_dataset(tmp_path)  # a second notebook: a cache hit
        pd.testing.assert_frame_equal(again["events"], eager["events"])
        assert again.inventory().equals(eager.inventory())
    assert CACHE_ENV not in os.environ
    assert not load_dataset(tmp_path).pending  # outside the build: read at once


def test_an_unfilled_template_read_on_first_use_is_missing_as_when_read_at_once(
    tmp_path, monkeypatch
):
    from promis_analytics.dataset import CACHE_ENV, cache_for_kernels
    from promis_analytics.registers.out.template import write_template

    write_template("events", tmp_path / "events.xlsx")
    eager = load_dataset(tmp_path, kinds=("events",))
    monkeypatch.delenv(CACHE_ENV, raising=False)
    with cache_for_kernels(tmp_path / "cache"):
        lazy = load_dataset(tmp_path, kinds=("events",))
        assert lazy["events"].empty and list(lazy["events"].columns) == list(
            eager["events"].columns
        )
    assert eager.missing == lazy.missing == ("events",)
    assert "events" not in lazy.files and "events" not in eager.files


def test_a_pending_register_gives_its_shape_and_some_columns_without_being_read(
    tmp_path, monkeypatch
):
    """``Dataset.shape`` and ``Dataset.columns`` of a register the build cached: Parquet
    metadata and a column subset, the same numbers, dtypes, attrs and rows as the whole
    table — and the register stays unread (a 10⁷-row register is never held whole)."""
    import pandas as pd

    from promis_analytics.dataset import CACHE_ENV, cache_for_kernels
    from promis_analytics.indicators import participant_columns, participants_per_city

    (tmp_path / "events.csv").write_text(
        EVENTS_HEADER
        + "e1,Тренінг,training,,2018-09-13,2018-09-14,Мелітополь,,25,12,card_2018,p1\n"
        + "e2,Форум,forum,,2018-10-02,2018-10-02,Бердянськ,,30,,card_2018,p2\n"
        + "e3,Семінар,seminar,,2019-03-05,2019-03-05,м. Мелітополь,,40,,card_2019,p3\n",
        encoding="utf-8",
    )
    eager = load_dataset(tmp_path, kinds=("events",))
    monkeypatch.delenv(CACHE_ENV, raising=False)
    with cache_for_kernels(tmp_path / "cache"):
        load_dataset(tmp_path, kinds=("events",))["events"]  # the build's validation
        lazy = load_dataset(tmp_path, kinds=("events",))
        assert lazy.shape("events") == eager["events"].shape == (3, eager["events"].shape[1])
        part = lazy.columns("events", ["source", "participants", "no_such_column"])
        some = lazy.columns("events", participant_columns(lazy.project.dimensions))
        assert "events" in lazy.pending  # nothing was read whole
    expected = eager["events"][["source", "participants"]]
    pd.testing.assert_frame_equal(part, expected)
    assert part.attrs["rows"] == eager["events"].attrs["rows"] == [2, 3, 4]
    assert part.attrs["dimensions"] == eager["events"].attrs["dimensions"]
    assert part["source"].value_counts(sort=False).to_dict() == {"card_2018": 2, "card_2019": 1}
    pd.testing.assert_frame_equal(
        participants_per_city(some), participants_per_city(eager["events"])
    )
    assert lazy.inventory().equals(eager.inventory())


def test_participant_columns_name_the_declared_dimension_columns() -> None:
    from promis_analytics.dimensions import Dimension, DimensionColumn
    from promis_analytics.indicators import participant_columns

    parts = (
        DimensionColumn("youth", "молодь", "youth"),
        DimensionColumn("elderly", "літні", "elderly"),
    )
    dims = (Dimension("age", "age", "вік", "age", parts, exclusive=True),)
    names = participant_columns(dims)
    assert names[:4] == ("city", "event_type", "component", "participants")
    assert {"women", "men", "idp", "youth", "elderly", "source"} <= set(names)
    assert len(names) == len(set(names))
