"""What a file looks like: the best-matching register named when a file matches no register
or not the one asked for; a single file takes the [registers] mapping of its folder."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from promis_analytics.cli import cli
from promis_analytics.errors import RegisterError
from promis_analytics.registers import load
from promis_analytics.registers.check.guess import guess_kind
from promis_analytics.registers.io.rows import RawRow

RECOMMENDATIONS = [
    ["Моніторинг рекомендацій, 2019"],
    ["Рекомендація", "Місто", "Сфера", "Рік надання", "Стан виконання"],
    ["Ухвалити стратегію розвитку", "Полтава", "стратегія", 2018, "виконано"],
]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_recommendations_saved_as_events_say_what_they_look_like(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "events.xlsx", RECOMMENDATIONS)
    try:
        load("events", path)
    except RegisterError as exc:
        errors = exc.report.errors
    assert {"header_not_found", "looks_like"} & {e.code for e in errors}
    entry = next(e for e in errors if "looks_uk" in e.params)
    assert "схоже на реєстр «Рекомендації» (recommendations)" in entry.problem("uk")
    assert "looks like a recommendations register" in entry.problem("en")
    assert "«Рекомендація» → " in entry.problem("uk")


def test_guess_scores_every_schema() -> None:
    rows = [
        RawRow(1, ("Індекс", "Місто", "Рік", "Бал", "Місце")),
        RawRow(2, ("Індекс прозорості", "Луцьк", "2019", "55", "10")),
    ]
    guess = guess_kind(rows)
    assert guess is not None and guess.kind == "index_scores"
    assert {"index", "city", "year"} <= set(guess.columns)
    assert guess_kind([RawRow(1, ("Примітки", "Коментар"))]) is None


def test_cli_unknown_name_gives_the_guess(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "Моніторинг 2019.xlsx", RECOMMENDATIONS)
    out = CliRunner().invoke(cli, ["validate", str(path)])
    assert out.exit_code != 0
    assert "схоже на реєстр «Рекомендації»" in out.output
    assert "looks like a recommendations register" in out.output


def test_one_file_uses_its_folders_mapping(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "2018"
    wb.active.append(["Назва заходу"])
    ws = wb.create_sheet("2019")
    for row in (
        ["Назва заходу", "Вид заходу", "Дата", "Місто", "Учасників"],
        ["Форум громад", "конференція", "12.03.2019", "Луцьк", 40],
    ):
        ws.append(row)
    path = tmp_path / "Реєстр_заходів.xlsx"
    wb.save(path)
    (tmp_path / "promis.toml").write_text(
        '[registers.events]\nfile = "Реєстр_заходів.xlsx"\nsheet = "2019"\n', encoding="utf-8"
    )
    out = CliRunner().invoke(cli, ["validate", str(path)])
    assert out.exit_code == 0, out.output
    assert "прийнято 1" in out.output
