"""The embedded real dataset in data/raw: every row traces back to its source text."""

from __future__ import annotations

import contextlib
import csv
import functools
import re
from decimal import Decimal
from pathlib import Path

import pytest

from promis_analytics import paths
from promis_analytics.errors import ParseError, UnknownPlaceError
from promis_analytics.parsing import parse_amount, parse_number, parse_percent
from promis_analytics.registers.schema.schemas import SCHEMAS

RAW = paths.raw_dir()
FILES = {
    "facts": "facts.csv",
    "adoptions": "adoptions.csv",
    "index_scores": "index_scores.csv",
    "cofinancing": "cofinancing.csv",
}
DOCUMENT_IDS = {
    "results_brochure_2021",
    "monitoring_card_2018H2",
    "project_description",
    "vinnytsia_region_article",
    "bakhmut_program_report_2019",
}
PARTNER_KEYS = (
    "vinnytsia", "zhmerynka", "ladyzhyn", "khmilnyk", "ivano_frankivsk", "dolyna", "kolomyia",
    "yaremche", "poltava", "horishni_plavni", "myrhorod", "kremenchuk", "zaporizhzhia",
    "berdiansk", "enerhodar", "melitopol",
)  # fmt: skip
MONEY = {"UAH", "CAD", "USD", "EUR"}

# Figures the brochure spells out in words. ``parsing`` reads digits only, so the test keeps
# this small table of the numeral forms that occur in facts.csv (value as a whole number).
NUMERAL_WORDS = {
    "два": 2, "двоє": 2, "дві": 2, "двох": 2, "вдвічі": 2,
    "три": 3, "трьох": 3, "трьома": 3,
    "чотири": 4, "чотирьох": 4,
    "п'ять": 5, "п'яти": 5, "п'ятий": 5,
    "шість": 6, "вісім": 8,
    "тисячі": 1000, "дві тисячі": 2000,
}  # fmt: skip
# Bound words in front of a printed figure: the metric must say which bound it is.
LOWER_BOUNDS = ("більше ніж", "більш ніж", "більш як", "понад", "від")
UPPER_BOUNDS = ("до",)


def _rows(kind: str) -> list[dict[str, str]]:
    with (RAW / FILES[kind]).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _header(kind: str) -> list[str]:
    with (RAW / FILES[kind]).open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def _clean(text: str) -> str:
    """Brochure text as read: markdown emphasis dropped, whitespace and line breaks collapsed."""
    text = text.replace("**", "").replace("<b>", "").replace("</b>", "").replace("\\$", "$")
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _line_numbers(locator: str) -> list[int]:
    m = re.search(r"\blines? ([\d,–\- ]+)", locator)
    assert m, f"no line number in locator {locator!r}"
    numbers = [int(n) for n in re.findall(r"\d+", m.group(1))]
    if "–" in m.group(1):  # a range "629–630"
        return list(range(numbers[0], numbers[-1] + 1))
    return numbers


def _char_span(locator: str) -> tuple[int, int]:
    m = re.match(r"char (\d+)(?:-(\d+))?", locator)
    assert m, f"no character offset in locator {locator!r}"
    start = int(m.group(1))
    return start, int(m.group(2)) if m.group(2) else start


@pytest.fixture(scope="module")
def brochure_lines(seeds_dir: Path) -> list[str]:
    return (seeds_dir / "results_brochure_2021.txt").read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def card_text(seeds_dir: Path) -> str:
    return (seeds_dir / "monitoring_card_2018H2.txt").read_text(encoding="utf-8")


def _shared_row(shared_data_dir: Path, locator: str) -> dict[str, str]:
    """The data row a ``shared/data/<file> row N`` locator points at (N counts data rows)."""
    m = re.match(r"shared/data/(\S+\.csv) row (\d+)", locator)
    assert m, locator
    with (shared_data_dir / m.group(1)).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))[int(m.group(2)) - 1]


# ------------------------------------------------------------------------------------------
# shape: columns, keys, provenance


@pytest.mark.parametrize("kind", sorted(FILES))
def test_header_is_the_register_schema(kind: str) -> None:
    assert tuple(_header(kind)) == SCHEMAS[kind].columns


@pytest.mark.parametrize("kind", sorted(FILES))
def test_primary_key_is_unique(kind: str) -> None:
    key = SCHEMAS[kind].key
    seen: dict[tuple[str, ...], int] = {}
    for i, row in enumerate(_rows(kind), start=2):
        k = tuple(row[c] for c in key)
        stand_ins = SCHEMAS[kind].unless  # e.g. no city but a printed count of cities
        filled = [row[c] or row.get(stand_ins.get(c, ""), "") for c in key]
        assert all(filled), f"{FILES[kind]} line {i}: empty key {k}"
        assert k not in seen, f"{FILES[kind]} line {i}: key {k} repeats line {seen[k]}"
        seen[k] = i


@pytest.mark.parametrize("kind", sorted(FILES))
def test_every_row_has_a_source_and_locator(kind: str) -> None:
    for i, row in enumerate(_rows(kind), start=2):
        assert row["locator"].strip(), f"{FILES[kind]} line {i}: empty locator"
        src = row["source"]
        assert src in DOCUMENT_IDS or src.startswith(("http://", "https://")), (
            f"{FILES[kind]} line {i}: unknown source {src!r}"
        )


@pytest.mark.parametrize("kind", sorted(FILES))
def test_city_keys_resolve(kind: str) -> None:
    from promis_analytics.reference import city

    for i, row in enumerate(_rows(kind), start=2):
        cell = row.get("cities") if kind == "facts" else row.get("city")
        for key in filter(None, (cell or "").split(";")):
            assert city(key).key == key, f"{FILES[kind]} line {i}: {key!r}"


def test_counts_and_minimum_size() -> None:
    facts = _rows("facts")
    brochure = [r for r in facts if r["source"] == "results_brochure_2021"]
    assert len(brochure) > 60
    assert {r["section"] for r in brochure} >= {"about", "1.3", "1.7", "2.5", "3.2", "3.5"}
    assert len(_rows("adoptions")) > 150


# ------------------------------------------------------------------------------------------
# facts: the printed figure reads back as the value


def _read_figure(text: str) -> tuple[Decimal, str | None]:
    """Value and currency of one printed figure (parsing first, numeral words second)."""
    if re.search(r"\d", text):
        amount = parse_amount(text)
        return amount.value, amount.currency
    body = re.sub(r"^(?:близько|майже)\s+", "", text)
    return Decimal(NUMERAL_WORDS[body]), None


#: Printed qualifier words kept in ``as_printed`` (the ``qualifier`` column names them).
QUALIFIER_PREFIX = re.compile(r"^(?:щонайменше|перевищує|майже)\s+(?:(?:на|в|у)\s+)?")


def _figure_value(row: dict[str, str]) -> tuple[Decimal, str | None]:
    text, metric = row["as_printed"], row["metric"]
    if row.get("qualifier") and QUALIFIER_PREFIX.match(text):
        if row["qualifier"] in ("at_least", "more_than"):
            assert metric.endswith("_min"), f"{row['fact_id']}: a lower bound needs _min"
        text = re.sub(r"\s+разів$", "", QUALIFIER_PREFIX.sub("", text))
    if row["unit"] == "percent":
        return parse_percent(text), None
    m = re.fullmatch(r"від (.+?) до (.+)", text)
    if m:  # a printed range "від 40 000 до 150 000 грн": currency printed once, at the end
        assert metric.endswith(("_min", "_max")), f"{row['fact_id']}: range needs _min/_max"
        high, currency = _read_figure(m.group(2))
        low = parse_number(m.group(1))
        return (low if metric.endswith("_min") else high), currency
    for words, suffix in ((LOWER_BOUNDS, "_min"), (UPPER_BOUNDS, "_max")):
        for word in words:
            if text.startswith(word + " "):
                assert metric.endswith(suffix), f"{row['fact_id']}: {word!r} needs {suffix}"
                return _read_figure(text[len(word) + 1 :])
    return _read_figure(text)


@pytest.mark.parametrize("row", _rows("facts"), ids=lambda r: r["fact_id"])
def test_fact_as_printed_reads_back_as_value(row: dict[str, str]) -> None:
    try:
        value, currency = _figure_value(row)
    except (ParseError, KeyError) as exc:
        pytest.fail(f"{row['fact_id']}: cannot read {row['as_printed']!r}: {exc}")
    assert value == Decimal(row["value"]), row["fact_id"]
    if row["unit"] in MONEY:
        assert currency == row["unit"], row["fact_id"]
    else:
        assert currency is None, row["fact_id"]


def test_fact_units_and_dates_are_plain() -> None:
    for row in _rows("facts"):
        assert re.fullmatch(r"-?\d+(\.\d+)?", row["value"]), row["fact_id"]
        assert re.fullmatch(r"[a-z0-9_]+", row["metric"]), row["fact_id"]
        for col in ("period_start", "period_end"):
            assert row[col] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[col]), row["fact_id"]
        if row["period_start"] and row["period_end"]:
            assert row["period_start"] <= row["period_end"], row["fact_id"]


def test_brochure_figures_occur_at_their_lines(brochure_lines: list[str]) -> None:
    whole = _clean("\n".join(brochure_lines))
    for row in _rows("facts"):
        if row["source"] != "results_brochure_2021":
            continue
        printed = row["as_printed"]
        assert printed in whole, f"{row['fact_id']}: {printed!r} not in the brochure"
        numbers = _line_numbers(row["locator"])
        cited = [_clean(brochure_lines[n - 1]) for n in numbers]
        joined = _clean(" ".join(brochure_lines[min(numbers) - 1 : max(numbers)]))
        assert any(printed in c for c in cited) or (
            max(numbers) - min(numbers) <= 2 and printed in joined
        ), f"{row['fact_id']}: {printed!r} not at {row['locator']}"
        assert row["locator"].startswith(row["section"] + " "), row["fact_id"]


def test_card_figures_occur_at_their_offsets(card_text: str) -> None:
    rows = [r for r in _rows("facts") if r["source"] == "monitoring_card_2018H2"]
    assert rows
    for row in rows:
        start, _ = _char_span(row["locator"])
        assert card_text[start:].startswith(row["as_printed"]), row["fact_id"]


def test_shared_data_facts_match_their_rows(shared_data_dir: Path) -> None:
    rows = [r for r in _rows("facts") if r["locator"].startswith("shared/data/")]
    assert len(rows) >= 30
    for row in rows:
        src = _shared_row(shared_data_dir, row["locator"])
        assert row["source"] == src["source_url"], row["fact_id"]
        expected = src["value"] if row["unit"] not in {"UAH", "percent"} else None
        if expected is None:
            expected = src["value"] + " " + src["unit"]
        assert row["as_printed"] == expected, row["fact_id"]


# ------------------------------------------------------------------------------------------
# adoptions: every listed city is named in the statement the locator points at


@functools.cache
def _places_in(text: str) -> frozenset[str]:
    """Reference keys of every capitalised word or word pair in ``text`` that names a place."""
    from promis_analytics.reference import normalize_city

    words = re.findall(r"[\w'’ʼ-]+", text)
    keys = set()
    for n in (1, 2):
        for i in range(len(words) - n + 1):
            if not words[i][:1].isupper():
                continue
            with contextlib.suppress(UnknownPlaceError):
                keys.add(normalize_city(" ".join(words[i : i + n])).key)
    return frozenset(keys)


def test_card_adoptions_name_their_cities(card_text: str) -> None:
    rows = [r for r in _rows("adoptions") if r["source"] == "monitoring_card_2018H2"]
    assert rows
    all_partner: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        assert row["as_of"] == "2018-12-31"
        start, end = _char_span(row["locator"])
        assert end > start, row
        if "all 16 partner cities" in row["locator"]:
            all_partner.setdefault((row["instrument"], row["locator"]), set()).add(row["city"])
            assert "16 містах-партнерах" in card_text[start:end], row
            continue
        if row["cities_count"]:  # a count printed without the cities
            assert f"у {row['cities_count']} містах" in card_text[start:end], row
            continue
        assert row["city"] in _places_in(card_text[start:end]), row
    for cities in all_partner.values():
        assert cities == set(PARTNER_KEYS)


def test_brochure_adoptions_name_their_cities(brochure_lines: list[str]) -> None:
    rows = [r for r in _rows("adoptions") if r["source"] == "results_brochure_2021"]
    assert rows
    for row in rows:
        assert row["as_of"] == "2021-03-31"
        text = " ".join(brochure_lines[n - 1] for n in _line_numbers(row["locator"]))
        if "all partner cities" in row["locator"]:
            assert re.search(r"(?i)(усіх|усі) (16 )?міст\w*-партнер", text), row
            continue
        if row["cities_count"]:  # a count printed without the cities
            assert row["cities_count"] in text.split(), row
            continue
        assert row["city"] in _places_in(text), row


#: What the Vinnytsia regional article says each of its cities has (line → instrument → cities).
ARTICLE_STATEMENTS = [
    (15, "development_strategy", {"vinnytsia", "ladyzhyn", "khmilnyk", "zhmerynka"}),
    (15, "sme_program", {"vinnytsia", "ladyzhyn", "khmilnyk", "zhmerynka"}),
    (15, "marketing_strategy", {"vinnytsia", "khmilnyk"}),
    (17, "city_brand", {"vinnytsia"}),
    (17, "investment_program", {"vinnytsia"}),
    (17, "investment_passport", {"vinnytsia"}),
    (19, "business_association", {"ladyzhyn", "zhmerynka"}),
    (19, "tourism_strategy", {"khmilnyk"}),
]


def test_every_article_statement_is_in_the_register(seeds_dir: Path) -> None:
    """A city's instrument the article names is adopted by 2021-03-31 (from the article, or
    from another source of the same date when that one already states it)."""
    lines = (seeds_dir / "vinnytsia_region_article.txt").read_text(encoding="utf-8").split("\n")
    stated = {
        (r["city"], r["instrument"])
        for r in _rows("adoptions")
        if r["as_of"] == "2021-03-31" and r["status"] == "adopted"
    }
    for line, instrument, cities in ARTICLE_STATEMENTS:
        named = _places_in(lines[line - 1])
        for city in cities:
            assert city in named, (line, city)  # the table above reads the article right
            assert (city, instrument) in stated, (line, instrument, city)
    for row in (r for r in _rows("adoptions") if r["source"] == "vinnytsia_region_article"):
        (line,) = _line_numbers(row["locator"])
        assert row["city"] in _places_in(lines[line - 1]), row


def test_printed_counts_from_shared_data_match_their_rows(shared_data_dir: Path) -> None:
    rows = [
        r
        for r in _rows("adoptions")
        if r["locator"].startswith("shared/data/") and r["cities_count"]
    ]
    assert {r["instrument"] for r in rows} >= {"gender_budgeting", "participatory_budget"}
    for row in rows:
        src = _shared_row(shared_data_dir, row["locator"])
        assert (src["unit"], src["value"]) == ("cities", row["cities_count"]), row
        assert row["source"] == src["source_url"]
        assert row["city"] == ""


def test_adoption_statuses_and_dates() -> None:
    for row in _rows("adoptions"):
        assert row["status"] in {"adopted", "in_progress"}, row
        assert row["as_of"] in {"2018-12-31", "2021-03-31"}, row


# ------------------------------------------------------------------------------------------
# index scores and co-financing


def test_index_scores_from_shared_data_match(shared_data_dir: Path) -> None:
    rows = [r for r in _rows("index_scores") if r["locator"].startswith("shared/data/")]
    assert len(rows) == 15
    for row in rows:
        src = _shared_row(shared_data_dir, row["locator"])
        assert row["source"] == src["source_url"]
        assert row["year"] == src["year"]
        for col in ("score", "max_score", "rank", "rank_of"):
            assert row[col] == src[col], (row, col)


def test_brochure_rank_statements(brochure_lines: list[str]) -> None:
    rows = {
        (r["index"], r["city"], r["year"]): r
        for r in _rows("index_scores")
        if r["source"] == "results_brochure_2021"
    }
    first = rows[("budget_transparency", "vinnytsia", "2018")]
    assert (first["rank"], first["rank_of"]) == ("5", "37")
    line = brochure_lines[_line_numbers(first["locator"])[0] - 1]
    assert f"{first['rank']}-те місце з-поміж {first['rank_of']}" in line
    top = {k[1] for k in rows if k[0] == "city_democracy"}
    assert top == {"khmilnyk", "vinnytsia", "ivano_frankivsk"}


def test_dg_fund_totals_reproduce_the_printed_hryvnia() -> None:
    (row,) = (r for r in _rows("cofinancing") if r["project_id"] == "dg_fund_total_2015_2020")
    facts = {r["fact_id"]: r for r in _rows("facts")}
    assert Decimal(row["project_amount"]) == Decimal(
        facts["s1_7_dg_fund_promis_contribution_cad"]["value"]
    )
    assert Decimal(row["partner_amount"]) == Decimal(
        facts["s1_7_dg_fund_city_contribution_cad"]["value"]
    )
    # the brochure's "≈" hryvnia figures are the CAD totals at 20 UAH per CAD
    assert Decimal(row["project_amount"]) * 20 == Decimal(
        facts["s1_7_dg_fund_promis_contribution_uah"]["value"]
    )
    assert Decimal(row["partner_amount"]) * 20 == Decimal(
        facts["s1_7_dg_fund_city_contribution_uah"]["value"]
    )


def test_card_extractor_finds_nothing_missing_from_adoptions(seeds_dir: Path) -> None:
    """Independent check: every card list the extractor reads is in the transcribed register."""
    from promis_analytics.extract.card import monitoring_card

    found = monitoring_card(seeds_dir / "monitoring_card_2018H2.txt").adoptions
    assert len(found) > 50
    ours = {
        (r["city"], r["instrument"], r["status"])
        for r in _rows("adoptions")
        if r["source"] == "monitoring_card_2018H2"
    }
    missing = set(zip(found["city"], found["instrument"], found["status"], strict=True)) - ours
    assert not missing, sorted(missing)
