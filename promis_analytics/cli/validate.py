"""``promis validate``: check register files and print every problem with its row and column."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from promis_analytics import export, paths
from promis_analytics.cli.problems import UserProblem
from promis_analytics.registers import SCHEMAS
from promis_analytics.registers.check.guess import guess_kind, looks_like
from promis_analytics.registers.io.folder import (
    ALLOW_OUTSIDE_ENV,
    MAPPING_FILE,
    mapped_source,
    not_regular,
    scan_folder,
)
from promis_analytics.registers.io.formats import read_table
from promis_analytics.registers.io.limits import Limits
from promis_analytics.registers.io.reader import FileProblem, column_letter
from promis_analytics.registers.out.stream import validate_file
from promis_analytics.registers.schema.report import (
    ERROR,
    NOTE,
    REPORT_SHEET,
    WARNING,
    Entry,
    ValidationReport,
    headings,
    report_frame,
)

# Reference inputs in data/raw: only their shape is checked (columns present, row lengths).
REFERENCE_INPUTS: dict[str, tuple[str, ...]] = {
    "nbu_official_rates_2014_2022": ("date", "currency", "uah_per_unit"),
    "population_2022": ("city_en", "population_city", "as_of"),
    "rates": ("date", "currency", "uah_per_unit", "source"),  # a folder's own (fx_files)
    # a folder's own codes and words (project_codes; read, and checked whole, with the registers)
    "components": ("code", "title_uk", "title_en"),
    "funds": ("code", "title_uk", "title_en"),
    "vocabularies": ("vocabulary", "code", "synonym", "lang"),
}
LIMIT = 20


def check_reference_input(path: Path, columns: tuple[str, ...]) -> ValidationReport:
    """Shape check of a reference CSV: the header has ``columns``; every row has its width."""
    report = ValidationReport(path.name, None, path.stem)
    try:
        table = read_table(path)
    except FileProblem as fp:
        report.add(
            fp.code,
            detail=fp.detail,
            detail_uk=fp.detail_uk,
            expected_en=fp.expected_en,
            expected_uk=fp.expected_uk,
        )
        return report
    if not table.rows:
        report.add("empty_file")
        return report
    header = [str(c).strip() for c in table.rows[0].cells]
    for col in columns:
        if col not in header:
            report.add("missing_column", row=1, column=col, name=col, label_uk=col, label_en=col)
    for r in table.rows[1:]:
        report.rows_read += 1
        if all(not str(c).strip() for c in r.cells):
            report.blank += 1
            report.add("blank_row", row=r.number, severity=NOTE)
        elif len(r.cells) != len(header):
            report.rejected += 1
            report.add(
                "row_length",
                row=r.number,
                found=len(r.cells),
                width=len(header),
                column_letter=column_letter(min(len(r.cells), len(header))),
            )
        else:
            report.accepted += 1
    return report


def check_rates(path: Path) -> ValidationReport:
    """A folder's ``rates.csv`` checked like a register (``fx_files.rates_problems``): every
    bad cell with its row, column and value; a bad header or row width as a file problem."""
    from promis_analytics.fx_files import FOLDER_HEADER, rates_problems

    report = ValidationReport(path.name, None, "rates")
    cells, texts, rows = rates_problems(path)
    for text in texts:
        uk, _, en = text.partition(" / ")
        report.add("rate_file", detail=en, detail_uk=uk)
    for row, column, value, code, params in cells:
        report.add(
            code, row=row, column=column, value=value,
            column_letter=column_letter(FOLDER_HEADER.index(column)), **params,
        )  # fmt: skip
    report.rows_read = rows
    report.rejected = len({c[0] for c in cells})
    report.accepted = rows - report.rejected
    return report


def _folder_targets(folder: Path) -> tuple[list[tuple[str, Path, str | None]], list[str]]:
    """Registers of a folder (by name or ``promis.toml``), reference inputs, and notes on the
    files skipped. A folder that cannot be read as it is stops with the reason."""
    scan = scan_folder(folder)
    problems = scan.problems("uk")
    if problems:
        en = scan.problems("en")
        both = (a if a == b else f"{a}\n{b}" for a, b in zip(problems, en, strict=True))
        raise UserProblem("\n".join(both))
    out = [(k, s.path, s.sheet) for k, s in scan.sources.items()]
    notes: list[str] = []
    for p in scan.unrecognised:
        if p.stem in REFERENCE_INPUTS:
            out.append((f"reference:{p.stem}", p, None))
        else:
            notes.append(
                f"{p}: пропущено — назва не є видом реєстру / skipped — the name is not a "
                f"register kind (додайте до {MAPPING_FILE} / map it in {MAPPING_FILE})"
            )
    if not any(not k.startswith("reference:") for k, _, _ in out):
        raise UserProblem(_nothing_recognised(folder))
    return out, notes


def _nothing_recognised(folder: Path) -> str:
    expected = ", ".join(f"{k}.xlsx" for k in SCHEMAS)
    example = '[registers]\nevents = "Реєстр_заходів_2019.xlsx"'
    return (
        f"{folder}: жодного файлу не розпізнано як реєстр. Очікувані назви: {expected} "
        f"(або .csv). Інші назви вкажіть у файлі {MAPPING_FILE} у цій теці, наприклад:\n"
        f"{example}\n"
        f"{folder}: no file is recognised as a register. Expected names: {expected} (or .csv). "
        f"Map other names in {MAPPING_FILE} in this folder, as above (docs/registers.md)."
    )


def _targets(
    items: tuple[Path, ...], kind: str | None
) -> tuple[list[tuple[str, Path, str | None]], list[str]]:
    """(kind or "reference:<stem>", path, sheet) triples to check, and notes on skipped files."""
    out: list[tuple[str, Path, str | None]] = []
    notes: list[str] = []
    for item in items or (paths.raw_dir(),):
        if not item.exists():
            raise click.UsageError(f"{item}: немає такого файлу чи теки / no such file or folder")
        if item.is_dir():
            found, skipped = _folder_targets(item)
            out += found
            notes += skipped
            continue
        odd = not_regular(item)
        if odd:
            raise UserProblem(f"{item}: {odd}")
        source = None if kind else mapped_source(item)  # the folder's promis.toml, the name
        k = kind or (source.kind if source else None)
        if k is None and item.stem in REFERENCE_INPUTS:
            out.append((f"reference:{item.stem}", item, None))
        elif k is None:
            raise click.UsageError(
                f"{item}: не вдається визначити вид реєстру з назви файлу; назвіть файл за видом "
                f"({', '.join(SCHEMAS)}), вкажіть його у {MAPPING_FILE} цієї теки або --kind / "
                f"cannot tell the register kind from the file name; name it after the kind, "
                f"map it in {MAPPING_FILE} of its folder or pass --kind{_guess_line(item)}"
            )
        else:
            out.append((k, item, source.sheet if source else None))
    return out, notes


def _guess_line(path: Path) -> str:
    """«\nсхоже на реєстр … / looks like …» for a file of unknown kind ('' if no guess)."""
    try:
        table = read_table(path)
    except FileProblem:
        return ""
    words = looks_like(guess_kind(table.rows, table.merged))
    if not words:
        return ""
    return f"\n{path.name}{words['looks_uk']}\n{path.name}{words['looks_en']}"


@click.command(name="validate")
@click.argument("items", nargs=-1, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(list(SCHEMAS)), help="Register kind of the files.")
@click.option("--sheet", default=None, help="Worksheet to read in .xlsx files.")
@click.option("--lang", type=click.Choice(["uk", "en"]), default="uk", show_default=True)
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Write every problem and note to this .csv or .xlsx file.",
)
@click.option(
    "--max-cells",
    type=click.IntRange(min=1),
    default=None,
    help="Raise the cell limit of one sheet or file (default 20 000 000; env PROMIS_MAX_CELLS).",
)
@click.option(
    "--max-file-mb",
    type=click.FloatRange(min=0.001),
    default=None,
    help="Raise the file-size limit in MiB for CSV files and workbooks (defaults 256 and 100; "
    "env PROMIS_MAX_CSV_MB, PROMIS_MAX_WORKBOOK_MB).",
)
@click.option(
    "--allow-outside",
    is_flag=True,
    help="Let promis.toml [registers] name files outside the folder (refused otherwise).",
)
def command(
    items: tuple[Path, ...],
    kind: str | None,
    sheet: str | None,
    lang: str,
    report_path: Path | None,
    max_cells: int | None,
    max_file_mb: float | None,
    allow_outside: bool,
) -> None:
    """Перевірити реєстри / Validate register files or folders (default: data/raw).

    Exit code 1 on any problem.
    """
    if report_path is not None:  # a bad report path is said before any file is read
        from promis_analytics.cli.boundary import check_output

        check_output(report_path, (".csv", ".xlsx"), "--report")
    if allow_outside:  # for this command only
        from promis_analytics.cli.boundary import environ

        click.get_current_context().with_resource(environ(ALLOW_OUTSIDE_ENV, "1"))
    size = None if max_file_mb is None else int(max_file_mb * 1024 * 1024)
    limits = Limits(max_cells=max_cells, max_csv_bytes=size, max_workbook_bytes=size)
    targets, notes = _targets(items, kind)
    reports = _validate_targets(targets, sheet, limits)
    in_folders = {
        p for item in items or (paths.raw_dir(),) if item.is_dir() for p in item.iterdir()
    }
    console = Console() if sys.stdout.isatty() else Console(width=160)
    for n in notes:
        console.print(n, markup=False, highlight=False)
    # A folder's unfilled template (header, no rows) is an absent register, not a problem.
    unfilled = {
        id(r)
        for r, (_, p, _) in zip(reports, targets, strict=True)
        if r.unfilled and p in in_folders
    }
    # errors first, then warnings (kept rows the user should look at)
    errors = [e for r in reports if id(r) not in unfilled for e in r.errors + r.warnings]
    if errors:
        _print_problems(console, errors, lang)
    _print_counts(console, reports, unfilled, lang)
    if report_path is not None:
        _write_report(reports, report_path, lang)
    if any(e.severity == ERROR for e in errors):
        raise SystemExit(1)


def _validate_targets(
    targets: list[tuple[str, Path, str | None]], sheet: str | None, limits: Limits
) -> list[ValidationReport]:
    """One report per target: a register file, the exchange rates or a reference input."""
    reports: list[ValidationReport] = []
    for k, p, mapped_sheet in targets:
        if k == "reference:rates":
            reports.append(check_rates(p))
        elif k.startswith("reference:"):
            reports.append(check_reference_input(p, REFERENCE_INPUTS[k.split(":", 1)[1]]))
        else:
            reports.append(validate_file(k, p, sheet=sheet or mapped_sheet, limits=limits))
    return reports


def _print_problems(console: Console, errors: list[Entry], lang: str) -> None:
    """The first ``LIMIT`` problems as a table (file, row, column, value, problem, expected)."""
    h = headings(lang)
    table = Table(title="Проблеми" if lang == "uk" else "Problems", show_lines=False)
    for col in ("file", "row", "column", "value", "problem", "expected"):
        table.add_column(h[col], overflow="fold")
    warn = "попередження: " if lang == "uk" else "warning: "
    for e in errors[:LIMIT]:
        column = " ".join(x for x in (e.column_letter, e.column) if x)
        table.add_row(
            e.file + (f" [{e.sheet}]" if e.sheet else ""),
            "" if e.row is None else str(e.row),
            column,
            "" if e.value is None else repr(e.value) if not isinstance(e.value, str) else e.value,
            (warn if e.severity == WARNING else "") + e.problem(lang),
            e.expected(lang),
        )
    console.print(table)
    if len(errors) > LIMIT:
        more = len(errors) - LIMIT
        console.print(f"… ще {more}" if lang == "uk" else f"… {more} more", markup=False)


def _print_counts(
    console: Console, reports: list[ValidationReport], unfilled: set[int], lang: str
) -> None:
    """One line per report: OK, PROBLEMS or EMPTY (an unfilled template) and its counts."""
    for r in reports:
        mark = "OK" if r.ok else ("ПОМИЛКИ" if lang == "uk" else "PROBLEMS")
        if id(r) in unfilled:
            mark = (
                "ПОРОЖНІЙ (ще не заповнено: вважається відсутнім)"
                if lang == "uk"
                else "EMPTY (not filled yet: counts as absent)"
            )
        console.print(f"{mark}  {r.counts_line(lang)}", markup=False, highlight=False)


def _write_report(reports: list[ValidationReport], report_path: Path, lang: str) -> None:
    """Every entry of every report to ``report_path`` (.csv, or .xlsx with one sheet)."""
    frame = report_frame([e for r in reports for e in r.entries], lang=lang)
    if frame.empty:
        frame = pd.DataFrame(columns=frame.columns)
    sheets = {REPORT_SHEET[lang]: frame}
    export.write(frame if report_path.suffix.lower() == ".csv" else sheets, report_path)
