"""The layers of docs/architecture.md are the import-linter contract's, and every module has one."""

from __future__ import annotations

import pkgutil
import re
import tomllib

import promis_analytics
from promis_analytics import paths

ROOT = paths.REPO_ROOT


def _contract_layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers"]
    assert layers["containers"] == ["promis_analytics"]
    return [[m.strip() for m in row.split("|")] for row in layers["layers"]]


def _doc_layers() -> list[list[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("<!-- layers:start -->")[1].split("<!-- layers:end -->")[0]
    rows = [line for line in block.splitlines() if re.match(r"^\| \d+ \|", line)]
    return [re.findall(r"`([\w.]+)`", row) for row in rows]


def test_the_documented_layers_are_the_contract() -> None:
    assert _doc_layers() == _contract_layers()


def test_every_module_of_the_package_has_a_layer() -> None:
    modules = {m.name for m in pkgutil.iter_modules(promis_analytics.__path__)}
    layered = [m for row in _contract_layers() for m in row]
    assert sorted(set(layered)) == sorted(layered), "a module is in two layers"
    assert modules - set(layered) == set(), "add the new module to [tool.importlinter] layers"
    assert set(layered) - modules == set(), "a layer names a module that does not exist"
