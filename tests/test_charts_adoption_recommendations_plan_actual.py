"""Plot tests for the uptake, adoption matrix/progress and plan-vs-actual charts: what is drawn."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import colors
from matplotlib.figure import Figure

from promis_analytics import charts
from promis_analytics.charts.adoption import STATUS_COLOURS
from promis_analytics.charts.annotate import SOURCE_GID
from promis_analytics.errors import ChartError
from promis_analytics.indicators import (
    achievement,
    adoption_matrix,
    adoption_progress_counts,
    percent_flags,
    recommendation_uptake,
    recommendation_uptake_from_totals,
)

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def by_gid(fig: Figure, prefix: str) -> dict[str, object]:
    """Artists of ``fig`` whose gid starts with ``prefix``, keyed by gid."""
    found = {}
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix)):
        found[artist.get_gid()] = artist
    return found


def texts(fig: Figure) -> list[str]:
    out = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    return out


def same_colour(a: object, b: str) -> bool:
    return colors.to_hex(a) == colors.to_hex(b)  # type: ignore[arg-type]


# --- recommendation uptake -------------------------------------------------------------------


def test_uptake_totals_bar_lengths_equal_the_published_figures() -> None:
    table = recommendation_uptake_from_totals(383, "43,9").assign(source="results_brochure_2021")
    fig = charts.recommendation_uptake_chart(table, lang="uk")
    bars = by_gid(fig, "bar:")
    assert set(bars) == {"bar:0:implemented", "bar:0:not_broken_down"}
    assert bars["bar:0:implemented"].get_width() == 168
    assert bars["bar:0:not_broken_down"].get_width() == 383 - 168
    assert bars["bar:0:not_broken_down"].get_x() == 168
    shown = texts(fig)
    assert "168\n43,9\u00a0%" in shown  # number and sign joined by a no-break space
    assert "надано рекомендацій: 383" in shown
    assert "не деталізовано в джерелі" in shown
    assert by_gid(fig, SOURCE_GID)[SOURCE_GID].get_text().startswith("Джерело: брошура")


CITY_REGISTER = pd.DataFrame(
    {
        "city": [
            "Вінниця",
            "Вінниця",
            "Полтава",
            "Полтава",
            "Полтава",
            "Мелітополь",
            "Кременчук",
            None,
        ],
        "status": [
            "implemented",
            "partially_implemented",
            "not_implemented",
            "implemented",
            "implemented",
            None,
            "not_applicable",
            "implemented",
        ],
    }
)


@pytest.mark.parametrize(
    ("lang", "total", "city", "legend", "no_city"),
    [
        ("uk", "усього", "Полтава", "виконано частково", "не розподілено за містами"),
        ("en", "total", "Poltava", "partially implemented", "not allocated to a city"),
    ],
)
def test_uptake_per_city_panel(lang: str, total: str, city: str, legend: str, no_city: str) -> None:
    table = recommendation_uptake(CITY_REGISTER)
    table.attrs["sources"] = ["Рекомендації_2023-2024.xlsx"]  # as uptake_for_chart records it
    fig = charts.recommendation_uptake_chart(table, lang=lang)
    footer = by_gid(fig, SOURCE_GID)[SOURCE_GID].get_text()
    assert "Рекомендації_2023-2024.xlsx" in footer and "recommendations.csv" not in footer
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == total  # the totals bar comes first
    assert city in ticks
    assert no_city in ticks
    assert len(ticks) == len(table)
    bars = by_gid(fig, "bar:")
    poltava = table.index[table["city"] == "poltava"][0]
    assert bars[f"bar:{poltava}:implemented"].get_width() == 2
    assert bars[f"bar:{poltava}:not_implemented"].get_width() == 1
    assert f"bar:{poltava}:partially_implemented" not in bars
    melitopol = table.index[table["city"] == "melitopol"][0]
    assert bars[f"bar:{melitopol}:unknown"].get_width() == 1
    assert legend in texts(fig)
    all_text = " ".join(t for t in texts(fig) if t != footer)  # the file name is the user's
    assert bool(CYRILLIC.search(all_text)) == (lang == "uk")


def test_uptake_bad_input_lists_every_problem() -> None:
    table = pd.DataFrame(
        {
            "given": [5, -1, 3],
            "implemented": [2, 1, "x"],
            "partially_implemented": [1, 0, 0],
            "not_implemented": [1, 0, 0],
        }
    )
    with pytest.raises(ChartError) as err:
        charts.recommendation_uptake_chart(table)
    message = str(err.value)
    assert "row 0: given 5 but the status columns sum to 4" in message
    assert "row 1, column 'given': -1" in message
    assert "row 2, column 'implemented': 'x'" in message
    with pytest.raises(ChartError, match=r"lacks column\(s\) \['implemented'\]"):
        charts.recommendation_uptake_chart(pd.DataFrame({"given": [1]}))
    with pytest.raises(ChartError, match="no source text"):  # never an invented file name
        charts.recommendation_uptake_chart(recommendation_uptake(CITY_REGISTER))


# --- adoption matrix -------------------------------------------------------------------------

ADOPTIONS = pd.DataFrame(
    {
        "city": ["vinnytsia", "poltava", "melitopol", "vinnytsia", "kremenchuk", "kremenchuk"],
        "instrument": [
            "e_petitions",
            "e_petitions",
            "participatory_budget",
            "participatory_budget",
            "business_association",
            "business_association",
        ],
        "status": ["adopted", "adopted", "adopted", "in_progress", "in_progress", "adopted"],
        "as_of": [*["2018-12-31"] * 5, "2021-03-31"],
    }
)


@pytest.mark.parametrize(
    ("lang", "city_name", "instrument_name", "not_listed"),
    [
        ("uk", "Горішні Плавні", "електронні петиції", "не зазначено"),
        ("en", "Horishni Plavni", "e-petitions", "not listed"),
    ],
)
def test_matrix_cells_labels_and_coverage(
    lang: str, city_name: str, instrument_name: str, not_listed: str
) -> None:
    matrix = adoption_matrix(ADOPTIONS)
    fig = charts.adoption_matrix_chart(matrix, lang=lang)
    cells = by_gid(fig, "cell:")
    assert len(cells) == 16 * 3
    for _, row in matrix.iterrows():
        for inst in ("e_petitions", "participatory_budget", "business_association"):
            cell = cells[f"cell:{row['city']}:{inst}"]
            assert same_colour(cell.get_facecolor(), STATUS_COLOURS[row[inst]])
    assert same_colour(cells["cell:vinnytsia:participatory_budget"].get_facecolor(),
                       STATUS_COLOURS["in_progress"])  # fmt: skip
    assert same_colour(cells["cell:dolyna:e_petitions"].get_facecolor(),
                       STATUS_COLOURS["not_listed"])  # fmt: skip
    ax = fig.axes[0]
    xt = [t.get_text() for t in ax.get_xticklabels()]
    yt = [t.get_text() for t in ax.get_yticklabels()]
    assert len(xt) == 16 and city_name in xt
    assert xt[0] == charts.label("city.vinnytsia", lang)  # brochure order
    assert len(yt) == 3 and instrument_name in yt
    coverage = next(a for a in fig.axes if a.get_gid() == "coverage_axis")
    shown = dict(zip(yt, [t.get_text() for t in coverage.get_yticklabels()], strict=True))
    assert shown[instrument_name] == "2/16"
    legend = texts(fig)
    assert not_listed in legend
    assert "no" not in legend and "ні" not in legend


def test_matrix_bad_input_lists_every_problem() -> None:
    matrix = pd.DataFrame(
        {"city": ["vinnytsia", "atlantis", "vinnytsia"], "e_petitions": ["adopted", "no", None]}
    )
    with pytest.raises(ChartError) as err:
        charts.adoption_matrix_chart(matrix)
    message = str(err.value)
    assert "duplicate city key(s) ['vinnytsia']" in message
    assert "unknown city key 'atlantis'" in message
    assert "row 1, column 'e_petitions': status 'no'" in message
    assert "row 2, column 'e_petitions': empty cell" in message


# --- adoption progress -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "legend"),
    [("uk", "Запроваджено інструментів: 2018 і 2021", "станом на 31.12.2018"),
     ("en", "Instruments adopted: 2018 and 2021", "as of 2018-12-31")],
)  # fmt: skip
def test_progress_bar_lengths_and_carried_counts(lang: str, title: str, legend: str) -> None:
    counts = adoption_progress_counts(ADOPTIONS, "2018-12-31", "2021-03-31")
    fig = charts.adoption_progress_chart(
        counts, from_date="2018-12-31", to_date="2021-03-31", lang=lang
    )
    before, after = by_gid(fig, "from:"), by_gid(fig, "to:")
    assert len(before) == len(after) == len(counts)
    for _, row in counts.iterrows():
        assert before[f"from:{row['instrument']}"].get_width() == row["adopted_from"]
        assert after[f"to:{row['instrument']}"].get_width() == row["adopted_to"]
    assert after["to:business_association"].get_width() == 1
    assert by_gid(fig, "change:")["change:business_association"].get_text() == "1 (+1)"
    # e-petitions: the later report is silent, the bar is hatched (carried forward), no gain
    assert after["to:e_petitions"].get_hatch() == "////"
    assert by_gid(fig, "change:")["change:e_petitions"].get_text() == "2"
    assert after["to:business_association"].get_hatch() is None
    assert fig.get_suptitle() == title
    assert legend in texts(fig)


def test_progress_printed_and_unknown_counts_are_drawn_apart() -> None:
    counts = pd.DataFrame(
        {"instrument": ["prozorro_sales", "eco_passport"], "adopted_from": [8, pd.NA],
         "adopted_to": [16, 2], "in_progress_from": [0, pd.NA], "in_progress_to": [0, 0],
         "from_basis": ["printed", "not_reported"], "to_basis": ["listed", "listed"],
         "gain": [8, pd.NA]}
    ).astype({"adopted_from": "Int64", "in_progress_from": "Int64", "gain": "Int64"})  # fmt: skip
    for lang, word in (("uk", "не згадано"), ("en", "not reported")):
        fig = charts.adoption_progress_chart(
            counts, from_date="2018-12-31", to_date="2021-03-31", lang=lang
        )
        before = by_gid(fig, "from:")
        assert before["from:prozorro_sales"].get_hatch() == "...."  # printed, not named
        assert before["from:prozorro_sales"].get_width() == 8
        assert "from:eco_passport" not in before  # unknown: no bar, not a zero
        assert by_gid(fig, "unknown_")["unknown_from:eco_passport"].get_text() == word
        changes = by_gid(fig, "change:")
        assert changes["change:prozorro_sales"].get_text() == "16 (+8)"
        assert changes["change:eco_passport"].get_text() == "2"  # no gain from an unknown
        legend = texts(fig)
        assert any("міста не названо" in t or "cities not named" in t for t in legend)


def test_progress_bad_input() -> None:
    counts = pd.DataFrame(
        {"instrument": ["e_petitions", "teleport"], "adopted_from": [1, 2],
         "adopted_to": [-1, 2], "in_progress_from": [0, 1.5], "in_progress_to": [0, 0],
         "from_basis": ["listed", "listed"], "to_basis": ["listed", "maybe"], "gain": [pd.NA, 0]}
    )  # fmt: skip
    with pytest.raises(ChartError) as err:
        charts.adoption_progress_chart(counts, from_date="2021-03-31", to_date="2018-12-31")
    message = str(err.value)
    assert "from_date 2021-03-31 is not before to_date 2018-12-31" in message
    assert "row 0, column 'adopted_to': -1" in message
    assert "row 1, column 'to_basis': 'maybe'" in message
    assert "unknown instrument code 'teleport'" in message
    assert "row 1, column 'in_progress_from': 1.5 is not a count ≥ 0" in message


# --- adoption counts as printed: the unnamed cities and the cities in progress --------------

PRINTED = pd.DataFrame(
    {
        "city": ["Долина", "Коломия", None, "Івано-Франківськ", "Мелітополь", None],
        "instrument": ["open_city", "open_city", "open_city", "gender_budgeting",
                       "gender_budgeting", "gender_budgeting"],
        "status": ["adopted", "adopted", "adopted", "in_progress", "in_progress", "adopted"],
        "as_of": ["2018-12-31", "2018-12-31", "2021-03-31", "2018-12-31", "2018-12-31",
                  "2021-03-31"],
        "cities_count": [pd.NA, pd.NA, 8, pd.NA, pd.NA, 10],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "header", "in_progress"), [("uk", "не названо", "у процесі"),
                                        ("en", "not named", "in progress")]
)  # fmt: skip
def test_matrix_draws_the_cities_it_cannot_name(lang: str, header: str, in_progress: str) -> None:
    matrix = adoption_matrix(PRINTED)
    fig = charts.adoption_matrix_chart(matrix, lang=lang)
    unnamed = by_gid(fig, "not_named:")
    assert unnamed["not_named:open_city"].get_text() == "6"  # printed 8, named 2
    assert unnamed["not_named:gender_budgeting"].get_text() == "10"
    assert by_gid(fig, "not_named_cell:")["not_named_cell:open_city"].get_hatch() == "...."
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == header
    coverage = next(a for a in fig.axes if a.get_gid() == "coverage_axis")
    yt = [t.get_text() for t in ax.get_yticklabels()]
    shown = dict(zip(yt, [t.get_text() for t in coverage.get_yticklabels()], strict=True))
    assert shown[charts.label("instrument.open_city", lang)] == "8/16"
    assert shown[charts.label("instrument.gender_budgeting", lang)] == "10/16"
    # the in-progress cities keep their own colour, never the adopted one
    cell = by_gid(fig, "cell:")["cell:melitopol:gender_budgeting"]
    assert same_colour(cell.get_facecolor(), STATUS_COLOURS["in_progress"])
    assert charts.label("legend.printed_unnamed", lang) in texts(fig)
    # given explicitly: in-progress cities not named are written with their status
    fig = charts.adoption_matrix_chart(
        matrix, lang=lang, not_named={}, not_named_in_progress={"gender_budgeting": 2}
    )
    assert by_gid(fig, "not_named:")["not_named:gender_budgeting"].get_text() == (
        f"2 {in_progress}"
    )
    assert "not_named:open_city" not in by_gid(fig, "not_named:")


def test_matrix_without_unnamed_cities_has_no_extra_column() -> None:
    fig = charts.adoption_matrix_chart(adoption_matrix(ADOPTIONS))
    assert by_gid(fig, "not_named") == {}
    assert len(fig.axes[0].get_xticklabels()) == 16


def test_matrix_bad_unnamed_counts() -> None:
    matrix = adoption_matrix(PRINTED)
    with pytest.raises(ChartError) as err:
        charts.adoption_matrix_chart(matrix, not_named={"teleport": 1, "open_city": -2})
    message = str(err.value)
    assert "not_named: 'teleport' is not an instrument column" in message
    assert "not_named['open_city']: -2 is not a count ≥ 0" in message


@pytest.mark.parametrize(
    ("lang", "before", "legend"),
    [("uk", "0 + 2 у процесі", "у процесі (не враховано як запроваджено)"),
     ("en", "0 + 2 in progress", "in progress (not counted as adopted)")],
)  # fmt: skip
def test_progress_draws_cities_in_progress_apart(lang: str, before: str, legend: str) -> None:
    counts = adoption_progress_counts(PRINTED, "2018-12-31", "2021-03-31")
    fig = charts.adoption_progress_chart(
        counts, from_date="2018-12-31", to_date="2021-03-31", lang=lang
    )
    adopted = by_gid(fig, "from:")["from:gender_budgeting"]
    segment = by_gid(fig, "in_progress_from:")["in_progress_from:gender_budgeting"]
    assert adopted.get_width() == 0  # none named as adopted in 2018
    assert (segment.get_x(), segment.get_width(), segment.get_hatch()) == (0, 2, "xxx")
    assert by_gid(fig, "count_from:")["count_from:gender_budgeting"].get_text() == before
    later = by_gid(fig, "to:")["to:gender_budgeting"]
    assert (later.get_width(), later.get_hatch()) == (10, "....")  # printed, not named
    assert "in_progress_to:gender_budgeting" not in by_gid(fig, "in_progress_to:")
    assert by_gid(fig, "to:")["to:open_city"].get_width() == 8
    assert legend in texts(fig)


# --- plan vs actual --------------------------------------------------------------------------

INDICATORS = pd.DataFrame(
    {
        "group": ["cost", "product", "product", "product", "quality"],
        "indicator": [
            "Обсяг ресурсів, всього тис.грн.",
            "Кількість проектів ІГС",
            "Кількість надрукованих постерів (афіш)",
            "Кількість проведених щорічних міських форумів",
            "Кількість публічних консультацій",
        ],
        "target": [865.0, 60.0, None, 1.0, 35.0],
        "actual": [838.5, 44.0, 12.0, 2.0, 30.0],
        "reported_pct": [97.0, 66.7, 120.0, 200.0, None],
        "reported_decimals": [1, 1, 0, 0, None],  # «97,0», «66,7», «120», «200»
    }
)


def test_percent_flags_are_the_audit_verdict_at_the_printed_precision() -> None:
    flags = percent_flags(achievement(INDICATORS))
    # 838,5 ÷ 865 = 96,94 %: «97,0» is neither rounded nor cut at one decimal
    assert flags.tolist() == ["mismatch", "mismatch", "no_plan", "ok", ""]
    # without the printed decimals 97.0 is read as «97»: rounded, and the note says so
    table = achievement(INDICATORS.drop(columns="reported_decimals"))
    assert table["audit_status"].tolist() == ["rounded", "mismatch", "no_plan", "ok", ""]
    assert table.loc[0, "note"] == "printed precision unknown"


@pytest.mark.parametrize(
    ("lang", "row_name", "flag"),
    [("uk", "продукт 1: Кількість проектів ІГС", "надруковано 66,7 ≠ 73,33\u00a0%"),
     ("en", "product 1: Кількість проектів ІГС", "printed 66.7 ≠ 73.33%")],
)  # fmt: skip
def test_plan_vs_actual_bars_and_flags(lang: str, row_name: str, flag: str) -> None:
    table = achievement(INDICATORS)
    fig = charts.plan_vs_actual(table, lang=lang)
    bars = by_gid(fig, "bar:")
    assert set(bars) == {"bar:0", "bar:1", "bar:3", "bar:4"}  # no bar without a target
    assert bars["bar:1"].get_width() == pytest.approx(100 * 44 / 60)
    assert bars["bar:3"].get_width() == pytest.approx(200.0)
    assert same_colour(bars["bar:1"].get_facecolor(), charts.PALETTE["highlight"])
    assert same_colour(bars["bar:0"].get_facecolor(), charts.PALETTE["highlight"])
    assert same_colour(bars["bar:3"].get_facecolor(), charts.PALETTE["1000"])
    flags = by_gid(fig, "flag:")
    assert set(flags) == {"flag:0", "flag:1", "flag:2"}
    assert flags["flag:1"].get_text() == f"⚑ {flag}"
    assert "120" in flags["flag:2"].get_text()
    reported = by_gid(fig, "reported:")
    assert set(reported) == {"reported:0", "reported:1", "reported:3"}
    assert list(reported["reported:1"].get_xdata()) == [66.7, 66.7]
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert names[1] == row_name and len(names) == 5


LONG = (
    "Кількість спільних заходів міської ради та громадських організацій у мікрорайонах міста, "
    "проведених за участю молоді й людей старшого віку"
)


def test_plan_vs_actual_names_the_indicators_shortened_with_the_full_name_in_the_svg(
    tmp_path,
) -> None:
    table = achievement(
        INDICATORS.assign(
            indicator=[*INDICATORS["indicator"][:4], LONG],
            indicator_en=["Resources", "", None, "Forums held", "Cultural events with CSOs"],
        )
    )
    uk = [t.get_text() for t in charts.plan_vs_actual(table, lang="uk").axes[0].get_yticklabels()]
    assert uk[0] == "витрати 1: Обсяг ресурсів, всього\nтис.грн."  # wrapped, not cut
    assert uk[4].startswith("якість 1: Кількість спільних заходів") and uk[4].endswith("…")
    assert uk[4].count("\n") == 1  # two lines at most
    assert len(uk[4].replace("\n", " ")) <= 76
    fig = charts.plan_vs_actual(table, lang="en", period="2019")
    en = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # English names where the register gives them, the source's name otherwise
    assert en[0] == "cost 1: Resources" and en[1] == "product 1: Кількість проектів ІГС"
    assert "Plan and actual, 2019" in texts(fig)
    (svg,) = charts.save_figure(fig, "pva.en", formats=["svg"], out_dir=tmp_path)
    text = svg.read_text(encoding="utf-8")
    assert "<title>Cultural events with CSOs</title>" in text
    uk_fig = charts.plan_vs_actual(table, lang="uk")
    (svg,) = charts.save_figure(uk_fig, "pva.uk", formats=["svg"], out_dir=tmp_path)
    assert f"<title>{LONG}</title>" in svg.read_text(encoding="utf-8")
    assert charts.indicator_names(table, "uk")[4] == LONG


def test_plan_vs_actual_bad_input() -> None:
    table = pd.DataFrame(
        {"group": ["cost", "wishes"], "target": [1, "many"], "actual": [-2, 1],
         "reported_pct": [1, 1], "achievement_pct": [1, 1]}
    )  # fmt: skip
    with pytest.raises(ChartError) as err:
        charts.plan_vs_actual(table)
    message = str(err.value)
    assert "row 1, column 'target': 'many' is not a number" in message
    assert "row 0, column 'actual': negative value -2" in message
    assert "unknown indicator group 'wishes'" in message


@pytest.mark.seeds
def test_flags_from_the_register_equal_the_audit_of_the_seed_report(seeds_dir) -> None:
    """Notebook 07 flags the register with the audit's own verdict at the printed precision
    (``reported_decimals``): row by row the same verdict as the audit of the report itself,
    and the same row names (English labels are the audit's row names)."""
    from promis_analytics.dataset import load_dataset
    from promis_analytics.extract.program_report import program_report

    audit = program_report(seeds_dir / "bakhmut_program_report_2019.txt").percent_check
    audit = audit[audit["table"] == "indicators"]
    table = achievement(load_dataset(kinds=("indicators",))["indicators"])
    printed = table["reported_pct"].notna()
    assert percent_flags(table)[printed].tolist() == audit["status"].tolist()
    names = pd.Series(charts.indicator_row_labels(table, "en"), index=table.index)
    assert names[printed].str.split(":").str[0].tolist() == audit["row"].tolist()
