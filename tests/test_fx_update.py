"""``promis fx update``: NBU rates fetched (a recorded answer) into the folder's rates.csv."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from promis_analytics import fx, fx_update
from promis_analytics.cli import cli
from promis_analytics.fx_update import FetchError, parse_nbu, update_rates

# What the service answers for EUR, 20…24 April 2023 (a Thursday to a Monday: the weekend
# has no published rate), written here in the service's shape.
RECORDED = [
    {"exchangedate": "20.04.2023", "cc": "EUR", "rate": 40.4383, "units": 1,
     "rate_per_unit": 40.4383},
    {"exchangedate": "21.04.2023", "cc": "EUR", "rate": 40.3567, "units": 1,
     "rate_per_unit": 40.3567},
    {"exchangedate": "24.04.2023", "cc": "EUR", "rate": 40.4907, "units": 1,
     "rate_per_unit": 40.4907},
]  # fmt: skip


def _fake(calls: list[str]):
    def fetch(url: str) -> bytes:
        calls.append(url)
        return json.dumps(RECORDED).encode("utf-8")

    return fetch


def test_rates_are_saved_with_provenance(tmp_path: Path) -> None:
    calls: list[str] = []
    added = update_rates(
        tmp_path, {"EUR", "UAH"}, dt.date(2023, 4, 20), dt.date(2023, 4, 24),
        fetch=_fake(calls), today=dt.date(2026, 12, 7),
    )  # fmt: skip
    assert calls == [
        "https://bank.gov.ua/NBU_Exchange/exchange_site?start=20230413&end=20230424"
        "&valcode=eur&sort=exchangedate&order=asc&json"
    ]
    assert [(d.isoformat(), str(r)) for _, d, r in added] == [
        ("2023-04-20", "40.4383"),
        ("2023-04-21", "40.3567"),
        ("2023-04-22", "40.3567"),  # Saturday: Friday's rate stays in force
        ("2023-04-23", "40.3567"),
        ("2023-04-24", "40.4907"),
    ]
    lines = (tmp_path / "rates.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "date,currency,uah_per_unit,source"
    assert lines[3].startswith("2023-04-22,EUR,40.3567,NBU https://bank.gov.ua/")
    assert lines[3].endswith("fetched 2026-12-07; in force since 2023-04-21")
    files = fx.rate_files(tmp_path)
    assert fx.uah_per_unit("EUR", "2023-04-23", path=files) == Decimal("40.3567")
    # a second run fetches nothing: every day is known
    assert update_rates(tmp_path, {"EUR"}, dt.date(2023, 4, 20), dt.date(2023, 4, 24),
                        fetch=_fake(calls)) == []  # fmt: skip
    assert len(calls) == 1


def test_days_the_embedded_table_has_are_not_fetched(tmp_path: Path) -> None:
    calls: list[str] = []
    assert update_rates(tmp_path, {"CAD"}, dt.date(2018, 1, 1), dt.date(2018, 1, 3),
                        fetch=_fake(calls)) == []  # fmt: skip
    assert calls == [] and not (tmp_path / "rates.csv").exists()


@pytest.mark.parametrize("payload", [b"<html>", b'{"error": 1}', b'[{"cc": "EUR"}]'])
def test_an_unreadable_answer_is_said_in_both_languages(payload: bytes) -> None:
    with pytest.raises(FetchError, match=r"незрозуміла відповідь.*unreadable answer"):
        parse_nbu(payload, "EUR")


def test_without_network_the_command_says_so_and_fails(tmp_path: Path, monkeypatch) -> None:
    def offline(url: str) -> bytes:
        raise OSError("Name or service not known")

    monkeypatch.setattr(fx_update.urllib.request, "urlopen", lambda *a, **k: offline(a[0]))
    result = CliRunner().invoke(
        cli, ["fx", "update", str(tmp_path), "--currency", "EUR", "--start", "2023-04-20",
              "--end", "2023-04-21"],
    )  # fmt: skip
    assert result.exit_code == 3
    assert "немає зв'язку зі службою курсів НБУ" in result.output
    assert "cannot reach the NBU exchange-rate service" in result.output
    assert not (tmp_path / "rates.csv").exists()


def test_the_command_writes_the_rates(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fx_update, "_http", _fake([]))
    result = CliRunner().invoke(
        cli, ["fx", "update", str(tmp_path), "--currency", "eur", "--start", "2023-04-20",
              "--end", "2023-04-21"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "rates added: 2" in result.output
    assert (tmp_path / "rates.csv").read_text(encoding="utf-8").count("\n") == 3
