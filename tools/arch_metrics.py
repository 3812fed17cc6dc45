"""Print the package's size metrics: long modules, long functions and cross-module private imports.

Usage: ``python tools/arch_metrics.py [--check]`` from the repository root. The limits are those
of issue 29: modules at most 400 lines, functions at most 80 lines (``end_lineno - lineno + 1``,
decorators excluded), and names starting with one underscore imported from another module. With
``--check`` the script exits 1 when a done-when target is missed (more than 3 long functions,
more than 5 private imports, or any module over the limit).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "promis_analytics"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
MAX_LONG_FUNCTIONS = 3
MAX_PRIVATE_IMPORTS = 5


@dataclass(frozen=True)
class Function:
    """One function or method longer than the limit."""

    path: str
    name: str
    lines: int


@dataclass(frozen=True)
class PrivateImport:
    """One ``from module import _name`` where the importer is not the owning module."""

    path: str
    module: str
    name: str


def _modules(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.py"))


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root.parent))


def module_sizes(root: Path = PACKAGE) -> list[tuple[str, int]]:
    """Lines of every module, longest first."""
    texts = {p: p.read_text(encoding="utf-8") for p in _modules(root)}
    sizes = [(_relative(p, root), len(text.splitlines())) for p, text in texts.items()]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))


def long_functions(root: Path = PACKAGE, limit: int = MAX_FUNCTION_LINES) -> list[Function]:
    """Functions and methods (nested ones too) with more than ``limit`` lines, longest first."""
    found: list[Function] = []
    for path in _modules(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > limit:
                    found.append(Function(_relative(path, root), node.name, lines))
    return sorted(found, key=lambda f: (-f.lines, f.path, f.name))


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _dotted(path: Path, root: Path) -> list[str]:
    return list(path.relative_to(root.parent).with_suffix("").parts)


def _absolute_module(path: Path, node: ast.ImportFrom, root: Path) -> str:
    """Dotted module an ``ImportFrom`` refers to, resolving relative imports."""
    if not node.level:
        return node.module or ""
    parts = _dotted(path, root)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    base = parts[: len(parts) - node.level + (1 if path.name == "__init__.py" else 0)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports_from_package(root: Path) -> Iterator[tuple[Path, str, str]]:
    """(importing file, absolute module, name) of every ``from … import`` of the package."""
    for path in _modules(root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = _absolute_module(path, node, root)
                if module == root.name or module.startswith(root.name + "."):
                    for alias in node.names:
                        yield path, module, alias.name


def private_imports(root: Path = PACKAGE) -> list[PrivateImport]:
    """Private names (one leading underscore) imported from another module of the package."""
    return [
        PrivateImport(_relative(path, root), module, name)
        for path, module, name in _imports_from_package(root)
        if _is_private(name)
    ]


def private_module_imports(root: Path = PACKAGE) -> list[PrivateImport]:
    """Public names imported from a private module (``indicators/_common.py``) by a module of
    another subpackage: the module's name says it belongs to its own subpackage alone."""
    found = []
    for path, module, name in _imports_from_package(root):
        parts = module.split(".")
        private = [i for i, part in enumerate(parts) if _is_private(part)]
        owner = ".".join(parts[: private[0]]) if private else ""
        importer = ".".join(_dotted(path, root))
        if private and not _is_private(name) and not importer.startswith(owner + "."):
            found.append(PrivateImport(_relative(path, root), module, name))
    return found


def _report(check: bool) -> int:
    sizes = [(p, n) for p, n in module_sizes() if n > MAX_MODULE_LINES]
    functions = long_functions()
    imports = private_imports()
    print(f"Modules over {MAX_MODULE_LINES} lines: {len(sizes)}")
    for path, lines in sizes:
        print(f"  {lines:5d}  {path}")
    print(f"Functions over {MAX_FUNCTION_LINES} lines: {len(functions)}")
    for f in functions:
        print(f"  {f.lines:5d}  {f.path}:{f.name}")
    print(f"Private names imported across modules: {len(imports)}")
    for i in imports:
        print(f"  {i.path}: from {i.module} import {i.name}")
    outside = private_module_imports()
    print(f"Names imported from a private module of another subpackage: {len(outside)}")
    for i in outside:
        print(f"  {i.path}: from {i.module} import {i.name}")
    missed = (
        bool(sizes) or len(functions) > MAX_LONG_FUNCTIONS or len(imports) > MAX_PRIVATE_IMPORTS
    )
    return 1 if check and missed else 0


def main(argv: list[str] | None = None) -> int:
    """Command line: print the metrics; ``--check`` turns a missed target into exit status 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return _report(parser.parse_args(argv).check)


if __name__ == "__main__":
    sys.exit(main())
