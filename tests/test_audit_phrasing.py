"""How a report's sentences state a figure (issue 26): one table per phenomenon, real spellings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics.extract.program_report.clauses import per_unit_text
from promis_analytics.extract.program_report.disagreement import agrees
from promis_analytics.extract.program_report.quantities import Quantity, quantities


def read(text: str) -> list[tuple[Decimal | None, str]]:
    """(value, counted noun) of each count or amount the sentence states (statuses left out)."""
    return [(q.value, q.lemma) for q in quantities([(1, text)]) if not q.status]


def one(text: str) -> Quantity:
    (q,) = [q for q in quantities([(1, text)]) if not q.status]
    return q


@pytest.mark.parametrize(
    ("text", "value", "noun"),
    [
        ("Проведено двадцять один тренінг", 21, "тренінг"),
        ("Відбулося двадцять одне засідання", 21, "засідання"),
        ("Здобуто тридцять дві медалі", 32, "медаль"),
        ("Навчання пройшли сорок вісім волонтерів", 48, "волонтер"),
        ("Взяли участь дві тисячі триста учасників", 2300, "учасник"),
        ("Видано одну тисячу примірників", 1000, "примірник"),
        ("Видано 500 прим. буклетів", 500, "буклет"),  # a container abbreviated
        ("Взяли участь 120 чол.", 120, "особа"),
        ("Одна тисяча двісті учасників взяли участь у форумі", 1200, "учасник"),
        ("Виготовлено півтори тисячі буклетів", 1500, "буклет"),
        ("Надруковано півтори тисячі листівок", 1500, "листівка"),
        ("Проведено 12 (дванадцять) тренінгів", 12, "тренінг"),
        ("Проведено дванадцять (12) тренінгів", 12, "тренінг"),
    ],
)
def test_numbers_in_words_and_restated_in_brackets(text: str, value: int, noun: str) -> None:
    assert read(text) == [(Decimal(value), noun)]


@pytest.mark.parametrize(
    "text",
    [
        "Проведено 5 тренінгів",  # genitive plural
        "Проведено 3 тренінги",  # nominative plural
        "Проведено 1 тренінг",
        "Взяли участь у 5 тренінгах",  # locative
        "Охоплено 5 тренінгами 120 осіб",  # instrumental
        "Проведено 5 навчальних тренінгів",  # after an adjective
        "Проведено 5 дводенних навчальних тренінгів",  # after two adjectives
    ],
)
def test_the_counted_noun_in_any_case_and_number(text: str) -> None:
    assert read(text)[0][1] == "тренінг"


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        # the analyser reads these first as possessive adjectives («лікарів кабінет»)
        ("В амбулаторіях працюють 38 лікарів загальної практики", "лікар"),
        ("Зустрічі провели 12 учителів", "учитель"),
        ("Змагалися 1200 школярів", "школяр"),
    ],
)
def test_a_possessive_reading_after_a_number_is_the_noun(text: str, noun: str) -> None:
    assert read(text)[0][1] == noun


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Організовано 3 + 5 + 2 виставки", (3, 5, 2)),
        ("Організовано 3+5+2 виставки", (3, 5, 2)),
        ("Проведено по 3 виставки у Ніжині та 5 у Прилуках", (3, 5)),
        ("Виставки: 3 – у музеї, 5 – у бібліотеці", (3, 5)),
        ("Організовано 3 + 5 + 2 = 10 виставок", (10,)),  # the written-out parts of 10
        ("Кількість виставок – 10", (10,)),  # the noun before a dash
        ("Проведено виставок: 10", (10,)),  # the noun before a colon
    ],
)
def test_enumerations_and_sums_in_prose(text: str, items: tuple[int, ...]) -> None:
    q = one(text)
    assert q.lemma == "виставка" and q.items == tuple(Decimal(v) for v in items)
    assert q.value == sum(items)


@pytest.mark.parametrize(
    ("text", "bound", "table", "agree"),
    [
        ("Взяли участь близько 300 учасників", "approx", 320, True),  # within 10 %
        ("Взяли участь близько 300 учасників", "approx", 340, False),  # beyond it
        ("Взяли участь майже 300 учасників", "approx", 290, True),
        ("Взяли участь понад 300 учасників", "min", 340, True),
        ("Взяли участь понад 300 учасників", "min", 290, False),
        ("Взяли участь не більше 300 учасників", "max", 310, False),
        ("Взяли участь від 250 до 300 учасників", "range", 280, True),
        ("Взяли участь від 250 до 300 учасників", "range", 240, False),
        ("Взяли участь 2,5 тис. учасників", "", 2540, True),  # printed to the hundred
        ("Взяли участь 2,5 тис. учасників", "", 2600, False),
    ],
)
def test_approximations_and_ranges_say_which_rule(
    text: str, bound: str, table: int, agree: bool
) -> None:
    q = one(text)
    assert q.lemma == "учасник" and q.bound == bound
    assert agrees(q, Decimal(table), 0) is agree


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Заплановано 15 тренінгів, проведено 12", [(15, True), (12, False)]),
        ("Планувалося провести 15 тренінгів, фактично проведено 12", [(15, True), (12, False)]),
        ("Проведено 12 тренінгів із 15 запланованих", [(12, False), (15, True)]),
        ("Програмою передбачалося провести 15 тренінгів", [(15, True)]),
        ("Проведено 12 тренінгів (план – 15)", [(12, False), (15, True)]),
        ("Проведено 12 тренінгів при плані 15", [(12, False), (15, True)]),
        ("Проведено 12 тренінгів, що на 3 менше запланованого", [(12, False)]),
        ("Планом передбачено: 15 тренінгів", [(15, True)]),
        ("Проведено 12 тренінгів", [(12, False)]),
    ],
)
def test_plan_and_fact_in_one_sentence_are_two_statements(text: str, expected: list) -> None:
    got = [(q.value, q.plan) for q in quantities([(1, text)]) if q.lemma == "тренінг"]
    assert got == [(Decimal(v), plan) for v, plan in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another part of the year, a stage, a figure per unit: listed, not compared
        ("У І півріччі проведено 5 тренінгів", "part_period"),
        ("Проведено 5 тренінгів у ІІ кварталі", "part_period"),
        ("До 3-го етапу гри вийшли 6 команд", "stage"),
        ("Три семінари не відбулися через карантин", "undone"),
        ("Два заходи скасовано через карантин", "undone"),
        ("Проведено 5 тренінгів", ""),
    ],
)
def test_counts_that_say_nothing_of_the_year(text: str, expected: str) -> None:
    assert [q.aside for q in quantities([(1, text)]) if not q.status] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Видано 12 посвідчень, 3 з яких – дублікати", [(12, "посвідчення")]),
        ("Кількість учасників зросла з 120 до 180 осіб", [(180, "особа")]),  # the new figure
        ("Кількість пригод зменшилася на 9", []),  # a difference
    ],
)
def test_parts_and_changes(text: str, expected: list) -> None:
    assert read(text) == [(Decimal(v), noun) for v, noun in expected]


def test_a_bracket_naming_a_year_is_its_own_sentence() -> None:
    said = quantities([(1, "Час очікування скоротився до 17 хвилин (у 2019 році – 26 хвилин).")])
    assert [(q.value, q.lemma) for q in said] == [(17, "хвилина"), (26, "хвилина")]
    assert "2019" not in said[0].sentence and "2019" in said[1].sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Допомогу отримали 382 особи по 3,0 тис. грн", [(382, "особа")]),
        ("Допомогу в розмірі 3,0 тис. грн отримали 328 учасників", [(328, "учасник")]),
        ("Вартість курсу становила 9,0 тис. грн на одну особу", [(Decimal("9.0"), "")]),
        ("Послуги надаються в одному місці", []),
        ("Проведено по 3 семінари у Ніжині та 5 у Прилуках", [(8, "семінар")]),
        ("Використано 512 000 грн", [(Decimal("512.000"), "")]),
        ("Використано 512,0 тис. грн", [(Decimal("512.0"), "")]),
        ("Використано 1,48 млн грн", [(Decimal("1480.00"), "")]),
    ],
)
def test_rates_and_amounts(text: str, expected: list) -> None:
    assert read(text) == [(Decimal(v), noun) for v, noun in expected]


@pytest.mark.parametrize(
    ("text", "per_unit"),
    [
        ("Середня вартість заміни одного світильника", True),
        ("Вартість навчання на одну особу, тис. грн", True),
        ("Одна організація не подала звіт", False),  # «one of them» opening the sentence
        ("Обсяг ресурсів, всього тис.грн.", False),
    ],
)
def test_per_unit_texts(text: str, per_unit: bool) -> None:
    assert per_unit_text(text) is per_unit


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Кошти використано у повному обсязі", "full"),
        ("Кошти використано не в повному обсязі через карантин", "partial"),
        ("Захід виконано частково", "partial"),
        ("Захід не повністю виконано", "partial"),
        ("Виконання заходу перенесено на 2022 рік", "postponed"),
        ("Конкурс скасовано", "not_done"),
        ("Захід виконано у повній мірі", "full"),
        ("Захід виконано не в повній мірі", "partial"),
        ("Захід не виконано повністю", "partial"),
        ("Захід не профінансовано", "not_done"),
        ("Тренінги перенесено через карантин", "postponed"),
    ],
)
def test_status_words(text: str, status: str) -> None:
    assert [q.status for q in quantities([(1, text)])] == [status]


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_a_plus_sum_is_read_whole(a: int, b: int) -> None:
    q = one(f"Організовано {a} + {b} виставок")
    assert q.items == (a, b) and q.value == a + b


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Частка світлодіодних світильників зросла до 72 %", [(72, "")]),
        ("Понад 90 % учасників позитивно оцінили тренінги", [(90, "min")]),
        ("Опитано 640 відвідувачів, 93,7 % з них задоволені", [(Decimal("93.7"), "")]),
        ("Частка зросла з 65 % до 72 %", []),  # two percents: a change, not one figure
        ("Охоплення зросло на 5 %", []),  # a difference
    ],
)
def test_one_percent_a_sentence_states(text: str, expected: list) -> None:
    got = [(q.value, q.bound) for q in quantities([(1, text)]) if q.unit == "percent"]
    assert got == [(Decimal(v), bound) for v, bound in expected]
