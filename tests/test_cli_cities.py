"""Tests for ``promis cities`` (run through click's CliRunner)."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from promis_analytics import reference
from promis_analytics.cli import cli


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["cities", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_default_table_is_ukrainian_with_16_partners() -> None:
    out = run("--width", "200")
    assert "Міста-партнери — Партнерство для розвитку міст" in out  # the embedded profile's title
    assert "Населення, осіб (01.01.2022)" in out and "Ключ" in out
    assert "Держстат" in out
    lines = [line for line in out.splitlines() if line.startswith("│")]
    assert len(lines) == 16
    assert [line.split("│")[1].strip() for line in lines] == list(reference.PARTNER_KEYS)
    zap = next(line for line in lines if "zaporizhzhia" in line)
    assert "Запоріжжя" in zap and "Zaporizhzhia" in zap and "Запорізька область" in zap
    assert "710\u00a0052" in zap  # Ukrainian digit grouping (no-break space)
    assert "Ужгород" not in out and "toronto" not in out


def test_english_headers_and_numbers() -> None:
    out = run("--lang", "en", "--width", "200")
    assert "Partner cities — Partnership for Local Economic" in out
    for header in ("Key", "Ukrainian", "English", "Oblast", "Population, persons (2022-01-01)"):
        assert header in out
    assert "Zaporizhzhia Oblast" in out
    assert "369,739" in out  # Vinnytsia
    assert "Ключ" not in out


def test_all_includes_other_places_and_kinds() -> None:
    out = run("--all", "--lang", "en", "--width", "220")
    for key in ("kyiv", "kryvyi_rih", "stari_bohorodchany", "toronto", "canada", "estonia"):
        assert key in out
    assert "village" in out and "country" in out
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == len(reference.all_places())


@pytest.mark.parametrize("extra", [[], ["--all"], ["--all", "--lang", "en"]])
def test_csv_round_trips_the_reference(extra: list[str]) -> None:
    out = run("--format", "csv", *extra)
    rows = list(csv.DictReader(io.StringIO(out)))
    places = reference.all_places() if "--all" in extra else reference.PARTNER_CITIES
    assert [r["key"] for r in rows] == [c.key for c in places]
    assert list(rows[0]) == [
        "key",
        "name_uk",
        "name_en",
        "oblast_uk",
        "oblast_en",
        "kind",
        "country",
        "is_partner",
        "population",
    ]
    for r in rows:
        c = reference.city(r["key"])
        assert r["name_uk"] == c.name_uk and r["name_en"] == c.name_en
        assert r["population"] == ("" if c.population is None else str(c.population))
        assert r["is_partner"] == ("true" if c.is_partner else "false")


def test_csv_population_total_matches_reference() -> None:
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    assert sum(int(r["population"]) for r in rows) == sum(
        c.population or 0 for c in reference.PARTNER_CITIES
    )


@pytest.mark.parametrize("args", [["--lang", "fr"], ["--format", "xlsx"]])
def test_bad_options_are_rejected(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["cities", *args])
    assert result.exit_code == 2
    assert "Invalid value" in result.output


def test_help_is_bilingual() -> None:
    result = CliRunner().invoke(cli, ["cities", "--help"])
    assert result.exit_code == 0
    assert "Довідник міст" in result.output and "partner cities" in result.output
