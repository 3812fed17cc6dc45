"""The generic incremental engine: steps with hashed inputs, redone only when stale."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promis_analytics.pipeline.state import (
    STATE_FILE,
    BuildContext,
    BuildState,
    Step,
    input_record,
    marked_changed,
    moved_inputs,
    stale_reasons,
)


class Omitted(Exception):
    """Raised by an action whose work cannot be done (its register is absent or has no
    rows): ``outputs`` (e.g. a skip record) are kept, the step ends "omitted" with
    ``reason`` — not a failure."""

    def __init__(self, reason: str, outputs: Sequence[Path] = ()) -> None:
        super().__init__(reason)
        self.reason, self.outputs = reason, list(outputs)


@dataclass
class StepOutcome:
    """What happened to one step: ``status`` is rebuilt, skipped (up to date), omitted (its
    inputs are absent; ``reasons`` says which), failed, blocked or stale."""

    name: str
    status: str
    reasons: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    note: str = ""  # why the step was omitted (kept while it is up to date)
    log: Path | None = None  # the full traceback of a failure


@dataclass
class BuildResult:
    """The outcome of every step, warnings, and the wall time of the build."""

    outcomes: list[StepOutcome]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    #: Input files that changed while a step that used them ran (those steps are redone by
    #: the next build): relative path → step names.
    changed_inputs: dict[str, list[str]] = field(default_factory=dict)

    def by_status(self, status: str) -> list[StepOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def ok(self) -> bool:
        return not self.by_status("failed") and not self.by_status("blocked")

    @property
    def nothing_to_do(self) -> bool:
        return all(o.status == "skipped" for o in self.outcomes)


# ---------------------------------------------------------------------------------------------
# The runner


Reporter = Callable[[str, Step, StepOutcome | None], None]


def run_steps(
    steps: Sequence[Step],
    *,
    root: Path,
    data_dir: Path | None = None,
    state_path: Path | None = None,
    jobs: int | None = None,
    force: bool = False,
    dry_run: bool = False,
    options: Mapping[str, Any] | None = None,
    reporter: Reporter | None = None,
) -> BuildResult:
    """Run ``steps`` in order, skipping those that are up to date; return every outcome.

    ``reporter(event, step, outcome)`` is called with event "start" and "done" (for progress
    displays). With ``dry_run`` nothing runs: each step is reported as "stale" (with reasons)
    or "skipped"; a step after a stale one is stale because that one will run. An exception
    from a step with ``stop_on_failure`` is re-raised after the state is saved.
    """
    started = time.perf_counter()
    _check_order(steps)
    run = _Run(
        root=root,
        state=BuildState(state_path or root / STATE_FILE, root),
        ctx=BuildContext(root=root, data_dir=data_dir or root, options=dict(options or {})),
        force=force,
        report=reporter or (lambda event, step, outcome: None),
    )
    try:
        if dry_run:
            by_name = {s.name: s for s in steps}
            for step in steps:
                run.outcomes[step.name] = _dry_outcome(
                    step, run.state, run.outcomes, force, by_name
                )
        else:
            _run_all(steps, jobs, run)
    finally:
        if not dry_run:
            run.state.save()
    changed = sorted(run.changed.items())
    return BuildResult(
        [run.outcomes[s.name] for s in steps if s.name in run.outcomes],
        warnings=run.ctx.warnings + [_changed_warning(r, n) for r, n in changed],
        seconds=time.perf_counter() - started,
        dry_run=dry_run,
        changed_inputs={r: sorted(n) for r, n in changed},
    )


def _check_order(steps: Sequence[Step]) -> None:
    """Every ``after`` of a step names a step of the build (else ValueError)."""
    names = {s.name for s in steps}
    for s in steps:
        unknown = [a for a in s.after if a not in names]
        if unknown:
            raise ValueError(f"step {s.name!r} runs after unknown steps: {', '.join(unknown)}")


def _run_all(steps: Sequence[Step], jobs: int | None, run: _Run) -> None:
    """Serial steps one by one, each run of consecutive parallel steps as one batch."""
    i = 0
    while i < len(steps):
        step = steps[i]
        if not step.parallel:
            run.outcomes[step.name] = _serial(
                step, run.blocked_by, run.check, run.execute, run.report, run.noted
            )
            i += 1
            continue
        batch = []
        while i < len(steps) and steps[i].parallel:
            batch.append(steps[i])
            i += 1
        _parallel(
            batch, jobs, run.outcomes, run.blocked_by, run.check, run.execute, run.report, run.noted
        )


@dataclass
class _Run:
    """One build in progress: the state, the context, the outcomes so far and the inputs that
    changed while a step read them (relative path → step names)."""

    root: Path
    state: BuildState
    ctx: BuildContext
    force: bool
    report: Reporter
    outcomes: dict[str, StepOutcome] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)

    def noted(self, step: Step) -> str:
        """The note kept with the step's record (why it was omitted), or ""."""
        return str((self.state.get(step.name) or {}).get("note", ""))

    def blocked_by(self, step: Step) -> list[str]:
        """The steps it runs after that failed or were blocked (none if ``after_failure``)."""
        if step.after_failure:
            return []
        bad = ("failed", "blocked")
        return [a for a in step.after if self.outcomes.get(a) and self.outcomes[a].status in bad]

    def check(self, step: Step) -> tuple[dict[str, Any], list[str]]:
        """The step's input record and why it is stale (empty: up to date)."""
        record = input_record(step, self.state)
        reasons = stale_reasons(step, self.state, record)
        if self.force:
            reasons = ["--force", *reasons]
        return record, reasons

    def execute(self, step: Step, record: dict[str, Any], reasons: list[str]) -> StepOutcome:
        """Run the step's action and record what it wrote (or why it failed)."""
        t0 = time.perf_counter()
        outcome = StepOutcome(step.name, "rebuilt", reasons)
        self.report("start", step, outcome)
        try:
            produced = list(step.action(self.ctx) or [])
        except Omitted as om:
            produced = om.outputs
            outcome.note = om.reason
        except Exception as exc:
            outcome.status, outcome.error = "failed", failure_text(exc)
            outcome.log = _write_failure_log(self.root, step, exc)
            outcome.seconds = time.perf_counter() - t0
            self.state.drop(step.name)
            self.report("done", step, outcome)
            if step.stop_on_failure:
                raise
            return outcome
        self._record(step, record, produced, outcome)
        outcome.seconds = time.perf_counter() - t0
        self.report("done", step, outcome)
        return outcome

    def _record(
        self, step: Step, record: dict[str, Any], produced: list[Path], outcome: StepOutcome
    ) -> None:
        """Save the step's record with the hashes of its outputs; failed if one is missing."""
        state = self.state
        declared = () if outcome.note else step.outputs  # an omitted step writes its record
        written = sorted({state.rel(p) for p in [*declared, *produced]})
        missing = [r for r in written if state.hashes.digest(state.abs(r)) is None]
        if missing:
            outcome.status = "failed"
            outcome.error = f"outputs not written: {', '.join(missing)}"
            state.drop(step.name)
            return
        # Recompute the input record: an action may legitimately create an input file.
        record = input_record(step, state) if callable(step.inputs) else record
        # What the step read must be what the record says: an input saved while the
        # step ran (or read earlier by the shared dataset) makes the step stale.
        moved = moved_inputs(record, state, self.ctx.read)
        if moved:
            record = marked_changed(record, moved)
            for rel in moved:
                self.changed.setdefault(rel, []).append(step.name)
        outputs = {r: state.hashes.digest(state.abs(r)) for r in written}
        state.put(step.name, {**record, "outputs": outputs, "note": outcome.note})
        outcome.outputs = [state.abs(r) for r in written]
        if outcome.note:
            outcome.status = "omitted"


def _changed_warning(rel: str, names: list[str]) -> str:
    steps = ", ".join(sorted(names)[:5]) + (" …" if len(names) > 5 else "")
    return (
        f"{rel}: файл змінився під час збірки — кроки {steps} повторить наступна збірка / "
        f"the file changed while the build ran — steps {steps} will be redone by the next build"
    )


#: Where a failed step's full traceback goes, under the output root.
FAILURE_LOGS = Path(".promis-cache") / "logs"


def failure_text(exc: BaseException) -> str:
    """One paragraph for a failed step: the error's type and first lines (a notebook's error
    is its cell's exception, not the kernel's whole traceback)."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:  # papermill's PapermillExecutionError
        cell = getattr(exc, "exec_count", None)
        where = f" (cell {cell})" if cell is not None else ""
        return f"{ename}: {evalue}{where}"
    lines = [x for x in str(exc).splitlines() if x.strip()]
    text = " ".join(lines[:3]) + (" …" if len(lines) > 3 else "")
    return f"{type(exc).__name__}: {text}"


def _write_failure_log(root: Path, step: Step, exc: BaseException) -> Path | None:
    import traceback

    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", step.name)
    path = root / FAILURE_LOGS / f"{safe}.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(traceback.format_exception(exc))
        path.write_text(f"step {step.name}\n\n{text}", encoding="utf-8")
    except OSError:
        return None
    return path


def _serial(step, blocked_by, check, execute, report, noted) -> StepOutcome:
    bad = blocked_by(step)
    if bad:
        outcome = StepOutcome(step.name, "blocked", [f"failed before it: {', '.join(bad)}"])
        report("done", step, outcome)
        return outcome
    record, reasons = check(step)
    if not reasons:
        outcome = StepOutcome(step.name, "skipped", note=noted(step))
        report("done", step, outcome)
        return outcome
    return execute(step, record, reasons)


def _parallel(batch, jobs, outcomes, blocked_by, check, execute, report, noted) -> None:
    todo: list[tuple[Step, dict[str, Any], list[str]]] = []
    for step in batch:
        bad = blocked_by(step)
        if bad:
            outcomes[step.name] = StepOutcome(
                step.name, "blocked", [f"failed before it: {', '.join(bad)}"]
            )
            report("done", step, outcomes[step.name])
            continue
        record, reasons = check(step)
        if not reasons:
            outcomes[step.name] = StepOutcome(step.name, "skipped", note=noted(step))
            report("done", step, outcomes[step.name])
            continue
        todo.append((step, record, reasons))
    if not todo:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="promis-build") as pool:
        futures: dict[Future[StepOutcome], Step] = {
            pool.submit(execute, step, record, reasons): step for step, record, reasons in todo
        }
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    outcomes[futures[fut].name] = fut.result()
        except BaseException:  # Ctrl-C: start nothing new; running notebooks finish or fail
            for fut in pending:
                fut.cancel()
            raise


def _dry_outcome(
    step: Step,
    state: BuildState,
    outcomes: Mapping[str, StepOutcome],
    force: bool,
    by_name: Mapping[str, Step],
) -> StepOutcome:
    # A stale step before this one matters when this one reads what it writes (or when this
    # one's inputs are only known at run time).
    def feeds(name: str) -> bool:
        if callable(step.inputs):
            return True
        written = {state.rel(p) for p in by_name[name].outputs}
        written |= set((state.get(name) or {}).get("outputs", {}))
        return bool(written & {state.rel(p) for p in step.input_files()})

    upstream = [
        a for a in step.after if a in outcomes and outcomes[a].status == "stale" and feeds(a)
    ]
    try:
        record = input_record(step, state)
        reasons = stale_reasons(step, state, record)
    except Exception as exc:  # an input produced by an earlier step may not exist yet
        reasons = [f"inputs not readable yet: {exc}"]
    if force:
        reasons = ["--force", *reasons]
    if upstream:
        reasons.append(f"runs after stale: {', '.join(upstream)}")
    return StepOutcome(step.name, "stale" if reasons else "skipped", reasons)
