"""TableSpec: every indicator table declared once, and everything that lists tables agrees."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from promis_analytics.dataset import load_dataset
from promis_analytics.errors import ChartError, ReconciliationError
from promis_analytics.indicators import TABLE_NAMES, TABLE_SPECS, indicator_tables
from promis_analytics.indicators.specs import spec, tables_markdown
from promis_analytics.pipeline.reconcile import reconcile
from promis_analytics.pipeline.workbook import ONLY_WITH_ROWS, SHEETS
from promis_analytics.registers import KINDS, SCHEMAS
from promis_analytics.registers.check.validate import empty_frame

DOC = Path(__file__).resolve().parents[1] / "docs" / "indicators.md"
START, END = "<!-- tables:start -->", "<!-- tables:end -->"


def _empty() -> dict[str, pd.DataFrame]:
    return {kind: empty_frame(SCHEMAS[kind]) for kind in KINDS}


def test_names_unique_and_in_spec_order() -> None:
    names = [s.name for s in TABLE_SPECS]
    assert len(set(names)) == len(names)
    assert tuple(names) == TABLE_NAMES


def test_every_spec_has_a_sheet_and_no_sheet_is_an_orphan() -> None:
    assert list(SHEETS) == [s.key for s in TABLE_SPECS]
    assert SHEETS["sources"] == "Джерела · Sources"
    assert all(len(name) <= 31 for name in SHEETS.values())
    assert len(set(SHEETS.values())) == len(SHEETS)
    assert set(ONLY_WITH_ROWS) == {"brochure_checks", "brochure_check_summary"}


def test_registers_named_by_specs_exist() -> None:
    for s in TABLE_SPECS:
        assert set(s.registers) <= set(KINDS), s.name


@pytest.mark.parametrize("source", ["empty", "embedded"])
def test_every_table_has_its_declared_columns(source: str) -> None:
    tables = indicator_tables(_empty() if source == "empty" else load_dataset())
    assert tuple(tables) == TABLE_NAMES
    for s in TABLE_SPECS:
        missing = [c for c in s.columns if c not in tables[s.name].columns]
        assert not missing, (s.name, missing)


def test_reconcile_names_a_table_without_its_declared_column() -> None:
    tables = indicator_tables(_empty())
    broken = dict(tables, transparency=tables["transparency"].drop(columns=["gain_points"]))
    with pytest.raises(ReconciliationError) as info:
        reconcile({}, None, broken)
    assert info.value.mismatches[0][:2] == ("transparency", "columns")
    assert "gain_points" in str(info.value.mismatches[0][2])


def test_spec_lookup_names_the_known_tables() -> None:
    assert spec("pmf").sheet == "Рамка результатів · PMF"
    with pytest.raises(KeyError, match=r"known:.*participants"):
        spec("учасники")


def test_docs_table_is_generated_from_the_specs() -> None:
    text = DOC.read_text(encoding="utf-8")
    inside = text.split(START, 1)[1].split(END, 1)[0]
    assert inside.strip().splitlines() == tables_markdown()


def test_a_chart_reading_an_undeclared_column_fails_clearly() -> None:
    from promis_analytics.charts.checks import require_spec

    table = pd.DataFrame({"city": ["vinnytsia"], "participants": [3], "row_kind": ["group"]})
    with pytest.raises(ChartError, match=r"reads column\(s\) \['колір'\].*does not declare"):
        require_spec(table, "participants", ["city", "колір"], "my_chart")
    with pytest.raises(ChartError, match=r"lacks column\(s\) \['events'\].*participants_per_city"):
        require_spec(table, "participants", ["city", "events"], "my_chart")
    require_spec(table, "participants", ["city", "participants", "row_kind"], "my_chart")
