"""The text against the tables (issue 26): each rule on a small report written here."""

from __future__ import annotations

import pytest

from promis_analytics.extract.program_report import program_report
from promis_analytics.extract.program_report.contradictions import text_audit


def row(*cells: str) -> str:
    """A table row as the reports print it: every cell on a line that starts with a tab."""
    return "".join(f"\t{c}\n" for c in cells)


def report(
    forums: str = "Проведено 3 молодіжні форуми",
    booklets: str = "Видано буклети",
    cost: tuple[str, str, str] = ("15,0", "15,0", "100"),
    cost_comment: str = "",
    narrative: str = "",
    booklets_comment: str = "",
    booklet_money: tuple[str, str] = ("5,0", "100"),
) -> str:
    """A report of two measures and four product indicators, with the given texts
    (``booklet_money``: the booklet measure's actual and percent; planned 5,0)."""
    measures = (
        row("1", "Підтримка молоді", "1.1. Проведення молодіжних форумів", "2021 рік")
        + row("Відділ молоді", "10,0\nМіський бюджет", "10,0\nМіський бюджет", "100", forums)
        + row("", "", "1.2. Випуск інформаційних буклетів", "2021 рік", "Відділ молоді")
        + row("5,0\nМіський бюджет", f"{booklet_money[0]}\nМіський бюджет", booklet_money[1])
        + row(booklets)
        + row("Всього:", cost[0], cost[1], cost[2], "")
    )
    indicators = (
        row("І. Показники витрат")
        + row("1.", "Обсяг ресурсів, всього тис.грн.", *cost, cost_comment)
        + "\n\t\nІІ. Показники продукту\n\n"
        + row("1.", "Кількість проведених молодіжних форумів", "3", "3", "100", "")
        + row(
            "2.", "Кількість виданих інформаційних буклетів", "500", "400", "80", booklets_comment
        )
        + row("3.", "Кількість орендованих білбордів", "-", "-", "0", "Перенесено на 2022 рік")
        + row(
            "4.",
            "Кількість проведених семінарів для активістів",
            "4",
            "4",
            "100",
            "Проведено 2 семінари з права, 2 – з фінансів",
        )
    )
    return (
        "ЗВІТ\nпро результати виконання у 2021 році\nМіської програми підтримки молоді\n"
        " на 2021-2022 роки, затвердженої рішенням міської ради\n\n\n"
        "1. Виконання заходів Програми\t\n\n"
        + row("№ з/п", "Пріоритетні завдання", "Зміст заходів", "Строк виконання", "Виконавці")
        + row("Річний обсяг фінансування, тис. грн.", "Фактично профінансовано, тис. грн.")
        + row("Відсоток виконання заходу, %", "Інформація про виконання")
        + measures
        + "\n2.Виконання результативних показників Програми\n\n"
        + "\t\n№\nз/п\n\t\nНайменування\nпоказника\n\t\nПланове\n\t\nФактичне\n"
        + "\tВідсоток\n\tПричини невиконання\n\n"
        + indicators
        + "\n\n3. Оцінка ефективності виконання Програми\n\nПояснювальна записка.\n"
        + narrative
        + "\n"
    )


def kinds(text: str) -> list[str]:
    return [c.kind for c in text_audit(program_report(text)).contradictions]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, []),
        ({"forums": "Проведено 5 молодіжних форумів"}, ["value"]),  # the measure's own indicator
        ({"forums": "Проведено п’ять молодіжних форумів"}, ["value"]),  # in words
        ({"forums": "Проведено 5 обласних форумів"}, []),  # another kind of forum: not aligned
        ({"narrative": "Видано 200 інформаційних буклетів для мешканців, 200 – для шкіл."}, []),
        (
            {"narrative": "Видано 200 інформаційних буклетів для мешканців, 250 – для шкіл."},
            ["sum"],
        ),
        ({"cost_comment": "Кошти використано у повному обсязі"}, []),
        (
            {"cost_comment": "Кошти використано у повному обсязі", "cost": ("15,0", "13,5", "90")},
            ["status"],
        ),
        ({"narrative": "На вуличних білбордах розміщено 12 плакатів."}, ["status"]),
        ({"narrative": "Проведено 2 семінари для активістів з питань права."}, []),  # a part
        ({"narrative": "Проведено 7 семінарів для активістів з питань права."}, ["value"]),
        ({"narrative": "На проведення молодіжних форумів витрачено 8,0 тис. грн."}, ["value"]),
        ({"narrative": "На проведення молодіжних форумів витрачено 10,0 тис. грн."}, []),
    ],
)
def test_each_rule(overrides: dict, expected: list[str]) -> None:
    assert kinds(report(**overrides)) == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # a bound: «понад» is at least, «близько» about (within 10 %)
        ({"narrative": "Видано понад 350 інформаційних буклетів."}, []),
        ({"narrative": "Видано понад 450 інформаційних буклетів."}, ["value"]),
        ({"narrative": "Видано близько 390 інформаційних буклетів."}, []),
        ({"narrative": "Видано близько 300 інформаційних буклетів."}, ["value"]),
        # a house number, a time of day, an ordinal count nothing
        ({"forums": "Проведено 3 молодіжні форуми у центрі на вул. Шевченка, 5"}, []),
        ({"forums": "Проведено 3 молодіжні форуми, з 10:00 до 18:00"}, []),
        ({"forums": "Проведено 3 молодіжні форуми, 2-й форум – у парку"}, []),
        # parts of a figure: «з них», «у т.ч.», a breakdown after a colon
        ({"narrative": "Видано 400 інформаційних буклетів, з них 150 – для шкіл."}, []),
        ({"narrative": "Видано 400 інформаційних буклетів, у т.ч. 150 буклетів для шкіл."}, []),
        ({"narrative": "Видано 400 інформаційних буклетів: 250 для мешканців і 150 для шкіл."}, []),
        (
            {"narrative": "Видано 450 інформаційних буклетів: 300 для мешканців і 150 для шкіл."},
            ["value"],
        ),
        # «один» opening a sentence; a status of a counted part
        ({"narrative": "Один семінар для активістів перенесено на 2022 рік."}, []),
        # a status about something the row does not name
        (
            {
                "cost_comment": "Оренду білбордів перенесено на 2022 рік",
                "cost": ("15,0", "15,0", "100"),
            },
            [],
        ),
        ({"cost_comment": "Виконання заходу перенесено на 2022 рік"}, ["status"]),
        # the one row that counts a noun and names nothing else takes a bare count
        ({"narrative": "Упродовж року відбулося 5 форумів."}, ["value"]),
        ({"narrative": "Упродовж року відбулося 3 форуми."}, []),
        # amounts in hryvnias or millions are compared in thousands, at their precision
        ({"narrative": "На проведення молодіжних форумів витрачено 8 000 грн."}, ["value"]),
        ({"narrative": "На проведення молодіжних форумів витрачено 10 000 грн."}, []),
        ({"narrative": "На проведення молодіжних форумів витрачено 0,01 млн грн."}, []),
        # a count printed in thousands is rounded to its last digit
        ({"narrative": "Видано 0,4 тис. інформаційних буклетів."}, []),
        ({"narrative": "Видано 0,5 тис. інформаційних буклетів."}, ["value"]),
        # another period than the report's (2021) is not compared
        ({"narrative": "У 2020 році видано 300 інформаційних буклетів."}, []),
        ({"narrative": "За 2020–2021 роки видано 900 інформаційних буклетів."}, []),
        ({"narrative": "У 2021 році видано 300 інформаційних буклетів."}, ["value"]),
        # «з N …» opening a sentence: the numbers after it are its parts
        (
            {"narrative": "З 400 інформаційних буклетів 250 видано для мешканців, 150 – для шкіл."},
            [],
        ),
        # a difference, not a count
        ({"narrative": "Кількість виданих буклетів зросла на 100 порівняно з 2020 роком."}, []),
    ],
)
def test_rules_for_unseen_reports(overrides: dict, expected: list[str]) -> None:
    assert kinds(report(**overrides)) == expected


def test_an_aggregate_against_the_list_of_its_forms() -> None:
    listed = "Проведено:\n3 форуми\n4 семінари\n1 зустріч"
    text = report(
        booklets=listed, narrative="Проведено 9 заходів у формі форумів, семінарів та зустрічей."
    )
    (c,) = text_audit(program_report(text)).contradictions
    assert (c.kind, c.stated, c.other) == ("aggregate", "9", "3 + 4 + 1 = 8")
    lines = text.split("\n")
    assert "9 заходів" in lines[c.text_line - 1] and "3 форуми" in lines[c.other_line - 1]


@pytest.mark.parametrize(
    ("narrative", "parts"),
    [
        ("Упродовж року у центрі «Юність» відбулося 3 круглих столи з молоддю.", True),
        ("Упродовж року у центрі відбулося 3 круглих столи з молоддю.", False),
    ],
)
def test_a_part_is_no_contradiction_of_the_whole(narrative: str, parts: bool) -> None:
    """3 of 40 is a part when its sentence names the one place it speaks of (a title)."""
    text = report(booklets="Проведено 40 круглих столів з молоддю у громаді", narrative=narrative)
    found = text_audit(program_report(text)).contradictions
    assert (found == []) is parts


def test_two_statements_against_each_other() -> None:
    text = report(
        booklets="Проведено 6 круглих столів з молоддю",
        narrative="Упродовж року відбулося 8 круглих столів з молоддю.",
    )
    (c,) = text_audit(program_report(text)).contradictions
    assert (c.kind, c.stated, c.other) == ("value", "6", "8")
    assert c.other_locator == f"line {c.other_line}"


def test_a_contradiction_is_a_finding_with_both_quotes_and_lines() -> None:
    text = report(forums="Проведено 5 молодіжних форумів")
    (f,) = [f for f in program_report(text).audit() if f.kind == "text_table_mismatch"]
    assert f.locator.startswith("table 1, measure 1.1 (line ")
    assert "states 5" in f.message and "gives 3" in f.message
    assert "«Проведено 5 молодіжних форумів»" in f.message
    assert "«Кількість проведених молодіжних форумів»" in f.message


def test_unaligned_statements_are_listed_not_guessed() -> None:
    audit = text_audit(program_report(report(narrative="До роботи долучилися 14 волонтерів.")))
    assert [(q.value, q.lemma) for q in audit.unaligned][-1] == (14, "волонтер")
    assert not audit.contradictions


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # plan and fact in one sentence: the plan restated is no contradiction
        ({"narrative": "Заплановано 500 інформаційних буклетів, видано 400."}, []),
        ({"narrative": "Заплановано 500 інформаційних буклетів, видано 450."}, ["value"]),
        ({"narrative": "Видано 400 інформаційних буклетів, на 2022 рік заплановано 600."}, []),
        # a range, a sum written with «+», a figure restated in brackets
        ({"narrative": "Видано від 350 до 450 інформаційних буклетів."}, []),
        ({"narrative": "Видано від 100 до 200 інформаційних буклетів."}, ["value"]),
        ({"narrative": "Видано 200 + 150 + 50 інформаційних буклетів."}, []),
        ({"narrative": "Видано 200 + 150 + 100 інформаційних буклетів."}, ["sum"]),
        ({"narrative": "Видано чотириста (400) інформаційних буклетів."}, []),
        # another year in brackets, a part of the year
        ({"narrative": "Видано 400 інформаційних буклетів (у 2020 році – 250 буклетів)."}, []),
        ({"narrative": "У І півріччі видано 150 інформаційних буклетів."}, []),
        # a period named in words
        ({"narrative": "Минулого року видано 300 інформаційних буклетів."}, []),
        ({"narrative": "Торік видано 300 інформаційних буклетів."}, []),
        # a count in a row's comment that is its shortfall (500 planned, 400 issued)
        ({"booklets_comment": "Не видано 100 буклетів через брак коштів"}, []),
        ({"booklets_comment": "Не видано 150 буклетів через брак коштів"}, ["value"]),
        ({"narrative": "Через брак коштів не видано 100 інформаційних буклетів."}, []),
        # partial statuses
        ({"cost_comment": "Кошти використано частково"}, ["status"]),
        ({"cost_comment": "Кошти використано частково", "cost": ("15,0", "13,5", "90")}, []),
        (
            {
                "cost_comment": "Кошти використано не в повному обсязі",
                "cost": ("15,0", "13,5", "90"),
            },
            [],
        ),
        # a percent in a comment is no amount of money
        ({"cost_comment": "Кошти використано на 90 %", "cost": ("15,0", "13,5", "90")}, []),
        ({"forums": "Проведено 3 молодіжні форуми, захід виконано на 100 %"}, []),
        # a postponed measure that a sentence of the text says was done
        (
            {
                "booklet_money": ("-", "-"),
                "booklets": "Виконання заходу перенесено на 2022 рік у зв’язку з карантином",
                "narrative": "Інформаційні буклети випущено у вересні.",
            },
            ["status"],
        ),
        (
            {
                "booklet_money": ("-", "-"),
                "booklets": "Виконання заходу перенесено на 2022 рік у зв’язку з карантином",
                "narrative": "Інформаційні буклети не випущено.",
            },
            [],
        ),
        (
            {
                "booklet_money": ("-", "-"),
                "booklets": "Виконання заходу перенесено на 2022 рік у зв’язку з карантином",
                "narrative": "Інформаційні буклети буде випущено навесні.",
            },
            [],
        ),
        (
            {
                "booklet_money": ("-", "-"),
                "booklets": "Виконання заходу перенесено на 2022 рік у зв’язку з карантином",
                "narrative": "Підготовлено макет і кошторис інформаційних буклетів.",
            },
            [],
        ),
    ],
)
def test_second_round_rules(overrides: dict, expected: list[str]) -> None:
    assert kinds(report(**overrides)) == expected


@pytest.mark.parametrize(
    "repeat",
    [
        # the indicators header again after a page break
        "\t\n№\nз/п\n\t\nНайменування\nпоказника\n\t\nПланове\n\t\nФактичне\n"
        "\tВідсоток\n\tПричини невиконання\n\n",
        row("1", "2", "3", "4", "5", "6"),  # the row of column numbers
    ],
)
def test_a_header_repeated_after_a_page_break_is_no_row(repeat: str) -> None:
    text = report(narrative="Видано 450 інформаційних буклетів.")
    broken = text.replace("\t2.\n\tКількість виданих", repeat + "\t2.\n\tКількість виданих", 1)
    assert broken != text
    got = program_report(broken)
    assert len(got.indicators) == len(program_report(text).indicators)
    assert not got.reading_findings
    assert kinds(broken) == ["value"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # a shortfall (|500 − 400| = 100) explains the gap only when its sentence says so
        ({"booklets_comment": "100 буклетів бракує через затримку друку"}, []),
        ({"booklets_comment": "Видано 100 буклетів"}, ["value"]),
        ({"booklets_comment": "100 буклетів – у резерві друкарні"}, []),
        ({"booklets_comment": "Буклети – 100 шт."}, ["value"]),
        # a smaller count is a part of a larger one only when its sentence names one item
        (
            {
                "narrative": "У молодіжних центрах працювали 40 волонтерів.\n\n"
                "У молодіжному центрі на вул. Шевченка, 5 працювали 6 волонтерів."
            },
            [],
        ),
        (
            {
                "narrative": "У молодіжних центрах працювали 40 волонтерів.\n\n"
                "У молодіжних центрах працювали 6 волонтерів."
            },
            ["value"],
        ),
        # a smaller count among counts of other nouns in the same sentence is a part
        ({"booklets_comment": "Видано 150 буклетів, 3 плакати та 20 листівок"}, []),
        ({"booklets_comment": "Видано 150 буклетів. Також виготовлено 3 плакати"}, ["value"]),
        # a figure of the row's own comment (4 seminars: «2 … з права, 2 – з фінансів»)
        # is a part only when the sentence names that part
        ({"narrative": "Проведено 2 семінари для активістів з питань права."}, []),
        ({"narrative": "Проведено 2 семінари для активістів."}, ["value"]),
        # «перенесено» below the plan (400 of 500) excuses it only when it names a part
        ({"booklets_comment": "Частину буклетів перенесено на 2022 рік"}, []),
        ({"booklets_comment": "Виконання заходу перенесено на 2022 рік"}, ["status"]),
    ],
)
def test_a_rule_that_explains_a_difference_needs_evidence_in_its_sentence(
    overrides: dict, expected: list[str]
) -> None:
    """Each rule that explains a difference away, as a pair: the explained case it must
    suppress and the same figure, unexplained, that it must not."""
    assert kinds(report(**overrides)) == expected


@pytest.mark.parametrize(
    ("name", "narrative", "expected"),
    [
        # a synonym of the counted noun (kind ``synonym``)
        ("Кількість проведених заходів для мешканців", "Для мешканців відбулося 450 подій.", 1),
        ("Кількість проведених заходів для мешканців", "Для мешканців відбулося 400 подій.", 0),
        ("Кількість проведених заходів для мешканців", "Для мешканців проведено 450 занять.", 1),
        ("Кількість виготовлених відеороликів", "Виготовлено 450 відео.", 1),
        # «осіб» / «людей» against a row that counts persons of a kind
        ("Кількість навчених працівників", "Навчання пройшли 450 осіб.", 1),
        ("Кількість навчених працівників", "Навчання пройшли 400 осіб.", 0),
        ("Кількість учасників молодіжних заходів", "Молодіжні заходи відвідали 450 людей.", 1),
        # a person is no training: «навчань» counts trainings, not the people trained
        ("Кількість проведених навчань", "Навчено 450 працівників.", 0),
    ],
)
def test_a_paraphrased_count_is_aligned(name: str, narrative: str, expected: int) -> None:
    """The booklets row (500 planned, 400 actual) renamed: the text counts its thing in
    other words."""
    text = report(narrative=narrative).replace("Кількість виданих інформаційних буклетів", name)
    assert len(text_audit(program_report(text)).contradictions) == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # a stop status of a part of the period: the rest was done (15,0 of 15,0 → 13,5)
        (
            {
                "cost_comment": "У період карантину фінансування не здійснювалось",
                "cost": ("15,0", "13,5", "90"),
            },
            [],
        ),
        (
            {"cost_comment": "Фінансування не здійснювалось", "cost": ("15,0", "13,5", "90")},
            ["status"],
        ),
        # the plan restated in another sentence is compared with the plan, not the fact
        (
            {
                "narrative": "Програмою передбачалося провести 50 круглих столів з молоддю.\n\n"
                "Упродовж року відбулося 40 круглих столів з молоддю."
            },
            [],
        ),
        (
            {
                "narrative": "Упродовж року відбулося 50 круглих столів з молоддю.\n\n"
                "Упродовж року відбулося 40 круглих столів з молоддю."
            },
            ["value"],
        ),
        # a figure per day is a rate, not the measure's amount
        ({"narrative": "На проведення молодіжних форумів витрачено 8,0 тис. грн на день."}, []),
        ({"narrative": "На проведення молодіжних форумів витрачено 8,0 тис. грн."}, ["value"]),
        # «один» after the figure's clause makes no rate; before it, it does
        (
            {
                "narrative": "На проведення молодіжних форумів витрачено 8,0 тис. грн — "
                "кошти, на які чекали не один рік."
            },
            ["value"],
        ),
        (
            {"narrative": "Середні витрати на проведення молодіжних форумів — 8,0 тис. грн."},
            [],
        ),
        # «одного» in a sentence of an average is the unit of a rate, not a count
        (
            {
                "narrative": "Середня вартість одного інформаційного буклета склала 12 грн, "
                "а видано 400 інформаційних буклетів."
            },
            [],
        ),
        # a postponed measure the text says was done «у повному обсязі»
        (
            {
                "booklet_money": ("-", "-"),
                "booklets": "Виконання заходу перенесено на 2022 рік",
                "narrative": "Випуск інформаційних буклетів виконано у повному обсязі.",
            },
            ["status"],
        ),
        (
            {
                "booklet_money": ("-", "-"),
                "booklets": "Виконання заходу перенесено на 2022 рік",
                "narrative": "Випуск інформаційних буклетів перенесено на 2022 рік.",
            },
            [],
        ),
        # what was expected is the plan (500 planned)
        ({"narrative": "Організатори розраховували на 500 інформаційних буклетів."}, []),
        ({"narrative": "Організатори отримали 500 інформаційних буклетів."}, ["value"]),
    ],
)
def test_fourth_round_rules(overrides: dict, expected: list[str]) -> None:
    """Round 4: each rule with the case it must leave alone."""
    assert kinds(report(**overrides)) == expected


@pytest.mark.parametrize(
    ("name", "narrative", "expected"),
    [
        # «К-сть» is «Кількість»: the row counts its noun, not the unit after the comma
        ("К-сть виданих інформаційних буклетів, од.", "Видано 450 інформаційних буклетів.", 1),
        ("К-сть виданих інформаційних буклетів, од.", "Видано 400 інформаційних буклетів.", 0),
        # a container after «Noun: N шт.» counts the noun before the colon
        ("Кількість виданих інформаційних буклетів", "Інформаційні буклети: 450 шт.", 1),
        ("Кількість виданих інформаційних буклетів", "Інформаційні буклети: 400 шт.", 0),
    ],
)
def test_how_a_count_is_written(name: str, narrative: str, expected: int) -> None:
    text = report(narrative=narrative).replace("Кількість виданих інформаційних буклетів", name)
    assert len(text_audit(program_report(text)).contradictions) == expected
