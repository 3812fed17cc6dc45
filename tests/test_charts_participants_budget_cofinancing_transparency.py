"""Plot tests for the participatory-budget, participants, co-financing and transparency charts."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import colors
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from promis_analytics import charts
from promis_analytics.charts.participants import EVENT_TYPE_COLOURS
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError
from promis_analytics.reference import PARTNER_KEYS

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
NBSP = "\u00a0"


def _by_gid(fig: Figure, prefix: str) -> dict[str, object]:
    """Artists whose gid starts with ``prefix``, keyed by gid."""
    found = {}
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix)):
        found[artist.get_gid()] = artist
    return found


def _texts(fig: Figure) -> list[str]:
    """Every visible text of the figure (titles, tick labels, annotations, legend, notes)."""
    fig.canvas.draw()  # tick labels exist once drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _colour(artist: object) -> str:
    return colors.to_hex(artist.get_facecolor())  # type: ignore[attr-defined]


# --- participatory budget -------------------------------------------------------------------

PB_YEARS = [(2016, 17_300_000), (2017, 31_500_000), (2018, 36_900_000), (2019, 62_500_000),
            (2020, 81_600_000)]  # fmt: skip


@pytest.fixture
def pb_years() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": "participatory_budget_funding",
            "value": [float(v) for _, v in PB_YEARS],
            "unit": "UAH",
            "period_start": pd.to_datetime([f"{y}-01-01" for y, _ in PB_YEARS]),
            "period_end": pd.to_datetime([f"{y}-12-31" for y, _ in PB_YEARS]),
            "source": "https://docslib.org/doc/3787436",
        }
    )


@pytest.mark.parametrize(
    ("lang", "total", "bar_label"),
    [("uk", f"229,8{NBSP}млн{NBSP}грн", "17,3"), ("en", "UAH 229.8 million", "17.3")],
)
def test_pb_per_year_draws_one_bar_per_year_and_the_total(pb_years, lang, total, bar_label):
    fig = charts.participatory_budget_per_year(pb_years.iloc[::-1], lang=lang)
    bars = _by_gid(fig, "bar:")
    assert sorted(bars) == [f"bar:{y}" for y, _ in PB_YEARS]
    for year, value in PB_YEARS:
        assert bars[f"bar:{year}"].get_height() == pytest.approx(value / 1e6)
    x = [bars[f"bar:{y}"].get_x() for y, _ in PB_YEARS]
    assert x == sorted(x)  # year order, whatever the row order
    assert total in _by_gid(fig, "total")["total"].get_text()
    assert _by_gid(fig, "bar_label:2016")["bar_label:2016"].get_text() == bar_label
    texts = _texts(fig)
    assert any("2016–2020" in t for t in texts)
    assert (
        all(not CYRILLIC.search(t) for t in texts)
        if lang == "en"
        else CYRILLIC.search(" ".join(texts))
    )
    source = _by_gid(fig, "source_line")["source_line"].get_text()
    assert source == ("Джерело: docslib.org" if lang == "uk" else "Source: docslib.org")


def test_pb_per_year_total_follows_the_data(pb_years):
    changed = pb_years.assign(value=pb_years["value"].where(pb_years.index != 4, 91_600_000.0))
    fig = charts.participatory_budget_per_year(changed, lang="uk")
    assert f"239,8{NBSP}млн{NBSP}грн" in _by_gid(fig, "total")["total"].get_text()


def test_pb_per_year_lists_every_problem(pb_years):
    bad = pb_years.copy()
    bad.loc[0, "unit"] = "CAD"
    bad.loc[1, "period_end"] = pd.Timestamp("2018-12-31")
    bad.loc[2, "value"] = float("nan")
    bad.loc[3, "metric"] = "participatory_budget_fund"
    with pytest.raises(ChartError) as err:
        charts.participatory_budget_per_year(bad)
    message = str(err.value)
    for expected in ("row 0: unit 'CAD'", "row 2: empty 'value'", "row 3: metric"):
        assert expected in message
    bad2 = pb_years.copy()
    bad2.loc[1, "period_end"] = pd.Timestamp("2018-12-31")
    bad2.loc[4, "period_start"] = pd.Timestamp("2016-01-01")
    bad2.loc[4, "period_end"] = pd.Timestamp("2016-12-31")
    with pytest.raises(
        ChartError, match=r"row 1: period .* not one calendar year.*year\(s\) \[2016\]"
    ):
        charts.participatory_budget_per_year(bad2)


def test_pb_per_year_refuses_missing_columns(pb_years):
    with pytest.raises(ChartError, match=r"lacks column\(s\) \['unit', 'source'\]"):
        charts.participatory_budget_per_year(pb_years.drop(columns=["unit", "source"]))


@pytest.fixture
def pb_cities() -> pd.DataFrame:
    rows = [
        ("participatory_budget_fund", 2_000_000, "melitopol", 2016, 2016, "https://a.example/1"),
        ("participatory_budget_fund", 8_000_000, "vinnytsia", 2020, 2020, "https://b.example/2"),
        ("participatory_budget_winners_total", 2_500_000, "ivano_frankivsk", 2018, 2018,
         "https://c.example/3"),
        ("participatory_budget_annual_fund", 1_500_000, "berdiansk", 2016, 2020,
         "results_brochure_2021"),
    ]  # fmt: skip
    return pd.DataFrame(
        {
            "metric": [r[0] for r in rows],
            "value": [float(r[1]) for r in rows],
            "unit": "UAH",
            "period_start": pd.to_datetime([f"{r[3]}-01-01" for r in rows]),
            "period_end": pd.to_datetime([f"{r[4]}-12-31" for r in rows]),
            "cities": [r[2] for r in rows],
            "source": [r[5] for r in rows],
            "locator": [f"shared/data/pb.csv row {i}" for i in range(1, 5)],
        }
    )


@pytest.mark.parametrize(
    ("lang", "ticks"),
    [
        ("uk", ["Вінниця, 2020", "Івано-Франківськ, 2018", "Бердянськ, 2016–2020",
                "Мелітополь, 2016"]),
        ("en", ["Vinnytsia, 2020", "Ivano-Frankivsk, 2018", "Berdiansk, 2016–2020",
                "Melitopol, 2016"]),
    ],
)  # fmt: skip
def test_pb_per_city_bars_in_brochure_order_coloured_by_metric(pb_cities, lang, ticks):
    fig = charts.participatory_budget_per_city(pb_cities, lang=lang)
    ax = fig.axes[0]
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ticks
    bars = _by_gid(fig, "bar:")
    assert len(bars) == 4
    assert bars["bar:vinnytsia:2020:participatory_budget_fund"].get_width() == pytest.approx(8)
    assert bars["bar:berdiansk:2016:participatory_budget_annual_fund"].get_width() == 1.5
    assert _colour(bars["bar:vinnytsia:2020:participatory_budget_fund"]) == PALETTE["1000"].lower()
    assert (
        _colour(bars["bar:ivano_frankivsk:2018:participatory_budget_winners_total"])
        == PALETTE["2000"].lower()
    )
    label = _by_gid(fig, "bar_label:ivano_frankivsk")
    assert next(iter(label.values())).get_text() == (
        f"2,5{NBSP}млн{NBSP}грн" if lang == "uk" else "UAH 2.5 million"
    )
    melitopol = _by_gid(fig, "bar_label:melitopol")[
        "bar_label:melitopol:2016:participatory_budget_fund"
    ]
    assert melitopol.get_text() == (f"2{NBSP}млн{NBSP}грн" if lang == "uk" else "UAH 2 million")
    source = _by_gid(fig, "source_line")["source_line"].get_text()
    # three web pages, counted; a source line names documents, never data files
    assert source.replace("\n", " ").endswith(": 3") and ".csv" not in source
    if lang == "en":
        assert not any(CYRILLIC.search(t) for t in _texts(fig))


@pytest.mark.parametrize(
    ("value", "uk", "en"),
    [
        (3_240_000, f"3,24{NBSP}млн{NBSP}грн", "UAH 3.24 million"),
        (9_998_647, f"9{NBSP}998{NBSP}647{NBSP}грн", "UAH 9,998,647"),
    ],
)
def test_pb_per_city_amounts_are_not_rounded_away(pb_cities, value, uk, en):
    table = pb_cities.assign(value=pb_cities["value"].where(pb_cities.index != 0, float(value)))
    for lang, expected in (("uk", uk), ("en", en)):
        fig = charts.participatory_budget_per_city(table, lang=lang)
        gid = "bar_label:melitopol:2016:participatory_budget_fund"
        assert _by_gid(fig, gid)[gid].get_text() == expected


def test_pb_per_city_lists_every_problem(pb_cities):
    bad = pb_cities.copy()
    bad.loc[0, "cities"] = "melitopol;berdiansk"
    bad.loc[1, "value"] = -1.0
    bad.loc[2, "cities"] = "atlantis"
    with pytest.raises(ChartError) as err:
        charts.participatory_budget_per_city(bad)
    assert "row 0: 'cities' must name one city" in str(err.value)
    assert "row 1: negative value" in str(err.value)
    bad3 = pb_cities.copy()
    bad3.loc[2, "cities"] = "atlantis"
    with pytest.raises(ChartError, match="row 2: unknown city key 'atlantis'"):
        charts.participatory_budget_per_city(bad3)


def test_tiles_from_facts_takes_values_from_the_register():
    facts = pd.DataFrame(
        {
            "fact_id": ["pb_cities", "pb_years", "pb_value"],
            "value": [15.0, 5.0, 229_800_000.0],
            "unit": ["cities", "years", "UAH"],
            "source": "results_brochure_2021",
            "locator": ["1.3 line 299", "1.3 line 305", "1.3 line 308"],
        }
    )
    spec = [("pb_cities", "caption.pb_cities", None), ("pb_years", "caption.pb_years", None),
            ("pb_value", "caption.pb_value", None)]  # fmt: skip
    tiles = charts.tiles_from_facts(facts, spec)
    assert tiles["value"].tolist() == [15, 5, 229_800_000]
    assert tiles["unit"].tolist() == ["unit.cities", "unit.years", "UAH"]
    fig = charts.headline_tiles(tiles, lang="uk")
    numbers = [_by_gid(fig, f"tile_number:{i}")[f"tile_number:{i}"].get_text() for i in range(3)]
    assert numbers == ["15", "5", "229,8"]
    with pytest.raises(ChartError) as err:
        charts.tiles_from_facts(facts, [("nope", "caption.pb_cities", None),
                                        ("also_nope", "caption.pb_years", None)])  # fmt: skip
    assert "'nope'" in str(err.value) and "'also_nope'" in str(err.value)


# --- participants ---------------------------------------------------------------------------


@pytest.fixture
def participants() -> pd.DataFrame:
    rows = [
        ("vinnytsia", "seminar", 38, "group"),
        ("vinnytsia", "study_tour", 16, "group"),
        ("zaporizhzhia", "forum", 1070, "group"),
        ("zaporizhzhia", "training", 38, "group"),
        ("kyiv", "conference", 98, "group"),
        ("(unallocated)", "conference", 592, "unallocated"),
        ("(unallocated)", "forum", 354, "unallocated"),
        ("(total)", "(total)", 2206, "total"),
    ]
    table = pd.DataFrame(rows, columns=["city", "event_type", "participants", "row_kind"])
    table.attrs["partners"] = PARTNER_KEYS  # as participants_per_city records [project] partners
    return table


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_participants_segments_equal_the_table(participants, lang):
    fig = charts.participants_by_city(participants, lang=lang, source="events.csv")
    segments = _by_gid(fig, "segment:")
    assert segments["segment:zaporizhzhia:forum"].get_width() == 1070
    assert segments["segment:zaporizhzhia:training"].get_width() == 38
    assert segments["segment:vinnytsia:seminar"].get_width() == 38
    assert segments["segment:vinnytsia:study_tour"].get_x() == 38  # stacked
    assert len(segments) == 7
    for gid, artist in segments.items():
        _, place, event_type = gid.split(":")
        expected = (
            PALETTE["unallocated"] if place == "(unallocated)" else EVENT_TYPE_COLOURS[event_type]
        )
        assert _colour(artist) == expected.lower(), gid
    totals = {g.split(":", 1)[1]: a.get_text() for g, a in _by_gid(fig, "total:").items()}
    assert totals["zaporizhzhia"] == ("1 108".replace(" ", NBSP) if lang == "uk" else "1,108")
    assert totals["(unallocated)"] == "946"
    assert totals["zhmerynka"] == "0"  # every partner city has its row, even without events
    assert len(totals) == 16 + 1 + 1  # 16 partner cities, Kyiv, unallocated
    texts = _texts(fig)
    if lang == "uk":
        assert "не розподілено за містами" in texts and "Жмеринка" in texts
        assert "Джерело: events.csv" in texts
    else:
        assert not any(CYRILLIC.search(t) for t in texts)
        assert "not allocated to a city" in texts and "Source: events.csv" in texts


def test_participants_bar_order_partner_cities_then_others_then_unallocated(participants):
    fig = charts.participants_by_city(participants, lang="en", source="events.csv")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks[0] == "Partner cities" and ticks[1] == "Vinnytsia"
    assert ticks.index("Zaporizhzhia") < ticks.index("Other places") < ticks.index("Kyiv")
    assert ticks[-1] == "not allocated to a city"


def test_participants_stack_by_component():
    table = pd.DataFrame(
        [("poltava", "1000", 30, "group"), ("poltava", "2000", 12, "group"),
         ("(unallocated)", "3000", 5, "unallocated")],
        columns=["city", "component", "participants", "row_kind"],
    )  # fmt: skip
    fig = charts.participants_by_city(table, lang="uk", source="events.csv")
    segments = _by_gid(fig, "segment:")
    assert _colour(segments["segment:poltava:1000"]) == PALETTE["1000"].lower()
    assert _colour(segments["segment:poltava:2000"]) == PALETTE["2000"].lower()
    assert segments["segment:poltava:2000"].get_width() == 12


def test_participants_bad_input_lists_every_problem(participants):
    bad = participants.copy()
    bad.loc[0, "event_type"] = "picnic"
    bad.loc[1, "participants"] = -3
    bad.loc[4, "city"] = "atlantis"
    with pytest.raises(ChartError) as err:
        charts.participants_by_city(bad, source="events.csv")
    message = str(err.value)
    assert "row 0: unknown event_type 'picnic'" in message
    assert "row 1: negative participants -3" in message
    assert "row 4: unknown city key 'atlantis'" in message


def test_participants_refuses_a_totals_row_that_does_not_add_up(participants):
    bad = participants.copy()
    bad.loc[7, "participants"] = 9999
    with pytest.raises(ChartError, match=r"sum to 2206 .* says 9999"):
        charts.participants_by_city(bad, source="events.csv")
    with pytest.raises(ChartError, match="neither 'event_type' nor 'component'"):
        charts.participants_by_city(bad.drop(columns=["event_type"]), source="events.csv")


# --- co-financing ---------------------------------------------------------------------------


def _summary(rate: float, basis: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fund": ["dg_fund", "(total)"],
            "project_cad": 317_000.0,
            "partner_cad": 453_300.0,
            "project_uah": 317_000.0 * rate,
            "partner_uah": 453_300.0 * rate,
            "uah_per_cad": rate,
            "fx_basis": basis,
            "row_kind": ["group", "total"],
        }
    )


@pytest.fixture
def cofin() -> pd.DataFrame:
    return pd.concat(
        [
            _summary(20.0, "fixed rate 20 UAH per CAD"),
            _summary(19.5774, "mean NBU official rate 2015-01-01…2020-12-31"),
        ],
        ignore_index=True,
    )


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_cofinancing_bars_in_cad_and_uah(cofin, lang):
    fig = charts.cofinancing_contributions(cofin, lang=lang, source="cofinancing.csv")
    assert len(fig.axes) == 2
    cad = _by_gid(fig, "cur:")
    assert cad["cur:project"].get_height() == pytest.approx(317.0)
    assert cad["cur:partner"].get_height() == pytest.approx(453.3)
    uah = _by_gid(fig, "local:")
    assert len(uah) == 4
    assert uah["local:0:partner"].get_height() == pytest.approx(9.066)
    assert uah["local:1:project"].get_height() == pytest.approx(317_000 * 19.5774 / 1e6)
    assert _colour(uah["local:0:project"]) == PALETTE["1000"].lower()
    caption = _by_gid(fig, "rate_caption")["rate_caption"].get_text().replace("\n", " ")
    if lang == "uk":
        assert "фіксований курс 20,00 грн/CAD" in caption
        assert "середній курс НБУ 2015–2020: 19,58 грн/CAD" in caption
        assert (
            f"\u2212326{NBSP}тис.{NBSP}грн" in caption
        )  # the typographic minus  # 770 300 × (19,5774 − 20) ≈ −325 532
        assert _by_gid(fig, "cur_label:partner")["cur_label:partner"].get_text() == "453,3"
    else:
        assert "fixed rate UAH 20.00 per CAD" in caption
        assert "mean NBU rate 2015–2020: UAH 19.58 per CAD" in caption
        assert not any(CYRILLIC.search(t) for t in _texts(fig))


def test_cofinancing_bad_input_lists_every_problem(cofin):
    bad = cofin.copy()
    bad.loc[1, "project_uah"] = float("nan")
    bad.loc[3, "fx_basis"] = "guessed"
    with pytest.raises(ChartError) as err:
        charts.cofinancing_contributions(bad, source="x")
    assert "row 1: empty 'project_uah'" in str(err.value)
    assert "row 3: unknown fx_basis 'guessed'" in str(err.value)
    # amounts recorded in UAH: CAD totals differ by rate; the CAD panel names the rate drawn
    other = cofin.copy()
    other.loc[3, "partner_cad"] = 1.0
    fig = charts.cofinancing_contributions(other, source="x", lang="en")
    assert "(at " in _by_gid(fig, "cur_title")["cur_title"].get_text()
    with pytest.raises(ChartError, match="no totals row"):
        charts.cofinancing_contributions(cofin[cofin["row_kind"] == "group"], source="x")


# --- transparency ---------------------------------------------------------------------------


@pytest.fixture
def gains() -> pd.DataFrame:
    rows = [
        ("vinnytsia", 70.3, 76.7, 3, 4, 100, 100),
        ("kolomyia", None, None, 96, 15, 100, 100),
        ("poltava", None, None, 81, None, 100, None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["city", "score_from", "score_to", "rank_from", "rank_to", "rank_of_from",
                 "rank_of_to"],
    )  # fmt: skip
    for column in ("rank_from", "rank_to", "rank_of_from", "rank_of_to"):
        frame[column] = frame[column].astype("Int64")
    return frame.assign(index="transparent_cities", from_year=2018, to_year=2020)


@pytest.fixture
def top_three() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "index": "budget_transparency",
            "city": ["vinnytsia", "khmilnyk", "kremenchuk"],
            "year": 2019,
            "rank": pd.array([1, None, None], dtype="Int64"),
            "rank_of": 16,
            "source": "results_brochure_2021",
        }
    )


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_transparency_dumbbells_and_top_three(gains, top_three, lang):
    fig = charts.transparency_ranks(
        gains, top_three=top_three, lang=lang, source="index_scores.csv"
    )
    dots_from = _by_gid(fig, "rank_from:")
    dots_to = _by_gid(fig, "rank_to:")
    assert sorted(dots_from) == ["rank_from:kolomyia", "rank_from:poltava", "rank_from:vinnytsia"]
    assert sorted(dots_to) == ["rank_to:kolomyia", "rank_to:vinnytsia"]
    assert all(isinstance(a, PathCollection) for a in dots_to.values())
    assert dots_to["rank_to:kolomyia"].get_offsets()[0][0] == 15
    assert dots_from["rank_from:kolomyia"].get_offsets()[0][0] == 96
    assert list(_by_gid(fig, "link:")) == ["link:vinnytsia", "link:kolomyia"]
    changes = {g.split(":")[1]: a.get_text() for g, a in _by_gid(fig, "change:").items()}
    assert changes["kolomyia"] == "+81"
    if lang == "uk":
        assert changes["vinnytsia"] == "\u22121; бал 70,3 → 76,7 (+6,4)"
        assert changes["poltava"] == "лише 2018"
    else:
        assert changes["vinnytsia"] == "\u22121; score 70.3 → 76.7 (+6.4)"
        assert not any(CYRILLIC.search(t) for t in _texts(fig))
    top = _by_gid(fig, "top_three:budget_transparency:2019")["top_three:budget_transparency:2019"]
    assert colors.to_hex(top.get_color()) == PALETTE["highlight"].lower()
    expected = ("Вінниця — перше місце · Хмільник · Кременчук" if lang == "uk"
                else "Vinnytsia — first place · Khmilnyk · Kremenchuk")  # fmt: skip
    assert top.get_text() == expected
    assert fig.axes[0].get_xlim()[0] > fig.axes[0].get_xlim()[1]  # better ranks to the right


def test_transparency_bad_input_lists_every_problem(gains, top_three):
    bad = gains.copy()
    bad.loc[0, "rank_to"] = 0
    bad.loc[1, "rank_from"] = 120
    with pytest.raises(ChartError) as err:
        charts.transparency_ranks(bad, source="x")
    assert "row 0: rank_to 0 is below 1" in str(err.value)
    assert "row 1: rank_from 120 is beyond rank_of_from 100" in str(err.value)
    four = pd.concat([top_three, top_three.iloc[:1].assign(city="poltava")], ignore_index=True)
    with pytest.raises(ChartError, match="4 cities for budget_transparency 2019"):
        charts.transparency_ranks(gains, top_three=four, source="x")
    with pytest.raises(ChartError, match="no 'source' column"):
        charts.transparency_ranks(gains)


def test_every_chart_returns_a_figure_without_pyplot(pb_years, participants):
    for fig in (
        charts.participatory_budget_per_year(pb_years),
        charts.participants_by_city(participants, source="events.csv"),
    ):
        assert isinstance(fig, Figure)
        assert any(isinstance(p, Rectangle) for p in fig.axes[0].patches)
