"""``promis audit program-report`` shows the text against the tables and the wrong percents."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from promis_analytics.cli import cli

REPORT = Path(__file__).parent / "audit_truth" / "korosten_sport_2020.txt"


def run(*args: str):
    return CliRunner().invoke(cli, ["audit", "program-report", *args, "--width", "250"])


def test_contradictions_and_percents_are_tabled() -> None:
    result = run(str(REPORT))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Текст проти таблиць / The text against the tables" in out
    assert "«Стипендію міського голови щомісяця отримували дванадцять спортсменів.»" in out
    assert "180 + 120 + 90 = 390" in out
    assert "Відсотки, що не сходяться / Percents that do not add up" in out
    assert "від іншої бази / against another base" in out
    assert "8 суперечать" in out and "8 contradict" in out
    assert "Не зіставлені твердження" not in out


def test_unaligned_statements_on_request() -> None:
    out = run(str(REPORT), "--unaligned").output
    assert "Не зіставлені твердження / Unaligned statements" in out
    assert "волонтер" in out


def test_the_audit_as_a_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "audit.xlsx"
    result = run(str(REPORT), "--report", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Суперечності", "Відсотки", "Не зіставлено", "Знахідки"]
    rows = list(wb["Суперечності"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Вид / Kind", "Рядок тексту / Text line", "Текст каже / The text says")
    assert len(rows) == 1 + 8
    assert {r[0] for r in wb["Відсотки"].iter_rows(min_row=2, values_only=True)} == {
        "truncated",
        "other_base",
        "no_plan",
        "wrong",
    }
