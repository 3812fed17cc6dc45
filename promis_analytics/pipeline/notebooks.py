"""What a notebook reads and draws: dependencies, parameters, figures, skip records."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promis_analytics.pipeline.hashing import imported_package_modules

EXECUTED_DIR = Path(".promis-cache") / "notebooks"


def executed_copy(out_dir: Path, notebook: Path, lang: str) -> Path:
    """Where the build keeps the executed copy of ``notebook`` in ``lang``."""
    return out_dir / EXECUTED_DIR / f"{notebook.stem}.{lang}.ipynb"


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
    figures: int = 0  # save_figure calls in its code (the heavy part: a guess of its run time)
    documents: bool = False  # its code reads report documents (``report_documents(``)

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
    figures = code.count("save_figure(")
    documents = "report_documents(" in code
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
        return NotebookDeps(
            tuple(sorted(declared)), modules, "metadata", saves, requires, figures, documents
        )
    accessed = {m.group("kind") for m in _DS_ACCESS.finditer(code)}
    rest = _DS_ACCESS.sub("", code)
    if _DS_OTHER.search(rest) or not accessed <= set(known):
        return NotebookDeps(known, modules, "whole dataset", saves, requires, figures, documents)
    accessed_kinds = tuple(sorted(accessed))
    return NotebookDeps(
        accessed_kinds, modules, "ds[...] accesses", saves, requires, figures, documents
    )


def figures_of(figures_dir: Path, notebook: Path, lang: str) -> list[Path]:
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
            p
            for p in [*figures_dir.glob(f"{stem}.*"), *figures_dir.glob(f"*/{stem}.*")]
            if p.name.count(".") == stem.count(".") + 1  # and in figures/<output>/ (save_figure)
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


def notebook_settings(data_dir: Path) -> dict[str, Any]:
    """``[parameters]`` of the folder's ``promis.toml``: values for notebook parameters of the
    same name (e.g. ``compare_years = [2018, 2020]``)."""
    from promis_analytics.project import SettingsError, project_settings

    try:
        return dict(project_settings(data_dir).parameters)
    except SettingsError:  # the validate step reports the file's problem
        return {}


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


def absent_reason(unmet: Sequence[str], data_dir: Path, lang: str | None = None) -> str:
    """Why a notebook is omitted, in ``lang`` (both languages when None)."""
    uk = ", ".join(" або ".join(f"«{k}»" for k in r.split("|")) for r in unmet)
    en = ", ".join(" or ".join(f"'{k}'" for k in r.split("|")) for r in unmet)
    texts = {
        "uk": f"потрібен реєстр {uk}: у теці «{data_dir.name}» немає його файлу з рядками",
        "en": f"needs register {en}: the folder '{data_dir.name}' has no file with rows for it",
    }
    return texts[lang] if lang else f"{texts['uk']} / {texts['en']}"


def stamps(files: Sequence[Path]) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in files if p.is_file()}


def drop_unwritten(before: Mapping[Path, int]) -> None:
    """Delete the files of ``before`` that a run did not write again (same mtime)."""
    for p, stamp in before.items():
        if p.is_file() and p.stat().st_mtime_ns == stamp:
            p.unlink()


def remove_figures(figures_dir: Path, notebook: Path, lang: str) -> None:
    """Delete the files a notebook wrote for ``lang`` earlier (and its skip record)."""
    for p in figures_of(figures_dir, notebook, lang):
        p.unlink(missing_ok=True)


def record_skip(
    figures_dir: Path, notebook: Path, lang: str, reason: str, title: str | None = None
) -> list[Path]:
    """An omitted notebook: remove what it drew before and write its skip record
    ``<notebook stem>.<lang>.json`` (``skipped`` = reason, ``title``: default the notebook's
    first heading), which the gallery lists."""
    from promis_analytics.export import atomic_write

    figures_dir.mkdir(parents=True, exist_ok=True)
    remove_figures(figures_dir, notebook, lang)
    title = title or notebook_title(notebook)
    meta = {"notebook": notebook.name, "skipped": reason, "title": title}
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    target = figures_dir / f"{notebook.stem.lower()}.{lang}.json"
    return [atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))]


def notebook_title(notebook: Path) -> str:
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
