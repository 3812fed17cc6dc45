"""``promis audit program-report`` on small report files written in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from promis_analytics.charts.labels import label
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


# --- one verdict in every view: the Bakhmut report ---------------------------------------------

#: Verdict label (uk / en, as the CLI prints it) → verdict.
_VERDICT_LABELS = {
    f"{label(f'value.audit_status.{v}', 'uk')} / {label(f'value.audit_status.{v}', 'en')}": v
    for v in ("ok", "rounded", "truncated", "mismatch", "no_plan", "no_actual")
}


def _cli_verdicts(output: str) -> dict[str, str]:
    """Locator → verdict of every indicator row in the CLI's percent table."""
    out = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 5 and cells[4] in _VERDICT_LABELS and cells[5].startswith("table 2,"):
            out[cells[5]] = _VERDICT_LABELS[cells[4]]
    return out


def _drawn_verdict(fig, i: int) -> str:
    """What the plan-vs-actual chart draws for row ``i``: its flag's kind, "" for none."""
    flags = [a for a in fig.findobj(lambda a: a.get_gid() == f"flag:{i}")]
    text = flags[0].get_text() if flags else ""
    kinds = (("cut from", "truncated"), ("≠", "mismatch"),
             ("no target", "no_plan"), ("no actual", "no_actual"))  # fmt: skip
    return next((kind for words, kind in kinds if words in text), "")


@pytest.mark.seeds
def test_cli_audit_workbook_and_chart_agree_row_by_row(seeds_dir, tmp_path: Path) -> None:
    import openpyxl
    from matplotlib.colors import to_rgba

    from promis_analytics import charts
    from promis_analytics.dataset import load_dataset
    from promis_analytics.indicators import achievement
    from promis_analytics.pipeline.workbook import SHEETS, write_indicator_report

    result = run(str(seeds_dir / "bakhmut_program_report_2019.txt"))
    cli_verdicts = _cli_verdicts(result.output)
    register = load_dataset(kinds=("indicators",))["indicators"]
    table = achievement(register)
    assert list(cli_verdicts) == table["locator"].tolist()  # the same 20 rows, same order
    assert table["audit_status"].tolist() == list(cli_verdicts.values())
    fig = charts.plan_vs_actual(table, lang="en")
    drawn = [_drawn_verdict(fig, i) for i in range(len(table))]
    assert drawn == [v if v not in ("ok", "rounded") else "" for v in cli_verdicts.values()]
    highlight = to_rgba(charts.PALETTE["highlight"])
    for i, verdict in enumerate(cli_verdicts.values()):
        bars = fig.findobj(lambda a, i=i: a.get_gid() == f"bar:{i}")
        if bars:  # a bar is red exactly when the audit flags its printed percent
            red = to_rgba(bars[0].get_facecolor()) == highlight
            assert red == (verdict in ("mismatch", "truncated")), (i, verdict)
    path = write_indicator_report({"achievement": table}, tmp_path / "w.xlsx", sources={})
    sheet = openpyxl.load_workbook(path)[SHEETS["achievement"]]
    keys = [c.value for c in sheet[3]]
    column = keys.index("audit_status") + 1
    printed = [sheet.cell(r, column).value for r in range(4, 4 + len(table))]
    assert [_VERDICT_LABELS[p] for p in printed] == list(cli_verdicts.values())
    # 838,5 of 865 printed «97,0»: the audit's error in every view, not «matches: yes»
    cost = table.loc[table["locator"] == "table 2, cost indicator 1 (line 350)"].iloc[0]
    assert (cost["audit_status"], bool(cost["reported_matches"])) == ("mismatch", False)
    # each truncated percent its own item; none correctly rounded is flagged
    assert [k for k, v in cli_verdicts.items() if v == "truncated"] == [
        "table 2, product indicator 12 (line 438)",
        "table 2, quality indicator 3 (line 495)",
    ]
