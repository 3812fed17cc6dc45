"""``promis.toml`` [project] and [parameters]: the period that dates are checked against."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from promis_analytics.cli import cli
from promis_analytics.project import SettingsError, project_settings
from promis_analytics.registers import load

EVENTS = "Назва,Тип,Дата початку,Місто,Учасників\nФорум,форум,12.03.2023,Луцьк,40\n"


def test_no_settings_no_period(tmp_path: Path) -> None:
    settings = project_settings(tmp_path)
    assert settings.period is None and settings.parameters == {}
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    assert load("events", tmp_path / "events.csv").report.ok  # 2023 is fine without a period


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [("2022-01-01", "2024-12-31", True), ("2015-04-01", "2021-03-31", False)],
)
def test_declared_period_checks_dates(tmp_path: Path, start: str, end: str, ok: bool) -> None:
    (tmp_path / "promis.toml").write_text(
        f"[project]\nstart = {start}\nend = {end}\n\n[parameters]\ncompare_years = [2021, 2023]\n",
        encoding="utf-8",
    )
    settings = project_settings(tmp_path)
    assert settings.period == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert settings.parameter("compare_years") == [2021, 2023]
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    report = load("events", tmp_path / "events.csv", strict=False).report
    assert report.ok is ok
    if not ok:
        assert [e.code for e in report.errors] == ["outside_project"]
        assert report.errors[0].row == 2 and "2015-04-01" in report.errors[0].expected("en")


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nstart = "2023-13-01"\nend = 2024-01-01\n',
        "[project]\nstart = 2024-01-01\nend = 2023-01-01\n",
        "[project]\nstart = 2024-01-01\n",
        "[parameters]\n",
        "[project\n",
    ],
)
def test_bad_settings_are_one_clear_message(tmp_path: Path, text: str) -> None:
    (tmp_path / "promis.toml").write_text(text, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    if text != "[parameters]\n":
        with pytest.raises(SettingsError):
            project_settings(tmp_path)
        for args in (
            ["validate", str(tmp_path)],
            ["build", "--data", str(tmp_path), "--lang", "uk"],
        ):
            result = CliRunner().invoke(cli, args)
            assert result.exit_code in (1, 2), result.output
            assert "promis.toml" in result.output and "Traceback" not in result.output
    else:
        assert project_settings(tmp_path).parameters == {}
