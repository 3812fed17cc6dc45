"""Done-when of issue 24: a second project, made as a new user would, end to end.

A 2022–2024 municipal-services project in Kharkiv, Chernihiv and Sumy oblasts (villages,
hromadas, an online event, a study visit abroad; micro-grants in EUR, USD and UAH; its own
components and funds): ``promis init`` with the project's options, the templates filled with
openpyxl as a person fills them, ``promis validate``, ``promis build --data``. Checked: every
chart its data supports is drawn, each indicator table equals an independent pandas
recomputation from the rows written here, and no word of PROMIS is in any output file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from promis_analytics.cli import cli

pytestmark = pytest.mark.slow

TITLE_UK = "Якісні послуги громадам Слобожанщини й Сіверщини"
TITLE_EN = "Quality Services for Hromadas of Slobozhanshchyna and Sivershchyna"
COMPONENTS = (
    "code,level,parent,title_uk,title_en,source,locator\n"
    "1,component,,Доступні послуги,Accessible services,лограмка проєкту,розділ 1\n"
    "1.1,output,1,ЦНАП у громадах,Administrative service centres in hromadas,лограмка проєкту,1.1\n"
    "1.2,output,1,Цифрові послуги,Digital services,лограмка проєкту,1.2\n"
    "2,component,,Спроможні громади,Capable hromadas,лограмка проєкту,розділ 2\n"
    "2.1,output,2,Навчання посадовців,Training of officials,лограмка проєкту,2.1\n"
)
FUNDS = (
    "code,title_uk,title_en,source,locator\n"
    "micro,мікрогранти громадам,micro-grants to hromadas,грантова політика,п. 2\n"
    "youth,молодіжні ініціативи,youth initiatives,грантова політика,п. 3\n"
)
# title, type, output, start, end, place, country, participants, women
EVENTS = [
    ("Навчання для адміністраторів ЦНАП", "тренінг", "1.1", dt.date(2022, 3, 14),
     dt.date(2022, 3, 15), "с. Слатине", None, 24, 19),
    ("Семінар з електронних послуг", "семінар", "1.2", dt.date(2022, 6, 2), None,
     "Ічнянська громада", None, 31, 22),
    ("Вебінар «Відкриті дані громади»", "вебінар", "1.2", dt.date(2022, 11, 9), None,
     "онлайн", None, 112, 70),
    ("Форум старост", "форум", "2.1", dt.date(2023, 2, 21), dt.date(2023, 2, 22), "м. Суми",
     None, 86, 41),
    ("Навчальний візит до Вроцлава", "навчальний візит", "2.1", dt.date(2023, 5, 15),
     dt.date(2023, 5, 19), "Вроцлав", "Польща", 12, 7),
    ("Тренінг з бюджетування", "тренінг", "2.1", dt.date(2023, 9, 12), None, "Охтирка", None,
     27, 18),
    ("Круглий стіл про безбар'єрність", "круглий стіл", "1.1", dt.date(2024, 4, 3), None,
     "смт Козелець", None, 19, 12),
    ("Тренінг для ЦНАП", "тренінг", "1.1", dt.date(2024, 6, 18), None,
     "с. Вільхівка Харківського району", None, 22, None),
    ("Семінар для депутатів", "семінар", "2.1", dt.date(2024, 10, 1), None, "Мена", None, 16, 9),
    ("Тренінг з цифрових послуг", "тренінг", "1.2", dt.date(2024, 11, 5), None, "у Сумах",
     None, 25, 15),
]  # fmt: skip
# fund, place, title, date, project amount, its currency, partner amount, its currency
COFINANCING = [
    ("мікрогранти громадам", "Ічнянська громада", "Укриття для ЦНАП", dt.date(2022, 9, 1),
     12000, "EUR", 150000, "грн"),
    ("мікрогранти громадам", "Охтирка", "Мобільний ЦНАП", dt.date(2023, 3, 20), 15000, "EUR",
     4000, "EUR"),
    ("молодіжні ініціативи", "Суми", "Молодіжний простір", dt.date(2023, 7, 10), 8000, "USD",
     200000, "грн"),
    ("молодіжні ініціативи", "Мена", "Медіашкола", dt.date(2024, 2, 5), 5500, "USD", 1500,
     "USD"),
]  # fmt: skip
# place, area, year given, status
RECOMMENDATIONS = [
    ("Охтирка", "ЦНАП", 2022, "виконано"),
    ("Охтирка", "прозорість бюджету", 2023, "виконано частково"),
    ("Суми", "ЦНАП", 2023, "в процесі"),
    ("Суми", "бізнес-клімат", 2024, "не виконано"),
    ("Мена", "ЦНАП", 2024, "виконано"),
    ("Мена", "прозорість бюджету", 2025, "в процесі"),  # the year after: a warning
]
# program, period, group, indicator, unit, target, actual
INDICATORS = [
    ("Програма «Громада послуг» 2022–2024", "2023", "показник продукту",
     "Кількість навчених адміністраторів", "осіб", 60, 71),
    ("Програма «Громада послуг» 2022–2024", "2023", "показник ефективності",
     "Частка послуг онлайн", "%", 40, 35),
    ("Програма «Громада послуг» 2022–2024", "2023", "показник якості",
     "Задоволеність відвідувачів ЦНАП", "%", 80, 86),
]  # fmt: skip
# the rates the project's finance officer set for the reports (promis.toml [fx], edited by hand)
FX = """
[fx]
basis = "fixed"
[fx.fixed]
EUR_UAH = 42.1
USD_UAH = 39.5
CAD_UAH = 30.2
"""
IATI = """
[iati]
identifier = "XM-DAC-99999-YAKISNI-POSLUHY"
activity_status = "2"
description_uk = "Якісні адміністративні послуги в громадах трьох областей."
description_en = "Quality administrative services in hromadas of three oblasts."
[iati.reporting_org]
ref = "XM-DAC-99999"
type = "22"
name_uk = "ГО «Громада послуг»"
name_en = "Hromada Services NGO"
[[iati.participating_org]]
role = "4"
name_uk = "ГО «Громада послуг»"
name_en = "Hromada Services NGO"
"""
# result, level, indicator, its English, measure, year, target, actual, place, sex
RESULTS = [
    ("R1", "Громади надають якісні послуги", "проміжний результат", "I1",
     "Відвідувачі ЦНАП, задоволені послугами", "Satisfied visitors of the service centres",
     "відсоток", 2023, 70, 74, "Охтирка", "жінки"),
    ("R1", "Громади надають якісні послуги", "проміжний результат", "I1",
     "Відвідувачі ЦНАП, задоволені послугами", "Satisfied visitors of the service centres",
     "відсоток", 2023, 70, 66, "Охтирка", "чоловіки"),
    ("R1", "Громади надають якісні послуги", "проміжний результат", "I1",
     "Відвідувачі ЦНАП, задоволені послугами", "Satisfied visitors of the service centres",
     "відсоток", 2024, 75, 79, "Мена", "жінки"),
    ("R2", "Посадовці навчені", "продукт", "I2", "Навчені посадовці",
     "Officials trained", "одиниці", 2024, 120, 134, "Ічнянська громада", "усі"),
]  # fmt: skip
PROMIS_WORDS = re.compile(
    r"ПРОМІС|PROMIS\b|PLEDDG|брошур|brochure|міст(?:а|ам|ах)?-партнер|partner cit", re.I
)
PROMIS_CITIES = (
    "Вінниця", "Жмеринка", "Ладижин", "Хмільник", "Івано-Франківськ", "Долина", "Коломия",
    "Яремче", "Полтава", "Горішні Плавні", "Миргород", "Кременчук", "Запоріжжя", "Бердянськ",
    "Енергодар", "Мелітополь", "Vinnytsia", "Zhmerynka", "Ladyzhyn", "Khmilnyk",
    "Ivano-Frankivsk", "Dolyna", "Kolomyia", "Yaremche", "Poltava", "Horishni Plavni",
    "Myrhorod", "Kremenchuk", "Zaporizhzhia", "Berdiansk", "Enerhodar", "Melitopol",
)  # fmt: skip


def _fill(path: Path, rows: list[dict[str, object]]) -> None:
    """Type ``rows`` under the template's bilingual header (keys: the Ukrainian half)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [str(c.value).split(" / ")[0] for c in ws[1]]
    for i, row in enumerate(rows, start=2):
        for name, value in row.items():
            if value is not None:
                ws.cell(i, header.index(name) + 1, value)
    wb.save(path)


def _fill_templates(folder: Path) -> None:
    _fill(folder / "events.xlsx", [
        {"Код заходу": f"Z-{n:02d}", "Назва": t, "Тип заходу": k, "Продукт проєкту": o,
         "Дата початку": s, "Дата завершення": e, "Місто": p, "Країна": c,
         "Кількість учасників": n_all, "З них жінок": w, "Джерело": "журнал заходів",
         "Місце в джерелі": f"рядок {n}"}
        for n, (t, k, o, s, e, p, c, n_all, w) in enumerate(EVENTS, start=1)
    ])  # fmt: skip
    money = folder / "cofinancing.xlsx"
    header = [str(c.value) for c in openpyxl.load_workbook(money).worksheets[0][1]]
    theirs = "Внесок партнера"
    ours = next(h.split(" / ")[0] for h in header if h.startswith("Внесок ") and
                "партнера" not in h)  # fmt: skip
    ours_cur = next(h.split(" / ")[0] for h in header if h.startswith("Валюта внеску ") and
                    "партнера" not in h)  # fmt: skip
    _fill(money, [
        {"Код проєкту": f"MG-{n}", "Фонд": f, "Місто": p, "Назва": t, "Дата": d, ours: a,
         ours_cur: ac, theirs: b, "Валюта внеску партнера": bc, "Джерело": "угода",
         "Місце в джерелі": f"№ {n}"}
        for n, (f, p, t, d, a, ac, b, bc) in enumerate(COFINANCING, start=1)
    ])  # fmt: skip
    _fill(folder / "recommendations.xlsx", [
        {"Код рекомендації": f"R-{n}", "Місто": p, "Сфера": a, "Рік надання": y, "Статус": s,
         "Джерело": "звіт моніторингу", "Місце в джерелі": f"п. {n}"}
        for n, (p, a, y, s) in enumerate(RECOMMENDATIONS, start=1)
    ])  # fmt: skip
    _fill(folder / "results.xlsx", [
        {"Код результату": r, "Результат": rt, "Рівень": lv, "Код показника": i, "Показник": it,
         "Показник англійською": en, "Вимір": m, "Напрям": "зростання",
         "Рік базового значення": 2022, "Базове значення": 60 if i == "I1" else 0,
         "Початок періоду": dt.date(y, 1, 1), "Кінець періоду": dt.date(y, 12, 31), "План": t,
         "Факт": a, "Місце": p, "Стать": sx, "Джерело": "звіт за рамкою результатів",
         "Місце в джерелі": f"рядок {n}"}
        for n, (r, rt, lv, i, it, en, m, y, t, a, p, sx) in enumerate(RESULTS, start=1)
    ])  # fmt: skip
    _fill(folder / "indicators.xlsx", [
        {"Програма": p, "Період": y, "Група показників": g, "Показник": i, "Одиниця виміру": u,
         "План": t, "Факт": a, "Джерело": "звіт програми", "Місце в джерелі": f"табл. {n}"}
        for n, (p, y, g, i, u, t, a) in enumerate(INDICATORS, start=1)
    ])  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The folder after init → fill → validate → build, and what each command printed."""
    folder = tmp_path_factory.mktemp("second") / "послуги"
    runner = CliRunner()
    init = runner.invoke(cli, [
        "init", str(folder), "--title", TITLE_UK, "--title-en", TITLE_EN,
        "--period", "2022-01-01..2024-12-31", "--currency", "EUR",
        "--oblasts", "Харківська, Чернігівська, Сумська",
    ])  # fmt: skip
    assert init.exit_code == 0, init.output
    templates = {p.name: _xlsx_texts(p) for p in folder.glob("*.xlsx")}
    (folder / "components.csv").write_text(COMPONENTS, encoding="utf-8")
    (folder / "funds.csv").write_text(FUNDS, encoding="utf-8")
    settings = (folder / "promis.toml").read_text(encoding="utf-8")
    assert "\n[fx]\n" in settings
    settings = settings.replace("\n[fx]\n", FX, 1)  # under the commented examples: as typed
    settings = settings.replace("\n[iati]\n", IATI, 1)
    (folder / "promis.toml").write_text(settings, encoding="utf-8")
    _fill_templates(folder)
    validate = runner.invoke(cli, ["validate", str(folder)])
    build = runner.invoke(cli, ["build", "--data", str(folder)])
    return {
        "folder": folder,
        "templates": templates,
        "validate": validate,
        "build": build,
    }


def _xlsx_texts(path: Path) -> list[str]:
    """Sheet names and every cell's text."""
    wb = openpyxl.load_workbook(path, read_only=True)
    cells = (v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row)
    return wb.sheetnames + [str(v) for v in cells if v is not None]


def _png_texts(path: Path) -> list[str]:
    """The text chunks of a PNG file (tEXt / iTXt: title, description, software …)."""
    data = path.read_bytes()
    out, i = [], 8
    while i < len(data):
        n = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            out.append(data[i + 8 : i + 8 + n].decode("utf-8", "replace"))
        i += 12 + n
    return out


def _output_texts(folder: Path) -> dict[Path, str]:
    """Every output file's text as a reader (or a search engine) sees it."""
    out: dict[Path, str] = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or ".promis-cache" in p.parts or p.parent == folder:
            continue  # the user's own inputs live at the top of the folder
        suffix = p.suffix.lower()
        if suffix == ".png":
            out[p] = "\n".join(_png_texts(p))
        elif suffix == ".xlsx":
            out[p] = "\n".join(_xlsx_texts(p))
        elif suffix == ".docx":
            with zipfile.ZipFile(p) as z:
                out[p] = z.read("word/document.xml").decode("utf-8")
        elif suffix in (".svg", ".csv", ".html", ".json", ".xml", ".md", ".txt"):
            out[p] = p.read_text(encoding="utf-8", errors="replace")
    return out


def _leaks(texts: dict[Path, str], root: Path) -> list[str]:
    found = []
    for p, text in texts.items():
        words = {m.group(0) for m in PROMIS_WORDS.finditer(text)}
        words |= {c for c in PROMIS_CITIES if re.search(rf"\b{re.escape(c)}\b", text)}
        if words:
            found.append(f"{p.relative_to(root)}: {sorted(words)}")
    return found


def test_init_writes_the_profile_the_options_give(project) -> None:
    import tomllib

    folder = project["folder"]
    settings = tomllib.loads((folder / "promis.toml").read_text(encoding="utf-8"))["project"]
    assert settings["title_uk"] == TITLE_UK and settings["title_en"] == TITLE_EN
    assert (settings["start"], settings["end"]) == (dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    assert settings["currency"] == "EUR" and "partners" not in settings


def test_the_templates_offer_the_projects_places_and_no_promis_code(project) -> None:
    events = project["templates"]["events.xlsx"]
    assert {"Охтирка", "Суми", "Мена", "Чернігів", "Харків"} <= set(events)
    assert not {c for c in PROMIS_CITIES if c in events}
    assert not [t for t in events if re.match(r"^[123][123]00 ", t)]  # no PROMIS output codes
    cofinancing = project["templates"]["cofinancing.xlsx"]
    assert "фонд демократичного врядування" not in cofinancing


def test_the_templates_say_no_promis_word(project) -> None:
    texts = {Path(n): "\n".join(t) for n, t in project["templates"].items()}
    assert _leaks(texts, Path()) == []


def test_the_filled_templates_validate(project) -> None:
    validate = project["validate"]
    assert validate.exit_code == 0, validate.output
    # the recommendation given in 2025, the year after the project: a warning, kept
    assert "2025" in validate.output and "попередження" in validate.output


def test_build_draws_every_chart_the_data_supports(project) -> None:
    build = project["build"]
    assert build.exit_code == 0, build.output
    figures = project["folder"] / "figures"
    drawn = {p.name.removesuffix(".uk.png") for p in figures.glob("*.uk.png")}
    supported = {
        "participants_per_city", "recommendation_uptake", "plan_vs_actual", "cofinancing",
        "results_by_place", "participants_by_dimension",
    }  # fmt: skip
    assert drawn == supported, build.output
    assert {p.name.removesuffix(".en.png") for p in figures.glob("*.en.png")} == supported
    gallery = (figures / "index.html").read_text(encoding="utf-8")
    assert TITLE_UK in gallery and TITLE_EN in gallery
    skipped = gallery.split('<section class="skipped"', 1)[1]
    for kind in ("index_scores", "adoptions", "facts"):
        assert f"«{kind}»" in skipped


def _chart_data(project, stem: str) -> pd.DataFrame:
    figures = project["folder"] / "figures"
    return pd.read_csv(figures / f"{stem}.uk.csv")


#: how the charts name the places typed in EVENTS (codifier names; «у Сумах» is Суми)
PLACE_NAMES = {
    "с. Слатине": "Слатине", "м. Суми": "Суми", "у Сумах": "Суми", "смт Козелець": "Козелець",
    "с. Вільхівка Харківського району": "Вільхівка",
}  # fmt: skip


def _events() -> pd.DataFrame:
    columns = ["title", "type", "output", "start", "end", "place", "country", "participants",
               "women"]  # fmt: skip
    events = pd.DataFrame(EVENTS, columns=columns)
    events["name"] = events["place"].map(lambda p: PLACE_NAMES.get(p, p))
    return events


def test_participants_per_place_and_type_equal_a_pandas_recomputation(project) -> None:
    events = _events()
    expected = events.groupby(["name", "type"])["participants"].sum().to_dict()
    table = _chart_data(project, "participants_per_city")
    table.columns = ["name", "type", "participants"]
    assert table.set_index(["name", "type"])["participants"].to_dict() == expected
    assert table.groupby("name")["participants"].sum()["Суми"] == 86 + 25
    assert not set(table["name"]) & set(PROMIS_CITIES)  # no place the data does not have


def test_recommendation_uptake_equals_a_pandas_recomputation(project) -> None:
    recs = pd.DataFrame(RECOMMENDATIONS, columns=["place", "area", "year", "status"])
    table = _chart_data(project, "recommendation_uptake")
    table.columns = ["place", "status", "count", "share"]
    given = table.loc[table["status"] == "надано"].set_index("place")["count"].to_dict()
    assert given == {**recs.groupby("place").size().to_dict(), "усього": len(recs)}
    by_status = table.loc[table["status"] != "надано"].set_index(["place", "status"])
    expected = recs.groupby(["place", "status"]).size()
    for (place, status), n in expected.items():
        assert by_status.loc[(place, status), "count"] == n
        assert by_status.loc[(place, status), "share"] == pytest.approx(n / given[place] * 100)


def test_plan_vs_actual_equals_a_pandas_recomputation(project) -> None:
    table = _chart_data(project, "plan_vs_actual")
    rows = pd.DataFrame(INDICATORS, columns=["program", "year", "group", "name", "unit", "plan",
                                             "fact"])  # fmt: skip
    expected = (rows["fact"] / rows["plan"] * 100).tolist()
    assert table.iloc[:, 0].tolist() == rows["name"].tolist()
    assert table.iloc[:, 1].tolist() == pytest.approx(expected)


def test_results_by_place_equal_a_pandas_recomputation(project) -> None:
    """The rows for everyone (not split by sex), progress from the baseline to the target."""
    columns = ["result", "title", "level", "id", "indicator", "en", "measure", "year", "target",
               "actual", "place", "sex"]  # fmt: skip
    rows = pd.DataFrame(RESULTS, columns=columns)
    rows = rows.loc[rows["sex"] == "усі"].assign(baseline=0)
    pct = ((rows["actual"] - rows["baseline"]) / (rows["target"] - rows["baseline"]) * 100).tolist()
    table = _chart_data(project, "results_by_place")
    assert table.iloc[:, 1].tolist() == rows["place"].tolist()
    assert table.iloc[:, -1].tolist() == pytest.approx(pct)


def _workbook(project) -> dict[str, pd.DataFrame]:
    """The indicator workbook's sheets, the third header row (column keys) as the header."""
    path = project["folder"] / "reports" / "indicators.xlsx"
    return pd.read_excel(path, sheet_name=None, engine="openpyxl", header=2)


def test_the_workbook_participants_equal_a_pandas_recomputation(project) -> None:
    events = _events()
    sheet = _workbook(project)["Учасники · Participants"]
    sheet["name"] = sheet["city"].str.split(" / ").str[0]
    groups = sheet.loc[sheet["row_kind_key"] == "group"].set_index("name")
    by_place = events.groupby("name")
    women = events.dropna(subset=["women"]).groupby("name")
    expected = pd.DataFrame({
        "events": by_place.size(),
        "participants": by_place["participants"].sum(),
        "participants_with_women": women["participants"].sum(),
        "women": women["women"].sum(),
    })  # fmt: skip
    # no event of a place reports women: 0 participants of such events, women unknown (NA)
    expected["participants_with_women"] = expected["participants_with_women"].fillna(0)
    expected["women_share_pct"] = expected["women"] / expected["participants_with_women"] * 100
    got = groups.loc[expected.index, expected.columns].astype(float)
    pd.testing.assert_frame_equal(
        got.sort_index(), expected.astype(float).sort_index(), check_names=False,
        check_index_type=False,
    )  # fmt: skip
    assert groups.loc["Вільхівка", ["women", "women_share_pct"]].isna().all()  # unknown, not 0
    total = sheet.loc[sheet["row_kind_key"] == "total"].iloc[0]
    assert (total["events"], total["participants"]) == (len(events), events["participants"].sum())


def test_the_workbook_recommendations_equal_a_pandas_recomputation(project) -> None:
    recs = pd.DataFrame(RECOMMENDATIONS, columns=["place", "area", "year", "status"])
    sheet = _workbook(project)["Рекомендації · Recommendations"]
    total = sheet.loc[sheet["row_kind_key"] == "total"].iloc[0]
    counts = recs["status"].value_counts()
    assert total["given"] == len(recs)
    assert total["implemented"] == counts["виконано"]
    assert total["partially_implemented"] == counts["виконано частково"]
    assert total["in_progress"] == counts["в процесі"]
    assert total["not_implemented"] == counts["не виконано"]
    assert total["uptake_pct"] == pytest.approx(counts["виконано"] / len(recs) * 100)


def test_the_workbook_achievement_equals_a_pandas_recomputation(project) -> None:
    rows = pd.DataFrame(INDICATORS, columns=["program", "year", "group", "indicator", "unit",
                                             "target", "actual"])  # fmt: skip
    sheet = _workbook(project)["Виконання · Achievement"].set_index("indicator")
    ratio = (rows["actual"] / rows["target"]).tolist()
    assert sheet.loc[rows["indicator"], "target_ratio"].tolist() == pytest.approx(ratio)


def test_the_workbook_speaks_of_the_folders_own_sources(project) -> None:
    sheets = _workbook(project)
    sources = sheets["Джерела · Sources"]
    assert set(sources["source"]) == {
        "журнал заходів", "угода", "звіт моніторингу", "звіт програми",
        "звіт за рамкою результатів",
    }  # fmt: skip
    assert not any("Brochure" in name or "брошур" in name for name in sheets)
    matrix = sheets["Інструменти · Adoption matrix"]
    assert matrix.empty  # no adoptions: no place is listed (no partner cities)


#: the fixed rates of FX (UAH per unit): a USD amount reaches EUR through the hryvnia
RATES = {"EUR": 42.1, "USD": 39.5, "UAH": 1.0, "грн": 1.0}


def test_cofinancing_equals_a_pandas_recomputation_in_eur(project) -> None:
    """The project's money in its own currency (EUR) and in hryvnias, each amount converted
    at the declared fixed rates: value × (UAH per its currency) ÷ (UAH per EUR)."""
    grants = pd.DataFrame(COFINANCING, columns=["fund", "place", "title", "date", "ours",
                                                "ours_cur", "theirs", "theirs_cur"])  # fmt: skip
    uah = {
        side: (grants[side] * grants[f"{side}_cur"].map(RATES)).sum()
        for side in ("ours", "theirs")
    }  # fmt: skip
    table = _chart_data(project, "cofinancing")
    header = " ".join(table.columns)
    assert "EUR" in header and "CAD" not in header
    _, rate, eur_thousand, uah_million = table.columns
    assert table[rate].tolist() == [42.1, 42.1]
    assert table[eur_thousand].tolist() == pytest.approx(
        [uah["ours"] / 42.1 / 1e3, uah["theirs"] / 42.1 / 1e3], rel=1e-6
    )
    assert table[uah_million].tolist() == pytest.approx(
        [uah["ours"] / 1e6, uah["theirs"] / 1e6], rel=1e-6
    )


def test_participants_by_sex_equal_a_pandas_recomputation(project) -> None:
    """Per place: the women the events give, and the people of unknown sex (participants
    minus women; all participants of an event that gives no women) — never 0 for unknown."""
    events = _events()
    totals = events.groupby("name")["participants"].sum()
    women = events.groupby("name")["women"].sum(min_count=1)  # NaN: no event gives women
    unknown = totals - women.fillna(0)
    women = women.dropna()
    table = _chart_data(project, "participants_by_dimension")
    table.columns = ["name", "part", "participants"]
    got = table.set_index(["name", "part"])["participants"]
    assert {n: got[(n, "З них жінок")] for n in women.index} == women.astype(int).to_dict()
    not_given = "не розподілено: дані не подано"
    assert {n: got[(n, not_given)] for n in unknown.index} == unknown.astype(int).to_dict()
    assert ("Вільхівка", "З них жінок") not in got.index  # women not given: no bar, not 0


def test_no_promis_word_in_any_output(project) -> None:
    folder = project["folder"]
    texts = _output_texts(folder)
    assert any(p.suffix == ".png" for p in texts) and any(p.suffix == ".svg" for p in texts)
    assert _leaks(texts, folder) == []


def test_iati_speaks_of_the_project(project, tmp_path: Path) -> None:
    out = tmp_path / "activity.xml"
    result = CliRunner().invoke(cli, ["export", "iati", "--data", str(project["folder"]),
                                      "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    xml = out.read_text(encoding="utf-8")
    assert 'default-currency="EUR"' in xml and TITLE_EN in xml
    assert _leaks({out: xml}, tmp_path) == []


def test_sidecars_name_the_folders_files(project) -> None:
    figures = project["folder"] / "figures"
    for meta in figures.glob("*.uk.json"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        assert "results_brochure_2021" not in json.dumps(data, ensure_ascii=False), meta.name
