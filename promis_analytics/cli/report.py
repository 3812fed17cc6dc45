"""``promis report``: the results report (DOCX and PDF) from the charts a build has drawn."""

from __future__ import annotations

from pathlib import Path

import click

from promis_analytics.cli.build import default_folders
from promis_analytics.cli.options import data_option, langs_option, out_option

__all__ = ["command"]


@click.command(name="report")
@langs_option("the report")
@data_option("Folder of the registers and promis.toml (default: as promis build).")
@out_option("Root of figures/ and reports/ (default: as promis build).")
@click.option("--no-pdf", is_flag=True, help="Write the DOCX only (no LibreOffice needed).")
def command(
    langs: tuple[str, ...], data_dir: Path | None, out_dir: Path | None, no_pdf: bool
) -> None:
    """Звіт про результати / Write reports/results_report.<lang>.docx and .pdf.

    One section per chart drawn by `promis build` (title, figure, caption, source, key numbers
    from its CSV), the charts not drawn, and the data-quality summary of
    reports/indicators.xlsx; styled by [report] template = "….docx" of promis.toml. The PDF is
    made by LibreOffice (headless); without it the DOCX is written and the message says so.
    """
    from promis_analytics.cli.problems import UserProblem
    from promis_analytics.pipeline.report_pdf import to_pdf
    from promis_analytics.pipeline.results_report import (
        ReportError,
        report_path,
        write_results_report,
    )
    from promis_analytics.project import SettingsError, project_settings

    data, out = default_folders(data_dir, out_dir)
    figures, reports = out / "figures", out / "reports"
    if not any(figures.glob("*.png")):
        raise UserProblem(
            f"У {figures} немає графіків: спершу запустіть promis build / "
            f"{figures} holds no chart: run promis build first"
        )
    try:
        settings = project_settings(data)
    except SettingsError as err:
        raise UserProblem(str(err)) from None
    template = settings.report.get("template")
    missing_pdf = False
    for lang in langs:
        docx = report_path(reports, lang)
        try:
            write_results_report(
                figures, reports / "indicators.xlsx", lang, docx, settings=settings,
                folder_name=data.name, template=data / template if template else None,
            )  # fmt: skip
        except ReportError as err:
            raise UserProblem(str(err)) from None
        click.echo(f"written / записано: {docx}")
        if no_pdf:
            continue
        try:
            click.echo(f"written / записано: {to_pdf(docx, report_path(reports, lang, '.pdf'))}")
        except ReportError as err:
            click.echo(str(err), err=True)
            missing_pdf = True
    if missing_pdf:
        raise SystemExit(1)
