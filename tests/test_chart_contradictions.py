"""The plan-vs-actual chart shows the narrative audit's contradictions (issue 26): a numbered
marker on each contradicted row and numbered notes with both lines and both values."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from promis_analytics import charts
from promis_analytics.charts.figure_data import figure_data
from promis_analytics.errors import ChartError
from promis_analytics.extract.program_report import program_report
from promis_analytics.extract.program_report.audit_tables import (
    ROW_CONTRADICTION_COLUMNS,
    report_documents,
    row_contradictions,
    text_contradictions,
)
from promis_analytics.indicators import achievement

LOCATORS = [f"table 2, product indicator {n} (line {10 + 7 * n})" for n in (1, 2, 3)]
INDICATORS = pd.DataFrame(
    {
        "group": ["product", "product", "product"],
        "indicator": [
            "Кількість проведених молодіжних форумів",
            "Кількість виданих буклетів",
            "Кількість проведених тренінгів",
        ],
        "target": [3.0, 500.0, 12.0],
        "actual": [3.0, 400.0, 12.0],
        "reported_pct": [100.0, 80.0, 100.0],
        "reported_decimals": [0, 0, 0],
        "source": ["zvit_2021"] * 3,
        "locator": LOCATORS,
    }
)


def _note(n: int, locator: str, **kw: object) -> dict:
    base = dict.fromkeys(ROW_CONTRADICTION_COLUMNS, "")
    base.update(source="zvit_2021", locator=locator, n=n, kind="value", text_line=40 + n)
    base.update(stated="5", text_quote="Проведено 5 молодіжних форумів", other_line=17)
    base.update(other="planned 3, actual 3", other_planned="3", other_actual="3")
    base.update(other_quote="Кількість проведених молодіжних форумів", **kw)
    return base


def _markers(fig) -> dict[str, str]:
    found = fig.findobj(lambda a: str(a.get_gid()).startswith("contradiction:"))
    return {a.get_gid(): a.get_text() for a in found}


def _notes(fig) -> str:
    (text,) = fig.findobj(lambda a: a.get_gid() == "contradiction_notes")
    return text.get_text()


@pytest.mark.parametrize(
    ("lang", "line", "table_says"),
    [
        ("uk", "1 — рядок 41: у тексті 5", "рядок 17: у таблиці план 3, факт 3"),
        ("en", "1 — line 41: the text says 5", "line 17: the table says planned 3, actual 3"),
    ],
)
def test_markers_on_the_contradicted_rows_and_notes_with_both_sides(
    lang: str, line: str, table_says: str
) -> None:
    notes = pd.DataFrame(
        [
            _note(1, LOCATORS[0]),
            _note(2, LOCATORS[2], stated="10", other="12", other_planned="", other_actual=""),
            _note(
                3,
                LOCATORS[0],
                kind="status",
                stated="120",
                other="postponed (line 30: «x»)",
                other_planned="",
                other_actual="",
            ),
            _note(4, "table 1, measure 1.1 (line 5)"),  # a measure: not a row of this chart
        ]
    )
    fig = charts.plan_vs_actual(achievement(INDICATORS), lang=lang, contradictions=notes)
    assert _markers(fig) == {"contradiction:0": "◆ 1, 3", "contradiction:2": "◆ 2"}
    text = _notes(fig)
    assert text.count("\n1 — ") + text.count("\n2 — ") + text.count("\n3 — ") == 3
    assert "4 — " not in text  # nothing drawn for it
    assert line in text and table_says in " ".join(text.split())
    assert "«Проведено 5 молодіжних форумів»" in text
    assert "«x»" in text  # a status shows its own quote
    drawn = figure_data(fig)
    assert drawn.iloc[:, -1].tolist() == ["1, 3", "", "2"]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert charts.label("legend.text_contradiction", lang) in legend
    assert min(fig.axes[0].get_xticks()) >= 0  # the marker column has no negative percents


def test_without_contradictions_nothing_is_marked() -> None:
    table = achievement(INDICATORS)
    for notes in (None, pd.DataFrame(columns=list(ROW_CONTRADICTION_COLUMNS))):
        fig = charts.plan_vs_actual(table, lang="uk", contradictions=notes)
        assert _markers(fig) == {}
        assert not fig.findobj(lambda a: a.get_gid() == "contradiction_notes")
    assert figure_data(charts.plan_vs_actual(table)).shape[1] == 3  # the sidecar as before


def test_contradictions_of_another_source_are_not_drawn() -> None:
    notes = pd.DataFrame([_note(1, LOCATORS[0], source="another_report")])
    fig = charts.plan_vs_actual(achievement(INDICATORS), contradictions=notes)
    assert _markers(fig) == {}


def test_a_contradictions_table_without_its_columns_is_a_chart_error() -> None:
    with pytest.raises(ChartError, match="other_line"):
        charts.plan_vs_actual(
            achievement(INDICATORS), contradictions=pd.DataFrame({"locator": LOCATORS, "n": 1})
        )


def _row(*cells: str) -> str:
    return "".join(f"\t{c}\n" for c in cells)


REPORT = (
    "ЗВІТ\nпро результати виконання у 2021 році\nМіської програми підтримки молоді\n"
    " на 2021-2022 роки, затвердженої рішенням міської ради\n\n\n"
    "1. Виконання заходів Програми\t\n\n"
    + _row("№ з/п", "Пріоритетні завдання", "Зміст заходів", "Строк виконання", "Виконавці")
    + _row("Річний обсяг фінансування, тис. грн.", "Фактично профінансовано, тис. грн.")
    + _row("Відсоток виконання заходу, %", "Інформація про виконання")
    + _row("1", "Підтримка молоді", "1.1. Проведення молодіжних форумів", "2021 рік")
    + _row("Відділ молоді", "10,0\nМіський бюджет", "10,0\nМіський бюджет", "100", "Форуми")
    + _row("Всього:", "10,0", "10,0", "100", "")
    + "\n2.Виконання результативних показників Програми\n\n"
    + "\t\n№\nз/п\n\t\nНайменування\nпоказника\n\t\nПланове\n\t\nФактичне\n"
    + "\tВідсоток\n\tПричини невиконання\n\n"
    + _row("І. Показники витрат")
    + _row("1.", "Обсяг ресурсів, всього тис.грн.", "10,0", "10,0", "100", "")
    + "\n\t\nІІ. Показники продукту\n\n"
    + _row("1.", "Кількість проведених молодіжних форумів", "3", "3", "100", "")
    + _row("2.", "Кількість виданих інформаційних буклетів", "500", "400", "80", "")
    + "\n\n3. Оцінка ефективності виконання Програми\n\nПояснювальна записка.\n"
    + "Упродовж року проведено 5 молодіжних форумів для старшокласників.\n"
)


def test_a_report_read_and_drawn_with_its_contradictions(tmp_path) -> None:
    (tmp_path / "zvit_2021.txt").write_text(REPORT, encoding="utf-8")
    report = program_report(tmp_path / "zvit_2021.txt")
    notes = row_contradictions(report)
    assert notes["source"].unique().tolist() == ["zvit_2021"]
    (hit,) = notes.itertuples()
    lines = REPORT.split("\n")
    assert "5 молодіжних форумів" in lines[hit.text_line - 1]
    assert "молодіжних форумів" in lines[hit.other_line - 3]  # the indicator row's name
    assert lines[hit.other_line - 1].strip() == "3"  # the line of the actual compared
    assert (hit.stated, hit.other_planned, hit.other_actual) == ("5", "3", "3")
    table = achievement(report.indicators)
    assert hit.locator in table["locator"].tolist()
    found = report_documents(table["source"], [tmp_path / "missing", tmp_path])
    assert found == [tmp_path / "zvit_2021.txt"]
    fig = charts.plan_vs_actual(table, contradictions=text_contradictions(found))
    row = table.index[table["locator"] == hit.locator][0]
    assert _markers(fig) == {f"contradiction:{row}": "◆ 1"}
    assert text_contradictions([]).columns.tolist() == list(ROW_CONTRADICTION_COLUMNS)


@pytest.mark.parametrize(
    ("sentence", "value", "expected"),
    [
        ("Проведено 33 тренінги, семінари, у яких взяли участь", "33",
         "…33 тренінги, семінари, у яких…"),
        ("Кошти освоєно у повному обсязі", "у повному обсязі", "Кошти освоєно у повному обсязі"),
        ("Підготовлено й розміщено 22 публікації на сайті ради", "22 + 12 + 11 = 45",
         "…22 публікації на сайті ради"),
        ("Захід перенесено на 2020 рік через брак коштів", "", "Захід перенесено на 2020 рік…"),
        ("Видано 1 250 буклетів для мешканців громади", "1 250", "…1 250 буклетів для мешканців…"),
    ],
)  # fmt: skip
def test_a_note_quotes_the_phrase_that_states_the_value(sentence, value, expected) -> None:
    from promis_analytics.charts.contradiction_notes import phrase

    assert phrase(sentence, value) == expected
