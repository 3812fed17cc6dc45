"""``promis build``: a generic incremental engine and this project's plan of steps.

- ``hashing`` / ``state`` / ``engine``: steps with hashed inputs (files, the package code
  they import, parameters), redone only when stale, notebooks in parallel, failures kept
  to one paragraph with the traceback in a log — nothing here knows about registers;
- ``plan``: the project's table of steps (``PLAN``) and ``build``; ``site``: what it is
  expanded against (``BuildConfig``, ``Site``, ``Item``); ``actions``: what each step does;
  ``notebooks``: what a notebook reads and draws; ``runner``: papermill;
- outputs: ``gallery`` (figures/index.html), ``workbook`` (reports/indicators.xlsx),
  ``manifest`` (MANIFEST.sha256), ``reconcile`` (row counts), ``files`` (atomic writers),
  ``lock`` (one build at a time per output folder).
"""

from __future__ import annotations

from promis_analytics.pipeline.engine import (
    BuildResult,
    Omitted,
    Reporter,
    Step,
    StepOutcome,
    failure_text,
    run_steps,
)
from promis_analytics.pipeline.files import (
    FIXED_ZIP_TIME,
    normalise_zip,
    replace_from,
    write_parquet,
)
from promis_analytics.pipeline.hashing import (
    HashCache,
    file_digest,
    imported_package_modules,
    module_closure,
)
from promis_analytics.pipeline.notebooks import (
    EXECUTED_DIR,
    NotebookDeps,
    notebook_dependencies,
    notebook_parameters,
    notebook_warnings,
)
from promis_analytics.pipeline.plan import DEFAULT_LANGS, PLAN, BuildConfig, build, plan_build
from promis_analytics.pipeline.state import (
    STATE_FILE,
    Action,
    BuildContext,
    BuildState,
    stale_reasons,
)

__all__ = [
    "DEFAULT_LANGS",
    "EXECUTED_DIR",
    "FIXED_ZIP_TIME",
    "PLAN",
    "STATE_FILE",
    "Action",
    "BuildConfig",
    "BuildContext",
    "BuildResult",
    "BuildState",
    "HashCache",
    "NotebookDeps",
    "Omitted",
    "Reporter",
    "Step",
    "StepOutcome",
    "build",
    "failure_text",
    "file_digest",
    "imported_package_modules",
    "module_closure",
    "normalise_zip",
    "notebook_dependencies",
    "notebook_parameters",
    "notebook_warnings",
    "plan_build",
    "replace_from",
    "run_steps",
    "stale_reasons",
    "write_parquet",
]
