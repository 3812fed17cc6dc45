"""registers/ as a straight line: four layered subpackages, as documented."""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib

import promis_analytics.registers as registers
from promis_analytics import paths

ROOT = paths.REPO_ROOT


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    [contract] = [c for c in contracts if c["id"] == "registers-layers"]
    return contract


def test_every_register_module_lives_in_a_layered_subpackage() -> None:
    contract = _contract()
    assert contract["containers"] == ["promis_analytics.registers"]
    children = {m.name: m.ispkg for m in pkgutil.iter_modules(registers.__path__)}
    flat = sorted(name for name, is_package in children.items() if not is_package)
    assert flat == [], "move these modules into a subpackage of registers/"
    assert sorted(contract["layers"]) == sorted(children)


def test_the_documented_register_layers_are_the_packages() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("<!-- registers-layers:start -->")[1].split("<!-- registers-layers:end -->")[
        0
    ]
    rows = dict(re.findall(r"^\| `(\w+)/` \| (.*) \|$", block, re.MULTILINE))
    assert list(rows) == _contract()["layers"]
    for layer, listed in rows.items():
        package = importlib.import_module(f"promis_analytics.registers.{layer}")
        modules = sorted(m.name for m in pkgutil.iter_modules(package.__path__))
        assert sorted(re.findall(r"`(\w+)`", listed)) == modules, layer
