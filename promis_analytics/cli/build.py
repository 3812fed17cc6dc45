"""``promis build``: validate, write processed tables, run notebooks, gallery and workbook."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from promis_analytics import paths
from promis_analytics.cli.options import data_option, langs_option, out_option
from promis_analytics.errors import RegisterError
from promis_analytics.pipeline.lock import BuildBusy, build_lock

if TYPE_CHECKING:  # the pipeline is imported when a build runs (``promis --help`` stays fast)
    from promis_analytics.pipeline import BuildConfig, BuildResult

LIMIT = 20


_BUILD_STOPPED = (
    "Збірку зупинено: виправте дані й запустіть знову / "
    "Build stopped: fix the data and run again (promis validate shows every problem)."
)


def print_validation_failure(
    console: Console, err: RegisterError, lang: str = "uk", closing: str = _BUILD_STOPPED
) -> None:
    """The validation report of a failed run: the first 20 problems, then "N more", then
    ``closing`` (what stopped and what to do)."""
    from promis_analytics.registers.schema.report import headings

    reports = list(getattr(err, "reports", {}).values()) or ([err.report] if err.report else [])
    errors = [e for r in reports for e in r.errors]
    if not errors:
        console.print(str(err), markup=False, highlight=False)
        return
    h = headings(lang)
    table = Table(
        title="Реєстри не пройшли перевірку / Registers failed validation", show_lines=False
    )
    for col in ("file", "row", "column", "value", "problem", "expected"):
        table.add_column(h[col], overflow="fold")
    for e in errors[:LIMIT]:
        table.add_row(
            e.file + (f" [{e.sheet}]" if e.sheet else ""),
            "" if e.row is None else str(e.row),
            " ".join(x for x in (e.column_letter, e.column) if x),
            "" if e.value is None else e.value if isinstance(e.value, str) else repr(e.value),
            e.problem(lang),
            e.expected(lang),
        )
    console.print(table)
    if len(errors) > LIMIT:
        console.print(f"… ще {len(errors) - LIMIT} / {len(errors) - LIMIT} more", markup=False)
    for r in reports:
        console.print(r.counts_line(lang), markup=False, highlight=False)
    console.print(closing, markup=False)


@contextlib.contextmanager
def _stderr_to(log: Path) -> Iterator[None]:
    """Send file descriptor 2 (kernel start-up chatter of the notebook runs) to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with log.open("wb") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


class _Progress:
    """Rich progress bar: steps done of all, the notebooks running now and how many are left."""

    def __init__(self, console: Console, steps: list[Any]) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.running: list[str] = []
        self.notebooks_left = sum(1 for s in steps if s.parallel)
        self.progress = Progress(
            TextColumn("[bold]promis build"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}", markup=False),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("", total=len(steps))

    def __call__(self, event: str, step: Any, outcome: Any) -> None:
        label = step.label or step.name
        if event == "start":
            self.running.append(label)
        else:
            if label in self.running:
                self.running.remove(label)
            if step.parallel:
                self.notebooks_left -= 1
            self.progress.advance(self.task)
        left = f" · notebooks left / залишилось: {self.notebooks_left}"
        self.progress.update(self.task, description=", ".join(self.running) + left)


def print_summary(console: Console, result: Any, root: Path, *, verbose: bool = False) -> None:
    """Rebuilt, omitted, failed steps; the outputs that exist; warnings."""
    say = functools.partial(console.print, markup=False, highlight=False)
    rebuilt = result.by_status("stale" if result.dry_run else "rebuilt")
    skipped = result.by_status("skipped")
    failed = result.by_status("failed") + result.by_status("blocked")
    if result.dry_run:
        if not rebuilt:
            say("Нічого робити / nothing to do: all up to date")
        for o in rebuilt:
            say(f"stale  {o.name}: {'; '.join(o.reasons)}")
        say(f"{len(rebuilt)} stale, {len(skipped)} up to date (dry run)")
        return
    for o in rebuilt:
        why = "; ".join(o.reasons[:3]) + (" …" if len(o.reasons) > 3 else "")
        say(f"rebuilt  {o.name} ({o.seconds:.1f} s): {why}")
    omitted = [o for o in result.outcomes if o.note]
    for note, names in _group(omitted).items():
        say(f"пропущено / omitted  {', '.join(names)}: {note}")
    for o in failed:
        say(f"{o.status.upper()}  {o.name}: {o.error or '; '.join(o.reasons)}")
        if o.log is not None:
            say(f"    traceback: {o.log}")
            if verbose:
                say(o.log.read_text(encoding="utf-8"))
    for w in result.warnings:
        say(f"warning: {w}")
    if result.nothing_to_do:
        head = "Нічого робити / nothing to do"
    elif result.changed_inputs:
        head = (
            "Зібрано не до кінця: вхідні файли змінилися під час збірки, запустіть її знову / "
            "build INCOMPLETE: input files changed while it ran, run promis build again"
        )
    else:
        head = "Зібрано / built" if result.ok else "Збірка з помилками / build FAILED"
    say(
        f"{head}: {len(rebuilt)} rebuilt, {len(skipped)} up to date, {len(omitted)} omitted, "
        f"{len(failed)} failed in {result.seconds:.1f} s"
    )
    outputs = [
        root / "data" / "processed",
        root / "figures" / "index.html",
        root / "reports" / "indicators.xlsx",
        *sorted((root / "reports").glob("results_report.*")),
    ]
    existing = [str(p) for p in outputs if p.exists()]
    if existing:
        say("outputs / результати: " + ", ".join(existing))


def chart_index(config: Any) -> dict[Path, tuple[str, ...]]:
    """Notebook → the charts it draws, for the notebooks of ``config``."""
    from promis_analytics.pipeline.charts_index import notebook_charts

    notebooks = sorted(config.notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    return {nb: notebook_charts(nb) for nb in notebooks}


def print_chart_list(console: Console, config: Any) -> None:
    """``promis build --list``: every chart with its notebook and the registers it reads."""
    from promis_analytics.pipeline.notebooks import notebook_dependencies

    table = Table(title="Графіки / Charts (promis build --only CHART)")
    for col in ("графік / chart", "зошит / notebook", "реєстри / registers"):
        table.add_column(col, overflow="fold")
    for nb, charts in chart_index(config).items():
        registers = ", ".join(notebook_dependencies(nb).registers)
        for chart in charts:
            table.add_row(chart, nb.name, registers)
    console.print(table)


def _group(outcomes: list[Any]) -> dict[str, list[str]]:
    """Omitted steps by reason: ``{reason: [step names]}`` (one line per notebook)."""
    out: dict[str, list[str]] = {}
    for o in outcomes:
        out.setdefault(o.note, []).append(o.name)
    return out


def _is_dataset(folder: Path) -> bool:
    """A folder of registers outside the repository: made by ``promis init`` (it holds
    ``promis.toml``) or holding a file recognised as a register."""
    if folder == paths.repo_root().resolve():
        return False
    if (folder / "promis.toml").is_file():
        return True
    from promis_analytics.registers.io.folder import scan_folder

    return bool(scan_folder(folder).sources)


def default_folders(data_dir: Path | None, out_dir: Path | None) -> tuple[Path, Path]:
    """The data folder and the output root of a build.

    ``--data`` given: outputs go into that folder unless ``--out`` says otherwise (the
    embedded ``data/raw`` builds into the repository). No ``--data``: the current folder is
    both when it is a dataset (``_is_dataset``); else ``data/raw``.
    """
    cwd = Path.cwd().resolve()
    if data_dir is None:
        data_dir = cwd if _is_dataset(cwd) else paths.raw_dir()
    data = data_dir.resolve()
    if out_dir is None:
        out_dir = paths.repo_root() if data == paths.raw_dir().resolve() else data
    return data, out_dir.resolve()


@click.command(name="build")
@langs_option("the figures")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Notebooks run at once (default: CPU count).",
)
@click.option("--force", is_flag=True, help="Redo every step even when nothing changed.")
@click.option("--dry-run", is_flag=True, help="List the stale steps and why; run nothing.")
@data_option("Folder of the registers (default: data/raw).")
@out_option(
    "Root of data/processed, figures/ and reports/ (default: the data folder; for "
    "data/raw the repository)."
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="CHART",
    help="Rebuild only this chart (file name without the language, e.g. participants_per_city, "
    "or a notebook) and what depends on it; repeat for more. With --force only its files.",
)
@click.option(
    "--list", "list_charts", is_flag=True, help="List every chart, its notebook and registers."
)
@click.option("--verbose", "-v", is_flag=True, help="Print the traceback of a failed step.")
@click.option(
    "--fresh-kernels",
    is_flag=True,
    help="Start a new kernel for every notebook (slower; default: reuse warm kernels).",
)
@click.option(
    "--no-wait",
    is_flag=True,
    help="Stop at once when another build is running on the same output (default: wait).",
)
@click.option(
    "--allow-outside",
    is_flag=True,
    help="Let promis.toml [registers] name files outside the data folder (refused otherwise).",
)
def command(
    langs: tuple[str, ...],
    jobs: int | None,
    force: bool,
    dry_run: bool,
    data_dir: Path | None,
    out_dir: Path | None,
    verbose: bool,
    no_wait: bool,
    fresh_kernels: bool,
    allow_outside: bool,
    only: tuple[str, ...] = (),
    list_charts: bool = False,
) -> None:
    """Зібрати все / Rebuild every output whose inputs changed (tables, figures, workbook).

    Steps: validate data/raw → data/processed (Parquet + CSV) → indicator tables → notebooks
    (each language, several at once; each chart as PNG, SVG, PDF and the CSV of its values) →
    figures/index.html → reports/indicators.xlsx → reports/results_report.<lang>.docx/.pdf.
    --only CHART redraws one chart (promis build --list names them); [charts] of promis.toml
    sets sizes, DPI, colours and titles (docs/charts.md).
    Exit code 1 when a register does not validate or a step fails.
    """
    click.get_current_context().meta["promis.verbose"] = verbose
    if allow_outside:  # an environment variable: the notebooks' kernels inherit it
        from promis_analytics.cli.boundary import environ
        from promis_analytics.registers.io.folder import ALLOW_OUTSIDE_ENV

        click.get_current_context().with_resource(environ(ALLOW_OUTSIDE_ENV, "1"))
    tty = sys.stdout.isatty()
    console = Console() if tty else Console(width=160)
    config = _config(langs, jobs, data_dir, out_dir, fresh_kernels, only, dry_run)
    if list_charts:
        print_chart_list(console, config)
        return
    if config.only:
        _check_only(config)
    log = config.out_dir / ".promis-cache" / "build.log"
    result = _run_build(console, config, log, force=force, dry_run=dry_run, no_wait=no_wait)
    print_summary(console, result, config.out_dir, verbose=verbose)
    if result.changed_inputs:
        raise SystemExit(1)
    if not result.ok:
        console.print(f"kernel messages: {log}", markup=False, highlight=False)
        raise SystemExit(1)


def _config(
    langs: tuple[str, ...],
    jobs: int | None,
    data_dir: Path | None,
    out_dir: Path | None,
    fresh_kernels: bool,
    only: tuple[str, ...],
    dry_run: bool,
) -> BuildConfig:
    """The build's configuration from the options; a missing data folder or an output folder
    that cannot be written is said before any work."""
    from promis_analytics.cli.boundary import check_folder
    from promis_analytics.pipeline import BuildConfig

    data, out = default_folders(data_dir, out_dir)
    if not data.is_dir():
        raise click.UsageError(f"data folder not found: {data}")
    if not dry_run:
        check_folder(out / ".promis-cache", "--out")
    return BuildConfig(
        data_dir=data,
        out_dir=out,
        langs=langs,
        jobs=jobs or os.cpu_count() or 1,
        warm_kernels=not fresh_kernels,
        only=tuple(dict.fromkeys(x.strip() for x in ",".join(only).split(",") if x.strip())),
    )


def _check_only(config: BuildConfig) -> None:
    """Every chart named by --only exists (else a user problem naming the known ones)."""
    from promis_analytics.pipeline.charts_index import select_only

    try:
        select_only([], config.only, chart_index(config))
    except ValueError as err:
        from promis_analytics.cli.problems import UserProblem

        raise UserProblem(str(err)) from None


def _run_build(
    console: Console, config: BuildConfig, log: Path, *, force: bool, dry_run: bool, no_wait: bool
) -> BuildResult:
    """Run the build under the output's lock (kernel messages to ``log``), with a progress
    display on a terminal; a register that does not validate exits 1 after its report."""
    from promis_analytics.pipeline import build, plan_build

    progress = None
    if sys.stdout.isatty() and not dry_run:
        progress = _Progress(console, plan_build(config)[0])

    def _waiting(lock: Path) -> None:
        console.print(
            f"Чекаю на іншу збірку / waiting for another build on this output ({lock}) …",
            markup=False,
            highlight=False,
        )

    try:
        with contextlib.ExitStack() as stack:
            if not dry_run:
                stack.enter_context(build_lock(config.out_dir, wait=not no_wait, on_wait=_waiting))
                stack.enter_context(_stderr_to(log))
            if progress is not None:
                stack.enter_context(progress.progress)
            return build(config, force=force, dry_run=dry_run, reporter=progress)
    except RegisterError as err:
        print_validation_failure(console, err)
        raise SystemExit(1) from None
    except BuildBusy as err:
        from promis_analytics.cli.problems import UserProblem

        raise UserProblem(str(err)) from None
