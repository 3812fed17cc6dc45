"""This project's build plan: a table of steps (inputs, code, outputs) and ``build``.

``PLAN`` lists the step families top to bottom — validate → processed table per register →
indicator tables → workbook and notebook per language (side by side) → gallery → manifests.
A family runs ``once``, once per register file found (``register``) or once per notebook and
language (``notebook``); ``plan_build`` expands it into engine ``Step``s. Adding a notebook needs no
change here (every ``notebooks/NN_*.ipynb`` is a step); a new kind of output is one row.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from promis_analytics import paths
from promis_analytics.pipeline import actions
from promis_analytics.pipeline.engine import BuildResult, Reporter, Step, run_steps
from promis_analytics.pipeline.files import remove_temporaries
from promis_analytics.pipeline.notebooks import (
    executed_copy,
    notebook_dependencies,
    notebook_parameters,
    notebook_settings,
)
from promis_analytics.pipeline.site import DEFAULT_LANGS, BuildConfig, Item, Site

__all__ = ["DEFAULT_LANGS", "PLAN", "BuildConfig", "Site", "StepSpec", "build", "plan_build"]

#: Reference tables read from ``data/raw`` by ``fx`` and ``reference`` (inputs of every step
#: that computes or draws).
REFERENCE_FILES: tuple[str, ...] = (
    "nbu_official_rates_2014_2022.csv",
    "population_2022.csv",
    "rates.csv",  # a folder's own exchange rates (fx.rate_files; promis fx update)
)
Of = Callable[[Site, Item], Any]


def _none(site: Site, item: Item) -> tuple:
    return ()


@dataclass(frozen=True)
class StepSpec:
    """One row of the plan. ``name`` and ``label`` are formatted with the item's ``kind``,
    ``stem``, ``lang``; ``action(site, item, ctx)`` does the work; the ``Of`` callables give
    the item's inputs, code modules, params, outputs and the steps it runs after."""

    name: str
    action: Callable[..., Any]
    each: str = "once"  # "once" | "register" | "notebook" | "lang"
    inputs: Of = _none
    code: Of = _none
    params: Of = lambda site, item: {}
    outputs: Of = _none
    after: Of = _none
    label: str = ""
    parallel: bool = False
    stop_on_failure: bool = False
    after_failure: bool = False


def _names(site: Site, family: str) -> tuple[str, ...]:
    """Names of the steps of one family (for ``after``)."""
    spec = next(s for s in PLAN if s.name.startswith(family))
    return tuple(_name(spec, i) for i in _items(spec, site))


def _name(spec: StepSpec, item: Item, text: str | None = None) -> str:
    return (text if text is not None else spec.name).format(
        kind=item.kind, stem=item.stem, lang=item.lang
    )


def _processed(site: Site, item: Item) -> tuple[Path, Path]:
    folder = site.config.processed_dir
    return folder / f"{item.kind}.parquet", folder / f"{item.kind}.csv"


def _executed(site: Site, item: Item) -> tuple[Path]:
    assert item.notebook is not None
    return (executed_copy(site.config.out_dir, item.notebook, item.lang),)


def _notebook_inputs(site: Site, item: Item) -> list[Path]:
    """The notebook, its registers' files, the reference tables and, when it reads report
    documents, every document it could pick (``document_candidates``); ``promis.toml`` is
    hashed by the slice the notebook depends on (``_notebook_params``) when it is valid, so a
    chart's title changes only its own notebook."""
    assert item.notebook is not None and item.deps is not None
    registers = [p for k in item.deps.registers for p in site.scan.inputs_of(k)]
    if _settings(site, item) is not None:
        registers = [p for p in registers if p != site.scan.mapping_path]
    from promis_analytics.extract.program_report.audit_tables import (
        document_candidates,
        report_folders,
    )

    documents = (
        document_candidates(report_folders(site.config.data_dir)) if item.deps.documents else []
    )
    return [item.notebook, *registers, *site.reference, *documents]


def _settings(site: Site, item: Item) -> dict[str, Any] | None:
    from promis_analytics.pipeline.charts_index import settings_params

    assert item.notebook is not None
    return settings_params(site.config.data_dir, site.charts.get(item.notebook, ()))


def _notebook_params(site: Site, item: Item) -> dict[str, Any]:
    assert item.deps is not None
    params = {"lang": item.lang, "registers": list(item.deps.registers), **item.extra}
    settings = _settings(site, item)
    return {**params, "settings": settings} if settings else params


PLAN: tuple[StepSpec, ...] = (
    StepSpec(
        "validate",
        actions.validate,
        inputs=lambda s, i: s.all_inputs,
        code=lambda s, i: ("promis_analytics.dataset",),
        label="validate registers / перевірка реєстрів",
        stop_on_failure=True,
    ),
    StepSpec(
        "processed:{kind}",
        actions.processed,
        each="register",
        inputs=lambda s, i: s.scan.inputs_of(i.kind),
        code=lambda s, i: ("promis_analytics.dataset", "promis_analytics.export"),
        outputs=_processed,
        after=lambda s, i: ("validate",),
    ),
    StepSpec(
        "indicators",
        actions.indicators,
        inputs=lambda s, i: [*s.all_inputs, *s.reference],
        code=lambda s, i: (
            "promis_analytics.indicators.tables",
            "promis_analytics.pipeline.reconcile",
        ),
        after=lambda s, i: ("validate", *_names(s, "processed:")),
        label="indicator tables / таблиці індикаторів",
    ),
    StepSpec(
        "report",
        actions.report,
        inputs=lambda s, i: [*s.all_inputs, *s.reference, s.config.data_dir / "SOURCES.md"],
        code=lambda s, i: (
            "promis_analytics.indicators.tables",
            "promis_analytics.pipeline.workbook",
        ),
        outputs=lambda s, i: (s.config.reports_dir / "indicators.xlsx",),
        after=lambda s, i: ("indicators",),
        label="reports/indicators.xlsx",
        parallel=True,  # beside the notebooks, while their kernels warm up
    ),
    StepSpec(
        "notebook:{stem}.{lang}",
        actions.notebook,
        each="notebook",
        inputs=_notebook_inputs,
        code=lambda s, i: i.deps.modules if i.deps is not None else (),
        params=_notebook_params,
        outputs=_executed,
        after=lambda s, i: ("validate",),
        label="{stem}.ipynb [{lang}]",
        parallel=True,
    ),
    StepSpec(
        "gallery",
        actions.gallery,
        inputs=lambda s, i: s.figure_files,  # called when the step is about to run
        code=lambda s, i: ("promis_analytics.pipeline.gallery",),
        params=lambda s, i: {"report": actions.report_settings(s)},  # titles, partners
        outputs=lambda s, i: (s.config.figures_dir / "index.html",),
        after=lambda s, i: _names(s, "notebook:"),
        label="figures/index.html",
        after_failure=True,
    ),
    StepSpec(
        "results_report:{lang}",
        actions.results_report,
        each="lang",
        inputs=lambda s, i: lambda: actions.results_report_inputs(s, i.lang),
        code=lambda s, i: (
            "promis_analytics.pipeline.results_report",
            "promis_analytics.pipeline.report_pdf",
        ),
        params=lambda s, i: {"report": actions.report_settings(s)},
        outputs=lambda s, i: (s.config.reports_dir / f"results_report.{i.lang}.docx",),
        after=lambda s, i: ("gallery", "report"),
        label="reports/results_report.{lang}.docx",
        after_failure=True,
    ),
    StepSpec(
        "manifest",
        actions.manifest,
        inputs=lambda s, i: (
            lambda: [
                *s.figure_files(),
                s.config.figures_dir / "index.html",
                s.config.reports_dir / "indicators.xlsx",
                *actions.results_report_files(s),
            ]
        ),
        code=lambda s, i: ("promis_analytics.pipeline.manifest",),
        outputs=lambda s, i: (
            s.config.figures_dir / "MANIFEST.sha256",
            s.config.reports_dir / "MANIFEST.sha256",
        ),
        after=lambda s, i: ("gallery", "report", *_names(s, "results_report:")),
        label="MANIFEST.sha256",
        after_failure=True,
    ),
)


def _items(spec: StepSpec, site: Site) -> list[Item]:
    if spec.each == "register":
        return [Item(kind=k) for k in site.present]
    if spec.each == "lang":
        return [Item(lang=lang) for lang in site.config.langs]
    if spec.each == "notebook":
        # Notebooks that draw most first: the two workers then finish close together.
        ordered = sorted(site.notebooks, key=lambda n: -n[1].figures)
        return [
            Item(notebook=nb, deps=deps, extra=extra, lang=lang)
            for nb, deps, extra in ordered
            for lang in site.config.langs
        ]
    return [Item()]


def _site(config: BuildConfig) -> Site:
    from promis_analytics.registers import KINDS
    from promis_analytics.registers.io.folder import scan_folder

    scan = scan_folder(config.data_dir)
    folders = {config.data_dir, paths.raw_dir()}
    reference = [f / n for f in sorted(folders) for n in REFERENCE_FILES if (f / n).is_file()]
    user_params = notebook_settings(config.data_dir)
    notebooks = []
    known: set[str] = set()
    for nb in sorted(config.notebooks_dir.glob("[0-9][0-9]_*.ipynb")):
        declared = notebook_parameters(nb)
        known |= declared
        extra = {k: v for k, v in user_params.items() if k in declared}
        notebooks.append((nb, notebook_dependencies(nb), extra))
    present = [k for k in KINDS if k in scan.sources]
    from promis_analytics.pipeline.charts_index import notebook_charts

    charts = {nb: notebook_charts(nb) for nb, _, _ in notebooks}
    site = Site(config, scan, present, reference, notebooks, charts=charts)
    if notebooks:  # a [parameters] key no notebook has is a typo, not a silent no-op
        from promis_analytics.project import unknown_keys

        unused = unknown_keys("promis.toml [parameters]", user_params, sorted(known))
        site.unused_parameters = [line for line in unused.splitlines() if line]
    return site


def plan_build(config: BuildConfig) -> tuple[list[Step], list[str]]:
    """The steps of ``promis build`` for ``config`` (``PLAN`` expanded), and warnings."""
    from promis_analytics.registers import KINDS

    site = _site(config)
    warnings = [
        f"register {k}: no file in {config.data_dir} (built as an empty table)"
        for k in KINDS
        if k not in site.present
    ] + site.unused_parameters
    steps = [
        Step(
            _name(spec, item),
            partial(spec.action, site, item),
            inputs=spec.inputs(site, item),
            code=tuple(spec.code(site, item)),
            params=spec.params(site, item),
            outputs=tuple(spec.outputs(site, item)),
            after=tuple(spec.after(site, item)),
            parallel=spec.parallel,
            stop_on_failure=spec.stop_on_failure,
            after_failure=spec.after_failure,
            label=_name(spec, item, spec.label) if spec.label else "",
        )
        for spec in PLAN
        for item in _items(spec, site)
    ]
    if config.only:
        from promis_analytics.pipeline.charts_index import select_only

        steps = select_only(steps, config.only, site.charts)
    return steps, warnings


def _written_folders(config: BuildConfig) -> list[Path]:
    """The folders the build writes into (where an interrupted build leaves temporaries)."""
    cache = config.out_dir / ".promis-cache"
    processed = config.processed_dir
    return [
        cache,
        cache / "notebooks",
        processed,
        processed / "indicators",
        processed / ".cache",
        config.figures_dir,
        config.reports_dir,
    ]


def build(
    config: BuildConfig,
    *,
    force: bool = False,
    dry_run: bool = False,
    reporter: Reporter | None = None,
) -> BuildResult:
    """Run ``promis build``: plan the steps for ``config`` and run the stale ones.

    Raises ``RegisterError`` (with ``.reports``) when a register does not validate.
    """
    from promis_analytics.charts.settings import settings_folder
    from promis_analytics.dataset import cache_for_kernels
    from promis_analytics.pipeline.kernels import KernelPool

    steps, warnings = plan_build(config)
    if not dry_run:
        left = remove_temporaries(_written_folders(config))
        if left:
            warnings.append(
                f"вилучено {len(left)} тимчасових файлів перерваної збірки / removed "
                f"{len(left)} temporary files left by an interrupted build"
            )
    jobs = config.jobs or os.cpu_count() or 1
    pool = KernelPool(jobs, config.notebooks_dir) if config.warm_kernels else None
    cold = force or not config.state_path.is_file()
    # kernels (they inherit it) and save_figure read [charts] of the data folder; the
    # kernels' load_dataset reads the registers the validation step cached (not the files)
    parsed = config.out_dir / "data" / "processed" / ".cache"
    with settings_folder(config.data_dir), cache_for_kernels(parsed):
        if pool is not None and cold and not dry_run and any(s.parallel for s in steps):
            pool.start_in_background()  # while the registers are validated
        try:
            result = run_steps(
                steps,
                root=config.out_dir,
                data_dir=config.data_dir,
                state_path=config.state_path,
                jobs=config.jobs,
                force=force,
                dry_run=dry_run,
                options={"kernels": pool},
                reporter=reporter,
            )
        finally:
            if pool is not None:
                pool.close()  # kernels start only when a notebook runs
    result.warnings[:0] = warnings
    return result
