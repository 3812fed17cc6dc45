"""Charts to order, end to end: [charts] settings, one chart rebuilt, the report beside them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from promis_analytics.cli import cli

EVENTS = (
    "Назва заходу,Тип,Дата початку,Місто,Кількість учасників\n"
    "Навчання з бюджету участі,тренінг,2023-03-12,Луцьк,25\n"
    "Форум громад,форум,2023-05-20,м. Чернігів,120\n"
    "Ще один тренінг,тренінг,2024-10-02,у Луцьку,30\n"
)
SETTINGS = """[project]
title_uk = "Заходи громади"

[charts]
size = "slide"
dpi = 150

[charts.titles.participants_per_city]
uk = "Скільки людей прийшло на наші заходи"
"""


def _build(data: Path, *args: str):
    return CliRunner().invoke(cli, ["build", "--data", str(data), "--lang", "uk", *args])


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[16:24]
    return int.from_bytes(head[:4], "big"), int.from_bytes(head[4:], "big")


def _stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


@pytest.mark.slow
def test_slide_size_dpi_title_csv_only_and_report(tmp_path: Path) -> None:
    data = tmp_path / "заходи"
    data.mkdir()
    (data / "events.csv").write_text(EVENTS, encoding="utf-8")
    (data / "promis.toml").write_text(SETTINGS, encoding="utf-8")
    result = _build(data)
    assert result.exit_code == 0, result.output
    figures = data / "figures"
    width, height = _png_size(figures / "participants_per_city.uk.png")
    assert width == 1500 and abs(height - 1500 * 9 / 16) <= 1  # slide 16:9 at 150 dpi
    svg = (figures / "participants_per_city.uk.svg").read_text(encoding="utf-8")
    assert "Скільки людей прийшло на наші заходи" in re.findall(r"<text[^>]*>([^<]*)<", svg)
    meta = json.loads((figures / "participants_per_city.uk.json").read_text(encoding="utf-8"))
    assert meta["title"] == "Скільки людей прийшло на наші заходи"
    table = (figures / meta["data"]).read_text(encoding="utf-8")
    assert "Луцьк,тренінг,55\n" in table and "Чернігів,форум,120\n" in table
    report = data / "reports" / "results_report.uk.docx"
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    assert texts[0] == "Заходи громади"
    assert "Скільки людей прийшло на наші заходи" in texts

    # a title of another chart does not rerun this one; its own title does
    (data / "promis.toml").write_text(
        SETTINGS + '\n[charts.titles.plan_vs_actual]\nuk = "План і факт"\n', encoding="utf-8"
    )
    dry = _build(data, "--dry-run")
    assert "notebook:02_participants.uk" not in dry.output.split("stale, ")[0], dry.output
    (data / "promis.toml").write_text(SETTINGS.replace("наші заходи", "заходи"), encoding="utf-8")
    dry = _build(data, "--dry-run")
    assert "stale  notebook:02_participants.uk" in dry.output, dry.output

    # --only CHART --force rewrites that chart's files and no other chart's
    before = _stamps(figures)
    only = _build(data, "--only", "participants_per_city", "--force")
    assert only.exit_code == 0, only.output
    after = _stamps(figures)
    changed = {n for n in after if after[n] != before.get(n)}
    charts = {n.split(".")[0] for n in changed} - {"index", "MANIFEST"}
    assert charts == {"participants_per_city"}, changed
    assert "notebook:07_program_indicators" not in only.output


def test_only_an_unknown_chart_names_the_closest(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    result = _build(tmp_path, "--only", "participants_per_citi")
    assert result.exit_code == 2
    assert "participants_per_city" in result.output and "Traceback" not in result.output


def test_list_names_every_chart_with_its_notebook_and_registers(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--list", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "participants_per_city" in x)
    assert "02_participants.ipynb" in line and "events" in line
    assert "results_by_place" in result.output and "adoption_progress" in result.output
