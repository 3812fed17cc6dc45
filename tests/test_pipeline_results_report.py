"""The results report: a DOCX (and PDF) of the built charts, their data and the checks."""

from __future__ import annotations

import os
import shutil

import docx
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from promis_analytics import charts
from promis_analytics.charts.figure_data import attach_data, drawn_table
from promis_analytics.charts.settings import ChartSettings
from promis_analytics.charts.skip import SkippedChart
from promis_analytics.cli import cli
from promis_analytics.pipeline.report_pdf import stable_pdf, to_pdf
from promis_analytics.pipeline.results_report import (
    KEY_ROWS,
    ReportError,
    shown,
    write_results_report,
)
from promis_analytics.pipeline.workbook import SHEETS
from promis_analytics.project import project_settings

CITIES = [("Луцьк", 55), ("Чернігів", 120), ("Біла Церква", 18)]
TITLES = {"uk": "Учасники заходів за містами", "en": "Event participants per city"}


def _chart(lang: str, rows: list[tuple[str, int]]) -> Figure:
    with charts.brochure_theme():
        fig = Figure(figsize=(3, 2), layout="constrained")
        ax = fig.add_subplot()
        ax.barh([r[0] for r in rows], [r[1] for r in rows])
    return attach_data(fig, drawn_table(rows, ["axis.city", "axis.participants"], lang))


@pytest.fixture
def built(tmp_path):
    """A folder as a build leaves it: two charts per language, one skipped, a workbook."""
    figures = tmp_path / "figures"
    for lang in ("uk", "en"):
        meta = {
            "title": TITLES[lang],
            "caption": "Сума учасників." if lang == "uk" else "Sum of participants.",
            "source": "Заходи.xlsx, аркуш «Реєстр», рядки 3–7",
            "notebook": "02_participants.ipynb",
        }
        stem = f"participants_per_city.{lang}"
        fig = _chart(lang, CITIES)
        charts.save_figure(fig, stem, out_dir=figures, dpi=40, meta=meta, settings=ChartSettings())
        many = [(f"місто {i}", i) for i in range(KEY_ROWS + 3)]
        charts.save_figure(_chart(lang, many), f"long.{lang}", out_dir=figures, dpi=40,
                           meta={**meta, "title": f"Long {lang}", "notebook": "03_x.ipynb"},
                           settings=ChartSettings())  # fmt: skip
        skip = SkippedChart("cofinancing", "немає реєстру", "no register")
        skip_meta = {"title": f"Cofinancing {lang}", "notebook": "04_y.ipynb"}
        charts.save_figure(skip, f"cofinancing.{lang}", out_dir=figures, meta=skip_meta)
    (tmp_path / "promis.toml").write_text(
        '[project]\ntitle_uk = "Громадський бюджет Луцька"\ntitle_en = "Lutsk participatory '
        'budget"\nstart = 2023-01-01\nend = 2024-12-31\n',
        encoding="utf-8",
    )
    reports = tmp_path / "reports"
    reports.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEETS["brochure_check_summary"]
    for row in (["Вид перевірки", "Статус", "Перевірок"], ["Kind of check", "Status", "Checks"],
                ["kind", "status", "checks"],
                ["незалежна / independent", "розходиться / differs", 1]):  # fmt: skip
        ws.append(row)
    checks = wb.create_sheet(SHEETS["brochure_checks"])
    for row in (["Код факту", "Метрика", "Як надруковано", "Перераховано", "Різниця"],
                ["Fact ID", "Metric", "As printed", "Recomputed", "Difference"],
                ["fact_id", "metric", "as_printed", "recomputed_value", "difference"],
                ["pb_total", "pb_fund", "229,8", 229.9, 0.1],
                ["cities", "partner_cities", "16", 16, 0]):  # fmt: skip
        checks.append(row)
    wb.save(reports / "indicators.xlsx")
    return tmp_path


def _texts(path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [c.text for row in table.rows for c in row.cells]
    return texts


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["uk", "en"])
def test_report_has_every_chart_title_picture_source_and_numbers(built, lang):
    out = built / "reports" / f"results_report.{lang}.docx"
    write_results_report(built / "figures", built / "reports" / "indicators.xlsx", lang, out,
                         settings=project_settings(built), folder_name="дані")  # fmt: skip
    document = docx.Document(str(out))
    texts = _texts(out)
    title = "Громадський бюджет Луцька" if lang == "uk" else "Lutsk participatory budget"
    assert document.paragraphs[0].text == title
    assert any("2023-01-01…2024-12-31" in t for t in texts)
    assert TITLES[lang] in texts and f"Long {lang}" in texts
    assert len(document.inline_shapes) == 2  # one picture per chart drawn, none for the skip
    prefix = "Джерело" if lang == "uk" else "Source"
    assert f"{prefix}: Заходи.xlsx, аркуш «Реєстр», рядки 3–7" in texts
    # the key numbers: the CSV's header and values; a long table is cut with a pointer
    header = ("Місто", "Учасники, осіб") if lang == "uk" else ("City", "Participants, persons")
    assert set(header) <= set(texts) and {"Луцьк", "55", "120"} <= set(texts)
    assert any(f"long.{lang}.csv" in t and "3" in t for t in texts)
    assert "місто 14" not in texts and "місто 11" in texts
    # the chart not drawn, with its reason; the checks from the workbook
    assert any(t.startswith(f"Cofinancing {lang}: ") for t in texts)
    assert "pb_total" in texts and "cities" not in texts  # only differences are listed
    assert ("розходиться" if lang == "uk" else "differs") in texts


@pytest.mark.slow
def test_report_is_byte_stable(built, tmp_path):
    args = (built / "figures", built / "reports" / "indicators.xlsx", "uk")
    a = write_results_report(*args, tmp_path / "a.docx", settings=project_settings(built))
    b = write_results_report(*args, tmp_path / "b.docx", settings=project_settings(built))
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.slow
def test_template_styles_are_used_and_a_bad_template_is_named(built, tmp_path):
    template = docx.Document()
    template.styles["Title"].font.name = "Liberation Serif"
    template.add_paragraph("текст шаблону, який звіт замінює")
    template.save(tmp_path / "бланк.docx")
    out = write_results_report(built / "figures", built / "missing.xlsx", "uk", tmp_path / "r.docx",
                               template=tmp_path / "бланк.docx")  # fmt: skip
    document = docx.Document(str(out))
    assert document.styles["Title"].font.name == "Liberation Serif"
    texts = _texts(out)
    assert "текст шаблону, який звіт замінює" not in texts
    assert any("missing.xlsx" in t for t in texts)  # no workbook: said, not hidden
    (tmp_path / "bad.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(ReportError, match=r"bad\.docx"):
        write_results_report(built / "figures", built / "x.xlsx", "uk", tmp_path / "r2.docx",
                             template=tmp_path / "bad.docx")  # fmt: skip


@pytest.mark.slow
def test_stable_pdf_keeps_lengths_and_drops_run_data():
    pdf = (b"/CreationDate(D:20261207203112+00'00')/ID [ <0A1B> <FFEE> ]"
           b"/DocChecksum /977E21")  # fmt: skip
    fixed = stable_pdf(pdf)
    assert len(fixed) == len(pdf)
    assert b"2026" not in fixed and b"0A1B" not in fixed and b"977E21" not in fixed


def _soffice() -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required in CI (tools/system-deps.sh)")
        pytest.skip("LibreOffice is not installed")


@pytest.mark.slow
def test_pdf_by_libreoffice_has_every_chart_and_no_run_data(built, tmp_path):
    """The PDF shows each chart's title and source; two conversions give the same text and
    pages (their bytes may differ: LibreOffice orders the embedded fonts as its threads finish)."""
    import pdfplumber

    _soffice()
    out = write_results_report(built / "figures", built / "reports" / "indicators.xlsx", "uk",
                               tmp_path / "r.docx", settings=project_settings(built))  # fmt: skip
    texts = []
    for name in ("a.pdf", "b.pdf"):
        pdf = to_pdf(out, tmp_path / name)
        assert pdf.read_bytes().startswith(b"%PDF") and b"/CreationDate(D:2021123100" in (
            pdf.read_bytes()
        )
        with pdfplumber.open(pdf) as doc:
            texts.append([page.extract_text() for page in doc.pages])
    assert texts[0] == texts[1]
    text = " ".join(texts[0])
    assert TITLES["uk"] in text and "Long uk" in text and "рядки 3–7" in text


@pytest.mark.slow
def test_missing_libreoffice_is_said_with_what_to_install(built, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ReportError, match="libreoffice-writer-nogui"):
        to_pdf(tmp_path / "r.docx", tmp_path / "r.pdf")


def test_cli_report_writes_both_languages(built):
    result = CliRunner().invoke(cli, ["report", "--data", str(built), "--no-pdf"])
    assert result.exit_code == 0, result.output
    for lang in ("uk", "en"):
        assert (built / "reports" / f"results_report.{lang}.docx").is_file()


def test_cli_report_before_a_build_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["report", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "promis build" in result.output and "Traceback" not in result.output


def test_report_reads_the_data_table(built):
    data = pd.read_csv(built / "figures" / "participants_per_city.uk.csv")
    assert data.columns.tolist() == ["Місто", "Учасники, осіб"]


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (43.86422976, "uk", "43,86"),
        ("43.864229", "en", "43.86"),
        ("6.2", "uk", "6,2"),
        (-0.0357, "uk", "−0,04"),
        ("2016", "uk", "2016"),  # a year, a count: as written
        (16, "en", "16"),
        (None, "uk", ""),
        ("Луцьк", "uk", "Луцьк"),
    ],
)
def test_report_cells_round_decimals_in_the_language_and_keep_whole_numbers(value, lang, text):
    assert shown(value, lang) == text


def test_cli_report_uses_the_template_named_in_promis_toml(built):
    template = docx.Document()
    template.styles["Heading 2"].font.name = "Liberation Serif"
    template.save(built / "бланк.docx")
    toml = built / "promis.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[report]\ntemplate = "бланк.docx"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["report", "--data", str(built), "--lang", "en", "--no-pdf"])
    assert result.exit_code == 0, result.output
    report = docx.Document(str(built / "reports" / "results_report.en.docx"))
    assert report.styles["Heading 2"].font.name == "Liberation Serif"
    toml.write_text(toml.read_text(encoding="utf-8").replace("бланк", "нема"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--data", str(built), "--no-pdf"])
    assert result.exit_code == 2 and "нема.docx" in result.output
    assert "Traceback" not in result.output
