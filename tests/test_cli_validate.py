"""``promis validate`` and ``promis template`` through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner

from promis_analytics.cli import cli
from promis_analytics.registers.schema.report import COLUMNS, headings

GOOD = (
    "city,instrument,status,as_of,source,locator\n"
    "Кременчук,open_city,adopted,2018-12-31,monitoring_card_2018H2,s4\n"
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_folder_of_good_files_passes_and_notes_skipped_files(tmp_path: Path) -> None:
    (tmp_path / "adoptions.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "population_2022.csv").write_text(
        "city_uk,city_en,population_city,as_of\nВінниця,Vinnytsia,369739,2022-01-01\n",
        encoding="utf-8",
    )
    code, out = run("validate", str(tmp_path), "--lang", "en")
    assert code == 0, out
    assert "notes.csv: пропущено" in out and "skipped" in out
    assert "OK  adoptions.csv: 1 rows read, 1 accepted, 0 rejected" in out
    assert "OK  population_2022.csv: 1 rows read, 1 accepted" in out


def test_problems_give_exit_1_table_and_more_line(tmp_path: Path) -> None:
    lines = ["city,instrument,status,as_of,source,locator"]
    lines += [f"Кременчук,instrument_{i},adopted,2018-12-31,mc,s{i}" for i in range(23)]
    (tmp_path / "adoptions.csv").write_text("\n".join(lines), encoding="utf-8")
    code, out = run("validate", str(tmp_path / "adoptions.csv"), "--lang", "uk")
    assert code == 1
    assert "Проблеми" in out and "недопустиме значення" in out
    assert "… ще 3" in out
    assert "ПОМИЛКИ  adoptions.csv: прочитано рядків 23, прийнято 0, відхилено 23" in out


def test_report_file_lists_every_entry(tmp_path: Path) -> None:
    (tmp_path / "adoptions.csv").write_text(
        GOOD + "Гадюкине,open_city,adopted,2018-12-31,m,s\n\nПолтава,=1+1,adopted,2018-12-31,m,s\n",
        encoding="utf-8",
    )
    out_csv, out_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    assert run("validate", str(tmp_path), "--report", str(out_csv))[0] == 1
    assert run("validate", str(tmp_path), "--report", str(out_xlsx), "--lang", "en")[0] == 1
    df = pd.read_csv(out_csv, keep_default_na=False, dtype=str)  # Ukrainian by default
    h = headings("uk")
    assert list(df.columns) == [h[c] for c in COLUMNS]
    assert df[[h["row"], h["column_letter"], h["code"]]].values.tolist() == [
        ["3", "A", "unknown_place"],
        ["4", "", "blank_row"],
        ["5", "B", "not_allowed"],
    ]
    assert df[h["severity"]].tolist() == ["помилка", "примітка", "помилка"]
    assert df.loc[0, h["problem"]].startswith("невідомий населений пункт")
    assert df.loc[2, h["value"]] == "'=1+1"  # neutralised in the written report
    wb = openpyxl.load_workbook(out_xlsx)
    assert wb.sheetnames == ["Problems"]
    ws = wb.active
    assert ws["G1"].value == "problem" and ws["G2"].value.startswith("unknown place")
    out_uk = tmp_path / "r_uk.xlsx"
    run("validate", str(tmp_path), "--report", str(out_uk))
    assert openpyxl.load_workbook(out_uk).sheetnames == ["Проблеми"]


def test_unknown_file_name_needs_kind(tmp_path: Path) -> None:
    p = tmp_path / "мої_дані.csv"
    p.write_text(GOOD, encoding="utf-8")
    code, out = run("validate", str(p))
    assert code == 2 and "--kind" in out
    assert run("validate", str(p), "--kind", "adoptions")[0] == 0


def test_template_command_writes_a_loadable_workbook(tmp_path: Path) -> None:
    out = tmp_path / "events.xlsx"
    code, _ = run("template", "events", "-o", str(out))
    assert code == 0 and out.exists()
    assert openpyxl.load_workbook(out).sheetnames == ["events", "lists", "README"]
    code, _ = run("template", "events", "-o", str(tmp_path / "e.csv"))
    assert code == 2


def test_embedded_dataset_validates_from_the_cli() -> None:
    code, out = run("validate", "--lang", "en")
    assert code == 0, out
    assert "OK  facts.csv" in out and "PROBLEMS" not in out


def test_missing_path_is_a_clear_usage_error(tmp_path: Path) -> None:
    code, out = run("validate", str(tmp_path / "немає"))
    assert code == 2 and "no such file or folder" in out
