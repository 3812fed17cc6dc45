"""Quantities read out of a report's text (issue 26): value, counted noun, sums, statuses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.extract.program_report.quantities import quantities, sentences
from promis_analytics.parsing import parse_number_words


def read(text: str) -> list[tuple[Decimal | None, str, str]]:
    return [(q.value, q.lemma, q.status or q.unit) for q in quantities([(1, text)])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Проведено 33 тренінга, семінара", [(33, "тренінг", "count")]),
        ("Взяли участь у 5 тренінгах", [(5, "тренінг", "count")]),
        ("Проведено двадцять п’ять тренінгів", [(25, "тренінг", "count")]),
        ("Здобуто сорок дві медалі", [(42, "медаль", "count")]),
        ("Розміщено 20 публікацій на сайті, 22 – на сторінці ФБ", [(42, "публікація", "count")]),
        ("Проведено 19 соціальних, 11 пам’ятних, 5 мистецьких заходів", [(35, "захід", "count")]),
        ("Проведено 7 засідань круглих столів", [(7, "стіл", "count")]),
        ("Розповсюджено 100 одиниць інформаційних буклетів", [(100, "буклет", "count")]),
        ("Проведено 16 гром.обгов.", [(16, "обговорення", "count")]),
        ("1) Реалізовано 17 проєктів-переможців", [(17, "проект", "count")]),
        ("Змагалися 1200 школярів", [(1200, "школяр", "count")]),
        ("Фінансування склало 478,6 тис.грн.", [(Decimal("478.6"), "", "thousand_uah")]),
        ("Обсяг коштів склав 120,0 тис. грн.", [(Decimal("120.0"), "", "thousand_uah")]),
        ("29 серпня 2019 року відбулись збори", []),
        ("Рішення від 27.06.2017 №6/102-1903", []),
        ("У 2019 році робота тривала", []),
        ("Виконання становить 97,0 %", [(Decimal("97.0"), "", "percent")]),  # a percent statement
        ("Виконання заходу перенесено на 2020 рік", [(None, "виконання", "postponed")]),
        ("Кошти використано у повному обсязі", [(None, "кошт", "full")]),
        ("Конкурс не проводився", [(None, "конкурс", "not_done")]),
    ],
)
def test_quantities_read_from_a_sentence(text: str, expected: list) -> None:
    got = read(text)
    assert [(v, lemma, kind) for v, lemma, kind in got] == [
        (None if v is None else Decimal(v), lemma, kind) for v, lemma, kind in expected
    ]


def test_an_enumeration_keeps_its_items_and_the_line() -> None:
    (q,) = quantities([(540, "Розміщено 22 публікації на сайті, 12 на порталах, 11 на ТРК.")])
    assert q.items == (22, 12, 11) and q.value == 45 and q.line == 540


def test_the_forms_of_an_aggregate_are_read() -> None:
    (q,) = quantities([(1, "Проведено 28 обговорень у формі слухань, конференцій та звітів.")])
    assert q.lemma == "обговорення" and {"слухання", "конференція", "звіт"} <= q.forms


def test_qualifiers_modifiers_and_actions() -> None:
    (q,) = quantities([(1, "Виготовлено 30 інформаційних афіш для пам’ятних заходів")])
    assert q.modifiers == {"інформаційний"}
    assert {"захід", "пам’ятний"} <= q.near
    assert q.actions == {"produce"}


def test_a_plan_word_marks_the_plan() -> None:
    (q,) = quantities([(1, "Граничний обсяг коштів склав 120,0 тис. грн.")])
    assert q.plan


def test_sentences_do_not_break_at_abbreviations() -> None:
    text = "Обсяг склав 120,0 тис. грн. Проведено 3 зустрічі у м. Бахмуті. Все."
    assert sentences(text) == [
        "Обсяг склав 120,0 тис. грн.",
        "Проведено 3 зустрічі у м. Бахмуті.",
        "Все.",
    ]


_UNITS = ["один", "два", "три", "чотири", "п’ять", "шість", "сім", "вісім", "дев’ять"]
_TEENS = [
    "десять",
    "одинадцять",
    "дванадцять",
    "тринадцять",
    "чотирнадцять",
    "п’ятнадцять",
    "шістнадцять",
    "сімнадцять",
    "вісімнадцять",
    "дев’ятнадцять",
]
_TENS = [
    "двадцять",
    "тридцять",
    "сорок",
    "п’ятдесят",
    "шістдесят",
    "сімдесят",
    "вісімдесят",
    "дев’яносто",
]
_HUNDREDS = [
    "сто",
    "двісті",
    "триста",
    "чотириста",
    "п’ятсот",
    "шістсот",
    "сімсот",
    "вісімсот",
    "дев’ятсот",
]


def _words(n: int) -> list[str]:
    """Dictionary forms of the words that write 1 … 999 999."""
    out: list[str] = []
    if n >= 1000:
        out += ([] if n // 1000 == 1 else _words(n // 1000)) + ["тисяча"]
        n %= 1000
    if n >= 100:
        out.append(_HUNDREDS[n // 100 - 1])
        n %= 100
    if n >= 20:
        out.append(_TENS[n // 10 - 2])
        n %= 10
    if n >= 10:
        out.append(_TEENS[n - 10])
    elif n:
        out.append(_UNITS[n - 1])
    return out


@given(st.integers(min_value=1, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_number_words(_words(n)) == n


@pytest.mark.parametrize("words", [[], ["тренінг"], ["двадцять", "стіл"]])
def test_not_number_words(words: list[str]) -> None:
    assert parse_number_words(words) is None


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=99_999).filter(lambda n: not 1900 <= n <= 2100))
def test_any_count_of_a_noun_is_read(n: int) -> None:
    (q,) = quantities([(7, f"Проведено {n} семінарів для громадян")])
    assert (q.value, q.lemma, q.line) == (n, "семінар", 7)


# --- numbers that count nothing, bounds and parts (rules for unseen reports) ----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Проведено 3 тренінги у центрі на вул. Шевченка, 12", [(3, "тренінг", "count")]),
        ("Проведено 3 тренінги з 10:00 до 18:00", [(3, "тренінг", "count")]),
        ("Проведено 3 тренінги, 2-й тренінг – у парку", [(3, "тренінг", "count")]),
        ("Видано 400 буклетів, з них 150 – для шкіл", [(400, "буклет", "count")]),
        ("Встановлено 210 знаків, у т.ч. 35 знаків «Діти»", [(210, "знак", "count")]),
        ("Встановлено 7 камер: 4 на в’їздах і 3 у центрі", [(7, "камера", "count")]),
        ("Проведено: 2 консультації, 16 обговорень", [(2, "консультація", "count"),
                                                      (16, "обговорення", "count")]),
        ("За 9 місяців проведено: 5 тренінгів", [(9, "місяць", "count"), (5, "тренінг", "count")]),
        ("Один об’єкт перенесено на 2021 рік", [(None, "об’єкт", "postponed")]),
        ("Кількість пригод зменшилася на 9 порівняно з 2019 роком", []),
        ("Участь взяли 2,5 тис. учасників", [(Decimal("2500"), "учасник", "count")]),
        ("Відео переглянули 12 тисяч мешканців", [(12000, "мешканець", "count")]),
        ("Спрямовано 185 000 грн", [(Decimal("185"), "", "thousand_uah")]),
        ("Спрямовано 1,48 млн грн", [(Decimal("1480"), "", "thousand_uah")]),
    ],
)  # fmt: skip
def test_numbers_that_count_nothing_and_parts(text: str, expected: list) -> None:
    assert read(text) == expected


def test_a_status_of_a_counted_part_is_partial() -> None:
    (q,) = quantities([(1, "Один об’єкт перенесено на 2021 рік")])
    assert q.partial and q.status == "postponed"
    (q,) = quantities([(1, "Виконання заходу перенесено на 2021 рік")])
    assert not q.partial
    money, status = quantities([(1, "Кошти в сумі 120,0 тис. грн використано у повному обсязі")])
    assert (money.unit, status.status, status.partial) == ("thousand_uah", "full", False)


STREETS = st.sampled_from(["Шевченка", "Гоголя", "Героїв Майдану", "Соборна", "Івана Франка"])
KINDS = st.sampled_from(["вул.", "вулиця", "просп.", "буд.", "пров."])


@settings(max_examples=40, deadline=None)
@given(count=st.integers(2, 999), kind=KINDS, street=STREETS, house=st.integers(1, 300))
def test_a_house_number_is_never_a_count(count: int, kind: str, street: str, house: int) -> None:
    place = f"{kind} {house}" if kind == "буд." else f"{kind} {street}, {house}"
    text = f"Проведено {count} тренінгів у центрі на {place}"
    assert read(text) == [(count, "тренінг", "count")]


@settings(max_examples=40, deadline=None)
@given(
    word=st.sampled_from(["понад", "більше", "близько", "майже", "щонайменше"]),
    count=st.integers(2, 99_999),
)
def test_a_bound_keeps_its_value_and_says_how_it_is_meant(word: str, count: int) -> None:
    (q,) = quantities([(1, f"Участь взяли {word} {count} учасників")])
    assert (q.value, q.lemma) == (count, "учасник")
    assert q.bound == {"понад": "min", "більше": "min", "щонайменше": "min"}.get(word, "approx")


@settings(max_examples=40, deadline=None)
@given(total=st.integers(3, 9_999), data=st.data())
def test_parts_never_add_to_their_total(total: int, data: st.DataObject) -> None:
    part = data.draw(st.integers(1, total - 1))
    mark = data.draw(st.sampled_from([", з них", ", у т.ч.", ", зокрема", ":"]))
    (q,) = quantities([(1, f"Видано {total} буклетів{mark} {part} для шкіл")])
    assert (q.value, q.items) == (total, (total,))


@settings(max_examples=40, deadline=None)
@given(hryvnias=st.integers(1, 9_999_999))
def test_an_amount_in_hryvnias_is_read_in_thousands(hryvnias: int) -> None:
    printed = f"{hryvnias:,}".replace(",", " ")
    (q,) = quantities([(1, f"На ремонт спрямовано {printed} грн")])
    assert (q.value, q.unit) == (Decimal(hryvnias) / 1000, "thousand_uah")
