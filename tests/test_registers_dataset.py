"""The embedded dataset in data/raw loads strictly: every register, every row accepted."""

from __future__ import annotations

import pytest

from promis_analytics import paths
from promis_analytics.registers import SCHEMAS, load


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_embedded_register_validates(kind: str) -> None:
    path = paths.raw_dir() / f"{kind}.csv"
    if not path.exists():
        pytest.fail(f"{path} is missing")
    reg = load(kind, path)  # strict: raises RegisterError listing every problem
    r = reg.report
    assert r.ok and r.balanced
    assert r.accepted == r.rows_read == len(reg.data) > 0
    key = list(SCHEMAS[kind].key)
    assert not reg.data.duplicated(key).any()
