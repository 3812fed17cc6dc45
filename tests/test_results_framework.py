"""Issue 17: the results register, its checks, progress, charts and the IATI 2.03 export."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from promis_analytics import charts
from promis_analytics.errors import ExportError
from promis_analytics.iati import iati_activity_xml, iati_settings, schema_errors
from promis_analytics.indicators import achievement_pct, results_by, results_progress
from promis_analytics.indicators.results import latest_values, pmf_table
from promis_analytics.project import SettingsError, settings_from
from promis_analytics.registers import load
from promis_analytics.registers.out.template import write_template

Y18 = (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
Y19 = (dt.date(2019, 1, 1), dt.date(2019, 12, 31))


def _row(ind: str, period: tuple, target, actual, **kw) -> dict:
    base = {
        "result_id": "2100", "result_title": "Підтримка МСП", "level": "продукт",
        "indicator_id": ind, "indicator": f"Показник {ind}", "unit": "осіб",
        "measure": "одиниці", "period_start": period[0], "period_end": period[1],
        "target": target, "actual": actual, "source": "план М&О", "locator": "арк. 1",
    }  # fmt: skip
    return base | kw


def _load(tmp_path: Path, rows: list[dict], strict: bool = False):
    path = write_template("results", tmp_path / "Рамка результатів.xlsx", rows=rows)
    return load("results", path, strict=strict)


# --- the register: template filled as a user would, then every rule failing -----------------


def test_a_filled_template_loads_with_zero_problems(tmp_path: Path) -> None:
    rows = [
        _row("2100.1", Y18, 100, 90, baseline=10, baseline_year=2017, sex="усі", place="Вінниця"),
        _row("2100.1", Y18, 60, 50, baseline=10, baseline_year=2017, sex="жінки", place="Вінниця"),
        _row("2100.1", Y18, 40, 40, baseline=10, baseline_year=2017, sex="чоловіки",
             place="Вінниця"),
        _row("2100.2", Y19, 50, 47.5, measure="відсоток", unit="%", baseline=30,
             baseline_year=2017, direction="спадання"),
        _row("2100.3", Y19, None, None, measure="якісний", unit="", comment="опис у звіті"),
    ]  # fmt: skip
    reg = _load(tmp_path, rows, strict=True)
    assert reg.report.errors == [] and reg.report.warnings == []
    data = reg.data
    assert data["sex"].tolist()[:3] == ["all", "women", "men"]
    assert data["sex"].isna().tolist()[3:] == [True, True]  # empty = all, not guessed
    assert data["place"].iloc[0] == "vinnytsia"
    assert data["measure"].tolist()[3:] == ["percentage", "qualitative"]
    assert data["direction"].iloc[3] == "descending"


@pytest.mark.parametrize(
    ("rows", "code", "row", "letter", "severity"),
    [
        # a percentage above 100: the actual cell (column O) of row 2
        ([_row("1", Y18, 80, 120, measure="відсоток", baseline=5, baseline_year=2017)],
         "percent_range", 2, "O", "error"),
        # one indicator, two units: the second row's unit (column G)
        ([_row("1", Y18, 1, 1, baseline=0, baseline_year=2017),
          _row("1", Y19, 1, 1, unit="людей")], "two_units", 3, "G", "error"),
        # one result, two levels: the second row's level (column C)
        ([_row("1", Y18, 1, 1, baseline=0, baseline_year=2017),
          _row("2", Y18, 1, 1, baseline=0, baseline_year=2017,
               level="проміжний результат")], "two_levels", 3, "C", "error"),
        # a quantitative indicator without a baseline: a warning at its first row (column K)
        ([_row("1", Y18, 1, 1)], "no_baseline", 2, "K", "warning"),
        # women + men above all: a warning at the "all" row's actual (column O)
        ([_row("1", Y18, 10, 10, sex="усі", baseline=0, baseline_year=2017),
          _row("1", Y18, 5, 6, sex="жінки", baseline=0, baseline_year=2017),
          _row("1", Y18, 5, 5, sex="чоловіки", baseline=0, baseline_year=2017)],
         "sex_above_all", 2, "O", "warning"),
        # the period ends before it starts: the start cell (column L)
        ([_row("1", (dt.date(2019, 1, 1), dt.date(2018, 1, 1)), 1, 1, baseline=0,
               baseline_year=2017)], "not_le", 2, "L", "error"),
    ],
)  # fmt: skip
def test_every_rule_names_the_excel_row_and_column(
    tmp_path: Path, rows: list[dict], code: str, row: int, letter: str, severity: str
) -> None:
    report = _load(tmp_path, rows).report
    found = [e for e in report.entries if e.severity != "note"]
    matching = [e for e in found if e.code == code]
    assert matching, [(e.code, e.row, e.column_letter) for e in found]
    e = matching[0]
    assert (e.row, e.column_letter, e.severity) == (row, letter, severity)
    assert e.problem("uk") and e.problem("en") and e.problem("uk") != e.problem("en")
    if severity == "warning":  # kept rows: a warning does not reject
        assert report.rejected == 0 and report.ok


def test_sex_rows_name_both_rows_in_the_warning(tmp_path: Path) -> None:
    rows = [
        _row("1", Y18, 10, 10, sex="усі", baseline=0, baseline_year=2017),
        _row("1", Y18, 5, 6, sex="жінки", baseline=0, baseline_year=2017),
        _row("1", Y18, 5, 5, sex="чоловіки", baseline=0, baseline_year=2017),
    ]
    (w,) = _load(tmp_path, rows).report.warnings
    assert "рядок 3" in w.problem("uk") and "рядок 4" in w.problem("uk")
    assert "row 3" in w.problem("en") and "row 4" in w.problem("en") and "11" in w.problem("en")


# --- progress: hand-checked -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "baseline", "descending", "pct", "note"),
    [
        (90, 100, None, False, 90.0, ""),  # ascending, no baseline: actual ÷ target
        (55, 100, 10, False, 50.0, ""),  # (55 − 10) ÷ (100 − 10) = 50 %
        (30, 20, 40, True, 50.0, ""),  # descending: (40 − 30) ÷ (40 − 20) = 50 %
        (25, 20, None, True, 80.0, ""),  # descending, no baseline: target ÷ actual
        (5, 0, None, False, None, "zero target"),
        (None, 100, 10, False, None, "no actual"),
        (50, None, 10, False, None, "no target"),
    ],
)
def test_achievement_pct(actual, target, baseline, descending, pct, note) -> None:
    got, got_note = achievement_pct(actual, target, baseline, descending)
    assert got_note == note
    assert (got is None and pct is None) or got == pytest.approx(pct)


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = ["indicator_id", "measure", "direction", "period_start", "period_end", "baseline",
            "target", "actual", "place", "sex", "indicator"]  # fmt: skip
    return pd.DataFrame(rows).reindex(columns=cols).assign(indicator="x")


def test_progress_per_period_and_cumulative() -> None:
    rows = [
        {"indicator_id": "A", "measure": "unit", "period_start": "2018-01-01",
         "period_end": "2018-12-31", "target": 40, "actual": 30},
        {"indicator_id": "A", "measure": "unit", "period_start": "2019-01-01",
         "period_end": "2019-12-31", "target": 60, "actual": 70},
        {"indicator_id": "A", "measure": "unit", "period_start": "2020-01-01",
         "period_end": "2020-12-31", "target": 50, "actual": None},
        {"indicator_id": "P", "measure": "percentage", "period_start": "2018-01-01",
         "period_end": "2018-12-31", "target": 50, "actual": 40},
        {"indicator_id": "Q", "measure": "qualitative", "period_start": "2018-01-01",
         "period_end": "2018-12-31"},
        {"indicator_id": "Z", "measure": "unit", "period_start": "2018-01-01",
         "period_end": "2018-12-31", "target": 0, "actual": 0},
        {"indicator_id": "Z0", "measure": "unit", "period_start": "2018-01-01",
         "period_end": "2018-12-31", "target": 0, "actual": None},
        {"indicator_id": "D", "measure": "unit", "direction": "descending", "baseline": 40,
         "period_start": "2018-01-01", "period_end": "2018-12-31", "target": 20, "actual": 35},
    ]  # fmt: skip
    p = results_progress(_frame(rows)).set_index(["indicator_id", "period_end"])
    a18, a19, a20 = (p.loc[("A", f"{y}-12-31")] for y in (2018, 2019, 2020))
    assert (a18["achievement_pct"], a18["status"]) == (75.0, "on_track")  # 30 ÷ 40
    assert a19["achievement_pct"] == pytest.approx(100 * 70 / 60) and a19["status"] == "met"
    assert (a19["target_cum"], a19["actual_cum"], a19["status_cum"]) == (100, 100, "met")
    assert a20["status"] == "no_actual" and math.isnan(a20["achievement_pct"])
    assert math.isnan(a20["actual_cum"]) and a20["status_cum"] == "no_actual"  # unknown
    p18 = p.loc[("P", "2018-12-31")]
    assert p18["achievement_pct"] == 80.0 and p18["actual_cum"] == 40  # percentages: no sum
    assert p.loc[("Q", "2018-12-31")]["note"] == "not quantitative"
    assert p.loc[("Z", "2018-12-31")]["status"] == "met"  # zero target reached, no percent
    assert p.loc[("Z0", "2018-12-31")]["status"] == "no_actual"  # zero target, nothing reported
    d = p.loc[("D", "2018-12-31")]
    assert d["achievement_pct"] == pytest.approx(25.0) and d["status"] == "behind"


def test_thresholds_are_parameters_and_disaggregations_sum() -> None:
    rows = [
        {"indicator_id": "A", "measure": "unit", "period_start": "2018-01-01",
         "period_end": "2018-12-31", "target": 10, "actual": 7, "place": place, "sex": sex}
        for place in ("vinnytsia", "poltava", None) for sex in ("all", "women", "men")
    ]  # fmt: skip
    p = results_progress(_frame(rows), on_track_from=70)
    assert set(p["status"]) == {"on_track"}
    assert set(results_progress(_frame(rows), on_track_from=80)["status"]) == {"behind"}
    by_place = results_by(p, "place").set_index("place")
    assert by_place.loc["vinnytsia", "actual"] == 7 and len(by_place) == 2
    by_oblast = results_by(p, "oblast").set_index("oblast")
    assert set(by_oblast.index) == {"Vinnytsia Oblast", "Poltava Oblast"}
    assert by_oblast.loc["Poltava Oblast", "target"] == 10
    by_sex = results_by(p, "sex").set_index("sex")
    assert list(by_sex.index) == ["all", "women", "men"]


# --- charts and the PMF table -------------------------------------------------------------------


def test_bullets_draw_target_actual_baseline_and_unknowns() -> None:
    rows = [
        {"indicator_id": "A", "measure": "unit", "period_start": "2018-01-01",
         "period_end": "2018-12-31", "baseline": 10, "target": 40, "actual": 30},
        {"indicator_id": "B", "measure": "unit", "period_start": "2018-01-01",
         "period_end": "2018-12-31", "target": None, "actual": 18, "baseline": 0},
        {"indicator_id": "C", "measure": "unit", "period_start": "2018-01-01",
         "period_end": "2018-12-31", "target": 5, "actual": None},
    ]  # fmt: skip
    table = latest_values(results_progress(_frame(rows)))
    for lang, words in (("uk", ("без плану", "немає даних")), ("en", ("no target", "no data"))):
        fig = charts.results_bullets(table, lang=lang, period="2018", source="test")
        gids = {a.get_gid(): a for a in fig.findobj(lambda a: bool(a.get_gid()))}
        assert gids["target:A"].get_width() == 40 and gids["actual:A"].get_width() == 30
        assert list(gids["baseline:A"].get_xdata()) == [10, 10]
        assert "target:B" not in gids and "actual:C" not in gids  # unknown is not zero
        assert words[0] in gids["values:B"].get_text()
        assert words[1] in gids["values:C"].get_text()
        assert "(67" in gids["values:A"].get_text()  # (30 − 10) ÷ (40 − 10) = 66.7 %
        assert fig.get_suptitle().endswith(", 2018")


def test_place_multiples_and_the_pmf_table() -> None:
    from promis_analytics.dataset import load_dataset

    progress = results_progress(load_dataset()["results"])
    fig = charts.results_place_multiples(progress, lang="en")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles[0] == "Vinnytsia's score in the Transparent Cities ranking"
    table = pmf_table(progress)
    assert list(table.columns[:9]) == [
        "result_id", "level", "indicator_id", "indicator", "unit", "place", "sex",
        "baseline_year", "baseline",
    ]  # fmt: skip
    # the activity's 6 indicators; the Bakhmut programme's 20 stay in its own report
    assert len(table) == 6 and not table["indicator_id"].str.startswith("BKH").any()
    assert len(latest_values(progress)) == 4  # the project-wide ones
    row = table.set_index("indicator_id").loc["1100.1"]
    assert (row["baseline"], row["actual:2019-01-01…2021-03-31"]) == (8, 16)
    assert pd.isna(row["target:2019-01-01…2021-03-31"])  # no source gives PROMIS's targets


# --- IATI 2.03 ------------------------------------------------------------------------------------


def _embedded_xml() -> bytes:
    from promis_analytics.dataset import load_dataset

    ds = load_dataset()
    return iati_activity_xml(ds["results"], iati_settings(ds.project))


def test_the_embedded_framework_exports_valid_iati_203(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from okfn_iati.enums import IndicatorMeasure, ResultType

    from promis_analytics.cli import cli

    out = tmp_path / "promis.xml"
    result = CliRunner().invoke(cli, ["export", "iati", "-o", str(out)])
    assert result.exit_code == 0, result.output
    xml = out.read_bytes()
    assert schema_errors(xml) == []  # the official 2.03 activities XSD
    assert xml == _embedded_xml()  # byte-identical on rerun
    doc = etree.fromstring(xml)
    act = doc.find("iati-activity")
    assert act.findtext("iati-identifier") == "CA-3-D000744001"
    assert act.get("default-currency") == "CAD"  # data/raw/promis.toml [project] currency
    assert {n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in act.find("title")} == {
        "uk", "en"
    }  # fmt: skip
    types = {r.get("type") for r in act.findall("result")}
    assert types <= {t.value for t in ResultType}
    measures = {i.get("measure") for i in act.iter("indicator")}
    assert measures <= {m.value for m in IndicatorMeasure}
    refs = {loc.get("ref") for loc in act.findall("location")}
    assert "UA05020030010063857" in refs  # Vinnytsia's КАТОТТГ code
    used = {
        loc.get("ref") for loc in act.iter("location") if loc.getparent().tag != "iati-activity"
    }
    assert used <= refs
    # the activity's 4 results and 6 indicators; the Bakhmut programme (a city's own
    # programme, funded by the city budget) is not the activity's: not exported
    assert len(act.findall("result")) == 4 and len(list(act.iter("indicator"))) == 6
    assert "Бахмут" not in xml.decode("utf-8")
    assert "rows of other programmes (column program) not exported: 20" in result.output
    # Kolomyia's rank: lower is better (direction descending in the register)
    rank = next(i for i in act.iter("indicator") if "Коломиї" in i.findtext("title/narrative"))
    assert (rank.get("measure"), rank.get("ascending")) == ("4", "0")


@pytest.mark.parametrize(
    ("measure", "direction", "program", "ascending"),
    [
        ("unit", "descending", None, "0"),  # waiting time: lower is better
        ("unit", None, None, "1"),  # the default: more is better
        ("percentage", "ascending", None, "1"),
        ("ordinal", "descending", None, "0"),  # a rank
        ("qualitative", None, None, None),  # no order: no ascending
        ("unit", "descending", "Міська цільова програма «Молодь Полтави»", "absent"),
    ],
)
def test_iati_ascending_from_direction_and_only_the_activity(
    measure: str, direction: str | None, program: str | None, ascending: str | None
) -> None:
    own = _row("1", Y18, 30, 34, level="output", measure="unit", baseline=45,
               baseline_year=2017, indicator="Середній час очікування, хв")  # fmt: skip
    row = _row("2", Y18, 30, 34, level="output", measure=measure, direction=direction,
               program=program, indicator="Показник під перевіркою")  # fmt: skip
    xml = iati_activity_xml(pd.DataFrame([own, row]), _settings())
    assert schema_errors(xml) == []
    titles = {i.findtext("title/narrative"): i for i in etree.fromstring(xml).iter("indicator")}
    assert "Середній час очікування, хв" in titles
    if ascending == "absent":  # a city's own programme is not the activity's result
        assert "Показник під перевіркою" not in titles and len(titles) == 1
    else:
        assert titles["Показник під перевіркою"].get("ascending") == ascending


def test_sex_becomes_a_dimension() -> None:
    rows = pd.DataFrame(
        [_row("1", Y18, 10, 9, sex=s, baseline=0, baseline_year=2017, level="output",
              measure="unit") for s in ("all", "women", "men")]
    )  # fmt: skip
    xml = iati_activity_xml(rows, _settings())
    assert schema_errors(xml) == []
    dims = [d.get("value") for d in etree.fromstring(xml).iter("dimension")]
    # each of baseline, target and actual carries the sex of its row; "all" has none
    assert dims.count("female") == 3 and dims.count("male") == 3


def _settings(currency: str = "EUR"):
    return iati_settings(
        settings_from(
            {"title_uk": "Проєкт", "title_en": "Project", "start": "2018-01-01",
             "end": "2019-12-31", "currency": currency},
            iati={"identifier": "XM-DAC-1-1", "description_uk": "Опис", "description_en": "About",
                  "reporting_org": {"ref": "XM-DAC-1", "type": "40", "name_uk": "Орг",
                                    "name_en": "Org"},
                  "participating_org": [{"role": "1", "name_uk": "Донор", "name_en": "Donor"}]},
        )
    )  # fmt: skip


def test_a_broken_record_is_refused_before_writing(tmp_path: Path) -> None:
    from promis_analytics.iati import write_iati

    rows = pd.DataFrame(
        [_row("1", (dt.date(2019, 1, 1), dt.date(2018, 12, 31)), 10, 9, level="output",
              measure="unit"),
         _row("2", Y18, 10, "багато", level="output", measure="unit")]
    )  # fmt: skip
    target = tmp_path / "out.xml"
    with pytest.raises(ExportError) as err:
        write_iati(rows, _settings(), target)
    text = str(err.value)
    assert "ends 2018-12-31 before it starts 2019-01-01" in text
    assert "'багато'" in text and "not a number" in text and "не число" in text
    assert len(err.value.problems) == 2 and not target.exists()


def test_the_cli_refuses_a_broken_register_with_rows_and_columns(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from promis_analytics import paths
    from promis_analytics.cli import cli

    folder = tmp_path / "рамка"
    folder.mkdir()
    (folder / "promis.toml").write_text(
        (paths.raw_dir() / "promis.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    lines = (paths.raw_dir() / "results.csv").read_text(encoding="utf-8").splitlines()
    head, first = lines[0], lines[1].split(",")
    cols = head.split(",")
    first[cols.index("period_start")], first[cols.index("period_end")] = "2021-01-01", "2020-01-01"
    (folder / "results.csv").write_text("\n".join([head, ",".join(first)]) + "\n", "utf-8")
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(cli, ["export", "iati", "-o", str(out), "--data", str(folder)])
    assert result.exit_code == 1 and not out.exists()
    assert "results.csv" in result.output and "period_start" in result.output
    assert "IATI-файл не записано" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("currency", ["EUR", "USD", "UAH"])
def test_iati_default_currency_is_the_projects(currency: str) -> None:
    assert _settings(currency).currency == currency
    row = _row("1", Y18, 30, 34, level="output", measure="unit", baseline=45, baseline_year=2017)
    xml = iati_activity_xml(pd.DataFrame([row]), _settings(currency))
    assert schema_errors(xml) == []
    assert etree.fromstring(xml).find("iati-activity").get("default-currency") == currency


def test_a_project_currency_that_is_not_iso_is_refused() -> None:
    with pytest.raises(SettingsError, match="ISO 4217"):
        settings_from({"currency": "ЄВРО"})


def test_iati_settings_say_what_is_missing() -> None:
    from promis_analytics.project import SettingsError

    with pytest.raises(SettingsError, match="no IATI settings"):
        iati_settings(settings_from({"title_uk": "П", "title_en": "P"}))
    bad = {"identifier": "X-1", "description_uk": "О", "description_en": "A",
           "reporting_org": {"ref": "X", "name_uk": "О", "name_en": "O"},
           "participating_org": [{"role": "1", "name_uk": "Д", "name_en": "D"}]}  # fmt: skip
    with pytest.raises(SettingsError, match="reporting_org type: потрібен текст"):
        iati_settings(settings_from({"title_uk": "П", "title_en": "P"}, iati=bad))


@pytest.mark.slow
def test_build_on_a_folder_with_a_results_register(tmp_path: Path) -> None:
    """A user's folder holding only a results register: the bullets, the small multiples, the
    gallery section and the workbook's PMF sheet are built from it."""
    import openpyxl
    from click.testing import CliRunner

    from promis_analytics.cli import cli
    from promis_analytics.pipeline.workbook import SHEETS

    data = tmp_path / "рамка"
    data.mkdir()
    rows = [
        _row("2100.1", Y18, 100, 90, baseline=10, baseline_year=2017, place="Луцьк"),
        _row("2100.1", Y18, 80, 85, baseline=10, baseline_year=2017, place="Біла Церква"),
        _row("2100.1", Y18, 180, 175, baseline=20, baseline_year=2017),
        _row("2100.2", Y19, 12, 9, baseline=4, baseline_year=2017, unit="програм"),
    ]
    write_template("results", data / "results.xlsx", rows=rows)
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--lang", "uk"])
    assert result.exit_code == 0, result.output
    figures = data / "figures"
    assert (figures / "results_bullets.uk.png").is_file()
    assert (figures / "results_by_place.uk.png").is_file()
    svg = (figures / "results_by_place.uk.svg").read_text(encoding="utf-8")
    assert "Луцьк" in svg and "Біла Церква" in svg
    gallery = (figures / "index.html").read_text(encoding="utf-8")
    assert 'id="section-09_results_framework"' in gallery and "Рамка результатів" in gallery
    wb = openpyxl.load_workbook(data / "reports" / "indicators.xlsx")
    pmf = [r for r in wb[SHEETS["pmf"]].iter_rows(min_row=4, values_only=True)]
    assert len(pmf) == 4 and pmf[0][2] == "2100.1"


def test_two_project_wide_rows_of_one_indicator_and_period_are_a_duplicate(tmp_path) -> None:
    rows = [
        _row("1", Y18, 10, 9, baseline=0, baseline_year=2017),
        _row("1", Y18, 10, 8, baseline=0, baseline_year=2017),
        _row("1", Y18, 10, 8, baseline=0, baseline_year=2017, place="Луцьк"),
    ]
    (e,) = _load(tmp_path, rows).report.errors
    assert (e.code, e.row, e.column_letter) == ("duplicate_key", 3, "D")


# --- one achievement rule in every view -------------------------------------------------------

ONE_RULE = [  # (direction, baseline, target, actual, percent, what the percent measures)
    ("ascending", None, 100, 90, 90.0, "of_target"),
    ("ascending", 10, 100, 55, 50.0, "from_baseline"),  # (55 − 10) ÷ (100 − 10)
    ("descending", 45, 30, 34, 100 * 11 / 15, "from_baseline"),  # waiting time: 73,3 %
    ("descending", None, 20, 25, 80.0, "of_target"),  # target ÷ actual
    ("ascending", 30, 30, 33, 110.0, "of_target"),  # target = baseline: percent of target
    ("ascending", 10, 20, 25, 150.0, "from_baseline"),  # beyond the target
    ("descending", 45, 30, 20, 100 * 25 / 15, "from_baseline"),  # below the target
]


@pytest.mark.parametrize(("direction", "baseline", "target", "actual", "pct", "basis"), ONE_RULE)
def test_one_achievement_rule_behind_every_view(direction, baseline, target, actual, pct, basis):
    from promis_analytics.indicators import achievement, achievement_basis

    row = {"indicator_id": "W", "indicator": "Час очікування в ЦНАП, хв", "measure": "unit",
           "direction": direction, "period_start": "2019-01-01", "period_end": "2019-12-31",
           "baseline": baseline, "target": target, "actual": actual, "place": "poltava",
           "sex": "all"}  # fmt: skip
    progress = results_progress(_frame([row]))
    assert progress.loc[0, "achievement_pct"] == pytest.approx(pct)
    for by in ("place", "oblast"):
        assert results_by(progress, by).loc[0, "achievement_pct"] == pytest.approx(pct)
    table = achievement(pd.DataFrame([row]))
    assert table.loc[0, "achievement_pct"] == pytest.approx(pct)
    assert table.loc[0, "achievement_basis"] == basis == achievement_basis(target, baseline)
    fig = charts.results_bullets(progress, lang="en", source="test")
    text = next(a for a in fig.findobj(lambda a: a.get_gid() == "values:W")).get_text()
    words = "of the way from the baseline" if basis == "from_baseline" else "of target"
    assert f"({round(pct)}% {words}" in text


def test_results_by_sums_baselines_and_says_when_one_is_missing() -> None:
    rows = [
        {"indicator_id": "W", "measure": "unit", "direction": "descending",
         "period_start": "2019-01-01", "period_end": "2019-12-31", "baseline": b, "target": 15,
         "actual": a, "place": place, "sex": "all"}
        for place, b, a in (("poltava", 20, 17), ("kremenchuk", 25, 17))
    ]  # fmt: skip
    by = results_by(results_progress(_frame(rows)), "oblast").iloc[0]
    # Σ baseline 45, Σ target 30, Σ actual 34: 73,3 % of the way down — not 113,3 %
    assert (by["baseline"], by["target"], by["actual"]) == (45, 30, 34)
    assert by["achievement_pct"] == pytest.approx(100 * 11 / 15)
    rows[1]["baseline"] = None
    by = results_by(results_progress(_frame(rows)), "oblast").iloc[0]
    assert math.isnan(by["achievement_pct"]) and by["note"] == "baseline partly missing"


def test_place_multiples_say_how_many_they_show_and_leave_other_programmes_out() -> None:
    rows = [
        {"indicator_id": f"I{n}", "indicator": f"Показник {n}", "measure": "unit",
         "period_start": "2019-01-01", "period_end": "2019-12-31", "target": 10, "actual": 8,
         "place": "poltava", "sex": "all"}
        for n in range(8)
    ]  # fmt: skip
    frame = _frame(rows).assign(indicator=[r["indicator"] for r in rows], program=None)
    frame.loc[7, "program"] = "Міська цільова програма «Молодь Полтави»"  # the city's own
    progress = results_progress(frame)
    for lang, shown in (("uk", "показано 6 з 7"), ("en", "6 of 7 shown")):
        fig = charts.results_place_multiples(progress, lang=lang, source="test")
        assert fig.get_suptitle().endswith(shown)
        titles = [ax.get_title(loc="left") for ax in fig.axes]
        assert "Показник 7" not in titles and len(titles) == 6
    fig = charts.results_place_multiples(progress.iloc[:3], lang="en", source="test")
    assert "shown" not in fig.get_suptitle()  # all drawn: nothing to say
