"""The build state file and the context step actions get; why a step is stale."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promis_analytics.build.hashing import HashCache, module_closure

if TYPE_CHECKING:
    from promis_analytics.build.engine import Step

STATE_FILE = Path(".promis-cache") / "build-state.json"
STATE_VERSION = 1


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
