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
