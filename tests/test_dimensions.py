"""Disaggregation dimensions as data: [[dimensions]] read and checked, typed register columns,
the Σ parts ≤ participants rules, the by-dimension table and its chart."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from promis_analytics.charts import participants_by_part
from promis_analytics.charts.figure_data import figure_data
from promis_analytics.dimensions import DEFAULT_DIMENSIONS, as_tables, parse_dimensions
from promis_analytics.errors import IndicatorError, NotEnoughData
from promis_analytics.indicators import (
    TOTAL,
    participants_by_dimension,
    participants_by_dimensions,
    participants_per_city,
)
from promis_analytics.indicators.participants_by import REST, UNKNOWN
from promis_analytics.project import SettingsError, project_settings
from promis_analytics.registers import load
from promis_analytics.registers.out.template import build_template
from promis_analytics.registers.schema.schemas import SCHEMAS, schema_for

DISABILITY = textwrap.dedent(
    """
    [[dimensions]]
    name = "sex"
    kind = "sex"
    columns = ["women", "men"]

    [[dimensions]]
    name = "idp"
    kind = "idp"
    columns = ["idp"]

    [[dimensions]]
    name = "disability"
    kind = "disability"
    label_uk = "Інвалідність"
    label_en = "Disability"
    [[dimensions.columns]]
    name = "disabled"
    label_uk = "Особи з інвалідністю"
    label_en = "Persons with disabilities"
    aliases = ["з них осіб з інвалідністю"]
    """
)


def _folder(tmp_path: Path, toml: str, csv: str) -> Path:
    (tmp_path / "promis.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "events.csv").write_text(textwrap.dedent(csv).lstrip(), encoding="utf-8")
    return tmp_path / "events.csv"


# --- the [[dimensions]] section -------------------------------------------------------------


def test_without_a_section_the_built_in_dimensions_apply(tmp_path: Path) -> None:
    assert parse_dimensions(None, "promis.toml") == (DEFAULT_DIMENSIONS, [])
    names = [(d.name, d.column_names) for d in project_settings(tmp_path).dimensions]
    assert names == [("sex", ("women", "men")), ("idp", ("idp",))]


def test_a_declared_column_gets_its_labels_and_aliases(tmp_path: Path) -> None:
    (tmp_path / "promis.toml").write_text(DISABILITY, encoding="utf-8")
    dims = project_settings(tmp_path).dimensions
    disability = dims[2]
    assert (disability.kind, disability.label("uk"), disability.exclusive) == (
        "disability", "Інвалідність", False,
    )  # fmt: skip
    column = disability.columns[0]
    assert (column.name, column.label("en")) == ("disabled", "Persons with disabilities")
    assert column.aliases == ("з них осіб з інвалідністю",)
    assert parse_dimensions(as_tables(dims), "attrs") == (dims, [])  # round trip


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        ([{"name": "sex", "kind": "gender", "columns": ["women"]}], ["kind 'gender'"]),
        ([{"name": "sex", "columns": ["жінки"]}], ["'жінки' is not a built-in column"]),
        ([{"name": "Стать", "columns": ["women"]}], ["a snake_case name is needed"]),
        ([{"name": "city", "columns": ["women"]}], ["a snake_case name is needed"]),
        ([{"name": "age", "kind": "age_group", "columns": [{"name": "youth"}]}],
         ["label_uk and label_en (text) are needed"]),
        ([{"name": "sex", "columns": ["women"]}, {"name": "sex", "columns": ["men"]}],
         ["dimension 'sex' is declared twice"]),
        ([{"name": "a", "columns": ["idp"]}, {"name": "b", "columns": ["idp"]}],
         ["column 'idp' is already in dimension 'a'"]),
        ([], ["an empty list"]),
        ([{"name": "sex", "kind": "gender", "colums": ["women"]}],
         ["unknown keys ['colums']", "kind 'gender'", "columns must be a non-empty list"]),
    ],
)  # fmt: skip
def test_every_problem_of_the_section_at_once_in_both_languages(
    tables: list, expected: list[str]
) -> None:
    dims, problems = parse_dimensions(tables, "promis.toml")
    assert dims == DEFAULT_DIMENSIONS
    text = "\n".join(problems)
    for part in expected:
        assert part in text
    assert all(" / " in p and p.startswith("promis.toml [[dimensions]]") for p in problems)
    assert len(problems) >= len(expected)


def test_a_bad_section_fails_the_folder_settings(tmp_path: Path) -> None:
    (tmp_path / "promis.toml").write_text(
        '[[dimensions]]\nname = "sex"\nkind = "стать"\ncolumns = ["women"]\n', encoding="utf-8"
    )
    with pytest.raises(SettingsError, match="kind 'стать'"):
        project_settings(tmp_path)


def test_a_declared_column_may_not_take_another_register_column() -> None:
    dims, _ = parse_dimensions(
        [{"name": "age", "kind": "age_group",
          "columns": [{"name": "sessions", "label_uk": "С", "label_en": "S"}]}],
        "promis.toml",
    )  # fmt: skip
    with pytest.raises(SettingsError, match=r"columns \['sessions'\] already exist"):
        schema_for("events", dims)


# --- typed, validated register columns ------------------------------------------------------

HEADERS = "Код заходу,Назва,Тип заходу,Дата початку,Місто,Кількість учасників"


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Жінки", "women"),
        ("З них жінок", "women"),
        ("Чоловіки", "men"),
        ("з них чоловіків", "men"),
        ("ВПО", "idp"),
        ("з них ВПО", "idp"),
        ("Внутрішньо переміщені особи", "idp"),
        ("Особи з інвалідністю", "disabled"),
        ("з них осіб з інвалідністю", "disabled"),
    ],
)
def test_ukrainian_headers_give_typed_columns(tmp_path: Path, header: str, column: str) -> None:
    path = _folder(tmp_path, DISABILITY, f"""
        {HEADERS},{header}
        E1,Семінар,seminar,2023-03-01,Суми,20,4
        E2,Тренінг,training,2023-04-01,Конотоп,25,
    """)  # fmt: skip
    reg = load("events", path)
    assert not [c for c in reg.data.columns if str(c).startswith("extra:")]
    assert str(reg.data[column].dtype) == "Int64"
    assert reg.data[column].iloc[0] == 4 and pd.isna(reg.data[column].iloc[1])  # NA = unknown


def test_a_column_not_declared_stays_extra_text(tmp_path: Path) -> None:
    path = _folder(tmp_path, "", f"""
        {HEADERS},Особи з інвалідністю
        E1,Семінар,seminar,2023-03-01,Суми,20,4
    """)  # fmt: skip
    data = load("events", path).data
    assert "extra:Особи з інвалідністю" in data.columns and "disabled" not in data.columns


def test_parts_over_participants_every_problem_with_row_and_column(tmp_path: Path) -> None:
    path = _folder(tmp_path, DISABILITY, f"""
        {HEADERS},Жінки,Чоловіки,з них ВПО,Особи з інвалідністю
        E1,Семінар,seminar,2023-03-01,Суми,20,12,8,3,1
        E2,Тренінг,training,2023-04-01,Конотоп,25,14,12,30,
        E3,Форум,forum,2023-05-01,Суми,10,6,,,11
        E4,Нарада,meeting,2023-05-02,Суми,10,11,,,
    """)  # fmt: skip
    reg = load("events", path, strict=False)
    found = sorted((e.row, e.column, e.code) for e in reg.report.errors)
    assert found == [
        (3, "Жінки", "parts_over_total"),
        (3, "з них ВПО", "not_le"),
        (4, "Особи з інвалідністю", "not_le"),
        (5, "Жінки", "not_le"),
    ]
    by_code = {e.code: e for e in reg.report.errors}
    assert by_code["parts_over_total"].problem("uk") == (
        "«Жінки + Чоловіки» = 14 + 12 = 26 більше ніж «Кількість учасників» = 25"
    )
    assert by_code["parts_over_total"].problem("en") == (
        "'Жінки + Чоловіки' = 14 + 12 = 26 is greater than 'Кількість учасників' = 25"
    )
    assert list(reg.data["event_id"]) == ["E1"]


def test_non_exclusive_parts_are_each_checked_not_summed(tmp_path: Path) -> None:
    toml = DISABILITY + textwrap.dedent("""
        [[dimensions]]
        name = "vulnerable"
        kind = "other"
        [[dimensions.columns]]
        name = "veterans"
        label_uk = "Ветерани"
        label_en = "Veterans"
        [[dimensions.columns]]
        name = "pensioners"
        label_uk = "Пенсіонери"
        label_en = "Pensioners"
    """)  # fmt: skip
    path = _folder(tmp_path, toml, f"""
        {HEADERS},Ветерани,Пенсіонери
        E1,Семінар,seminar,2023-03-01,Суми,20,15,15
    """)  # fmt: skip
    assert load("events", path).report.ok  # 15 + 15 > 20, but one person may be both


def test_the_template_gets_the_declared_columns() -> None:
    dims, _ = parse_dimensions(
        [{"name": "age", "kind": "age_group", "columns": [
            {"name": "youth", "label_uk": "Молодь до 35", "label_en": "Youth under 35"},
            {"name": "adults", "label_uk": "Старші 35", "label_en": "Over 35"}]}],
        "promis.toml",
    )  # fmt: skip
    headers = [c.value for c in build_template("events", dimensions=dims)["events"][1]]
    assert "Молодь до 35 / Youth under 35" in headers and "Старші 35 / Over 35" in headers
    assert schema_for("events", dims).sums[-1] == (("youth", "adults"), "participants")
    assert schema_for("events", DEFAULT_DIMENSIONS) is SCHEMAS["events"]


# --- participants by dimension --------------------------------------------------------------


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city": ["Суми", "м. Суми", "Конотоп", "Конотоп", None],
            "participants": [20, 10, 25, 5, 7],
            "women": [12, 6, None, 3, 4],
            "men": [8, None, None, 2, None],
            "idp": [3, None, 5, None, None],
        }
    )


def _independent_by_sex(ev: pd.DataFrame) -> pd.DataFrame:
    """Per city: women, men (NA when no event gives them), the rest and the unknown."""
    ev = ev.assign(city=ev["city"].map({"Суми": "Суми", "м. Суми": "Суми", "Конотоп": "Конотоп"}))
    ev["city"] = ev["city"].fillna("(none)")
    both = ev["women"].notna() & ev["men"].notna()
    given = ev[["women", "men"]].fillna(0).sum(axis=1)
    rows = []
    for city, g in ev.groupby("city"):
        b = both[g.index]
        rows.append({
            "city": city,
            "women": g["women"].sum(min_count=1),
            "men": g["men"].sum(min_count=1),
            REST: (g["participants"] - given[g.index])[b].sum(min_count=1),
            UNKNOWN: (g["participants"] - given[g.index])[~b].sum(),
        })  # fmt: skip
    return pd.DataFrame(rows).set_index("city")


def test_by_sex_equals_an_independent_pandas_recomputation() -> None:
    ev = _events()
    table = participants_by_dimension(ev, "sex")
    expected = _independent_by_sex(ev)
    names = {"UA59080270010036634": "Суми", "UA59020070010054283": "Конотоп",
             "(unallocated)": "(none)"}  # fmt: skip
    for _, row in table[table["row_kind"] != "total"].iterrows():
        want = expected.loc[names.get(row["city"], row["city"]), row["sex"]]
        got = row["participants"]
        assert (pd.isna(got) and pd.isna(want)) or got == want, (row["city"], row["sex"])
    total = table[table["city"] == TOTAL].set_index("sex")["participants"]
    assert total["women"] == 25 and total["men"] == 10 and total[UNKNOWN] == 32


def test_unknown_shares_are_na_not_zero() -> None:
    table = participants_by_dimension(_events(), "sex")
    no_city = table[table["row_kind"] == "unallocated"].set_index("sex")
    assert pd.isna(no_city.loc["men", "participants"]) and pd.isna(no_city.loc["men", "share_pct"])
    assert no_city.loc["men", "events_reporting"] == 0
    assert no_city.loc["women", "share_pct"] == pytest.approx(100 * 4 / 7)


def test_by_accepts_a_declared_dimension() -> None:
    ev = _events()
    by_sex = participants_per_city(ev, by=("city", "sex"))
    pd.testing.assert_frame_equal(by_sex, participants_by_dimension(ev, "sex"))
    assert list(participants_per_city(ev, by="idp").columns[:2]) == ["city", "idp"]
    with pytest.raises(IndicatorError, match="sex"):
        participants_per_city(ev, by=("city", "стать"))
    with pytest.raises(IndicatorError, match="unknown dimension 'age'"):
        participants_by_dimension(ev, "age")


def test_the_loaded_register_carries_its_dimensions(tmp_path: Path) -> None:
    from promis_analytics.dataset import load_dataset

    _folder(tmp_path, DISABILITY, f"""
        {HEADERS},Жінки,Особи з інвалідністю
        E1,Семінар,seminar,2023-03-01,Суми,20,12,1
    """)  # fmt: skip
    events = load_dataset(tmp_path)["events"]
    table = participants_per_city(events, by=("disability",))
    assert table.set_index("disability").loc["disabled", "participants"].tolist() == [1, 1]
    long = participants_by_dimensions(events)
    assert list(dict.fromkeys(long["dimension"])) == ["sex", "idp", "disability"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 500),
            st.one_of(st.none(), st.floats(0, 1)),
            st.one_of(st.none(), st.floats(0, 1)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_parts_rest_and_unknown_add_up_to_the_participants(rows: list) -> None:
    p = [r[0] for r in rows]
    women = [None if w is None else int(n * w) for n, w, _ in rows]
    men = [None if m is None else int((n - (w or 0)) * m) for n, w, m in
           zip(p, women, [r[2] for r in rows], strict=True)]  # fmt: skip
    ev = pd.DataFrame({"city": None, "participants": p, "women": women, "men": men})
    table = participants_by_dimension(ev, "sex")
    total = table[table["row_kind"] == "total"]
    assert int(total["participants"].fillna(0).sum()) == sum(p)


# --- the chart ------------------------------------------------------------------------------


def _segments(fig: Figure) -> dict[str, object]:
    return {a.get_gid(): a for a in fig.findobj(lambda a: (a.get_gid() or "").startswith("seg"))}


def test_chart_draws_known_parts_and_hatches_the_unknown() -> None:
    table = participants_by_dimension(_events(), "sex")
    fig = participants_by_part(table, lang="uk", source="реєстр")
    seg = _segments(fig)
    sumy, konotop = "UA59080270010036634", "UA59020070010054283"
    assert seg[f"segment:{sumy}:women"].get_width() == 18
    assert seg[f"segment:{sumy}:men"].get_width() == 8
    assert seg[f"segment:{sumy}:(unknown)"].get_width() == 4
    assert seg[f"segment:{sumy}:(unknown)"].get_hatch() == "////"
    assert seg[f"segment:{konotop}:women"].get_width() == 3
    assert seg[f"segment:{konotop}:(unknown)"].get_width() == 25
    assert not seg[f"segment:{konotop}:women"].get_hatch()
    assert "segment:(unallocated):men" not in seg  # no event without a city gives men
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "не розподілено: дані не подано" in legend
    data = figure_data(fig)
    assert data.iloc[:, 2].sum() == 30 + 30 + 7  # what is drawn is every participant


def test_a_part_no_event_gives_is_listed_as_not_reported() -> None:
    ev = _events().assign(men=np.nan)
    fig = participants_by_part(participants_by_dimension(ev, "sex"), lang="en", source="x")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Men: not reported" in legend
    assert not [g for g in _segments(fig) if g.endswith(":men")]


def test_no_breakdown_at_all_is_a_skip_not_a_chart_of_zeros() -> None:
    ev = _events().assign(women=np.nan, men=np.nan)
    with pytest.raises(NotEnoughData):
        participants_by_part(participants_by_dimension(ev, "sex"), lang="uk", source="x")


def test_the_workbook_sheet_names_parts_with_the_profile_labels(tmp_path: Path) -> None:
    from promis_analytics.dataset import load_dataset
    from promis_analytics.indicators.tables import TABLE_NAMES, indicator_tables
    from promis_analytics.pipeline.workbook import SHEETS
    from promis_analytics.pipeline.workbook_labels import humanise

    _folder(tmp_path, DISABILITY, f"""
        {HEADERS},Жінки,Особи з інвалідністю
        E1,Семінар,seminar,2023-03-01,Суми,20,12,1
    """)  # fmt: skip
    table = indicator_tables(load_dataset(tmp_path))["participants_by_dimension"]
    assert "participants_by_dimension" in TABLE_NAMES and "participants_by_dimension" in SHEETS
    shown = humanise("participants_by_dimension", table)
    assert "Особи з інвалідністю / Persons with disabilities" in set(shown["part"])
    assert "Інвалідність / Disability" in set(shown["dimension"])
    assert "не розподілено: дані не подано / not disaggregated: not reported" in set(shown["part"])
    assert set(shown["part_key"]) >= {"women", "men", "idp", "disabled", REST, UNKNOWN}


def test_streamed_validation_reports_the_same_sum_problems(tmp_path: Path) -> None:
    from promis_analytics.registers.out.stream import validate_file

    path = _folder(tmp_path, "", f"""
        {HEADERS},Жінки,Чоловіки,з них ВПО
        E1,Семінар,seminar,2023-03-01,Суми,20,12,8,3
        E2,Тренінг,training,2023-04-01,Конотоп,25,14,12,30
    """)  # fmt: skip
    streamed = validate_file("events", path, min_bytes=1)
    whole = load("events", path, strict=False).report
    assert streamed.summary() == whole.summary()
    assert [e.code for e in streamed.errors] == ["parts_over_total", "not_le"]


_TOML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.sampled_from(["sex", "women", "men", "idp", "age_group", "name", "columns"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["name", "kind", "columns", "label_uk", "label_en",
                                       "aliases", "exclusive", "x"]), inner, max_size=5),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_TOML_VALUES)
def test_any_section_gives_dimensions_or_problems_never_an_exception(value: object) -> None:
    dims, problems = parse_dimensions(value, "promis.toml")
    assert dims == DEFAULT_DIMENSIONS or not problems
    assert all(isinstance(p, str) and " / " in p for p in problems)


@pytest.mark.parametrize("size", [1, 2, 3, 5])
@pytest.mark.parametrize("by", [("city",), ("oblast",), ("city", "event_type")])
def test_batches_give_the_same_tables_as_the_whole_register(size: int, by: tuple) -> None:
    """Differential: the register in batches of ``size`` rows (a city first seen in a later
    batch, a batch without women) gives exactly the table of the whole register."""
    from promis_analytics.dimensions import DEFAULT_DIMENSIONS
    from promis_analytics.indicators.participants_by import participants_by_dimension_batches

    ev = _events().assign(event_type=["тренінг", "форум", None, "тренінг", " "])
    ev = pd.concat([ev.iloc[[4, 2]], ev.iloc[[0, 1, 3]]], ignore_index=True)  # Суми later
    batches = [ev.iloc[i : i + size].reset_index(drop=True) for i in range(0, len(ev), size)]
    got = participants_by_dimension_batches(batches, DEFAULT_DIMENSIONS, by=by)
    for dim in DEFAULT_DIMENSIONS:
        want = participants_by_dimension(ev, dim.name, by=by, dimensions=DEFAULT_DIMENSIONS)
        pd.testing.assert_frame_equal(got[dim.name], want)
        assert got[dim.name].attrs == want.attrs
