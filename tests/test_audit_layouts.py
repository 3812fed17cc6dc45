"""Report layouts the second audit round reads (issue 26): «Розділ N.» headings, a
funding-source column, a unit column, other plan/fact headers; and the word rules it added
(compound nouns, counts of what was not done, the whole of «з N», a named item postponed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from promis_analytics.extract.program_report import program_report
from promis_analytics.extract.program_report.contradictions import text_audit
from promis_analytics.extract.program_report.morphology import tokens
from promis_analytics.extract.program_report.quantities import quantities

T = "\t"


def _cells(*cells: str) -> str:
    return "\n".join(T + c for c in cells)


def _report(heading: str, measure_header: list[str], measure_row: list[str], unit: bool) -> str:
    ind_header = ["№ з/п", "Найменування показника"] + (["Одиниця виміру"] if unit else [])
    ind_header += ["План", "Факт", "Відсоток виконання", "Примітка"]

    def ind(no: str, name: str, u: str, plan: str, fact: str, pct: str, note: str = "") -> str:
        return _cells(no, name, *([u] if unit else []), plan, fact, pct, note)

    h = f"{heading} " if heading else ""
    return "\n\n".join(
        [
            "ЗВІТ\nпро виконання у 2021 році Програми «Здорове місто» на 2021-2023 роки, "
            "затвердженої рішенням міської ради від 23.12.2020 № 215\n",
            f"{h}1. Виконання заходів Програми\n",
            _cells(*measure_header),
            _cells(*measure_row),
            _cells("Всього", "1 250,0", "1 180,5", "94,4", ""),
            f"\n{h}2. Виконання результативних показників Програми\n",
            _cells(*ind_header),
            "\t\nІ. Показники витрат\n",
            ind("1.", "Обсяг фінансування Програми", "тис. грн", "1 250,0", "1 180,5", "94,4"),
            "\t\nІІ. Показники продукту\n",
            ind("1.", "Кількість придбаних одиниць обладнання", "од.", "15", "14", "93,3"),
            ind(
                "2.",
                "Кількість проведених семінарів",
                "од.",
                "12",
                "9",
                "75",
                "Три семінари не відбулися через карантин",
            ),
            f"\n{h}3. Оцінка ефективності виконання Програми\n",
            "Ефективність виконання Програми за 2021 рік становить 94,4 %.",
        ]
    )


LAYOUTS = [
    pytest.param(
        "Розділ",
        [
            "№ з/п",
            "Зміст заходів",
            "Строк виконання",
            "Відповідальні виконавці",
            "Джерело фінансування",
            "Обсяг фінансування, тис. грн",
            "Фактично використано, тис. грн",
            "Відсоток виконання, %",
            "Інформація про виконання",
        ],
        [
            "1.1. Придбання обладнання",
            "2021 рік",
            "Відділ охорони здоров’я",
            "Міський бюджет",
            "1 250,0",
            "1 180,5",
            "94,4",
            "Придбано 14 одиниць обладнання",
        ],
        True,
        id="section word, funding-source and unit columns",
    ),
    pytest.param(
        "",
        [
            "№ з/п",
            "Найменування заходу",
            "Термін виконання",
            "Виконавець",
            "Передбачено, тис. грн",
            "Використано, тис. грн",
            "Виконання, %",
            "Примітка",
        ],
        [
            "1.1.",
            "Придбання обладнання",
            "2021 рік",
            "Відділ охорони здоров’я",
            "1 250,0",
            "1 180,5",
            "94,4",
            "Придбано 14 одиниць обладнання",
        ],
        False,
        id="own number column, other plan and fact headers",
    ),
]


@pytest.mark.parametrize(("heading", "header", "row", "unit"), LAYOUTS)
def test_layouts_are_read(heading: str, header: list[str], row: list[str], unit: bool) -> None:
    r = program_report(_report(heading, header, row, unit))
    assert r.reading_findings == []
    assert list(r.measures["planned_thousand_uah"]) == [Decimal("1250.0")]
    assert list(r.measures["actual_thousand_uah"]) == [Decimal("1180.5")]
    assert list(r.indicators["target"]) == [Decimal("1250.0"), 15, 12]
    assert list(r.indicators["actual"]) == [Decimal("1180.5"), 14, 9]
    if heading:
        assert list(r.measures["funding_source"]) == ["Міський бюджет"]
    # «Три семінари не відбулися» counts what was not done: no contradiction with 9
    assert text_audit(r).contradictions == []


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("блог-турів", "блог-тур"),
        ("блог-тури", "блог-тур"),
        ("інфотурів", "інфотур"),
        ("інфотури", "інфотур"),
        ("онлайн-зустрічей", "онлайн-зустріч"),
        ("проєктів-переможців", "проект"),  # the first part declines: it is the head
        ("Роботи", "робота"),
    ],
)
def test_compound_and_overridden_lemmas(word: str, lemma: str) -> None:
    (t,) = tokens(word)
    assert t.lemma == lemma


@pytest.mark.parametrize(
    ("sentence", "aside"),
    [
        ("Три семінари не відбулися через карантин", {"undone"}),
        ("Два тренінги перенесено на 2022 рік", {"undone"}),
        ("Із 160 працівників первинної ланки", {"whole"}),
        ("З 210 дорожніх знаків 150 встановлено на нових опорах", {""}),
    ],
)
def test_counts_set_aside(sentence: str, aside: set[str]) -> None:
    got = {q.aside for q in quantities([(1, sentence)]) if q.value is not None}
    assert got == aside


@pytest.mark.parametrize(
    ("sentence", "partial"),
    [
        ("Навчання проведено у повному обсязі, відбулося 9 семінарів", False),
        ("Один об’єкт перенесено на 2021 рік", True),
        ("2 тренінги перенесено на 2022 рік", True),
    ],
)
def test_a_status_is_partial_only_when_its_clause_counts(sentence: str, partial: bool) -> None:
    (st,) = [q for q in quantities([(1, sentence)]) if q.status]
    assert st.partial is partial
