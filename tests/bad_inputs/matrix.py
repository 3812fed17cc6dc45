"""Cell problems per register: one valid row and one planted problem, as CSV or XLSX.

Each entry mutates one cell of a valid row of a register and states the problem it must
give. Even entries are CSVs with canonical column names, odd ones workbooks with the
Ukrainian labels users see in templates, so both readers meet every register.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from bad_inputs.cases import Case, Expect
from promis_analytics.registers import FIELDS, SCHEMAS
from promis_analytics.registers.io.reader import column_letter

BASE: dict[str, dict[str, str]] = {
    "cofinancing": {
        "project_id": "P1",
        "fund": "dg_fund",
        "city": "Полтава",
        "title": "Відкритий бюджет",
        "theme": "",
        "date": "2018-05-01",
        "project_amount": "20000",
        "project_currency": "UAH",
        "partner_amount": "30000",
        "partner_currency": "UAH",
        "source": "results_brochure_2021",
        "locator": "1.7",
    },
    "index_scores": {
        "index": "transparent_cities",
        "city": "Кременчук",
        "year": "2017",
        "score": "49.6",
        "max_score": "100",
        "rank": "8",
        "rank_of": "100",
        "source": "ti",
        "locator": "r1",
    },
    "recommendations": {
        "recommendation_id": "R1",
        "city": "Полтава",
        "area": "budget_transparency",
        "year_given": "2018",
        "status": "implemented",
        "status_date": "2019-03-01",
        "source": "monitoring_card_2018H2",
        "locator": "s4",
    },
    "indicators": {
        "program": "Програма сприяння розвитку громадянського суспільства",
        "period": "2019",
        "group": "cost",
        "indicator": "Обсяг ресурсів",
        "unit": "thousand_uah",
        "baseline": "",
        "target": "865",
        "actual": "838.5",
        "reported_pct": "97",
        "source": "bakhmut_program_report_2019",
        "locator": "t2",
    },
    "adoptions": {
        "city": "Вінниця",
        "instrument": "participatory_budget",
        "status": "adopted",
        "as_of": "2018-12-31",
        "source": "monitoring_card_2018H2",
        "locator": "c1",
    },
    "facts": {
        "fact_id": "F1",
        "section": "about",
        "metric": "projects",
        "value": "18",
        "unit": "count",
        "period_start": "2015-04-01",
        "period_end": "2021-03-31",
        "cities": "Вінниця;Полтава",
        "as_printed": "18",
        "source": "results_brochure_2021",
        "locator": "s3",
    },
}
# a second valid row: the key made different
OTHER: dict[str, dict[str, str]] = {
    "cofinancing": {"project_id": "P2"},
    "index_scores": {"year": "2018"},
    "recommendations": {"recommendation_id": "R2"},
    "indicators": {"indicator": "Кількість проєктів", "unit": "count"},
    "adoptions": {"city": "Полтава"},
    "facts": {"fact_id": "F2"},
}

# the duplicate key as reported: typed values joined by " + " (cities as reference keys)
KEY_SHOWN: dict[str, str] = {
    "cofinancing": "P1",
    "index_scores": "transparent_cities + kremenchuk + 2017",
    "recommendations": "R1",
    "indicators": "Програма сприяння розвитку громадянського суспільства + 2019 + cost + "
    "Обсяг ресурсів",
    "adoptions": "vinnytsia + participatory_budget + 2018-12-31",
    "facts": "F1",
}

# (kind, column, bad text, problem code, fragment of what was expected)
MUTATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("cofinancing", "fund", "фонд ініціатив", "not_allowed", "democratic governance fund"),
    ("cofinancing", "city", "Полтавськ", "unknown_place", "city name"),
    ("cofinancing", "date", "2014-12-31", "outside_project", "2015-04-01 to 2021-03-31"),
    ("cofinancing", "date", "31.02.2018", "bad_value", "date"),
    ("cofinancing", "project_amount", "багато", "bad_value", "amount"),
    ("cofinancing", "project_amount", "-5", "below_minimum", "at least 0"),
    ("cofinancing", "title", "", "required", "text"),
    ("index_scores", "year", "2999", "above_maximum", "at most "),
    ("index_scores", "year", "двохтисячний", "bad_value", "year"),
    ("index_scores", "score", "-1", "below_minimum", "at least 0"),
    ("index_scores", "rank", "0", "below_minimum", "at least 1"),
    ("index_scores", "rank", "8.5", "bad_value", "whole number"),
    ("index_scores", "index", "rating", "not_allowed", "Transparent Cities"),
    ("index_scores", "city", "Кремінь", "unknown_place", "city name"),
    ("recommendations", "area", "бюджет", "not_allowed", "budget transparency"),
    ("recommendations", "year_given", "2014", "year_outside_project", "2015-04-01"),
    ("recommendations", "status_date", "2019-13-01", "bad_value", "date"),
    ("recommendations", "city", "", "required", "city name"),
    ("indicators", "group", "показник", "not_allowed", "cost"),
    ("indicators", "actual", "багато", "bad_value", "number"),
    ("indicators", "reported_pct", "-3", "below_minimum", "at least 0"),
    ("indicators", "indicator", "", "required", "text"),
    ("adoptions", "status", "так", "not_allowed", "adopted"),
    ("adoptions", "as_of", "кінець року", "bad_value", "date"),
    ("adoptions", "instrument", "", "required", "value from the list"),
    ("adoptions", "city", "Гадюкине", "unknown_place", "city name"),
    ("facts", "value", "вісімнадцять", "bad_value", "number"),
    ("facts", "fact_id", "", "required", "identifier"),
    ("facts", "period_start", "2021-04-01", "not_le", "'period_start' ≤ 'period_end'"),
)


def _rows(kind: str, bad: dict[str, str] | None, duplicate: bool) -> list[dict[str, str]]:
    first = dict(BASE[kind])
    second = {**first, **OTHER[kind], **(bad or {})}
    rows = [first, second]
    if duplicate:
        rows.append(dict(first))
    return rows


def _builder(kind: str, rows: list[dict[str, str]], xlsx: bool) -> Callable[[Path], Path]:
    cols = list(SCHEMAS[kind].columns)

    def build(folder: Path) -> Path:
        if xlsx:
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = SCHEMAS[kind].label_uk
            ws.append([FIELDS[c].label_uk for c in cols])
            for r in rows:
                ws.append([r.get(c, "") or None for c in cols])
            p = folder / f"{kind}.xlsx"
            wb.save(p)
            return p
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([[r.get(c, "") for c in cols] for r in rows])
        p = folder / f"{kind}.csv"
        p.write_text(buf.getvalue(), encoding="utf-8")
        return p

    return build


def _cases() -> tuple[Case, ...]:
    out: list[Case] = []
    for n, (kind, col, text, code, expected) in enumerate(MUTATIONS):
        xlsx = n % 2 == 1
        cols = list(SCHEMAS[kind].columns)
        letter = column_letter(cols.index(col))
        value: Any = text if text != "" else ("" if not xlsx else None)
        out.append(
            Case(
                f"{kind}_{col}_{code}",
                kind,
                f"{kind}.{'xlsx' if xlsx else 'csv'}",
                _builder(kind, _rows(kind, {col: text}, False), xlsx),
                (
                    Expect(
                        code,
                        3,
                        letter,
                        value,
                        expected,
                        sheet=SCHEMAS[kind].label_uk if xlsx else None,
                    ),
                ),
            )
        )
    for n, kind in enumerate(BASE):
        xlsx = n % 2 == 0
        key = SCHEMAS[kind].key
        out.append(
            Case(
                f"{kind}_duplicate_key",
                kind,
                f"{kind}.{'xlsx' if xlsx else 'csv'}",
                _builder(kind, _rows(kind, None, True), xlsx),
                (
                    Expect(
                        "duplicate_key",
                        4,
                        column_letter(list(SCHEMAS[kind].columns).index(key[0])),
                        KEY_SHOWN[kind],
                        "unique key",
                        sheet=SCHEMAS[kind].label_uk if xlsx else None,
                    ),
                ),
            )
        )
    return tuple(out)


MATRIX: tuple[Case, ...] = _cases()
