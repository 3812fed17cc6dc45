"""tools/arch_metrics.py finds long modules, long functions and private imports (issue 29)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from promis_analytics import paths

_SPEC = importlib.util.spec_from_file_location(
    "arch_metrics", paths.repo_root() / "tools" / "arch_metrics.py"
)
assert _SPEC is not None and _SPEC.loader is not None
metrics = importlib.util.module_from_spec(_SPEC)
sys.modules["arch_metrics"] = metrics  # dataclasses look their module up there
_SPEC.loader.exec_module(metrics)


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    """A package ``pkg`` under ``tmp_path`` with the given files (path → text)."""
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _function(name: str, body_lines: int) -> str:
    return f"def {name}():\n" + "    x = 1\n" * body_lines


def test_long_functions_count_def_to_last_line(tmp_path: Path) -> None:
    root = _package(tmp_path, {"a.py": _function("short", 79) + _function("long", 80)})
    found = metrics.long_functions(root)
    assert [(f.path, f.name, f.lines) for f in found] == [("pkg/a.py", "long", 81)]


def test_module_sizes_longest_first(tmp_path: Path) -> None:
    root = _package(tmp_path, {"a.py": "x = 1\n" * 3, "sub/__init__.py": "", "sub/b.py": "y\n"})
    assert metrics.module_sizes(root)[:2] == [("pkg/a.py", 3), ("pkg/sub/b.py", 1)]


def test_private_imports_absolute_and_relative(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "sub/__init__.py": "from ._helpers import _shared\n",
            "sub/_helpers.py": "_shared = 1\npublic = 2\n",
            "sub/user.py": "from pkg.sub._helpers import public\nfrom . import _helpers\n",
            "other.py": "from pkg.sub._helpers import public\nfrom pkg.sub import __all__\n",
            "outside.py": "from os import _exit\n",
        },
    )
    names = {(i.path, i.module, i.name) for i in metrics.private_imports(root)}
    assert names == {
        ("pkg/sub/__init__.py", "pkg.sub._helpers", "_shared"),
        ("pkg/sub/user.py", "pkg.sub", "_helpers"),
    }
    outside = {(i.path, i.name) for i in metrics.private_module_imports(root)}
    assert outside == {("pkg/other.py", "public")}  # a sibling of the private module may


def test_the_script_runs_on_the_package(capsys) -> None:
    assert metrics.main([]) == 0
    out = capsys.readouterr().out
    assert "Modules over 400 lines" in out and "Private names imported across modules" in out
