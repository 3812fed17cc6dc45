"""promis demo: synthetic registers valid per the schemas, deterministic, marked synthetic."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from promis_analytics.charts import partner_cities_by_oblast, partner_cities_frame, source_line
from promis_analytics.charts.annotate import ILLUSTRATIVE_GID
from promis_analytics.cli import cli
from promis_analytics.dataset import load_dataset
from promis_analytics.demo import SYNTHETIC, demo_registers, is_synthetic, write_demo
from promis_analytics.reference import PARTNER_KEYS
from promis_analytics.registers import KINDS, SCHEMAS


def _marks(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.texts if t.get_gid() == ILLUSTRATIVE_GID]


def test_cli_writes_valid_registers(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--rows", "120", "--seed", "7", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "illustrative data" in result.output
    ds = load_dataset(tmp_path)  # strict: raises on any schema problem
    assert not ds.missing
    for kind in KINDS:
        df = ds[kind]
        assert len(df) > 0 and (df["source"] == SYNTHETIC).all(), kind
        assert is_synthetic(df)
    events = ds["events"]
    assert len(events) == 120
    assert set(events["city"]) <= set(PARTNER_KEYS)
    assert events["date_start"].min() >= pd.Timestamp("2015-04-01")
    assert events["date_end"].max() <= pd.Timestamp("2021-03-31")
    assert (events["women"].dropna() <= events.loc[events["women"].notna(), "participants"]).all()
    assert events["title"].str.contains(r"[А-ЯІЇЄҐа-яіїєґ]").all()


@pytest.mark.parametrize("seed", [0, 3])
def test_same_seed_same_bytes(tmp_path, seed):
    a = write_demo(tmp_path / "a", rows=40, seed=seed)
    b = write_demo(tmp_path / "b", rows=40, seed=seed)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    c = write_demo(tmp_path / "c", rows=40, seed=seed + 1)
    assert a[0].read_bytes() != c[0].read_bytes()


def test_xlsx_registers_load(tmp_path):
    write_demo(tmp_path, rows=15, seed=1, fmt="xlsx", kinds=("events", "facts"))
    ds = load_dataset(tmp_path, kinds=("events", "facts"))
    assert len(ds["events"]) == 15 and len(ds["facts"]) == 15


def test_columns_follow_schemas_and_keys_are_unique():
    regs = demo_registers(500, seed=2)
    for kind, df in regs.items():
        schema = SCHEMAS[kind]
        assert tuple(df.columns) == schema.columns
        assert not df.duplicated(list(schema.key)).any(), kind


def test_zero_rows_and_negative_rows():
    assert all(len(df) == 0 for df in demo_registers(0).values())
    with pytest.raises(ValueError, match="rows"):
        demo_registers(-1)


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["synthetic", "synthetic"], True),
        (["results_brochure_2021", "synthetic"], True),
        (["results_brochure_2021", None], False),
    ],
)
def test_is_synthetic(sources, expected):
    assert is_synthetic(pd.DataFrame({"source": sources})) is expected


def test_is_synthetic_without_source_column():
    assert is_synthetic(pd.DataFrame({"x": [1]})) is False


@pytest.mark.parametrize(
    ("lang", "mark"), [("uk", "ілюстративні дані"), ("en", "illustrative data")]
)
def test_chart_from_synthetic_rows_is_marked(lang, mark):
    table = partner_cities_frame().assign(source=SYNTHETIC)
    fig = partner_cities_by_oblast(table, lang=lang)
    assert [m.casefold() for m in _marks(fig)] == [mark]
    # asked for explicitly as well: still one mark
    fig2 = partner_cities_by_oblast(table, lang=lang, illustrative=True)
    assert len(_marks(fig2)) == 1


def test_chart_from_real_rows_is_not_marked():
    fig = partner_cities_by_oblast(partner_cities_frame())
    assert _marks(fig) == []
    fig = Figure()
    source_line(fig, "Брошура; synthetic", "uk")
    assert len(_marks(fig)) == 1


def test_messy_register_is_validated_with_every_deliberate_mistake_found(tmp_path) -> None:
    """``promis demo --messy``: an events CSV typed the way people type one. Every row it
    makes wrong on purpose is rejected — and only those; blank lines, repeated headers and the
    totals row are noted, not rejected; the same seed writes the same bytes."""
    from promis_analytics.demo_messy import BLANK_EVERY
    from promis_analytics.registers import load

    result = CliRunner().invoke(
        cli, ["demo", "--messy", "--rows", "12000", "--seed", "3", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "events.csv"
    text = path.read_text(encoding="utf-8")
    wrong = [
        line
        for line in text.splitlines()
        if any(w in line for w in (",багато,", ",31.02.2019,", ",Атлантида,", ",9999,"))
    ]
    loaded = load("events", path, strict=False)
    assert loaded.report.rejected == len(wrong) > 0
    assert loaded.report.accepted == 12000 - len(wrong)
    assert loaded.report.blank == 12000 // BLANK_EVERY and loaded.report.totals == 1
    cities = set(loaded.data["city"])  # «у Вінниці» a partner city, «у Луцьку» from the codifier
    assert "vinnytsia" in cities and any(c.startswith("UA07") for c in cities)
    again = tmp_path / "again"
    CliRunner().invoke(cli, ["demo", "--messy", "-n", "12000", "-s", "3", "-o", str(again)])
    assert (again / "events.csv").read_bytes() == path.read_bytes()
    refused = CliRunner().invoke(cli, ["demo", "--messy", "--format", "xlsx", "-o", str(again)])
    assert refused.exit_code == 2 and "--messy" in refused.output
