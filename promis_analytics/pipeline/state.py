"""The build state file and the context step actions get; why a step is stale."""

from __future__ import annotations

import contextlib
import hashlib
import json
import stat
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promis_analytics.pipeline.hashing import NOT_REGULAR, HashCache, file_digest, module_closure

STATE_FILE = Path(".promis-cache") / "build-state.json"
STATE_VERSION = 1
#: Recorded in place of an input's digest when the file changed while a step used it: never
#: equal to a real digest, so the next build redoes the step.
CHANGED_DURING_BUILD = "changed during the build"


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
    #: Resolved path → digest of the bytes the shared dataset was read from this build
    #: (``CHANGED_DURING_BUILD`` when the file changed while it was read).
    read: dict[str, str] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def dataset(self) -> Any:
        """The dataset of ``data_dir``, loaded (and validated) once per build.

        The folder's input files are hashed just before and just after they are read, and
        the digests recorded in ``read``: the steps that use this dataset are recorded with
        the bytes it was read from, not with what the files hold when a step is checked.
        """
        with self._lock:
            if "dataset" not in self.cache:
                from promis_analytics.dataset import load_dataset
                from promis_analytics.registers.io.folder import scan_folder

                files = scan_folder(self.data_dir).inputs()
                before = _digests(files)
                # Parsed registers are cached by content hash: unchanged workbooks are
                # not parsed again on the next build.
                parsed = self.root / "data" / "processed" / ".cache"
                try:
                    self.cache["dataset"] = load_dataset(self.data_dir, cache=parsed)
                finally:
                    after = _digests(files)
                    for key, digest in before.items():
                        same = digest == after.get(key)
                        self.read[key] = digest if same else CHANGED_DURING_BUILD
            return self.cache["dataset"]

    def warn(self, message: str) -> None:
        with self._lock:
            self.warnings.append(message)


def _digests(files: list[Path]) -> dict[str, str]:
    """Resolved path → SHA-256 of the bytes of each file in ``files`` (read now), "missing"
    for an absent one (as the input record says it), ``NOT_REGULAR`` for a FIFO or device."""
    out = {}
    for p in files:
        try:
            mode = p.stat().st_mode
            digest = file_digest(p) if stat.S_ISREG(mode) else NOT_REGULAR
        except FileNotFoundError:
            digest = "missing"
        except OSError:
            continue
        out[str(p.resolve())] = digest
    return out


def input_record(step: Step, state: BuildState) -> dict[str, Any]:
    """The hashed inputs of ``step``: files, code and params, plus their combined hash."""
    files = {}
    for p in step.input_files():
        files[state.rel(p)] = state.hashes.digest(p) or "missing"
    code = {}
    if step.code:
        for name, source in module_closure(step.code).items():
            code[name] = state.hashes.digest(source) or "missing"
    params = json.loads(json.dumps(dict(step.params), sort_keys=True, default=str))
    return _hashed(files, code, params)


def _hashed(files: dict[str, str], code: dict[str, str], params: Any) -> dict[str, Any]:
    blob = json.dumps({"files": files, "code": code, "params": params}, sort_keys=True)
    return {
        "hash": hashlib.sha256(blob.encode()).hexdigest(),
        "files": files,
        "code": code,
        "params": params,
    }


def moved_inputs(
    record: Mapping[str, Any], state: BuildState, read: Mapping[str, str]
) -> list[str]:
    """Inputs of a step that just ran whose bytes are not those its record says: changed
    since the step was checked (hashed again now), or read by the shared dataset from other
    bytes (``read``: resolved path → digest, see ``BuildContext.dataset``)."""
    moved = []
    for rel, digest in record["files"].items():
        path = state.abs(rel)
        now = state.hashes.digest(path) or "missing"
        seen = read.get(str(path.resolve()), digest)
        if now != digest or seen != digest:
            moved.append(rel)
    return moved


def marked_changed(record: Mapping[str, Any], moved: list[str]) -> dict[str, Any]:
    """``record`` with the digests of ``moved`` inputs replaced by ``CHANGED_DURING_BUILD``."""
    files = {k: (CHANGED_DURING_BUILD if k in moved else v) for k, v in record["files"].items()}
    return _hashed(files, dict(record["code"]), record["params"])


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
    if not previous.get("note"):  # an omitted step wrote only its record, not its outputs
        for p in step.outputs:
            recorded.setdefault(state.rel(p), None)
    for rel, digest in sorted(recorded.items()):
        now = state.hashes.digest(state.abs(rel))
        if now is None:
            reasons.append(f"output missing: {rel}")
        elif digest is not None and now != digest:
            reasons.append(f"output changed: {rel}")
    return reasons


Action = Callable[[BuildContext], Iterable[Path] | None]


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
