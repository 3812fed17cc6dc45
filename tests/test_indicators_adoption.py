"""Tests of adoption_matrix, adoption_coverage and adoption_progress on a small register."""

from __future__ import annotations

import pandas as pd
import pytest

from promis_analytics.errors import IndicatorError
from promis_analytics.indicators import (
    CHANGE_CODES,
    NOT_LISTED,
    adoption_coverage,
    adoption_matrix,
    adoption_progress,
    adoption_progress_counts,
)
from promis_analytics.reference import PARTNER_KEYS

CARD = "2018-12-31"
BROCHURE = "2021-03-31"


def _adoptions() -> pd.DataFrame:
    rows = [
        ("Вінниця", "participatory_budget", "adopted", CARD),
        ("poltava", "participatory_budget", "in_progress", CARD),
        ("yaremche", "participatory_budget", "adopted", CARD),
        ("vinnytsia", "participatory_budget", "adopted", BROCHURE),
        ("Полтава", "participatory_budget", "adopted", BROCHURE),
        ("dolyna", "participatory_budget", "adopted", BROCHURE),
        ("vinnytsia", "e_petitions", "adopted", CARD),
        ("kolomyia", "e_petitions", "in_progress", CARD),
        ("kolomyia", "e_petitions", "adopted", CARD),  # same date: adopted outranks
        ("bakhmut", "participatory_budget", "adopted", CARD),  # not a partner city
        (None, "e_petitions", "adopted", CARD),  # no city
    ]
    return pd.DataFrame(rows, columns=["city", "instrument", "status", "as_of"]).assign(
        as_of=lambda d: pd.to_datetime(d["as_of"])
    )


def test_matrix_has_16_cities_in_brochure_order() -> None:
    m = adoption_matrix(_adoptions())
    assert m["city"].tolist() == list(PARTNER_KEYS)
    assert list(m.columns) == ["city", "participatory_budget", "e_petitions"]
    s = m.set_index("city")
    assert s.loc["poltava", "participatory_budget"] == "adopted"  # latest statement
    assert s.loc["yaremche", "participatory_budget"] == "adopted"  # carried from the card
    assert s.loc["kolomyia", "e_petitions"] == "adopted"
    assert s.loc["melitopol", "e_petitions"] == NOT_LISTED
    ex = pd.DataFrame(m.attrs["excluded"])
    assert sorted(ex["reason"]) == ["no city", "not a partner city"]


def test_matrix_as_of_the_card() -> None:
    s = adoption_matrix(_adoptions(), as_of=CARD).set_index("city")
    assert s.loc["poltava", "participatory_budget"] == "in_progress"
    assert s.loc["dolyna", "participatory_budget"] == NOT_LISTED


def test_coverage_counts_of_16() -> None:
    c = adoption_coverage(_adoptions(), as_of=CARD).set_index("instrument")
    pb = c.loc["participatory_budget"]
    assert (pb["adopted"], pb["in_progress"], pb["not_listed"], pb["cities_total"]) == (
        2,
        1,
        13,
        16,
    )
    assert pb["coverage_pct"] == pytest.approx(12.5)
    assert pb["adopted_cities"] == "vinnytsia;yaremche"
    later = adoption_coverage(_adoptions(), as_of=BROCHURE).set_index("instrument")
    assert later.loc["participatory_budget", "adopted"] == 4


def test_progress_between_card_and_brochure() -> None:
    p = adoption_progress(_adoptions(), CARD, BROCHURE)
    got = {(r.city, r.instrument): r.change for r in p.itertuples()}
    assert got == {
        ("vinnytsia", "participatory_budget"): "still_adopted",
        ("dolyna", "participatory_budget"): "newly_adopted",
        ("yaremche", "participatory_budget"): "not_listed_later",
        ("poltava", "participatory_budget"): "completed",
        ("vinnytsia", "e_petitions"): "instrument_not_reported_later",
        ("kolomyia", "e_petitions"): "instrument_not_reported_later",
    }
    assert p["city"].tolist()[:4] == ["vinnytsia", "dolyna", "yaremche", "poltava"]


def test_empty_register() -> None:
    e = _adoptions().iloc[0:0]
    m = adoption_matrix(e)
    assert m["city"].tolist() == list(PARTNER_KEYS) and list(m.columns) == ["city"]
    assert len(adoption_coverage(e)) == 0
    assert len(adoption_progress(e, CARD, BROCHURE)) == 0


def test_missing_status_and_unknown_status() -> None:
    df = _adoptions()
    df.loc[0, "status"] = None
    m = adoption_matrix(df)
    assert "no status" in {e["reason"] for e in m.attrs["excluded"]}
    df.loc[1, "status"] = "впроваджено"
    with pytest.raises(IndicatorError, match="впроваджено"):
        adoption_matrix(df)


def test_progress_dates_must_be_ordered() -> None:
    with pytest.raises(IndicatorError, match="not before"):
        adoption_progress(_adoptions(), BROCHURE, CARD)


def test_progress_counts_per_instrument() -> None:
    c = adoption_progress_counts(_adoptions(), CARD, BROCHURE).set_index("instrument")
    pb = c.loc["participatory_budget"]
    # card: vinnytsia, yaremche adopted; by the brochure date poltava and dolyna join,
    # yaremche carries forward (latest statement) → 4
    assert (pb["adopted_from"], pb["adopted_to"]) == (2, 4)
    assert (pb["newly_adopted"], pb["completed"], pb["still_adopted"]) == (1, 1, 1)
    assert pb["not_listed_later"] == 1
    assert c.loc["e_petitions", "instrument_not_reported_later"] == 2
    assert list(c.columns) == [
        "adopted_from", "adopted_to", "in_progress_from", "in_progress_to", "from_basis",
        "to_basis", "gain", *CHANGE_CODES, "unknown_reason",
    ]  # fmt: skip
    assert (pb["from_basis"], pb["to_basis"], pb["gain"]) == ("listed", "listed", 2)
    # e-petitions: the later report is silent → carried forward, no gain
    ep = c.loc["e_petitions"]
    assert (ep["to_basis"], ep["gain"] is pd.NA) == ("carried", True)
    assert len(adoption_progress_counts(_adoptions().iloc[0:0], CARD, BROCHURE)) == 0


def test_a_register_of_other_cities_counts_its_own_cities() -> None:
    """A project outside PROMIS: the table counts the places its register names."""
    import pandas as pd

    from promis_analytics.indicators.adoption import adoption_coverage, cities_of

    own = pd.DataFrame(
        {
            "city": ["Луцьк", "у Чернігові", "Біла Церква", "Луцьк"],
            "instrument": [
                "participatory_budget",
                "participatory_budget",
                "e_petitions",
                "e_petitions",
            ],
            "status": ["adopted", "in_progress", "adopted", "in_progress"],
            "as_of": pd.to_datetime(["2023-12-31"] * 4),
        }
    )
    cities = cities_of(own)
    assert len(cities) == 3 and all(c.startswith("UA") for c in cities)
    coverage = adoption_coverage(own).set_index("instrument")
    assert coverage.loc["participatory_budget", "cities_total"] == 3
    assert coverage.loc["participatory_budget", "adopted"] == 1
    assert coverage.loc["e_petitions", "in_progress"] == 1


def _with_counts(*rows: tuple) -> pd.DataFrame:
    extra = pd.DataFrame(rows, columns=["city", "instrument", "status", "as_of", "cities_count"])
    extra["as_of"] = pd.to_datetime(extra["as_of"])
    return pd.concat([_adoptions().assign(cities_count=pd.NA), extra], ignore_index=True)


def test_a_printed_count_is_known_but_not_named() -> None:
    """The card prints «у 8 містах» without the cities; the brochure names all 16."""
    later = [(k, "prozorro_sales", "adopted", BROCHURE, None) for k in PARTNER_KEYS]
    df = _with_counts((None, "prozorro_sales", "adopted", CARD, 8), *later)
    card = adoption_coverage(df, as_of=CARD).set_index("instrument").loc["prozorro_sales"]
    assert (card["adopted"], card["printed"], card["count"], card["basis"]) == (
        0, 8, 8, "printed"
    )  # fmt: skip
    c = adoption_progress_counts(df, CARD, BROCHURE).set_index("instrument")
    row = c.loc["prozorro_sales"]
    assert (row["adopted_from"], row["from_basis"]) == (8, "printed")
    assert (row["adopted_to"], row["to_basis"], row["gain"]) == (16, "listed", 8)


def test_a_printed_count_larger_than_the_named_cities() -> None:
    df = _with_counts(
        ("vinnytsia", "business_association", "adopted", CARD, None),
        ("vinnytsia", "business_association", "adopted", BROCHURE, None),
        ("melitopol", "business_association", "adopted", BROCHURE, None),
        (None, "business_association", "adopted", BROCHURE, 9),
    )
    row = (
        adoption_progress_counts(df, CARD, BROCHURE)
        .set_index("instrument")
        .loc["business_association"]
    )
    assert (row["adopted_from"], row["adopted_to"], row["to_basis"], row["gain"]) == (
        1, 9, "printed", 8
    )  # fmt: skip


def test_an_instrument_not_reported_earlier_is_unknown_not_zero() -> None:
    df = _with_counts(("poltava", "eco_passport", "adopted", BROCHURE, None))
    row = adoption_progress_counts(df, CARD, BROCHURE).set_index("instrument").loc["eco_passport"]
    assert row["adopted_from"] is pd.NA
    assert row["from_basis"] == "not_reported"
    assert row["gain"] is pd.NA  # gains need both ends
    assert row["adopted_to"] == 1


def test_the_embedded_register_prozorro_2018_is_printed_8() -> None:
    """Done-when of issue 15: ProZorro.Продажі has the printed 8 for 2018 and no "+16"."""
    from promis_analytics.dataset import load_dataset
    from promis_analytics.indicators import report_dates

    adoptions = load_dataset()["adoptions"]
    first, last = report_dates(adoptions)
    row = (
        adoption_progress_counts(adoptions, first, last)
        .set_index("instrument")
        .loc["prozorro_sales"]
    )
    assert (row["adopted_from"], row["from_basis"]) == (8, "printed")
    assert row["gain"] != 16
    assert row["gain"] == row["adopted_to"] - 8


# --- counts as printed: named vs printed, in progress apart, newly adopted unknown ------------

#: A small register in the adoptions schema: Ukrainian spellings, three printed counts.
COUNTED = pd.DataFrame(
    [
        # the earlier report prints «у 8 містах» without naming them; the later names three
        (None, "prozorro_sales", "adopted", CARD, 8),
        ("Вінниця", "prozorro_sales", "adopted", BROCHURE, None),
        ("Жмеринка", "prozorro_sales", "adopted", BROCHURE, None),
        ("Ладижин", "prozorro_sales", "adopted", BROCHURE, None),
        # named two of a printed 8 later (printed > named)
        ("Долина", "open_city", "adopted", CARD, None),
        ("Коломия", "open_city", "adopted", CARD, None),
        ("Енергодар", "open_city", "adopted", BROCHURE, None),
        (None, "open_city", "adopted", BROCHURE, 8),
        # in progress earlier, a printed count later
        ("Івано-Франківськ", "gender_budgeting", "in_progress", CARD, None),
        ("Горішні Плавні", "gender_budgeting", "in_progress", CARD, None),
        ("Мелітополь", "gender_budgeting", "in_progress", CARD, None),
        (None, "gender_budgeting", "adopted", BROCHURE, 10),
        # in progress later only, printed too
        ("Кременчук", "school_participatory_budget", "in_progress", BROCHURE, None),
        (None, "school_participatory_budget", "in_progress", BROCHURE, 3),
    ],
    columns=["city", "instrument", "status", "as_of", "cities_count"],
).assign(as_of=lambda d: pd.to_datetime(d["as_of"]))


def _same(got: object, expected: object) -> bool:
    """Equal values, or both unknown (<NA>)."""
    if got is pd.NA or expected is pd.NA:
        return got is pd.NA and expected is pd.NA
    return got == expected


@pytest.mark.parametrize(
    ("instrument", "expected"),
    [
        # adopted_from, in_progress_from, adopted_to, in_progress_to, from_basis, to_basis,
        # gain, newly_adopted, unknown_earlier, unknown_reason
        ("prozorro_sales",
         (8, 0, 8, 0, "printed", "printed", 0, pd.NA, 3, "earlier_count_unnamed")),
        ("open_city", (2, 0, 8, 0, "listed", "printed", 6, 1, 0, pd.NA)),
        ("gender_budgeting", (0, 3, 10, 0, "listed", "printed", 10, 0, 0, pd.NA)),
        ("school_participatory_budget",
         (pd.NA, pd.NA, 0, 3, "not_reported", "listed", pd.NA, 0, 0, pd.NA)),
    ],
)  # fmt: skip
def test_progress_counts_as_printed(instrument: str, expected: tuple) -> None:
    row = adoption_progress_counts(COUNTED, CARD, BROCHURE).set_index("instrument").loc[instrument]
    columns = ("adopted_from", "in_progress_from", "adopted_to", "in_progress_to",
               "from_basis", "to_basis", "gain", "newly_adopted", "unknown_earlier",
               "unknown_reason")  # fmt: skip
    got = tuple(row[c] for c in columns)
    for column, g, e in zip(columns, got, expected, strict=True):
        assert _same(g, e), (instrument, column, g, e)


def test_prozorro_cities_named_later_are_of_unknown_novelty() -> None:
    p = adoption_progress(COUNTED, CARD, BROCHURE)
    changes = p.loc[p["instrument"] == "prozorro_sales", "change"].tolist()
    assert changes == ["unknown_earlier"] * 3  # never «newly_adopted»: 8 cities were unnamed
    c = adoption_progress_counts(COUNTED, CARD, BROCHURE).set_index("instrument")
    assert c.loc["prozorro_sales", "started"] is pd.NA
    # the earlier open-city count names all its cities: Енергодар is new
    assert c.loc["open_city", "newly_adopted"] == 1
    assert c.loc["open_city", "not_listed_later"] == 2


@pytest.mark.parametrize(
    ("instrument", "as_of", "expected"),
    [
        # adopted (named), printed, count, basis, not_named, coverage_pct, in_progress,
        # in_progress_count
        ("open_city", BROCHURE, (3, 8, 8, "printed", 5, 50.0, 0, 0)),
        ("open_city", CARD, (2, pd.NA, 2, "listed", 0, 12.5, 0, 0)),
        ("prozorro_sales", CARD, (0, 8, 8, "printed", 8, 50.0, 0, 0)),
        ("prozorro_sales", BROCHURE, (3, 8, 8, "printed", 5, 50.0, 0, 0)),
        ("gender_budgeting", CARD, (0, pd.NA, 0, "listed", 0, 0.0, 3, 3)),
        ("gender_budgeting", BROCHURE, (0, 10, 10, "printed", 10, 62.5, 3, 3)),
        ("school_participatory_budget", BROCHURE, (0, pd.NA, 0, "listed", 0, 0.0, 1, 3)),
    ],
)
def test_coverage_is_the_larger_of_named_and_printed(
    instrument: str, as_of: str, expected: tuple
) -> None:
    row = adoption_coverage(COUNTED, as_of=as_of).set_index("instrument").loc[instrument]
    columns = ("adopted", "printed", "count", "basis", "not_named", "coverage_pct",
               "in_progress", "in_progress_count")  # fmt: skip
    for column, e in zip(columns, expected, strict=True):
        g = row[column]
        assert _same(g, e), (instrument, as_of, column, g, e)


def test_matrix_says_how_many_cities_it_cannot_name() -> None:
    m = adoption_matrix(COUNTED)
    assert m.attrs["not_named"]["open_city"] == 5
    assert m.attrs["not_named"]["gender_budgeting"] == 10
    assert m.attrs["not_named_in_progress"]["school_participatory_budget"] == 2
    assert m.attrs["not_named"]["school_participatory_budget"] == 0
    # printed counts are used, not «excluded»
    assert m.attrs["excluded"] == ()
    # in progress is its own status, never adopted
    s = m.set_index("city")
    assert s.loc["melitopol", "gender_budgeting"] == "in_progress"


def test_a_printed_count_without_named_cities_still_makes_a_matrix_column() -> None:
    only = COUNTED.loc[COUNTED["instrument"] == "gender_budgeting"].iloc[3:]
    m = adoption_matrix(only)
    assert (m["gender_budgeting"] == NOT_LISTED).all()
    assert m.attrs["not_named"] == {"gender_budgeting": 10}


def test_printed_counts_per_status_and_window() -> None:
    from promis_analytics.indicators.adoption import printed_counts

    assert printed_counts(COUNTED, status="in_progress").to_dict() == {
        "school_participatory_budget": 3
    }
    assert printed_counts(COUNTED, as_of=CARD).to_dict() == {"prozorro_sales": 8}
    later = printed_counts(COUNTED, as_of=BROCHURE, after=CARD).to_dict()
    assert later == {"gender_budgeting": 10, "open_city": 8}
    with pytest.raises(IndicatorError, match="'впроваджено'"):
        printed_counts(COUNTED, status="впроваджено")


def test_the_embedded_register_counts_as_printed() -> None:
    """Issue 23: the published adoption numbers are the sources' numbers."""
    from promis_analytics.dataset import load_dataset
    from promis_analytics.indicators import report_dates

    adoptions = load_dataset()["adoptions"]
    first, last = report_dates(adoptions)
    c = adoption_progress_counts(adoptions, first, last).set_index("instrument")
    assert c.loc["open_city", "adopted_to"] == 8  # brochure «8 українським містам»
    gb = c.loc["gender_budgeting"]
    assert (gb["adopted_from"], gb["in_progress_from"], gb["adopted_to"]) == (0, 3, 10)
    pz = c.loc["prozorro_sales"]
    assert pz["newly_adopted"] is pd.NA and pz["unknown_reason"] == "earlier_count_unnamed"
    cov = adoption_coverage(adoptions).set_index("instrument")
    for instrument, count, not_named in (
        ("marketing_strategy", 11, 2),
        ("city_brand", 6, 2),
        ("business_association", 9, 5),
        ("open_city", 8, 1),
    ):
        assert (cov.loc[instrument, "count"], cov.loc[instrument, "not_named"]) == (
            count,
            not_named,
        ), instrument
    m = adoption_matrix(adoptions).set_index("city")
    assert m.loc["khmilnyk", "marketing_strategy"] == "adopted"  # the regional article


@pytest.mark.parametrize(
    ("locator", "says"),
    [
        ("1.3, line 333", ": this printed figure itself, not a check"),  # the same statement
        ("1.3, line 340", ""),  # another statement of the same document
    ],
)
def test_brochure_check_recomputes_named_cities_and_names_the_printed_count(
    locator: str, says: str
) -> None:
    from promis_analytics.indicators import brochure_checks

    facts = pd.DataFrame(
        [("f_oc", "1.3", "open_city_cities", 8.0, "cities", None, BROCHURE, None, "8",
          "results_brochure_2021", locator)],
        columns=["fact_id", "section", "metric", "value", "unit", "period_start", "period_end",
                 "cities", "as_printed", "source", "locator"],
    )  # fmt: skip
    register = COUNTED.assign(
        source="results_brochure_2021",
        locator=["1.3, line 333 (count printed, cities not named)"] * len(COUNTED),
    )
    (row,) = brochure_checks(facts, {"adoptions": register}).itertuples()
    assert row.recomputed_value == 3  # Долина, Коломия, Енергодар: the named cities only
    assert row.note.endswith(
        "8 cities (adopted) counted without names in the register (results_brochure_2021)" + says
    )
