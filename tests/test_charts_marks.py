"""Plot tests: what the charts mark — out-of-period participants, the source's qualifier,
unknown co-financing, a legend clear of the title, counts that agree with their words."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import colors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from promis_analytics import charts
from promis_analytics.charts.participants import EVENT_TYPE_COLOURS
from promis_analytics.errors import NotEnoughData
from promis_analytics.indicators import (
    cofinancing_at_rates,
    events_in_period,
    participants_per_city,
)
from promis_analytics.periods import span_text
from promis_analytics.rate_basis import RateBasis

NBSP = "\u00a0"


def _by_gid(fig: Figure, prefix: str) -> dict[str, object]:
    found = {}
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix)):
        found[artist.get_gid()] = artist
    return found


def _events() -> pd.DataFrame:
    # A July–December card that also reports two events held in May (outside its half-year).
    return pd.DataFrame(
        {
            "city": ["Кременчук", "Кременчук", "Запоріжжя", "Запоріжжя", "Вінниця"],
            "event_type": ["training", "forum", "forum", "forum", "seminar"],
            "date_start": pd.to_datetime(
                ["2018-10-02", "2018-05-17", "2018-07-12", "2018-05-25", "2018-12-04"]
            ),
            "date_end": pd.to_datetime(
                ["2018-10-03", "2018-05-18", "2018-07-13", "2018-05-26", "2018-12-04"]
            ),
            "participants": [14, 200, 958, 242, 38],
            "period_status": ["in", "outside", "in", "outside", "in"],
            "source": "monitoring_card_2018H2",
        }
    )


@pytest.mark.parametrize(
    ("lang", "period", "legend"),
    [
        ("uk", "липень–грудень 2018", "поза звітним періодом документа"),
        ("en", "July–December 2018", "outside the document's reporting period"),
    ],
)
def test_out_of_period_participants_are_a_hatched_segment(lang, period, legend) -> None:
    ev = _events()
    table = participants_per_city(ev, by=("city", "event_type"))
    title_period = span_text(events_in_period(ev), ["date_start", "date_end"], lang)
    assert title_period == period  # not «травень–грудень»: the May events are outside
    fig = charts.participants_by_city(table, lang=lang, source="картка", period=title_period)
    solid, hatched = _by_gid(fig, "segment:"), _by_gid(fig, "outside:")
    assert set(hatched) == {"outside:kremenchuk:forum", "outside:zaporizhzhia:forum"}
    assert hatched["outside:kremenchuk:forum"].get_width() == 200
    assert hatched["outside:zaporizhzhia:forum"].get_width() == 242
    assert hatched["outside:zaporizhzhia:forum"].get_hatch() == "////"
    assert solid["segment:zaporizhzhia:forum"].get_width() == 958
    assert "segment:kremenchuk:forum" not in solid  # every forum participant there is outside
    # the hatched part ends the segment, in the segment's colour
    forum = hatched["outside:zaporizhzhia:forum"]
    assert forum.get_x() == pytest.approx(solid["segment:zaporizhzhia:forum"].get_x() + 958)
    assert colors.to_hex(forum.get_facecolor()) == EVENT_TYPE_COLOURS["forum"].lower()
    assert all(not a.get_hatch() for a in solid.values())
    totals = {g.split(":", 1)[1]: a.get_text() for g, a in _by_gid(fig, "total:").items()}
    assert totals["zaporizhzhia"] == ("1 200".replace(" ", NBSP) if lang == "uk" else "1,200")
    assert totals["kremenchuk"] == "214"
    entries = {t.get_text(): h for t, h in zip(*_legend(fig), strict=True)}
    assert entries[legend].get_hatch() == "////"
    fig.canvas.draw()
    assert any(period in t.get_text() for t in fig.findobj(matplotlib.text.Text))


def _legend(fig: Figure) -> tuple[list, list]:
    legend = fig.axes[0].get_legend()
    return legend.get_texts(), legend.legend_handles


def test_no_hatch_and_no_legend_entry_without_out_of_period_events() -> None:
    ev = _events().assign(period_status="in")
    table = participants_per_city(ev, by=("city", "event_type"))
    fig = charts.participants_by_city(table, lang="en", source="events.csv")
    assert not _by_gid(fig, "outside:")
    assert "outside the document's reporting period" not in [t.get_text() for t in _legend(fig)[0]]


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("uk", "1 захід, 200 учасників", "2 заходи, 442 учасники"),
        ("en", "1 event, 200 participants", "2 events, 442 participants"),
    ],
)
def test_caption_counts_agree_with_their_words(lang, one, many) -> None:
    one_event = {"outside_events": 1, "outside_participants": 200}
    assert one in charts.participants_caption(one_event, lang)
    two = {"outside_events": 2, "outside_participants": 442}
    assert many in charts.participants_caption(two, lang)
    assert "1 events" not in charts.participants_caption(one_event, lang)


# --- participatory budget: the source's qualifier travels with the value ------------------


def _pb() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": ["participatory_budget_winners_total", "participatory_budget_fund"],
            "value": [2_500_000.0, 15_000_000.0],
            "unit": "UAH",
            "period_start": pd.to_datetime(["2018-01-01", "2020-01-01"]),
            "period_end": pd.to_datetime(["2018-12-31", "2020-12-31"]),
            "cities": ["ivano_frankivsk", "ivano_frankivsk"],
            "qualifier": ["almost", None],
            "source": "https://report.if.ua/x",
        }
    )


@pytest.mark.parametrize(
    ("lang", "almost", "exact"),
    [
        ("uk", f"майже 2,5{NBSP}млн{NBSP}грн", f"15{NBSP}млн{NBSP}грн"),
        ("en", "almost UAH 2.5 million", "UAH 15 million"),
    ],
)
def test_pb_label_keeps_the_sources_qualifier(lang, almost, exact) -> None:
    fig = charts.participatory_budget_per_city(_pb(), lang=lang)
    labels = {g: a.get_text() for g, a in _by_gid(fig, "bar_label:").items()}
    key = "bar_label:ivano_frankivsk:{}:participatory_budget_{}"
    assert labels[key.format(2018, "winners_total")] == almost
    assert labels[key.format(2020, "fund")] == exact
    bars = _by_gid(fig, "bar:")
    assert bars["bar:ivano_frankivsk:2018:participatory_budget_winners_total"].get_width() == 2.5


# --- co-financing -----------------------------------------------------------------------------


def _cofinancing(date: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fund": ["dg_fund"],
            "date": pd.to_datetime([date]),
            "project_amount": [317_000.0],
            "project_currency": ["CAD"],
            "partner_amount": [453_300.0],
            "partner_currency": ["CAD"],
            "source": "results_brochure_2021",
        }
    )


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_cofinancing_legend_does_not_cover_the_title(lang) -> None:
    basis = RateBasis("daily", printed=20.0, currency="CAD")
    table = cofinancing_at_rates(_cofinancing("2019-06-01"), basis)
    fig = charts.cofinancing_contributions(table, lang=lang, source="x", period="2015–2020")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    title = fig._suptitle
    assert title is not None and title.get_text().endswith("2015–2020")
    legend = fig.legends[0].get_window_extent(renderer)
    for other in [title, *fig.axes]:
        assert not legend.overlaps(other.get_window_extent(renderer)), other
    for text in fig.texts:  # the rate caption and the source line
        assert not legend.overlaps(text.get_window_extent(renderer)), text.get_text()
    # the bars are drawn at the daily rate and at the publication's own 20 UAH per CAD
    uah = _by_gid(fig, "local:")
    assert uah["local:1:partner"].get_height() == pytest.approx(453_300 * 20 / 1e6)


def test_unknown_rate_skips_the_basis_and_never_draws_zero() -> None:
    after = _cofinancing("2024-03-01").assign(project_currency="UAH", partner_currency="UAH")
    table = cofinancing_at_rates(after, RateBasis("daily", currency="CAD"))
    assert table.empty
    reason_uk, reason_en = table.attrs["not_converted"][0]
    assert "поза таблицею курсів НБУ" in reason_uk and "outside the NBU rate table" in reason_en
    with pytest.raises(NotEnoughData) as err:
        charts.cofinancing_contributions(table, source="x")
    assert "outside the NBU rate table" in str(err.value)
    # with the publication's own rate the fixed basis is drawn, the unknown one is said
    both = cofinancing_at_rates(after, RateBasis("daily", printed=40.0, currency="CAD"))
    assert both["fx_rule"].unique().tolist() == ["printed"]
    fig = charts.cofinancing_contributions(both, source="x", lang="en")
    heights = [a.get_height() for a in _by_gid(fig, "cur:").values()]
    assert heights == pytest.approx([317_000 / 40 / 1e3, 453_300 / 40 / 1e3])


def test_a_place_with_an_unknown_count_gets_no_bar_and_says_unknown() -> None:
    ev = _events()
    ev.attrs["partners"] = ("Вінниця", "Жмеринка", "Кременчук", "Запоріжжя")
    ev.loc[4, "participants"] = None  # Vinnytsia's only event gives no count
    table = participants_per_city(ev.astype({"participants": "Float64"}), by=("city", "event_type"))
    for lang, word in (("uk", "невідомо"), ("en", "unknown")):
        fig = charts.participants_by_city(table, lang=lang, source="картка")
        assert "segment:vinnytsia:seminar" not in _by_gid(fig, "segment:")
        assert _by_gid(fig, "total:vinnytsia")["total:vinnytsia"].get_text() == word
        assert _by_gid(fig, "total:zhmerynka")["total:zhmerynka"].get_text() == "0"  # no events


def test_every_pb_figure_its_source_prints_as_approximate_keeps_its_qualifier(
    shared_data_dir,
) -> None:
    import csv
    import re
    from pathlib import Path

    facts = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "raw" / "facts.csv")
    table = "participatory_budget_partner_cities.csv"
    with (shared_data_dir / table).open(encoding="utf-8", newline="") as fh:
        shared = list(csv.DictReader(fh))
    checked = 0
    for _, fact in facts[facts["locator"].str.startswith(f"shared/data/{table}")].iterrows():
        row = shared[int(re.search(r"row (\d+)", fact["locator"])[1]) - 1]
        if "майже" in row["note"] or "approximate" in row["note"]:
            assert fact["qualifier"] == "almost", fact["fact_id"]
            checked += 1
    assert checked >= 1  # Ivano-Frankivsk 2018: «майже 2,5 млн»


def test_partner_rows_are_the_projects_own_never_promis_cities() -> None:
    # Another project: its places are not PROMIS's 16 cities and it declares no partners.
    ev = pd.DataFrame(
        {
            "city": ["Львів", "Ужгород"],
            "event_type": ["training", "forum"],
            "participants": [25, 140],
        }
    )
    fig = charts.participants_by_city(
        participants_per_city(ev, by=("city", "event_type")), lang="en", source="events.csv"
    )
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(ticks) == ["Lviv", "Uzhhorod"]  # no «Partner cities» header, no PROMIS rows
    # declared partners come first under their header, in the declared order
    ev.attrs["partners"] = ("Ужгород", "Берегове")
    fig = charts.participants_by_city(
        participants_per_city(ev, by=("city", "event_type")), lang="en", source="events.csv"
    )
    FigureCanvasAgg(fig).draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["Partner cities", "Uzhhorod", "Berehove", "Other places", "Lviv"]
    berehove = "total:UA21020030010083215"  # КАТОТТГ code: not in the curated place table
    assert _by_gid(fig, berehove)[berehove].get_text() == "0"
