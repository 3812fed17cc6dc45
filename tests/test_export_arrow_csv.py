"""``export.write_csv_from_parquet``: the processed CSV of a large register, written by Arrow
from its Parquet file batch by batch, is the same file ``export.write`` makes from pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from promis_analytics import export
from promis_analytics.pipeline.files import write_parquet

ATTACKS = ["=1+1", "+380 67 000 00 00", "-5 тис. грн", "@SUM(1+1)", "\t=1", "＝1", "'=1", "'-"]


def _frame() -> pd.DataFrame:
    """Five events with real spellings: commas, quotes, line breaks, formula starters."""
    return pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3", "e4", "e5"],
            "title": [
                "Гендерно орієнтоване бюджетування, тренінг",
                'Семінар «Бюджет участі» і "прозорість"',
                "рядок\nз переносом",
                '=HYPERLINK("http://evil","клік")',
                None,
            ],
            "city": pd.Categorical(["vinnytsia", "poltava", None, "lutsk", "vinnytsia"]),
            "date_start": pd.to_datetime(
                ["2018-11-01", "2018-11-08", None, "2019-02-01", "2020-01-31"]
            ),
            "participants": pd.array([20, None, 15, 0, 7], dtype="Int64"),
            "amount": [317000.0, 2.5, float("nan"), -1e16, 0.1],
            "online": [True, False, True, False, True],
            "+note": ["-5", "@@", "", "'already", "a=b"],
        }
    )


def _both(frame: pd.DataFrame, tmp_path: Path) -> tuple[bytes, bytes]:
    pq = write_parquet(frame, tmp_path / "t.parquet")
    arrow = export.write_csv_from_parquet(pq, tmp_path / "arrow.csv").read_bytes()
    return export.write(frame, tmp_path / "pandas.csv").read_bytes(), arrow


def test_same_bytes_as_the_pandas_writer(tmp_path: Path) -> None:
    pandas_bytes, arrow_bytes = _both(_frame(), tmp_path)
    assert arrow_bytes == pandas_bytes
    assert b"'=HYPERLINK" in arrow_bytes and b"\n'+note," not in arrow_bytes
    assert arrow_bytes.startswith(
        b"event_id,title,city,date_start,participants,amount,online,'+note\n"
    )
    assert b",317000.0," in arrow_bytes and b",2018-11-01," in arrow_bytes


def test_batches_and_dropped_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rows at a time, the source-row column left out: the same file as one pandas write."""
    frame = _frame()
    pq = write_parquet(frame.assign(__row=range(5)), tmp_path / "t.parquet")
    monkeypatch.setattr(export, "ARROW_CSV_BATCH_ROWS", 2)
    arrow = export.write_csv_from_parquet(pq, tmp_path / "a.csv", drop=("__row",))
    assert arrow.read_bytes() == export.write(frame, tmp_path / "p.csv").read_bytes()


def test_empty_table_is_its_header(tmp_path: Path) -> None:
    frame = _frame().iloc[:0]
    pandas_bytes, arrow_bytes = _both(frame, tmp_path)
    assert arrow_bytes == pandas_bytes


def test_time_of_day_is_kept(tmp_path: Path) -> None:
    frame = pd.DataFrame({"as_of": pd.to_datetime(["2018-11-01 10:30:00", "2019-01-01 00:00:00"])})
    pandas_bytes, arrow_bytes = _both(frame, tmp_path)
    assert arrow_bytes == pandas_bytes == b"as_of\n2018-11-01 10:30:00\n2019-01-01 00:00:00\n"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(ATTACKS),
            st.text(
                st.characters(exclude_characters="\x00\r", exclude_categories=("Cs",)),
                max_size=12,
            ),
        ),
        min_size=1,
        max_size=6,
    ),
    st.lists(
        st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
        min_size=6,
        max_size=6,
    ),
)
@example(texts=["а"], numbers=[1e-05, None, None, None, None, None])  # Python: an exponent
@example(texts=["б"], numbers=[-3.5e-07, 0.0001, 0.0, 1e16, 123.0, 1e-300])
def test_any_text_and_number_same_bytes(
    tmp_path: Path, texts: list[str | None], numbers: list[float | None]
) -> None:
    """Any text without a bare CR (``write`` quotes the whole file then) and any float."""
    frame = pd.DataFrame({"текст": texts, "число": numbers[: len(texts)]})
    frame["текст"] = frame["текст"].astype(object)
    pandas_bytes, arrow_bytes = _both(frame, tmp_path)
    assert arrow_bytes == pandas_bytes


def test_a_bare_carriage_return_is_quoted_on_its_own(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": ["рядок\rз CR", "Вінниця"], "b": [1, 2]})
    pq = write_parquet(frame, tmp_path / "t.parquet")
    arrow = export.write_csv_from_parquet(pq, tmp_path / "a.csv").read_bytes()
    assert arrow == 'a,b\n"рядок\rз CR",1\nВінниця,2\n'.encode()
