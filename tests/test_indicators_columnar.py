"""Differential test: the participants table from Parquet (Arrow, batch by batch) equals the
pandas function's table exactly — columns, dtypes, order, and NA (unknown) counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators import columnar, participants_per_city
from promis_analytics.indicators.columnar import (
    participants_from_parquet,
    source_counts_from_parquet,
)
from promis_analytics.indicators.tables import indicator_tables
from promis_analytics.registers import SCHEMAS
from promis_analytics.registers.check.validate import empty_frame

# Keys, Ukrainian and English spellings of one place, a place outside the partners, blanks.
CITIES = ["vinnytsia", "Вінниця", "Запоріжжя", "zaporizhzhia", "kyiv", "Кременчук", "", None]
TYPES = ["тренінг", "training", "форум", " ", None]
COMPONENTS = ["1100", "2100", None]
STATUSES = ["inside", "outside", "partly", None]
BYS = [
    ("city",),
    ("oblast",),
    ("event_type",),
    ("city", "event_type"),
    ("oblast", "component"),
    ("city", "event_type", "component"),
]


def _write(ev: pd.DataFrame, path: Path, *, row_group: int | None = None) -> Path:
    pq.write_table(pa.Table.from_pandas(ev, preserve_index=False), path, row_group_size=row_group)
    return path


@st.composite
def registers(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 25))
    rows = []
    for _ in range(n):
        people = draw(st.one_of(st.none(), st.integers(0, 500)))
        rows.append(
            {
                "city": draw(st.sampled_from(CITIES)),
                "event_type": draw(st.sampled_from(TYPES)),
                "component": draw(st.sampled_from(COMPONENTS)),
                "participants": people,
                "women": draw(st.one_of(st.none(), st.integers(0, people or 0))),
                "period_status": draw(st.sampled_from(STATUSES)),
                "source": draw(st.sampled_from(["card-2018", "card-2019", None])),
            }
        )
    frame = pd.DataFrame(rows, columns=list(registers_columns()))
    for c in ("participants", "women"):
        frame[c] = frame[c].astype("Int64")
    return frame


def registers_columns() -> tuple[str, ...]:
    return ("city", "event_type", "component", "participants", "women", "period_status", "source")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ev=registers(), by=st.sampled_from(BYS), batch=st.integers(1, 7))
def test_parquet_path_equals_pandas_path(
    ev: pd.DataFrame, by: tuple[str, ...], batch: int, tmp_path: Path, monkeypatch
) -> None:
    # Small batches and row groups: a group's rows are split over several batches.
    monkeypatch.setattr(columnar, "BATCH_ROWS", batch)
    path = _write(ev, tmp_path / "events.parquet", row_group=max(1, batch - 1))
    want = participants_per_city(ev, by=by)
    got = participants_from_parquet(path, by=by)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs["excluded"] == want.attrs["excluded"] == ()


@pytest.mark.parametrize(
    ("column", "dtype"),
    [("city", "category"), ("event_type", "category"), ("participants", "float64")],
)
def test_categorical_and_float_columns_give_the_same_table(
    column: str, dtype: str, tmp_path: Path
) -> None:
    ev = pd.DataFrame(
        {
            "city": ["Вінниця", "vinnytsia", None, "kyiv"],
            "event_type": ["тренінг", None, "форум", "тренінг"],
            "participants": pd.array([12, None, 7, 30], dtype="Int64"),
            "women": pd.array([5, 3, None, None], dtype="Int64"),
        }
    )
    ev[column] = ev[column].astype(dtype)
    path = _write(ev, tmp_path / "events.parquet")
    by = ("city", "event_type")
    pd.testing.assert_frame_equal(
        participants_from_parquet(path, by=by), participants_per_city(ev, by=by)
    )


def test_unknown_stays_unknown_and_partners_are_declared(tmp_path: Path) -> None:
    ev = pd.DataFrame(
        {
            "city": ["Полтава", "poltava", "Вінниця"],
            "participants": pd.array([None, None, 20], dtype="Int64"),
        }
    )
    got = participants_from_parquet(_write(ev, tmp_path / "e.parquet"), partners=["Полтава"])
    poltava = got.set_index("city").loc["poltava"]
    assert poltava["events"] == 2 and poltava["events_missing_participants"] == 2
    assert pd.isna(poltava["participants"]) and pd.isna(poltava["women"])  # never 0
    assert got.attrs["partners"] == ("poltava",)
    total = got.iloc[-1]
    assert (total["city"], total["participants"], total["events"]) == ("(total)", 20, 3)


def test_empty_register_gives_only_the_totals_row(tmp_path: Path) -> None:
    ev = pd.DataFrame({"city": pd.Series([], dtype=object), "participants": pd.array([], "Int64")})
    got = participants_from_parquet(_write(ev, tmp_path / "e.parquet"))
    pd.testing.assert_frame_equal(got, participants_per_city(ev))
    assert got["row_kind"].tolist() == ["total"]


def test_missing_column_and_bad_by_are_named(tmp_path: Path) -> None:
    path = _write(pd.DataFrame({"city": ["kyiv"]}), tmp_path / "e.parquet")
    with pytest.raises(IndicatorError, match=r"missing column\(s\) \['participants'\]"):
        participants_from_parquet(path)
    with pytest.raises(IndicatorError, match="by="):
        participants_from_parquet(path, by=("year",))


def test_source_counts_equal_value_counts_over_batches(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(columnar, "BATCH_ROWS", 2)
    ev = pd.DataFrame({"source": ["картка-2018", None, "картка-2018", "звіт-2019", ""]})
    got = source_counts_from_parquet(_write(ev, tmp_path / "e.parquet", row_group=2))
    assert got == {"": 2, "звіт-2019": 1, "картка-2018": 2}


def test_indicator_tables_from_a_parquet_copy_are_the_same(tmp_path: Path) -> None:
    ev = pd.DataFrame(
        {
            "city": ["Вінниця", "kyiv", None, "vinnytsia"],
            "participants": pd.array([12, None, 7, 30], dtype="Int64"),
            "women": pd.array([5, 3, None, None], dtype="Int64"),
            "source": ["картка-2018", "картка-2018", None, "звіт-2019"],
            "extra:Примітка": ["", "", "", "перенесено"],
        }
    )
    ev.attrs["partners"] = ("Вінниця",)
    path = _write(ev, tmp_path / "events.parquet")
    dataset = {kind: empty_frame(schema) for kind, schema in SCHEMAS.items()}
    dataset["events"] = ev
    plain = indicator_tables(dataset)
    stored = indicator_tables(dataset, parquet={"events": path})
    for name in ("participants", "participants_by_dimension", "register_sources"):
        pd.testing.assert_frame_equal(stored[name], plain[name])
    assert stored["participants_by_dimension"].attrs == plain["participants_by_dimension"].attrs
    assert stored["participants"].attrs["partners"] == ("vinnytsia",)
    assert stored["register_sources"]["extra_columns"].tolist() == ["Примітка"] * 3


def test_participants_of_a_dataset_in_a_build_come_from_its_parquet(tmp_path, monkeypatch):
    """``participants_of``: inside a build (a pending register) of ``COLUMNAR_MIN_ROWS`` rows
    or more, from the cache Parquet without reading the register; the same table as
    ``participants_per_city`` of the whole register either way."""
    from promis_analytics.dataset import CACHE_ENV, cache_for_kernels, load_dataset
    from promis_analytics.indicators import (
        participants_by_dimension,
        participants_by_dimension_of,
        participants_by_dimensions,
        participants_by_dimensions_of,
        participants_of,
    )

    (tmp_path / "events.csv").write_text(
        "event_id,title,event_type,date_start,date_end,city,participants,women,source,locator\n"
        "e1,Тренінг,training,2018-09-13,2018-09-14,Мелітополь,25,12,card_2018,p1\n"
        "e2,Форум,forum,2018-10-02,2018-10-02,м. Бердянськ,30,,card_2018,p2\n"
        "e3,Семінар,training,2019-03-05,2019-03-05,melitopol,40,,card_2019,p3\n",
        encoding="utf-8",
    )
    eager = load_dataset(tmp_path, kinds=("events",))
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setattr(columnar, "COLUMNAR_MIN_ROWS", 3)
    with cache_for_kernels(tmp_path / "cache"):
        load_dataset(tmp_path, kinds=("events",))["events"]  # the build's validation
        lazy = load_dataset(tmp_path, kinds=("events",))
        for by in [("city",), ("city", "event_type")]:
            expected = participants_per_city(eager["events"], by=by)
            got = participants_of(lazy, by=by)
            pd.testing.assert_frame_equal(got, expected, check_like=False)
        every = participants_by_dimensions_of(lazy, by=("city", "event_type"))
        by_sex = participants_by_dimension_of(lazy, "sex")
        assert "events" in lazy.pending  # computed from the Parquet file
        assert int(got["events"].iloc[-1]) == 3
        with pytest.raises(IndicatorError, match="unknown dimension 'age'"):
            participants_by_dimension_of(lazy, "age")
    whole = eager["events"]
    want = participants_by_dimensions(whole, by=("city", "event_type"))
    pd.testing.assert_frame_equal(every, want)
    assert every.attrs == want.attrs
    pd.testing.assert_frame_equal(by_sex, participants_by_dimension(whole, "sex"))
    pd.testing.assert_frame_equal(participants_of(eager), participants_per_city(eager["events"]))
