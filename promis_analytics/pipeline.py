"""The build graph of ``promis build``: steps with hashed inputs, redone only when stale.

A ``Step`` declares its input files, the package modules whose code it runs, its parameters
and its outputs. Its *input hash* is SHA-256 over the content hashes of all three; the state
file (``<out>/.promis-cache/build-state.json``) keeps, per step, the input hash, the hash of
every input and the hash of every output of the last successful run. A step is redone when
its input hash differs, when an output is missing or changed, or with ``force``; otherwise it
is skipped. Steps run in the given order; consecutive ``parallel`` steps run in a thread pool
(``jobs`` workers; each notebook gets its own kernel process). A failed step keeps its old
outputs (every writer replaces files atomically) and its dependants are not run.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promis_analytics import paths

STATE_FILE = Path(".promis-cache") / "build-state.json"
STATE_VERSION = 1

#: The package's own source folder (for code hashes).
PACKAGE_NAME = "promis_analytics"


# ---------------------------------------------------------------------------------------------
# Hashing


def file_digest(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class HashCache:
    """File digests keyed by (path, size, mtime_ns), persisted in the state file.

    Rehashing an unchanged file is skipped, which keeps a no-change rebuild fast; a file
    whose size or modification time differs is read again.
    """

    def __init__(self, entries: Mapping[str, Sequence[Any]] | None = None) -> None:
        self._entries: dict[str, list[Any]] = {k: list(v) for k, v in (entries or {}).items()}
        self._lock = threading.Lock()

    def digest(self, path: Path) -> str | None:
        """Digest of ``path``, or None when it does not exist."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        key = str(path.resolve())
        with self._lock:
            hit = self._entries.get(key)
        if hit and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            return str(hit[2])
        value = file_digest(path)
        with self._lock:
            self._entries[key] = [st.st_size, st.st_mtime_ns, value]
        return value

    def entries(self) -> dict[str, list[Any]]:
        with self._lock:
            return dict(sorted(self._entries.items()))


def _module_file(name: str) -> Path | None:
    """Source file of package module ``name`` (``a.b`` → ``a/b.py`` or ``a/b/__init__.py``)."""
    if name != PACKAGE_NAME and not name.startswith(PACKAGE_NAME + "."):
        return None
    base = paths.PACKAGE_DIR.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


_FROM_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#]*)",
    re.MULTILINE,
)
_PLAIN_IMPORT = re.compile(r"^[ \t]*import[ \t]+(?P<names>[\w.][\w., \t]*)", re.MULTILINE)


def _names(text: str) -> list[str]:
    """``a, b as c, (d,\n e)`` → ``["a", "b", "d", "e"]``."""
    cleaned = re.sub(r"#[^\n]*", "", text).strip("()")
    return [part.split(" as ")[0].strip() for part in cleaned.split(",") if part.strip()]


@functools.lru_cache(maxsize=1024)
def _imports_cached(name: str, source: str, size: int, mtime_ns: int) -> frozenset[str]:
    text = Path(source).read_text(encoding="utf-8")
    is_pkg = Path(source).name == "__init__.py"
    found: set[str] = set()
    for m in _FROM_IMPORT.finditer(text):
        base = m.group("base")
        level = len(base) - len(base.lstrip("."))
        if level:
            parts = name.split(".")
            keep = len(parts) - level + (1 if is_pkg else 0)
            rest = base.lstrip(".")
            base = ".".join(parts[:keep] + ([rest] if rest else []))
        found.add(base)
        found.update(f"{base}.{n}" for n in _names(m.group("names")))  # submodule imports
    for m in _PLAIN_IMPORT.finditer(text):
        found.update(_names(m.group("names")))
    return frozenset(x for x in found if _module_file(x) is not None)


def _imports_of(name: str, source: Path) -> set[str]:
    """Package modules imported by the module ``name`` stored in ``source`` (any import
    statement, also inside functions; found by pattern, cached per file version)."""
    st = source.stat()
    return set(_imports_cached(name, str(source), st.st_size, st.st_mtime_ns))


def module_closure(modules: Iterable[str]) -> dict[str, Path]:
    """Every package module reachable by imports from ``modules`` (with parent packages)."""
    todo = list(modules)
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        source = _module_file(name)
        if source is None:
            continue
        seen[name] = source
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(_imports_of(name, source))
    return dict(sorted(seen.items()))


def imported_package_modules(code: str) -> set[str]:
    """Package modules named in the import statements of a piece of code (e.g. a notebook).

    IPython magics (lines starting with ``%`` or ``!``) are ignored; code that still does not
    parse is scanned line by line for ``from X import`` / ``import X``.
    """
    text = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()
    )
    found: set[str] = set()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        found.update(re.findall(r"(?m)^\s*(?:from|import)\s+([\w.]+)", text))
    else:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if _module_file(m) is not None}


# ---------------------------------------------------------------------------------------------
# Steps and state


Action = Callable[["BuildContext"], Iterable[Path] | None]


@dataclass
class Step:
    """One build step.

    ``inputs`` are files (or a callable giving them when the step is about to run, for inputs
    produced by earlier steps); ``code`` names package modules whose source — with everything
    they import from the package — is part of the input hash; ``params`` are hashed as JSON.
    ``outputs`` are the files known in advance; ``action`` may return more files it wrote
    (e.g. the figures a notebook saved), which are recorded and checked like declared ones.
    ``after`` names the steps that must succeed first (``after_failure``: that must have
    finished, successfully or not — e.g. the gallery, always written). An action that
    cannot do its work (its register is absent) raises ``Omitted``.
    """

    name: str
    action: Action
    inputs: Sequence[Path] | Callable[[], Sequence[Path]] = ()
    code: Sequence[str] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    outputs: Sequence[Path] = ()
    after: Sequence[str] = ()
    parallel: bool = False
    stop_on_failure: bool = False
    label: str = ""
    after_failure: bool = False

    def input_files(self) -> list[Path]:
        files = self.inputs() if callable(self.inputs) else self.inputs
        return sorted({Path(p) for p in files})


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

    def by_status(self, status: str) -> list[StepOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def ok(self) -> bool:
        return not self.by_status("failed") and not self.by_status("blocked")

    @property
    def nothing_to_do(self) -> bool:
        return all(o.status == "skipped" for o in self.outcomes)


class BuildState:
    """The state file: per step the input hash, input digests and output digests."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        data: dict[str, Any] = {}
        if path.is_file():
            with contextlib.suppress(ValueError, OSError):
                data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            data = {}
        self.steps: dict[str, dict[str, Any]] = data.get("steps", {})
        self.hashes = HashCache(data.get("file_hashes", {}))
        self._lock = threading.Lock()

    def rel(self, path: Path) -> str:
        """``path`` relative to the build root when inside it (POSIX separators), else absolute."""
        p = Path(path).resolve()
        try:
            return p.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def abs(self, rel: str) -> Path:
        p = Path(rel)
        return p if p.is_absolute() else self.root / p

    def get(self, name: str) -> dict[str, Any] | None:
        with self._lock:
            return self.steps.get(name)

    def put(self, name: str, record: dict[str, Any]) -> None:
        with self._lock:
            self.steps[name] = record

    def drop(self, name: str) -> None:
        with self._lock:
            self.steps.pop(name, None)

    def save(self) -> None:
        """Write the state file atomically (sorted keys, so it diffs well)."""
        from promis_analytics.export import atomic_write

        with self._lock:
            payload = {
                "version": STATE_VERSION,
                "steps": dict(sorted(self.steps.items())),
                "file_hashes": self.hashes.entries(),
            }
        text = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        atomic_write(self.path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


@dataclass
class BuildContext:
    """What step actions get: the options, a shared dataset loader, and a warnings list."""

    root: Path
    data_dir: Path
    options: Mapping[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def dataset(self) -> Any:
        """The dataset of ``data_dir``, loaded (and validated) once per build."""
        with self._lock:
            if "dataset" not in self.cache:
                from promis_analytics.dataset import load_dataset

                # Parsed registers are cached by content hash: unchanged workbooks are
                # not parsed again on the next build.
                parsed = self.root / "data" / "processed" / ".cache"
                self.cache["dataset"] = load_dataset(self.data_dir, cache=parsed)
            return self.cache["dataset"]

    def warn(self, message: str) -> None:
        with self._lock:
            self.warnings.append(message)


def _input_record(step: Step, state: BuildState) -> dict[str, Any]:
    """The hashed inputs of ``step``: files, code and params, plus their combined hash."""
    files = {}
    for p in step.input_files():
        files[state.rel(p)] = state.hashes.digest(p) or "missing"
    code = {}
    if step.code:
        for name, source in module_closure(step.code).items():
            code[name] = state.hashes.digest(source) or "missing"
    params = json.loads(json.dumps(dict(step.params), sort_keys=True, default=str))
    blob = json.dumps({"files": files, "code": code, "params": params}, sort_keys=True)
    return {
        "hash": hashlib.sha256(blob.encode()).hexdigest(),
        "files": files,
        "code": code,
        "params": params,
    }


def _diff(kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    out = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            out.append(f"new {kind}: {key}")
        elif key not in new:
            out.append(f"{kind} removed: {key}")
        elif old[key] != new[key]:
            out.append(f"{kind} changed: {key}")
    return out


def stale_reasons(step: Step, state: BuildState, record: Mapping[str, Any]) -> list[str]:
    """Why ``step`` must run (empty when it is up to date), given its current input record."""
    previous = state.get(step.name)
    if previous is None:
        return ["never built"]
    reasons: list[str] = []
    if previous.get("hash") != record["hash"]:
        reasons += _diff("input", previous.get("files", {}), record["files"])
        reasons += _diff("code", previous.get("code", {}), record["code"])
        reasons += _diff("parameter", previous.get("params", {}), record["params"])
        if not reasons:
            reasons.append("inputs changed")
    recorded = dict(previous.get("outputs", {}))
    for p in step.outputs:
        recorded.setdefault(state.rel(p), None)
    for rel, digest in sorted(recorded.items()):
        now = state.hashes.digest(state.abs(rel))
        if now is None:
            reasons.append(f"output missing: {rel}")
        elif digest is not None and now != digest:
            reasons.append(f"output changed: {rel}")
    return reasons


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
    state = BuildState(state_path or root / STATE_FILE, root)
    ctx = BuildContext(root=root, data_dir=data_dir or root, options=dict(options or {}))
    by_name = {s.name: s for s in steps}
    names = set(by_name)
    for s in steps:
        unknown = [a for a in s.after if a not in names]
        if unknown:
            raise ValueError(f"step {s.name!r} runs after unknown steps: {', '.join(unknown)}")
    outcomes: dict[str, StepOutcome] = {}
    report = reporter or (lambda event, step, outcome: None)

    def noted(step: Step) -> str:
        return str((state.get(step.name) or {}).get("note", ""))

    def blocked_by(step: Step) -> list[str]:
        if step.after_failure:
            return []
        bad = ("failed", "blocked")
        return [a for a in step.after if outcomes.get(a) and outcomes[a].status in bad]

    def check(step: Step) -> tuple[dict[str, Any], list[str]]:
        record = _input_record(step, state)
        reasons = stale_reasons(step, state, record)
        if force:
            reasons = ["--force", *reasons]
        return record, reasons

    def execute(step: Step, record: dict[str, Any], reasons: list[str]) -> StepOutcome:
        t0 = time.perf_counter()
        outcome = StepOutcome(step.name, "rebuilt", reasons)
        report("start", step, outcome)
        try:
            produced = list(step.action(ctx) or [])
        except Omitted as om:
            produced = om.outputs
            outcome.note = om.reason
        except Exception as exc:
            outcome.status, outcome.error = "failed", failure_text(exc)
            outcome.log = _write_failure_log(root, step, exc)
            outcome.seconds = time.perf_counter() - t0
            state.drop(step.name)
            report("done", step, outcome)
            if step.stop_on_failure:
                raise
            return outcome
        declared = () if outcome.note else step.outputs  # an omitted step writes its record
        written = sorted({state.rel(p) for p in [*declared, *produced]})
        missing = [r for r in written if state.hashes.digest(state.abs(r)) is None]
        if missing:
            outcome.status = "failed"
            outcome.error = f"outputs not written: {', '.join(missing)}"
            state.drop(step.name)
        else:
            # Recompute the input record: an action may legitimately create an input file.
            record = _input_record(step, state) if callable(step.inputs) else record
            outputs = {r: state.hashes.digest(state.abs(r)) for r in written}
            state.put(step.name, {**record, "outputs": outputs, "note": outcome.note})
            outcome.outputs = [state.abs(r) for r in written]
            if outcome.note:
                outcome.status = "omitted"
        outcome.seconds = time.perf_counter() - t0
        report("done", step, outcome)
        return outcome

    try:
        i = 0
        while i < len(steps):
            step = steps[i]
            if dry_run:
                outcome = _dry_outcome(step, state, outcomes, force, by_name)
                outcomes[step.name] = outcome
                i += 1
                continue
            if not step.parallel:
                outcomes[step.name] = _serial(step, blocked_by, check, execute, report, noted)
                i += 1
                continue
            batch = []
            while i < len(steps) and steps[i].parallel:
                batch.append(steps[i])
                i += 1
            _parallel(batch, jobs, outcomes, blocked_by, check, execute, report, noted)
    finally:
        if not dry_run:
            state.save()
    return BuildResult(
        [outcomes[s.name] for s in steps if s.name in outcomes],
        warnings=ctx.warnings,
        seconds=time.perf_counter() - started,
        dry_run=dry_run,
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


def _serial(step, blocked_by, check, execute, report, noted) -> StepOutcome:  # type: ignore[no-untyped-def]
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


def _parallel(batch, jobs, outcomes, blocked_by, check, execute, report, noted) -> None:  # type: ignore[no-untyped-def]
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
        record = _input_record(step, state)
        reasons = stale_reasons(step, state, record)
    except Exception as exc:  # an input produced by an earlier step may not exist yet
        reasons = [f"inputs not readable yet: {exc}"]
    if force:
        reasons = ["--force", *reasons]
    if upstream:
        reasons.append(f"runs after stale: {', '.join(upstream)}")
    return StepOutcome(step.name, "stale" if reasons else "skipped", reasons)


# ---------------------------------------------------------------------------------------------
# The real build: validate → processed → indicators → notebooks → gallery → workbook

#: Reference tables read from ``data/raw`` by ``fx`` and ``reference`` (inputs of every step
#: that computes or draws).
REFERENCE_FILES: tuple[str, ...] = ("nbu_official_rates_2014_2022.csv", "population_2022.csv")
#: Languages built by default.
DEFAULT_LANGS: tuple[str, ...] = ("uk", "en")
#: Where executed notebook copies go, under the output root (git-ignored).
EXECUTED_DIR = Path(".promis-cache") / "notebooks"

_DS_ACCESS = re.compile(r"""\bds\s*\[\s*(['"])(?P<kind>\w+)\1\s*\]""")
_DS_OTHER = re.compile(r"\bds\b(?!\s*\[)(?!\s*=[^=])")


@dataclass(frozen=True)
class NotebookDeps:
    """What a notebook reads: register kinds and package modules (imports)."""

    registers: tuple[str, ...]
    modules: tuple[str, ...]
    how: str  # "metadata", "ds[...] accesses" or "whole dataset"
    saves_figures: bool = True  # its code calls save_figure (a run that saves none is odd)
    requires: tuple[str, ...] = ()  # metadata promis.requires: "kind" or "kind|other" each

    def unmet(self, present: Sequence[str]) -> list[str]:
        """The requirements no present register meets (each "a|b" needs one of a, b)."""
        return [r for r in self.requires if not any(k in present for k in r.split("|"))]


def notebook_dependencies(path: Path, kinds: Sequence[str] | None = None) -> NotebookDeps:
    """The registers and package modules notebook ``path`` depends on.

    Registers: the list in notebook metadata ``promis.registers`` when present; otherwise the
    kinds read as ``ds["kind"]`` in its code cells — unless ``ds`` is also used in any other
    way (passed whole to a function, ``ds.inventory()`` …), in which case the notebook depends
    on every register (a safe over-approximation). Modules: the ``promis_analytics`` modules
    its cells import (their own imports are followed when hashing).
    """
    from promis_analytics.registers import KINDS

    known = tuple(kinds or KINDS)
    nb = json.loads(Path(path).read_text(encoding="utf-8"))  # plain JSON: fast, no validation

    def _source(cell: Mapping[str, Any]) -> str:
        src = cell.get("source", "")
        return "".join(src) if isinstance(src, list) else str(src)

    code = "\n\n".join(_source(c) for c in nb.get("cells", []) if c.get("cell_type") == "code")
    modules = tuple(sorted(imported_package_modules(code)))
    saves = "save_figure(" in code
    meta = nb.get("metadata", {}).get("promis", {})
    requires = tuple(meta.get("requires", ()))
    bad = [r for r in requires for k in r.split("|") if k not in known]
    if bad:
        raise ValueError(f"{path}: metadata promis.requires names unknown {bad}")
    declared = meta.get("registers")
    if declared is not None:
        unknown = [k for k in declared if k not in known]
        if unknown:
            raise ValueError(f"{path}: metadata promis.registers names unknown {unknown}")
        return NotebookDeps(tuple(sorted(declared)), modules, "metadata", saves, requires)
    accessed = {m.group("kind") for m in _DS_ACCESS.finditer(code)}
    rest = _DS_ACCESS.sub("", code)
    if _DS_OTHER.search(rest) or not accessed <= set(known):
        return NotebookDeps(known, modules, "whole dataset", saves, requires)
    return NotebookDeps(tuple(sorted(accessed)), modules, "ds[...] accesses", saves, requires)


@dataclass(frozen=True)
class BuildConfig:
    """Options of ``promis build``: data folder, output root, languages, workers, notebooks."""

    data_dir: Path
    out_dir: Path
    langs: tuple[str, ...] = DEFAULT_LANGS
    jobs: int | None = None
    notebooks_dir: Path = field(default_factory=lambda: paths.repo_root() / "notebooks")

    @property
    def processed_dir(self) -> Path:
        return self.out_dir / "data" / "processed"

    @property
    def figures_dir(self) -> Path:
        return self.out_dir / "figures"

    @property
    def reports_dir(self) -> Path:
        return self.out_dir / "reports"

    @property
    def state_path(self) -> Path:
        return self.out_dir / STATE_FILE


def _reference_inputs(data_dir: Path) -> list[Path]:
    folders = {data_dir, paths.raw_dir()}
    return [f / name for f in sorted(folders) for name in REFERENCE_FILES if (f / name).is_file()]


def _write_parquet(frame: Any, path: Path) -> Path:
    """Write ``frame`` to Parquet atomically; ``attrs`` kept as JSON (other values as text)."""
    from promis_analytics.export import atomic_write

    out = frame.copy()
    out.attrs = json.loads(json.dumps(frame.attrs, default=str)) if frame.attrs else {}
    return atomic_write(path, lambda tmp: out.to_parquet(tmp, index=False, engine="pyarrow"))


def _replace_from(target: Path, write: Callable[[Path], Any]) -> Path:
    """Let ``write(tmp)`` create a file of the same suffix beside ``target``, then replace it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.{threading.get_ident()}{target.suffix}")
    try:
        write(tmp)
        if not tmp.is_file():
            raise FileNotFoundError(f"{tmp}: the writer created no file")
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


#: Fixed timestamp for zip members and workbook properties (reproducible workbooks).
FIXED_ZIP_TIME = (2021, 12, 31, 0, 0, 0)
_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def normalise_zip(path: Path) -> None:
    """Make an .xlsx byte-stable: fixed member timestamps and fixed created/modified dates."""
    import zipfile

    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info.filename)) for info in zin.infolist()]

    def _write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as zout:
            for info, data in members:
                if info.filename == "docProps/core.xml":
                    data = _CORE_DATES.sub(rb"\g<1>2021-12-31T00:00:00Z\g<2>", data)
                new = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
                new.compress_type = zipfile.ZIP_DEFLATED
                new.external_attr = 0o644 << 16
                zout.writestr(new, data)

    from promis_analytics.export import atomic_write

    atomic_write(path, _write)


def _figures_of(figures_dir: Path, notebook: Path, lang: str) -> list[Path]:
    """Files a notebook wrote for ``lang``: every ``<stem>.<lang>.*`` whose sidecar
    ``<stem>.<lang>.json`` names the notebook (``meta["notebook"]``)."""
    found: list[Path] = []
    for sidecar in sorted(figures_dir.glob(f"*.{lang}.json")):
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        if str(meta.get("notebook", "")) not in (notebook.name, notebook.stem):
            continue
        stem = sidecar.name[: -len(".json")]
        found += [
            p for p in figures_dir.glob(f"{stem}.*") if p.name.count(".") == stem.count(".") + 1
        ]
    return sorted(set(found))


def notebook_warnings(path: Path, limit: int = 5) -> list[str]:
    """Distinct non-empty lines a notebook's cells wrote to stderr (warnings), first ``limit``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    lines: list[str] = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = output.get("text", "")
                text = "".join(text) if isinstance(text, list) else str(text)
                lines += [x.strip() for x in text.splitlines() if x.strip()]
    return list(dict.fromkeys(lines))[:limit]


def _notebook_settings(data_dir: Path) -> dict[str, Any]:
    """``[parameters]`` of the folder's ``promis.toml``: values for notebook parameters of the
    same name (e.g. ``compare_years = [2018, 2020]``)."""
    from promis_analytics.project import project_settings

    params = project_settings(data_dir).extra.get("parameters")
    return dict(params) if isinstance(params, dict) else {}


def notebook_parameters(path: Path) -> set[str]:
    """Names assigned in the notebook's ``parameters`` cell."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = cell.get("source", "")
            tree = ast.parse("".join(src) if isinstance(src, list) else str(src))
            return {
                t.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for t in node.targets
                if isinstance(t, ast.Name)
            }
    return set()


def _absent_reason(unmet: Sequence[str], data_dir: Path, lang: str | None = None) -> str:
    """Why a notebook is omitted, in ``lang`` (both languages when None)."""
    uk = ", ".join(" або ".join(f"«{k}»" for k in r.split("|")) for r in unmet)
    en = ", ".join(" or ".join(f"'{k}'" for k in r.split("|")) for r in unmet)
    texts = {
        "uk": f"потрібен реєстр {uk}: у теці «{data_dir.name}» немає його файлу з рядками",
        "en": f"needs register {en}: the folder '{data_dir.name}' has no file with rows for it",
    }
    return texts[lang] if lang else f"{texts['uk']} / {texts['en']}"


def _stamps(files: Sequence[Path]) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in files if p.is_file()}


def _drop_unwritten(before: Mapping[Path, int]) -> None:
    """Delete the files of ``before`` that a run did not write again (same mtime)."""
    for p, stamp in before.items():
        if p.is_file() and p.stat().st_mtime_ns == stamp:
            p.unlink()


def _remove_figures(figures_dir: Path, notebook: Path, lang: str) -> None:
    """Delete the files a notebook wrote for ``lang`` earlier (and its skip record)."""
    for p in _figures_of(figures_dir, notebook, lang):
        p.unlink(missing_ok=True)


def _record_skip(figures_dir: Path, notebook: Path, lang: str, reason: str) -> list[Path]:
    """An omitted notebook: remove what it drew before and write its skip record
    ``<notebook stem>.<lang>.json`` (``skipped`` = reason), which the gallery lists."""
    from promis_analytics.export import atomic_write

    figures_dir.mkdir(parents=True, exist_ok=True)
    _remove_figures(figures_dir, notebook, lang)
    title = _notebook_title(notebook)
    meta = {"notebook": notebook.name, "skipped": reason, "title": title}
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    target = figures_dir / f"{notebook.stem.lower()}.{lang}.json"
    return [atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))]


def _notebook_title(notebook: Path) -> str:
    """The first heading of the notebook's first markdown cell (its name otherwise)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            src = cell.get("source", "")
            text = "".join(src) if isinstance(src, list) else str(src)
            for line in text.splitlines():
                if line.startswith("#"):
                    return line.lstrip("# ").strip()
    return notebook.stem


def _once(ctx: BuildContext, key: str, fn: Callable[[], Any]) -> Any:
    with ctx._lock:
        if key not in ctx.cache:
            ctx.cache[key] = fn()
        return ctx.cache[key]


#: Files in figures/ that the build derives from the other figure files (not their inputs).
_GENERATED_INDEXES = frozenset({"index.html", "MANIFEST.sha256"})


def plan_build(config: BuildConfig) -> tuple[list[Step], list[str]]:
    """The steps of ``promis build`` for ``config``, top to bottom, and planning warnings."""
    from promis_analytics.registers import KINDS
    from promis_analytics.registers.folder import scan_folder

    data_dir, warnings = config.data_dir, []
    scan = scan_folder(data_dir)
    all_inputs = scan.inputs()
    reference = _reference_inputs(data_dir)
    present = [k for k in KINDS if k in scan.sources]
    for k in KINDS:
        if k not in present:
            warnings.append(f"register {k}: no file in {data_dir} (built as an empty table)")

    def _validate(ctx: BuildContext) -> None:
        ctx.dataset()  # load_dataset raises RegisterError listing every problem

    steps: list[Step] = [
        Step(
            "validate",
            _validate,
            inputs=all_inputs,
            code=("promis_analytics.dataset",),
            stop_on_failure=True,
            label="validate registers / перевірка реєстрів",
        )
    ]
    for kind in present:

        def _processed(ctx: BuildContext, kind: str = kind) -> list[Path]:
            from promis_analytics import export
            from promis_analytics.registers.places import with_place_columns

            table = with_place_columns(ctx.dataset()[kind], kind)
            pq = _write_parquet(table, config.processed_dir / f"{kind}.parquet")
            csv = export.write(table, config.processed_dir / f"{kind}.csv")
            return [pq, csv]

        steps.append(
            Step(
                f"processed:{kind}",
                _processed,
                inputs=scan.inputs_of(kind),
                code=("promis_analytics.dataset", "promis_analytics.export"),
                outputs=(
                    config.processed_dir / f"{kind}.parquet",
                    config.processed_dir / f"{kind}.csv",
                ),
                after=("validate",),
            )
        )

    def _tables(ctx: BuildContext) -> dict[str, Any]:
        from promis_analytics.indicators.tables import indicator_tables

        return _once(ctx, "indicator_tables", lambda: indicator_tables(ctx.dataset()))

    def _indicators(ctx: BuildContext) -> list[Path]:
        from promis_analytics.reconcile import reconcile

        tables = _tables(ctx)
        # Row counts from raw file to processed table to indicator totals, or a loud failure.
        processed = {k: config.processed_dir / f"{k}.parquet" for k in present}
        reconcile(ctx.dataset(), processed, tables)
        folder = config.processed_dir / "indicators"
        return [_write_parquet(t, folder / f"{name}.parquet") for name, t in tables.items()]

    steps.append(
        Step(
            "indicators",
            _indicators,
            inputs=[*all_inputs, *reference],
            code=("promis_analytics.indicators.tables", "promis_analytics.reconcile"),
            after=("validate", *(f"processed:{k}" for k in present)),
            label="indicator tables / таблиці індикаторів",
        )
    )
    notebooks = sorted(config.notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    user_params = _notebook_settings(data_dir)
    nb_steps: list[str] = []
    for nb in notebooks:
        deps = notebook_dependencies(nb)
        declared = notebook_parameters(nb)
        extra = {k: v for k, v in user_params.items() if k in declared}
        for lang in config.langs:
            executed = config.out_dir / EXECUTED_DIR / f"{nb.stem}.{lang}.ipynb"
            name = f"notebook:{nb.stem}.{lang}"
            nb_steps.append(name)
            inputs = [nb, *[p for k in deps.registers for p in scan.inputs_of(k)], *reference]

            def _run(
                ctx: BuildContext,
                nb: Path = nb,
                lang: str = lang,
                out: Path = executed,
                saves_figures: bool = deps.saves_figures,
                extra: dict[str, Any] = extra,
                deps: NotebookDeps = deps,
            ):
                from promis_analytics.notebook_tools import execute_notebook

                ds = ctx.dataset()
                unmet = deps.unmet([k for k in ds.files if len(ds[k])])
                if unmet:
                    reason = _absent_reason(unmet, data_dir, lang)
                    raise Omitted(
                        _absent_reason(unmet, data_dir),
                        _record_skip(config.figures_dir, nb, lang, reason),
                    )

                def _fonts() -> Any:
                    from promis_analytics.charts import check_fonts

                    return check_fonts()

                _once(ctx, "fonts", _fonts)
                params = {
                    **extra,
                    "data_dir": str(data_dir.resolve()),
                    "figures_dir": str(config.figures_dir.resolve()),
                    "lang": lang,
                }
                config.figures_dir.mkdir(parents=True, exist_ok=True)
                before = _stamps(_figures_of(config.figures_dir, nb, lang))
                execute_notebook(nb, parameters=params, out=out, cwd=nb.parent)
                _drop_unwritten(before)  # a figure this run no longer draws
                for line in notebook_warnings(out):
                    ctx.warn(f"{nb.name} ({lang}): {line}")
                figures = _figures_of(config.figures_dir, nb, lang)
                if not figures and saves_figures:
                    ctx.warn(f"{nb.name} ({lang}) saved no figure")
                return [out, *figures]

            steps.append(
                Step(
                    name,
                    _run,
                    inputs=inputs,
                    code=deps.modules,
                    params={"lang": lang, "registers": list(deps.registers), **extra},
                    outputs=(executed,),
                    after=("validate",),
                    parallel=True,
                    label=f"{nb.name} [{lang}]",
                )
            )

    def _gallery_inputs() -> list[Path]:
        folder = config.figures_dir
        if not folder.is_dir():
            return []
        return [
            p
            for p in folder.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.name not in _GENERATED_INDEXES
        ]

    def _gallery(ctx: BuildContext) -> list[Path]:
        from promis_analytics.gallery import write_gallery

        target = config.figures_dir / "index.html"
        return [_replace_from(target, lambda tmp: write_gallery(config.figures_dir, tmp))]

    steps.append(
        Step(
            "gallery",
            _gallery,
            inputs=_gallery_inputs,
            code=("promis_analytics.gallery",),
            outputs=(config.figures_dir / "index.html",),
            after=tuple(nb_steps),
            after_failure=True,
            label="figures/index.html",
        )
    )

    def _report(ctx: BuildContext) -> list[Path]:
        from promis_analytics.report_xlsx import write_indicator_report

        tables = _tables(ctx)  # includes brochure_checks and register_sources
        target = config.reports_dir / "indicators.xlsx"

        def _write(tmp: Path) -> None:
            write_indicator_report(tables, tmp)
            normalise_zip(tmp)

        return [_replace_from(target, _write)]

    steps.append(
        Step(
            "report",
            _report,
            inputs=[*all_inputs, *reference, paths.raw_dir() / "SOURCES.md"],
            code=("promis_analytics.indicators.tables", "promis_analytics.report_xlsx"),
            outputs=(config.reports_dir / "indicators.xlsx",),
            after=("indicators",),
            label="reports/indicators.xlsx",
        )
    )

    def _manifest(ctx: BuildContext) -> list[Path]:
        from promis_analytics.manifest import write_manifest

        return [
            write_manifest(folder)
            for folder in (config.figures_dir, config.reports_dir)
            if folder.is_dir()
        ]

    steps.append(
        Step(
            "manifest",
            _manifest,
            inputs=lambda: [
                *_gallery_inputs(),
                config.figures_dir / "index.html",
                config.reports_dir / "indicators.xlsx",
            ],
            code=("promis_analytics.manifest",),
            outputs=(
                config.figures_dir / "MANIFEST.sha256",
                config.reports_dir / "MANIFEST.sha256",
            ),
            after=("gallery", "report"),
            after_failure=True,
            label="MANIFEST.sha256",
        )
    )
    return steps, warnings


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
    steps, warnings = plan_build(config)
    result = run_steps(
        steps,
        root=config.out_dir,
        data_dir=config.data_dir,
        state_path=config.state_path,
        jobs=config.jobs,
        force=force,
        dry_run=dry_run,
        reporter=reporter,
    )
    result.warnings[:0] = warnings
    return result
