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


def test_every_contradiction_with_both_quotes_and_lines_in_workbook_and_cli(tmp_path) -> None:
    from openpyxl import load_workbook

    from promis_analytics.extract.program_report import program_report
    from promis_analytics.extract.program_report.contradictions import text_audit

    report = Path(__file__).parent / "audit_truth" / "drohobych_road_safety_2020.txt"
    found = text_audit(program_report(report)).contradictions
    assert len(found) >= 10
    out = tmp_path / "audit.xlsx"
    result = run(str(report), "--report", str(out))
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out)["Суперечності"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    at = {name.split(" / ")[1]: k for k, name in enumerate(header)}
    assert len(body) == len(found)
    for r in body:  # both lines and both quotes on every row
        assert r[at["Text line"]] and r[at["Other line"]]
        assert r[at["Sentence"]] and r[at["Row or sentence"]]
    cli = " ".join(result.output.replace("│", " ").split())
    for c in found:
        first_words = " ".join(c.text_quote.split()[:3])
        assert first_words in cli and f" {c.text_line} " in cli and f" {c.other_line} " in cli
