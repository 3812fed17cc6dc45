"""Field dictionary, schemas, header aliases and the generated docs/registers.md."""

from __future__ import annotations

import pytest

from promis_analytics import paths
from promis_analytics.registers import FIELDS, SCHEMAS
from promis_analytics.registers.out.docs import registers_markdown
from promis_analytics.registers.schema.headers import fold, match
from promis_analytics.registers.schema.types import DTYPES

ISSUE_COLUMNS = {
    # cities and sessions (issue 23): an event held in several places, a course of sessions
    "events": "event_id title event_type component date_start date_end city cities country "
    "participants women men idp sessions date_precision period_status description source locator",
    "cofinancing": "project_id fund city title theme date project_amount project_currency "
    "partner_amount partner_currency source locator",
    "index_scores": "index city year score max_score rank rank_of source locator",
    "recommendations": "recommendation_id city area year_given status status_date text source "
    "locator",
    "indicators": "program period group indicator indicator_en unit baseline target actual "
    "reported_pct reported_decimals source locator",
    "adoptions": "city instrument status as_of cities_count source locator",
    "facts": "fact_id section metric value unit period_start period_end cities as_printed "
    "qualifier source locator",
    "results": "result_id result_title level indicator_id indicator indicator_en unit measure "
    "direction baseline_year baseline period_start period_end target actual place sex comment "
    "program source locator",
}


def test_seven_registers_with_the_issue_columns() -> None:
    assert {k: " ".join(s.columns) for k, s in SCHEMAS.items()} == ISSUE_COLUMNS


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_every_column_is_described(kind: str) -> None:
    for f in SCHEMAS[kind].fields():
        assert f.dtype in DTYPES
        assert f.label_uk and f.label_en and f.description and f.description_uk
        assert f.dtype != "category" or f.allowed, f.name


def test_allowed_values_from_the_issue() -> None:
    assert set(SCHEMAS["events"].field("event_type").allowed) == {
        "training",
        "seminar",
        "webinar",
        "study_tour",
        "conference",
        "forum",
        "round_table",
        "meeting",
        "other",
    }
    assert set(SCHEMAS["recommendations"].field("status").allowed) == {
        "implemented",
        "partially_implemented",
        "in_progress",  # «в процесі»: issue 11
        "not_implemented",
        "not_applicable",
    }
    assert set(SCHEMAS["adoptions"].field("status").allowed) == {"adopted", "in_progress"}
    assert {"count", "UAH", "CAD", "USD", "percent"} <= set(SCHEMAS["facts"].field("unit").allowed)
    assert set(SCHEMAS["indicators"].field("group").allowed) == {
        "cost",
        "product",
        "efficiency",
        "quality",
        "output",
        "outcome",
    }


@pytest.mark.parametrize(
    ("header", "kind", "column"),
    [
        ("Місто", "events", "city"),
        ("м.", "adoptions", "city"),
        ("  МІСТО  ", "cofinancing", "city"),
        ("Міста / Cities", "facts", "cities"),
        ("Кількість учасників", "events", "participants"),
        ("Кількість учасників, осіб", "events", "participants"),
        ("Participants", "events", "participants"),
        ("PARTICIPANTS", "events", "participants"),
        ("у тому числі жінок", "events", "women"),
        ("Дата", "cofinancing", "date"),
        ("Дата", "events", "date_start"),
        ("Дата", "adoptions", "as_of"),
        ("date_start", "events", "date_start"),
        ("Date start", "events", "date_start"),
        ("Виконання, %", "indicators", "reported_pct"),
        ("% виконання", "indicators", "reported_pct"),
        ("Внесок міста", "cofinancing", "partner_amount"),
        ("Валюта внеску ПРОМІС", "cofinancing", "project_currency"),
        ("Рік", "index_scores", "year"),
        ("Рік", "recommendations", "year_given"),
        ("Місце", "index_scores", "rank"),
        ("Статус", "recommendations", "status"),
        ("Показник", "indicators", "indicator"),
        ("Як надруковано", "facts", "as_printed"),
    ],
)
def test_header_aliases(header: str, kind: str, column: str) -> None:
    assert match(header, kind) == column


@pytest.mark.parametrize("header", ["Примітка", "Коментар", "", None, "Учасникi"])
def test_unknown_headers_do_not_match(header: str | None) -> None:
    assert match(header, "events") is None


def test_fold_unifies_case_spacing_and_apostrophes() -> None:
    assert fold("  Обов’язковий  ПОЛЕ ") == fold("обов'язковий поле") == "обов'язковий поле"


def test_docs_registers_md_is_generated_from_the_schemas() -> None:
    doc = (paths.repo_root() / "docs" / "registers.md").read_text(encoding="utf-8")
    assert doc == registers_markdown(), "regenerate docs/registers.md with registers_markdown()"
    for kind, s in SCHEMAS.items():
        assert f"## `{kind}`" in doc
        for c in s.columns:
            assert f"| `{c}` | {FIELDS[c].label_uk} |" in doc
