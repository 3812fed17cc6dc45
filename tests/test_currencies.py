"""One currency vocabulary: ISO 4217 codes from data/iso4217.csv, used by registers, parsing, fx."""

from __future__ import annotations

import pytest

from promis_analytics import formatting, parsing
from promis_analytics.currencies import ISO_4217, currency_label, is_currency
from promis_analytics.registers.schema.codes import CURRENCIES


def test_the_table_holds_iso_codes() -> None:
    assert len(ISO_4217) > 150
    assert all(len(c) == 3 and c.isupper() for c in ISO_4217)
    assert currency_label("EUR", "uk") == "євро" and currency_label("EUR", "en") == "Euro"
    assert currency_label("MDL", "en") == "Moldovan Leu"


@pytest.mark.parametrize("code", ["UAH", "CAD", "EUR", "USD", "PLN", "GBP", "CHF", "MDL"])
def test_registers_and_formatting_accept_any_iso_code(code: str) -> None:
    assert is_currency(code) and code in CURRENCIES and code in formatting.CURRENCIES


@pytest.mark.parametrize("code", ["XYZ", "eur", "", None, "EURO"])
def test_not_a_code(code) -> None:
    assert not is_currency(code)


def test_every_currency_word_names_an_iso_code() -> None:
    assert set(parsing.CURRENCY_WORDS.values()) <= set(ISO_4217)


def test_a_register_accepts_a_chf_amount(tmp_path) -> None:
    from promis_analytics.registers.check.validate import validate_table
    from promis_analytics.registers.io.formats import read_table

    p = tmp_path / "cofinancing.csv"
    p.write_text(
        "project_id,fund,title,date,partner_amount,partner_currency,source,locator\n"
        "P1,other,Мікрогрант,2023-05-02,1500,CHF,звіт,стор. 2\n"
        "P2,other,Мікрогрант,2023-05-03,200,ZZZ,звіт,стор. 3\n",
        encoding="utf-8",
    )
    data, _, report = validate_table(read_table(p), "cofinancing")
    assert list(data["partner_currency"]) == ["CHF"]
    assert ("not_allowed", 3, "ZZZ") in [(e.code, e.row, e.value) for e in report.errors]
