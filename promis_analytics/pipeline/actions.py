"""What each step of the plan does (``action(site, item, ctx)``), one function per family."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from promis_analytics.pipeline.engine import BuildContext, Omitted
from promis_analytics.pipeline.files import normalise_zip, replace_from, write_parquet
from promis_analytics.pipeline.notebooks import (
    absent_reason,
    drop_unwritten,
    executed_copy,
    figures_of,
    notebook_warnings,
    record_skip,
    stamps,
)
from promis_analytics.pipeline.site import Item, Site


def once(ctx: BuildContext, key: str, fn: Any) -> Any:
    """``fn()`` computed once per build and shared by the steps (under the context's lock)."""
    with ctx._lock:
        if key not in ctx.cache:
            ctx.cache[key] = fn()
        return ctx.cache[key]


def validate(site: Site, item: Item, ctx: BuildContext) -> None:
    """Load the dataset (``RegisterError`` lists every problem), then remove the processed
    tables of registers the folder no longer holds: no stale rows beside indicators of 0."""
    from promis_analytics.registers import KINDS

    ctx.dataset()
    folder = site.config.processed_dir
    for kind in KINDS:
        if kind in site.present:
            continue
        for old in (folder / f"{kind}.parquet", folder / f"{kind}.csv"):
            if old.is_file():
                old.unlink()
                ctx.warn(
                    f"{old.name}: вилучено — реєстру {kind} більше немає в теці даних / "
                    f"removed — the data folder no longer holds register {kind}"
                )


def processed(site: Site, item: Item, ctx: BuildContext) -> list[Path]:
    """The processed table of one register as Parquet (with the source rows as a column) and
    as CSV: through pandas (``export.write``) below ``COLUMNAR_MIN_ROWS`` rows, from the
    Parquet file batch by batch by Arrow (``export.write_csv_from_parquet``) from there on."""
    from promis_analytics import export
    from promis_analytics.indicators.columnar import COLUMNAR_MIN_ROWS
    from promis_analytics.registers.check.places import with_place_columns
    from promis_analytics.registers.io.parquet_rows import ROW_COLUMN, with_row_column

    table = with_place_columns(ctx.dataset()[item.kind], item.kind)
    folder = site.config.processed_dir
    # The source rows (attrs["rows"]) as a column: as JSON in the footer they made a
    # 10⁷-row table unreadable (Arrow refuses a footer that large).
    pq = write_parquet(with_row_column(table), folder / f"{item.kind}.parquet")
    if len(table) >= COLUMNAR_MIN_ROWS:  # pandas' to_csv took 6 minutes for 10⁷ rows
        csv = export.write_csv_from_parquet(pq, folder / f"{item.kind}.csv", drop=(ROW_COLUMN,))
    else:
        csv = export.write(table, folder / f"{item.kind}.csv")
    return [pq, csv]


def _tables(site: Site, ctx: BuildContext) -> dict[str, Any]:
    from promis_analytics.indicators.tables import indicator_tables

    def compute() -> dict[str, Any]:
        ds = ctx.dataset()
        return indicator_tables(ds, parquet=_large_processed(site, ds))

    return once(ctx, "indicator_tables", compute)


def _large_processed(site: Site, dataset: Any) -> dict[str, Path]:
    """The processed Parquet tables of the registers with ``COLUMNAR_MIN_ROWS`` rows or more:
    their indicators are aggregated from that file (``indicators.columnar``)."""
    from promis_analytics.indicators.columnar import COLUMNAR_MIN_ROWS

    out = {}
    for kind in site.present:
        path = site.config.processed_dir / f"{kind}.parquet"
        if len(dataset[kind]) >= COLUMNAR_MIN_ROWS and path.is_file():
            out[kind] = path
    return out


def indicators(site: Site, item: Item, ctx: BuildContext) -> list[Path]:
    from promis_analytics.pipeline.reconcile import reconcile

    tables = _tables(site, ctx)
    # Row counts from raw file to processed table to indicator totals, or a loud failure.
    processed = {k: site.config.processed_dir / f"{k}.parquet" for k in site.present}
    reconcile(ctx.dataset(), processed, tables)
    folder = site.config.processed_dir / "indicators"
    return [write_parquet(t, folder / f"{name}.parquet") for name, t in tables.items()]


def _section(nb: Path, ds: Any) -> str | None:
    """«uk / en» title of a notebook's gallery section as the dataset's project says it
    (``section.<stem>``; «partner» wording only when it declares partners); None if none.
    ``ds``: the dataset, or its ``_label_view``."""
    from promis_analytics.charts.labels import dataset_label

    try:
        return " / ".join(dataset_label(f"section.{nb.stem}", g, ds) for g in ("uk", "en"))
    except KeyError:
        return None


def _label_view(ds: Any) -> Any:
    """What ``dataset_label`` reads of a dataset — its project and the distinct source ids of
    its registers — computed once per build: the labels of every omitted notebook no longer
    scan the ``source`` column of a 10⁷-row register again (≈ 7 s each)."""
    from types import SimpleNamespace

    import pandas as pd

    sources: set[str] = set()
    for kind in ds:
        table = ds[kind]
        if "source" in table:
            sources.update(str(v) for v in table["source"].dropna().unique())
    frame = pd.DataFrame({"source": sorted(sources)}, dtype=object)
    return SimpleNamespace(project=ds.project, tables={"sources": frame})


def notebook(site: Site, item: Item, ctx: BuildContext) -> list[Path]:
    """Run one notebook in one language; omitted (with a skip record) when a register it
    requires has no rows; figures it drew before and not now are removed."""
    from promis_analytics.pipeline.runner import execute_notebook

    config, nb, lang, deps = site.config, item.notebook, item.lang, item.deps
    assert nb is not None and deps is not None
    ds = ctx.dataset()
    unmet = deps.unmet([k for k in ds.files if len(ds[k])])
    if unmet:
        reason = absent_reason(unmet, config.data_dir, lang)
        view = once(ctx, "label_view", lambda: _label_view(ds))
        skip = record_skip(config.figures_dir, nb, lang, reason, _section(nb, view))
        raise Omitted(absent_reason(unmet, config.data_dir), skip)
    once(ctx, "fonts", _check_fonts)
    params = {
        **item.extra,
        "data_dir": str(config.data_dir.resolve()),
        "figures_dir": str(config.figures_dir.resolve()),
        "lang": lang,
    }
    config.figures_dir.mkdir(parents=True, exist_ok=True)
    out = executed_copy(config.out_dir, nb, lang)
    before = stamps(figures_of(config.figures_dir, nb, lang))
    pool = ctx.options.get("kernels")
    try:
        execute_notebook(nb, parameters=params, out=out, cwd=nb.parent, pool=pool)
    except Exception as exc:
        read = [f"{k} ← {ds.files[k].name}" for k in deps.registers if k in ds.files]
        raise NotebookFailed(exc, f"{nb.name} [{lang}]", read) from exc
    drop_unwritten(before)  # a figure this run no longer draws
    for line in notebook_warnings(out):
        ctx.warn(f"{nb.name} ({lang}): {line}")
    figures = figures_of(config.figures_dir, nb, lang)
    if not figures and deps.saves_figures:
        ctx.warn(f"{nb.name} ({lang}) saved no figure")
    return [out, *figures]


class NotebookFailed(Exception):
    """A notebook cell failed: its error (``ename``/``evalue``/``exec_count``, as papermill and
    nbclient give them) with the notebook and the register files it read, for one paragraph."""

    def __init__(self, error: Exception, notebook: str, registers: list[str]) -> None:
        ename = getattr(error, "ename", None) or type(error).__name__
        first_line = next(iter(str(error).splitlines()), "")
        evalue = getattr(error, "evalue", None) or first_line
        where = f"{notebook}; registers: {', '.join(registers)}" if registers else notebook
        super().__init__(f"{ename}: {evalue} — {where}")
        self.ename, self.evalue = ename, f"{evalue} — {where}"
        self.exec_count = getattr(error, "exec_count", None)


def _check_fonts() -> Any:
    from promis_analytics.charts import check_fonts

    return check_fonts()


def gallery(site: Site, item: Item, ctx: BuildContext) -> list[Path]:
    from promis_analytics.pipeline.gallery import write_gallery

    folder = site.config.figures_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "index.html"
    meta = report_settings(site)  # the folder's [project] titles name the gallery
    project = (meta.get("title_uk"), meta.get("title_en"))
    partners = bool(meta.get("partners", True))
    return [replace_from(target, lambda tmp: write_gallery(folder, tmp, project, partners))]


def report(site: Site, item: Item, ctx: BuildContext) -> list[Path]:
    from promis_analytics.pipeline.workbook import write_indicator_report

    tables = _tables(site, ctx)  # includes brochure_checks and register_sources
    target = site.config.reports_dir / "indicators.xlsx"
    notes: list[str] = []

    def _write(tmp: Path) -> None:
        write_indicator_report(tables, tmp, notes=notes, data_dir=site.config.data_dir)
        normalise_zip(tmp)

    written = replace_from(target, _write)
    for note in notes:
        ctx.warn(f"{target.name}: {note}")
    return [written]


def manifest(site: Site, item: Item, ctx: BuildContext) -> list[Path]:
    from promis_analytics.pipeline.manifest import write_manifest

    folders = (site.config.figures_dir, site.config.reports_dir)
    return [write_manifest(folder) for folder in folders if folder.is_dir()]


def report_settings(site: Site) -> dict[str, Any]:
    """What of ``promis.toml`` the results report reads: ``[project]`` (title page) and the
    template named by ``[report]`` (its path; the file itself is an input)."""
    from promis_analytics.project import SettingsError, project_settings

    try:
        settings = project_settings(site.config.data_dir)
    except SettingsError:  # the validate step reports it
        return {}
    return {
        "title_uk": settings.title_uk,
        "title_en": settings.title_en,
        "period": settings.period_text,
        "template": settings.report.get("template"),
        "partners": settings.partners is not None,  # «partner» wording only when declared
    }


def _template(site: Site) -> Path | None:
    name = report_settings(site).get("template")
    return (site.config.data_dir / name) if name else None


def results_report_inputs(site: Site, lang: str) -> list[Path]:
    """The figure files of ``lang`` (with their CSVs), the workbook and the template."""
    figures = [p for p in site.figure_files() if p.name.endswith(f".{lang}" + p.suffix)]
    template = _template(site)
    return [
        *figures,
        site.config.reports_dir / "indicators.xlsx",
        *([template] if template else []),
    ]


def results_report_files(site: Site) -> list[Path]:
    """The results reports present (the manifest lists them)."""
    folder = site.config.reports_dir
    return sorted(folder.glob("results_report.*.docx")) + sorted(
        folder.glob("results_report.*.pdf")
    )


def results_report(site: Site, item: Item, ctx: BuildContext) -> list[Path]:
    """``reports/results_report.<lang>.docx``, and its PDF when LibreOffice is installed (a
    warning says why there is none otherwise)."""
    from promis_analytics.pipeline.report_pdf import to_pdf
    from promis_analytics.pipeline.results_report import (
        ReportError,
        report_path,
        write_results_report,
    )
    from promis_analytics.project import project_settings

    config = site.config
    docx = report_path(config.reports_dir, item.lang)
    settings = project_settings(config.data_dir)
    replace_from(docx, lambda tmp: write_results_report(
        config.figures_dir, config.reports_dir / "indicators.xlsx", item.lang, tmp,
        settings=settings, folder_name=config.data_dir.name, template=_template(site),
    ))  # fmt: skip
    pdf = report_path(config.reports_dir, item.lang, ".pdf")
    try:
        return [docx, to_pdf(docx, pdf)]
    except ReportError as exc:
        pdf.unlink(missing_ok=True)  # an old PDF would not match the new DOCX
        ctx.warn(str(exc))
        return [docx]
