"""Tests of participants_per_city with small hand-computed event registers."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators import TOTAL, UNALLOCATED, participants_per_city
from promis_analytics.reference import city


def _events() -> pd.DataFrame:
    # Zaporizhzhia under two spellings, one event without a city, one in Kyiv (not a partner).
    return pd.DataFrame(
        {
            "event_id": ["e1", "e2", "e3", "e4", "e5", "e6"],
            "event_type": ["training", "seminar", "training", "forum", "training", None],
            "component": ["1100", "1100", "2100", None, "3100", "1200"],
            "date_start": pd.to_datetime(
                ["2018-07-03", "2018-09-12", "2018-10-01", "2018-11-20", "2018-12-05", None]
            ),
            "city": ["Запоріжжя", "zaporizhzhia", "vinnytsia", None, "kyiv", "poltava"],
            "participants": [30, 20, 12, 40, 25, 10],
            "women": [18, None, 6, 10, None, 7],
        }
    )


def _row(table: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=table.index)
    for k, v in where.items():
        mask &= table[k] == v
    assert mask.sum() == 1, where
    return table.loc[mask].iloc[0]


def test_two_spellings_aggregate_and_women_share_only_where_reported() -> None:
    t = participants_per_city(_events())
    z = _row(t, city="zaporizhzhia")
    assert (z["events"], z["participants"]) == (2, 50)
    # Women reported only for e1 (18 of 30): share over that event, not over all 50.
    assert (z["events_with_women"], z["participants_with_women"], z["women"]) == (1, 30, 18)
    assert z["women_share_pct"] == pytest.approx(60.0)
    pop = city("zaporizhzhia").population
    assert z["population"] == pop
    assert z["participants_per_1000"] == pytest.approx(1000 * 50 / pop)


def test_event_without_city_is_its_own_row_and_total_equals_register() -> None:
    ev = _events()
    t = participants_per_city(ev)
    u = _row(t, city=UNALLOCATED)
    assert (u["row_kind"], u["events"], u["participants"]) == ("unallocated", 1, 40)
    assert math.isnan(u["participants_per_1000"])
    tot = t.iloc[-1]
    assert tot["city"] == TOTAL and tot["row_kind"] == "total"
    assert tot["participants"] == ev["participants"].sum() == 137
    assert tot["events"] == len(ev)
    groups = t[t["row_kind"] != "total"]
    assert groups["participants"].sum() == tot["participants"]
    # women known in e1, e3, e4: 18 + 6 + 10 of 30 + 12 + 40 participants; e6 too: 7 of 10
    assert tot["women"] == 41 and tot["participants_with_women"] == 92


def test_row_order_brochure_then_others_then_unallocated_then_total() -> None:
    t = participants_per_city(_events())
    assert t["city"].tolist() == [
        "vinnytsia",
        "poltava",
        "zaporizhzhia",
        "kyiv",
        UNALLOCATED,
        TOTAL,
    ]


def test_partner_only_keeps_unallocated_and_lists_excluded() -> None:
    partners = ["Запоріжжя", "Вінниця", "Полтава"]
    t = participants_per_city(_events(), partner_only=True, partners=partners)
    assert "kyiv" not in set(t["city"])
    assert UNALLOCATED in set(t["city"])
    assert t.iloc[-1]["participants"] == 137 - 25
    ex = pd.DataFrame(t.attrs["excluded"])
    assert ex["city"].tolist() == ["kyiv"] and ex["reason"].tolist() == ["not a partner city"]
    assert t.attrs["partners"] == ("zaporizhzhia", "vinnytsia", "poltava")  # declared order


def test_partner_only_uses_the_partners_the_register_carries() -> None:
    ev = _events()
    ev.attrs["partners"] = ("Київ", "Запоріжжя")  # as load_dataset attaches [project] partners
    t = participants_per_city(ev, partner_only=True)
    assert set(t["city"]) == {"zaporizhzhia", "kyiv", UNALLOCATED, TOTAL}
    assert t.iloc[-1]["participants"] == 30 + 20 + 25 + 40


def test_partner_only_without_declared_partners_keeps_the_projects_total() -> None:
    # Another project's register: places that are not PROMIS's cities, no partners declared.
    ev = pd.DataFrame({"city": ["Львів", "Ужгород", "Луцьк"], "participants": [12, 30, 7]})
    t = participants_per_city(ev, partner_only=True)
    assert t.iloc[-1]["participants"] == 49 and t.iloc[-1]["events"] == 3
    assert t.attrs["partners"] is None and t.attrs["excluded"] == ()


def test_unknown_partner_name_is_an_error() -> None:
    with pytest.raises(IndicatorError, match="Атлантида"):
        participants_per_city(_events(), partner_only=True, partners=["Атлантида"])


def test_events_outside_their_documents_period_are_counted_apart() -> None:
    ev = _events().assign(period_status=["outside", "in", "in", "outside", None, "in"])
    t = participants_per_city(ev)
    z = _row(t, city="zaporizhzhia")
    assert (z["participants"], z["outside_events"], z["outside_participants"]) == (50, 1, 30)
    u = _row(t, city=UNALLOCATED)
    assert (u["outside_events"], u["outside_participants"]) == (1, 40)
    assert (t.iloc[-1]["outside_events"], t.iloc[-1]["outside_participants"]) == (2, 70)
    plain = participants_per_city(_events())  # no period_status column: nothing outside
    assert plain["outside_events"].eq(0).all() and plain["outside_participants"].eq(0).all()


def test_period_filter_reports_undated_events() -> None:
    t = participants_per_city(_events(), period=("2018-09-01", "2018-11-30"))
    assert t.iloc[-1]["events"] == 3  # e2, e3, e4
    assert t.iloc[-1]["participants"] == 20 + 12 + 40
    reasons = {e["row"]: e["reason"] for e in t.attrs["excluded"]}
    assert reasons == {
        5: "no date_start",
        0: "date_start outside period",
        4: "date_start outside period",
    }


def test_by_oblast_and_event_type() -> None:
    t = participants_per_city(_events(), by=("oblast", "event_type"))
    zap_oblast = city("zaporizhzhia").oblast_en
    r = _row(t, oblast=zap_oblast, event_type="training")
    assert (r["events"], r["participants"]) == (1, 30)
    assert math.isnan(r["participants_per_1000"])  # no population for oblast rows
    r = _row(t, oblast=city("poltava").oblast_en, event_type="(none)")
    assert r["participants"] == 10
    assert _row(t, oblast=UNALLOCATED, event_type="forum")["row_kind"] == "unallocated"
    assert t.iloc[-1]["participants"] == 137


def test_by_city_and_component() -> None:
    t = participants_per_city(_events(), by=("city", "component"))
    z = t[t["city"] == "zaporizhzhia"]
    assert z["component"].tolist() == ["1100"]
    assert z["participants"].tolist() == [50]
    assert _row(t, city=UNALLOCATED, component="(none)")["participants"] == 40


def test_empty_register_gives_totals_row_only() -> None:
    empty = _events().iloc[0:0]
    t = participants_per_city(empty)
    assert len(t) == 1
    assert t.iloc[0]["row_kind"] == "total"
    assert t.iloc[0]["events"] == 0 and t.iloc[0]["participants"] == 0
    assert math.isnan(t.iloc[0]["women_share_pct"])


def test_missing_participants_are_counted_not_hidden() -> None:
    ev = _events()
    ev["participants"] = ev["participants"].astype("Int64")
    ev.loc[2, "participants"] = pd.NA
    ev.loc[2, "women"] = None
    t = participants_per_city(ev)
    v = _row(t, city="vinnytsia")
    assert (v["events"], v["events_missing_participants"]) == (1, 1)
    assert pd.isna(v["participants"])  # its only event gives no count: unknown, not 0
    assert t.iloc[-1]["events_missing_participants"] == 1


def test_no_women_column_gives_nan_share() -> None:
    t = participants_per_city(_events().drop(columns="women"))
    assert t["women_share_pct"].isna().all()
    assert t["women"].isna().all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": ("town",)}, "by="),
        ({"by": ()}, "by="),
        ({"period": ("2019-01-01", "2018-01-01")}, "starts after"),
    ],
)
def test_bad_arguments_raise(kwargs: dict, message: str) -> None:
    with pytest.raises(IndicatorError, match=message):
        participants_per_city(_events(), **kwargs)


def test_unknown_spelling_raises_naming_the_row() -> None:
    ev = _events()
    ev.loc[1, "city"] = "Атлантида"
    with pytest.raises(IndicatorError, match=r"row 1.*Атлантида"):
        participants_per_city(ev)


def test_missing_column_is_named() -> None:
    with pytest.raises(IndicatorError, match="participants"):
        participants_per_city(_events().drop(columns="participants"))


_SPELLINGS = ["vinnytsia", "Вінниця", "zaporizhzhia", "Запоріжжя", "kyiv", "Київ", None, ""]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_SPELLINGS),
            st.integers(0, 500),
            st.one_of(st.none(), st.integers(0, 500)),
            st.sampled_from(["training", "seminar", None]),
        ),
        max_size=12,
    )
)
def test_property_totals_equal_register_and_groups(rows: list) -> None:
    rows = [(c, p, None if w is None else min(w, p), t) for c, p, w, t in rows]
    ev = pd.DataFrame(rows, columns=["city", "participants", "women", "event_type"])
    for by in (("city",), ("city", "event_type"), ("oblast",)):
        t = participants_per_city(ev, by=by)
        tot = t.iloc[-1]
        groups = t.iloc[:-1]
        assert tot["row_kind"] == "total"
        assert tot["events"] == len(ev) == groups["events"].sum()
        assert tot["participants"] == ev["participants"].sum() == groups["participants"].sum()
        no_city = ev["city"].isna() | (ev["city"] == "")
        unalloc = groups.loc[groups["row_kind"] == "unallocated", "events"].sum()
        assert unalloc == no_city.sum()


def test_tables_with_excluded_rows_can_be_concatenated() -> None:
    a = participants_per_city(_events(), partner_only=True)
    b = participants_per_city(_events(), period=("2018-09-01", "2018-11-30"))
    assert len(pd.concat([a, b])) == len(a) + len(b)


def test_a_place_whose_events_give_no_count_is_unknown_not_zero() -> None:
    ev = pd.DataFrame({"city": ["Полтава", "Полтава", "Вінниця"], "participants": [None, None, 12]})
    t = participants_per_city(ev)
    poltava = _row(t, city="poltava")
    assert pd.isna(poltava["participants"]) and poltava["events_missing_participants"] == 2
    assert math.isnan(poltava["participants_per_1000"])
    assert t.iloc[-1]["participants"] == 12  # the total of what is known, 2 events missing
    assert t.iloc[-1]["events_missing_participants"] == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["Вінниця", "Жмеринка"], ("Вінниця", "Жмеринка")),
        (None, None),
        ("Вінниця", "очікувався непорожній список назв"),
        ([], "expected a non-empty list of place names"),
        (["Вінниця", 3], "found ['Вінниця', 3]"),
    ],
)
def test_project_partners_are_a_list_of_place_names(value: object, expected: object) -> None:
    from promis_analytics.project import SettingsError, settings_from

    table = {} if value is None else {"partners": value}
    if isinstance(expected, str):
        with pytest.raises(SettingsError, match=re.escape(expected)):
            settings_from(table)
    else:
        assert settings_from(table).partners == expected


def test_events_in_period_leaves_out_events_partly_or_wholly_outside() -> None:
    """The chart's months come from events wholly inside their card's half-year: a course
    begun in March does not make a July–December card read «березень–грудень»."""
    from promis_analytics.indicators.participants import events_in_period

    events = pd.DataFrame(
        {
            "event_id": ["a", "b", "c", "d"],
            "date_start": pd.to_datetime(["2018-03-16", "2018-05-10", "2018-07-12", "2018-12-03"]),
            "period_status": ["partly", "outside", "in", None],
        }
    )
    assert list(events_in_period(events)["event_id"]) == ["c", "d"]
    assert list(events_in_period(events.drop(columns="period_status"))["event_id"]) == list("abcd")
