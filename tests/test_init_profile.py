"""``promis init`` writes the project's profile; the templates' drop-downs come from it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from promis_analytics.cli import cli
from promis_analytics.project import project_settings

OPTIONS = [
    "--title", "Якісні муніципальні послуги", "--title-en", "Quality Municipal Services",
    "--period", "2022-2024", "--currency", "eur", "--oblasts", "Харківська, Чернігівська",
    "--oblasts", "Сумська",
]  # fmt: skip


def test_init_writes_the_profile_and_its_dropdowns(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    result = CliRunner().invoke(cli, ["init", str(folder), *OPTIONS])
    assert result.exit_code == 0, result.output
    project = tomllib.loads((folder / "promis.toml").read_text(encoding="utf-8"))["project"]
    assert project["currency"] == "EUR" and project["oblasts"][2] == "Сумська"
    settings = project_settings(folder)
    assert str(settings.period) == "(datetime.date(2022, 1, 1), datetime.date(2024, 12, 31))"
    assert settings.title_en == "Quality Municipal Services" and settings.currency == "EUR"
    wb = openpyxl.load_workbook(folder / "events.xlsx")
    col = next(c.column for c in wb["lists"][1] if c.value == "city")
    places = set(next(wb["lists"].iter_cols(min_col=col, max_col=col, values_only=True)))
    assert {"Харків", "Чернігів", "Суми", "Ніжин"} <= places
    assert not {"Вінниця", "Мелітополь"} & places  # no PROMIS city in the user's templates


def test_bad_options_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    args = ["init", str(folder), "--period", "2024-2022", "--currency", "ЄВРО",
            "--oblasts", "Харьковская"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0
    for text in ("--period '2024-2022'", "--currency 'ЄВРО'", "невідома область «Харьковская»",
                 "unknown oblast"):  # fmt: skip
        assert text in result.output
    assert not folder.exists()


PERIODS = [("2022-2024", "2022-01-01"), ("2022-03-01..2024-06-30", "2022-03-01")]


@pytest.mark.parametrize(("period", "start"), PERIODS)
def test_period_forms(period: str, start: str) -> None:
    from promis_analytics.cli.init import profile_block

    block = profile_block(period=period)
    assert f"start = {start}" in block
