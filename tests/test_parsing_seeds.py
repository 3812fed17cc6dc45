"""Every figure-shaped string in the seed documents parses to its verified value (or fails loudly).

Finders here are regexes written independently of the parser, so a figure the parser's own
``find_dates`` misses still shows up. The documents are read from the seeds folder at run time.
Markdown left over from the PDF conversion (``**453,3**``, ``\\$30 000``) is removed first.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from promis_analytics.errors import ParseError
from promis_analytics.parsing import (
    Amount,
    find_dates,
    parse_amount,
    parse_date_range,
    parse_number,
    parse_percent,
)

D = Decimal

# --- independent finders ---------------------------------------------------------------------
NUM = r"\d(?:[\d \u00a0,.]*\d)?,?"
SCALE = (
    r"(?:тис\.|тис(?![а-яіїєґ])|тисяч[аі]?|млн\.?|мільйон(?:а|и|ів)?|млрд\.?|мільярд(?:а|и|ів)?)"
)
CUR = (
    r"(?:грн\.?|гривень|гривні|гривня|UAH|CAD|USD|EUR|євро|дол\.\s?США|доларів\s?США"
    r"|канадських\s+доларів|доларів|долари|дол\.)"
)
AMOUNT_RE = re.compile(
    rf"(?<![\w,.])(?:[≈~]\s*)?(?:\$\s?)?{NUM}(?:\s*{SCALE}(?:\s*{NUM}\s*{SCALE})*)?(?:\s*{CUR})?"
)
MONEYISH_RE = re.compile(rf"{SCALE}|{CUR}|\$")
PERCENT_RE = re.compile(r"(?<![\w,.])(?:на\s)?\d(?:[\d ,.]*\d)?\s?(?:%|відсот\w+|процент\w+)")
# bare numbers: comma decimals ("865,0", "512," ending a table cell) and space-grouped
# thousands ("40 000")
PLAIN_NUMBER_RE = re.compile(
    r"(?<![\w,.])(?:\d+,\d+|\d+,(?=[ \t]*$)|\d{1,3}(?:[ \u00a0]\d{3})+)"
    r"(?![\w.]|,\d|[ \u00a0]\d)",
    re.MULTILINE,
)
MONTH_STEMS = r"(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)[а-яі]*"
DATEISH_RE = re.compile(
    rf"\d{{1,2}}\s?{MONTH_STEMS}|\d{{2}}\.\d{{2}}\.\d{{4}}"
    rf"|(?:19|20)\d{{2}}\s?[-–—]\s?(?:19|20)\d{{2}}"
)


def _documents(seeds_dir: Path) -> dict[str, str]:
    docs = {
        p.stem: p.read_text(encoding="utf-8").replace("**", "").replace("\\$", "$")
        for p in sorted(seeds_dir.glob("*.txt"))
    }
    assert len(docs) == 5, sorted(docs)
    return docs


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- amounts: (document, figure as printed, whitespace squashed) in reading order ------------
U, C, S = "UAH", "CAD", "USD"
EXPECTED_AMOUNTS: list[tuple[str, str, Amount | str]] = [
    ("bakhmut_program_report_2019", "120,0 тис. грн.", Amount(D(120_000), U, False)),
    ("bakhmut_program_report_2019", "478,6 тис.грн.", Amount(D(478_600), U, False)),
    # "270,000": comma + exactly three digits = thousands (the card means 270 000 CAD)
    ("monitoring_card_2018H2", "270,000 CAD", Amount(D(270_000), C, False)),
    ("results_brochure_2021", "229,8 млн грн", Amount(D(229_800_000), U, False)),
    ("results_brochure_2021", "1,5 млн гривень", Amount(D(1_500_000), U, False)),
    ("results_brochure_2021", "1,5 млн грн", Amount(D(1_500_000), U, False)),
    ("results_brochure_2021", "28,16 млн грн.", Amount(D(28_160_000), U, False)),
    ("results_brochure_2021", "11 млн грн", Amount(D(11_000_000), U, False)),
    ("results_brochure_2021", "~6340 тис. грн.", Amount(D(6_340_000), U, True)),
    ("results_brochure_2021", "400 тис. грн", Amount(D(400_000), U, False)),
    ("results_brochure_2021", "453,3 тис. CAD", Amount(D(453_300), C, False)),
    ("results_brochure_2021", "≈9 млн 66 тис. грн", Amount(D(9_066_000), U, True)),
    ("results_brochure_2021", "317,0 тис. CAD", Amount(D(317_000), C, False)),
    ("results_brochure_2021", "≈6 млн 340 тис. грн", Amount(D(6_340_000), U, True)),
    # headline: bare "доларів" could be CAD or USD in this Canadian project -> must not guess
    ("results_brochure_2021", "30 тисяч доларів", "dollars without a country"),
    ("results_brochure_2021", "$30 000", Amount(D(30_000), S, False)),
    ("results_brochure_2021", "30 тис. дол. США", Amount(D(30_000), S, False)),
    # "50 тисяч одиниць продукції": a count, no currency
    ("results_brochure_2021", "50 тисяч", Amount(D(50_000), None, False)),
    ("results_brochure_2021", "150 000 грн.", Amount(D(150_000), U, False)),
]


def test_every_amount_in_the_seeds(seeds_dir: Path) -> None:
    found = [
        (stem, m.group(0))
        for stem, text in _documents(seeds_dir).items()
        for m in AMOUNT_RE.finditer(text)
        if MONEYISH_RE.search(m.group(0))
    ]
    assert [(stem, _squash(raw)) for stem, raw in found] == [
        (stem, text) for stem, text, _ in EXPECTED_AMOUNTS
    ]
    for (_, raw), (_, _, expected) in zip(found, EXPECTED_AMOUNTS, strict=True):
        if isinstance(expected, str):
            with pytest.raises(ParseError) as info:
                parse_amount(raw)
            assert expected in (info.value.detail or "")
        else:
            assert parse_amount(raw) == expected  # raw: line breaks as printed


# --- percents ----------------------------------------------------------------------------------
EXPECTED_PERCENTS: list[tuple[str, str, Decimal]] = [
    ("bakhmut_program_report_2019", "97,0 %", D("97.0")),
    ("results_brochure_2021", "на 35 %", D(35)),
    ("results_brochure_2021", "33 %", D(33)),
    ("results_brochure_2021", "43,9%", D("43.9")),
    ("results_brochure_2021", "на 18 %", D(18)),
]


def test_every_percent_in_the_seeds(seeds_dir: Path) -> None:
    found = [
        (stem, m.group(0))
        for stem, text in _documents(seeds_dir).items()
        for m in PERCENT_RE.finditer(text)
    ]
    assert found == [(stem, text) for stem, text, _ in EXPECTED_PERCENTS]
    for stem, text, value in EXPECTED_PERCENTS:
        assert parse_percent(text) == value, (stem, text)


# --- bare numbers ------------------------------------------------------------------------------
# Each is read with the comma as decimal mark / the spaces as grouping, except these, verified
# against their context: "270,000" (monitoring card, CAD investment) is two hundred seventy
# thousand.
NUMBER_EXCEPTIONS = {"270,000": D(270_000)}
EXPECTED_NUMBER_COUNTS = {
    "bakhmut_program_report_2019": 39,
    "monitoring_card_2018H2": 1,
    "results_brochure_2021": 11,
}


def test_every_bare_number_in_the_seeds(seeds_dir: Path) -> None:
    counts: Counter[str] = Counter()
    for stem, text in _documents(seeds_dir).items():
        for m in PLAIN_NUMBER_RE.finditer(text):
            token = m.group(0)
            counts[stem] += 1
            if token in NUMBER_EXCEPTIONS:
                expected = NUMBER_EXCEPTIONS[token]
            else:
                expected = D(re.sub(r"[ \u00a0]", "", token).replace(",", ".").rstrip("."))
            assert parse_number(token) == expected, (stem, token)
    assert dict(counts) == EXPECTED_NUMBER_COUNTS
    assert parse_number("512,") == D(512)  # Bakhmut report, a table cell printed "512,"


# --- dates -------------------------------------------------------------------------------------
# Every span find_dates returns, by its text (many repeat). Verified against the documents.
EXPECTED_DATES = {
    "2004 році": (date(2004, 1, 1), date(2004, 12, 31)),
    "2010–2015 роках": (date(2010, 1, 1), date(2015, 12, 31)),
    "2012 року": (date(2012, 1, 1), date(2012, 12, 31)),
    "04.07.2012": (date(2012, 7, 4), date(2012, 7, 4)),
    "4 липня 2012р.": (date(2012, 7, 4), date(2012, 7, 4)),
    "2014 році": (date(2014, 1, 1), date(2014, 12, 31)),
    "2015 року": (date(2015, 1, 1), date(2015, 12, 31)),
    "2015–2020": (date(2015, 1, 1), date(2020, 12, 31)),
    "2015–2020 роках": (date(2015, 1, 1), date(2020, 12, 31)),
    "2015–2021 років": (date(2015, 1, 1), date(2021, 12, 31)),
    "квітня 2015 року": (date(2015, 4, 1), date(2015, 4, 30)),
    "2016 року": (date(2016, 1, 1), date(2016, 12, 31)),
    "2016 році": (date(2016, 1, 1), date(2016, 12, 31)),
    "2016-2018 роки": (date(2016, 1, 1), date(2018, 12, 31)),
    "2017 року": (date(2017, 1, 1), date(2017, 12, 31)),
    "2017 році": (date(2017, 1, 1), date(2017, 12, 31)),
    "2017 рік": (date(2017, 1, 1), date(2017, 12, 31)),
    "2017-2018 роки": (date(2017, 1, 1), date(2018, 12, 31)),
    "2017-2018 років": (date(2017, 1, 1), date(2018, 12, 31)),
    "2017–2018 роках": (date(2017, 1, 1), date(2018, 12, 31)),
    "2017-2019 рр.": (date(2017, 1, 1), date(2019, 12, 31)),
    "2017- 2020 роки": (date(2017, 1, 1), date(2020, 12, 31)),
    "2017-2020": (date(2017, 1, 1), date(2020, 12, 31)),
    "2017-2020 роки": (date(2017, 1, 1), date(2020, 12, 31)),
    "2017–2020 роках": (date(2017, 1, 1), date(2020, 12, 31)),
    "27.06.2017": (date(2017, 6, 27), date(2017, 6, 27)),
    "22.11.2017 р.": (date(2017, 11, 22), date(2017, 11, 22)),
    "2018 році": (date(2018, 1, 1), date(2018, 12, 31)),
    "2018 рік": (date(2018, 1, 1), date(2018, 12, 31)),
    "2018-2020 роки": (date(2018, 1, 1), date(2020, 12, 31)),
    "2018–2020": (date(2018, 1, 1), date(2020, 12, 31)),
    "23-24 березня 2018 р.": (date(2018, 3, 23), date(2018, 3, 24)),
    "10-11 травня 2018 року": (date(2018, 5, 10), date(2018, 5, 11)),
    "21-22 травня 2018 р.": (date(2018, 5, 21), date(2018, 5, 22)),
    "30 травня – 1 червня 2018 року": (date(2018, 5, 30), date(2018, 6, 1)),
    "30.06.2018": (date(2018, 6, 30), date(2018, 6, 30)),
    "06.07.2018": (date(2018, 7, 6), date(2018, 7, 6)),
    "11-12 липня 2018 року": (date(2018, 7, 11), date(2018, 7, 12)),
    "12-13 липня 2018 р.": (date(2018, 7, 12), date(2018, 7, 13)),
    "16-17 липня 2018 р.": (date(2018, 7, 16), date(2018, 7, 17)),
    "18 липня 2018 р.": (date(2018, 7, 18), date(2018, 7, 18)),
    "21-31 липня 2018 р.": (date(2018, 7, 21), date(2018, 7, 31)),
    "9-10 серпня 2018 р.": (date(2018, 8, 9), date(2018, 8, 10)),
    "7 вересня 2018": (date(2018, 9, 7), date(2018, 9, 7)),
    "13-14 вересня 2018 р.": (date(2018, 9, 13), date(2018, 9, 14)),
    "19-21 вересня 2018 р": (date(2018, 9, 19), date(2018, 9, 21)),
    "20-21 вересня 2018 р.": (date(2018, 9, 20), date(2018, 9, 21)),
    "24 вересня 2018 р.": (date(2018, 9, 24), date(2018, 9, 24)),
    "26 вересня 2018 р.": (date(2018, 9, 26), date(2018, 9, 26)),
    "27.09.2018": (date(2018, 9, 27), date(2018, 9, 27)),
    "28 вересня 2018 р.": (date(2018, 9, 28), date(2018, 9, 28)),
    "9 жовтня 2018 р.": (date(2018, 10, 9), date(2018, 10, 9)),
    "9-18 жовтня, 2018 р.": (date(2018, 10, 9), date(2018, 10, 18)),
    "10 жовтня 2018 р.": (date(2018, 10, 10), date(2018, 10, 10)),
    "12 жовтня 2018": (date(2018, 10, 12), date(2018, 10, 12)),
    "23 жовтня 2018 р.": (date(2018, 10, 23), date(2018, 10, 23)),
    "26 жовтня 2018 р.": (date(2018, 10, 26), date(2018, 10, 26)),
    "26-27 жовтня 2018 р.": (date(2018, 10, 26), date(2018, 10, 27)),
    "29 жовтня 2018 р.": (date(2018, 10, 29), date(2018, 10, 29)),
    "31 жовтня 2018 р.": (date(2018, 10, 31), date(2018, 10, 31)),
    "1-2 листопада 2018": (date(2018, 11, 1), date(2018, 11, 2)),
    "09 листопада 2018 р.": (date(2018, 11, 9), date(2018, 11, 9)),
    "13 листопада 2018р.": (date(2018, 11, 13), date(2018, 11, 13)),
    "22-23 листопада 2018 р.": (date(2018, 11, 22), date(2018, 11, 23)),
    "03 грудня 2018р.": (date(2018, 12, 3), date(2018, 12, 3)),
    "3-4 грудня 2018 р.": (date(2018, 12, 3), date(2018, 12, 4)),
    "5-6 грудня 2018 р": (date(2018, 12, 5), date(2018, 12, 6)),
    "06 грудня 2018 р.": (date(2018, 12, 6), date(2018, 12, 6)),
    "6 грудня 2018 р.": (date(2018, 12, 6), date(2018, 12, 6)),
    "7-8 грудня 2018 р.": (date(2018, 12, 7), date(2018, 12, 8)),
    "12 грудня 2018 р.": (date(2018, 12, 12), date(2018, 12, 12)),
    "17-18 грудня 2018 р.": (date(2018, 12, 17), date(2018, 12, 18)),
    "19-20 грудня 2018 р.": (date(2018, 12, 19), date(2018, 12, 20)),
    "22 грудня 2018 року": (date(2018, 12, 22), date(2018, 12, 22)),
    "31.12.2018": (date(2018, 12, 31), date(2018, 12, 31)),
    "31.12.2018 року": (date(2018, 12, 31), date(2018, 12, 31)),
    "2019 року": (date(2019, 1, 1), date(2019, 12, 31)),
    "2019 році": (date(2019, 1, 1), date(2019, 12, 31)),
    "2019 рік": (date(2019, 1, 1), date(2019, 12, 31)),
    "2019-2021 р.р.": (date(2019, 1, 1), date(2021, 12, 31)),
    "22-23 січня 2019 р.": (date(2019, 1, 22), date(2019, 1, 23)),
    "лютий 2019 р.": (date(2019, 2, 1), date(2019, 2, 28)),
    "лютого 2019 року": (date(2019, 2, 1), date(2019, 2, 28)),
    "4-5 лютого 2019 р.": (date(2019, 2, 4), date(2019, 2, 5)),
    "7-8 лютого 2019 р.": (date(2019, 2, 7), date(2019, 2, 8)),
    "28 лютого – 1 березня 2019 р.": (date(2019, 2, 28), date(2019, 3, 1)),
    "березень 2019 року": (date(2019, 3, 1), date(2019, 3, 31)),
    "квітні 2019 року": (date(2019, 4, 1), date(2019, 4, 30)),
    "травні 2019 року": (date(2019, 5, 1), date(2019, 5, 31)),
    "22.05.2019": (date(2019, 5, 22), date(2019, 5, 22)),
    "червень 2019": (date(2019, 6, 1), date(2019, 6, 30)),
    "липень 2019 р.": (date(2019, 7, 1), date(2019, 7, 31)),
    "29 серпня 2019 року": (date(2019, 8, 29), date(2019, 8, 29)),
    "1 вересня 2019 року": (date(2019, 9, 1), date(2019, 9, 1)),
    "14 вересня 2019 року": (date(2019, 9, 14), date(2019, 9, 14)),
    "27.11.2019": (date(2019, 11, 27), date(2019, 11, 27)),
    "01.01.2020 року": (date(2020, 1, 1), date(2020, 1, 1)),
    "2020 року": (date(2020, 1, 1), date(2020, 12, 31)),
    "2020 році": (date(2020, 1, 1), date(2020, 12, 31)),
    "2020 рік": (date(2020, 1, 1), date(2020, 12, 31)),
    "18.03.2020 року": (date(2020, 3, 18), date(2020, 3, 18)),
    "червня 2020 року": (date(2020, 6, 1), date(2020, 6, 30)),
    "грудня 2020 року": (date(2020, 12, 1), date(2020, 12, 31)),
    "2021 році": (date(2021, 1, 1), date(2021, 12, 31)),
    "2021-2023 роки": (date(2021, 1, 1), date(2023, 12, 31)),
    "2021–2023 роки": (date(2021, 1, 1), date(2023, 12, 31)),
    "березня 2021 року": (date(2021, 3, 1), date(2021, 3, 31)),
    "2023 року": (date(2023, 1, 1), date(2023, 12, 31)),
    "2028 року": (date(2028, 1, 1), date(2028, 12, 31)),
}
# printed without a year (monitoring card 2018H2 lists); read with default_year=2018
YEARLESS_DATES = {
    "5-6 липня": (date(2018, 7, 5), date(2018, 7, 6)),
    "12-13 липня": (date(2018, 7, 12), date(2018, 7, 13)),
    "27-28 вересня": (date(2018, 9, 27), date(2018, 9, 28)),
    "25-26 жовтня": (date(2018, 10, 25), date(2018, 10, 26)),
    "8-9 листопада": (date(2018, 11, 8), date(2018, 11, 9)),
    "26-27 листопада": (date(2018, 11, 26), date(2018, 11, 27)),
    "29-30 листопада": (date(2018, 11, 29), date(2018, 11, 30)),
}
# Malformed in the source: must raise, never become a date.
DATE_ERRORS = {
    # monitoring card: two month names ("серпня січня") -> which month?
    "8-9 серпня січня 2018 р.": "two month names",
}
EXPECTED_DATE_SPANS = {
    "bakhmut_program_report_2019": 64,
    "monitoring_card_2018H2": 78,
    "project_description": 2,
    "results_brochure_2021": 52,
    "vinnytsia_region_article": 3,
}


def test_every_date_in_the_seeds(seeds_dir: Path) -> None:
    counts: Counter[str] = Counter()
    seen: set[str] = set()
    for stem, text in _documents(seeds_dir).items():
        spans = find_dates(text)
        counts[stem] = len(spans)
        for span in spans:
            assert text[span.start : span.end] == span.text
            seen.add(span.text)
        # the independent finder: every day+month, dd.mm.yyyy and year range lies in a span
        for m in DATEISH_RE.finditer(text):
            assert any(s.start <= m.start() and m.end() <= s.end for s in spans), (stem, m)
    assert dict(counts) == EXPECTED_DATE_SPANS
    assert seen == set(EXPECTED_DATES) | set(YEARLESS_DATES) | set(DATE_ERRORS)
    for text, expected in EXPECTED_DATES.items():
        assert parse_date_range(text) == expected, text
    for text, expected in YEARLESS_DATES.items():
        with pytest.raises(ParseError, match="no year"):
            parse_date_range(text)
        assert parse_date_range(text, default_year=2018) == expected, text
    for text, detail in DATE_ERRORS.items():
        with pytest.raises(ParseError) as info:
            parse_date_range(text, default_year=2018)
        assert detail in (info.value.detail or "")


def test_seed_figure_totals(seeds_dir: Path) -> None:
    """The headline counts of figure-shaped strings (kept in step with the tables above)."""
    assert len(EXPECTED_AMOUNTS) == 19
    assert len(EXPECTED_PERCENTS) == 5
    assert sum(EXPECTED_NUMBER_COUNTS.values()) == 51
    assert sum(EXPECTED_DATE_SPANS.values()) == 199
    assert len(EXPECTED_DATES) + len(YEARLESS_DATES) + len(DATE_ERRORS) == 117
