"""The embedded dataset in data/raw loads strictly: every register file, every row accepted."""

from __future__ import annotations

import pytest

from promis_analytics import paths
from promis_analytics.registers import SCHEMAS, load

# Issue 3 lists these as the embedded real dataset; the other registers (recommendations,
# cofinancing, indicators) are validated when a file exists, since sources may not give them.
REQUIRED_FILES = ("events", "adoptions", "index_scores", "facts")


def test_the_issue_registers_are_embedded() -> None:
    missing = [k for k in REQUIRED_FILES if not (paths.raw_dir() / f"{k}.csv").exists()]
    assert not missing, f"missing in data/raw: {missing}"


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_embedded_register_validates(kind: str) -> None:
    path = paths.raw_dir() / f"{kind}.csv"
    if not path.exists():
        pytest.skip(f"no {path.name} in data/raw")
    reg = load(kind, path)  # strict: raises RegisterError listing every problem
    r = reg.report
    assert r.ok and r.balanced
    assert r.accepted == r.rows_read == len(reg.data) > 0
    assert not reg.data.duplicated(list(SCHEMAS[kind].key)).any()
