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
