"""``promis audit program-report`` on small report files written in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from promis_analytics.cli import cli


def row(*cells: str) -> str:
    """A table row as the reports print it: every cell on a line that starts with a tab."""
    return "".join(f"\t{c}\n" for c in cells)


def write_report(tmp_path: Path, printed_pct: str = "70", total_planned: str = "35,0") -> Path:
    text = (
        "ЗВІТ\nпро результати виконання у 2020 році\nПрограми розвитку туризму\n"
        " на 2019-2021 роки, затвердженої рішенням міської ради\n\n"
        "1. Виконання заходів Програми\n\n"
        + row("№ з/п", "Пріоритетні завдання", "Зміст заходів", "Строк виконання", "Виконавці")
        + row("Річний обсяг фінансування, тис. грн.", "Фактично профінансовано, тис. грн.")
        + row("Відсоток виконання заходу, %", "Інформація про виконання")
        + row("1", "Туристична навігація", "1.1. Вказівники у центрі", "2020 рік", "УКМ")
        + row("20,0\nМіський бюджет", "14,0\nМіський бюджет", printed_pct, "Встановлено 7")
        + row("", "", "1.2. Карта міста", "2020 рік", "УКМ")
        + row("10,0\nМіський бюджет", "10,0\nМіський бюджет", "100", "Видано 500 карт")
        + "\n"
        + row("Всього:", total_planned, "24,0", "80,0", "")
        + "\n\n3. Оцінка ефективності виконання Програми\n\nВисновок.\n"
    )
    path = tmp_path / "zhmerynka_tourism_2020.txt"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["audit", "program-report", *args, "--width", "220"])


def test_clean_report_prints_tables_and_exits_zero(tmp_path: Path) -> None:
    result = run(str(write_report(tmp_path, total_planned="30,0")))
    assert result.exit_code == 0, result.output
    assert "Програма розвитку туризму на 2019-2021 роки" in result.output
    assert "Знахідки / Findings" in result.output
    assert "Перевірка підсумків / Totals check" in result.output
    assert "Помилки / Errors: 0" in result.output
    # 24 / 30 = 80 %: the percent follows; both totals add up
    assert "Totals that add up: 2 з / of 2" in result.output
    assert "percent_" not in result.output


@pytest.mark.parametrize(
    ("printed_pct", "kind", "severity_label"),
    [
        ("75", "percent_mismatch", "помилка / error"),  # 14 / 20 = 70 %
        ("70,5", "percent_mismatch", "помилка / error"),  # 70,0 at one decimal (issue 13)
    ],
)
def test_percent_findings_are_listed(
    tmp_path: Path, printed_pct: str, kind: str, severity_label: str
) -> None:
    result = run(str(write_report(tmp_path, printed_pct=printed_pct, total_planned="30,0")))
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if kind in ln)
    assert severity_label in line
    assert "measure 1.1" in line


def test_total_that_does_not_add_up_is_an_error_row(tmp_path: Path) -> None:
    result = run(str(write_report(tmp_path, total_planned="35,0")))
    assert result.exit_code == 0, result.output
    assert "total_mismatch" in result.output
    assert "ні / no" in result.output  # planned: 35,0 printed vs 30,0 summed
    assert "35,0" in result.output
    assert "Totals that add up: 1 з / of 2" in result.output


@pytest.mark.parametrize(
    ("fail_on", "total_planned", "exit_code"),
    [
        ("never", "35,0", 0),
        ("error", "35,0", 1),
        ("error", "30,0", 0),
        ("note", "30,0", 0),
        ("warning", "35,0", 1),
    ],
)
def test_fail_on(tmp_path: Path, fail_on: str, total_planned: str, exit_code: int) -> None:
    path = write_report(tmp_path, total_planned=total_planned)
    result = run(str(path), "--fail-on", fail_on)
    assert result.exit_code == exit_code, result.output


def test_english_number_format(tmp_path: Path) -> None:
    result = run(str(write_report(tmp_path, total_planned="35,0")), "--lang", "en")
    assert "35.0" in result.output


def test_file_without_tables_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Просто нотатки\n\nбез таблиць\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 2  # a document that is not a program report (issue 13)
    assert "notes.txt" in result.output
    assert "Виконання заходів" in result.output
    assert "Traceback" not in result.output


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "missing.txt" in result.output


def test_seed_report_audit(seeds_dir: Path) -> None:
    result = run(str(seeds_dir / "bakhmut_program_report_2019.txt"))
    assert result.exit_code == 0, result.output
    assert "Помилки / Errors: 5" in result.output  # percents wrong at their printed precision
    assert "Totals that add up: 8 з / of 8" in result.output
    assert result.output.count("percent_without_plan") == 3
