"""Interrupted writes leave the old file or the complete new one, never a partial one.

Failures are injected at random bytes and random steps (write, fsync, chmod, os.replace),
as OSError (disk full) or KeyboardInterrupt (Ctrl-C), in every writer: CSV and XLSX tables,
the indicator workbook and the demo workbook. 40 seeded trials per writer (160 in all).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from promis_analytics import demo, export

TRIALS = 40


class Injected(OSError):
    """The simulated failure (a full disk)."""


def _frame(tag: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city": ["Вінниця", "Жмеринка", "Коломия", "=1+1"] * 30,
            "participants": list(range(120)),
            "tag": [tag] * 120,
        }
    )


def _writers() -> dict[str, tuple[str, Callable[[pd.DataFrame, Path], object]]]:
    from promis_analytics.pipeline.workbook import write_indicator_report

    return {
        "csv": (".csv", lambda df, p: export.write(df, p)),
        "xlsx": (".xlsx", lambda df, p: export.write(df, p)),
        "indicator_report": (
            ".xlsx",
            lambda df, p: write_indicator_report({"participants": df}, p, sources={}),
        ),
        "demo_xlsx": (".xlsx", lambda df, p: demo._write_xlsx(df, p, "events")),
    }


def _fail_after(n_bytes: int, exc: BaseException) -> Callable:
    """A replacement for a save/to_csv: write the first ``n_bytes`` of the real output, fail."""

    def partial(target: Path, data: bytes) -> None:
        with open(target, "wb") as fh:
            fh.write(data[:n_bytes])
        raise exc

    return partial


def _content(path: Path) -> object:
    """What a reader gets: CSV bytes; every sheet's cell values of a workbook (XLSX files
    carry a save time, so their bytes differ between two saves of the same table)."""
    if path.suffix == ".csv":
        return path.read_bytes()
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))  # raises if partial
    return tuple(tuple(ws.iter_rows(values_only=True)) for ws in wb.worksheets)


def _real_bytes(kind: str, df: pd.DataFrame, tmp: Path) -> bytes:
    suffix, fn = _writers()[kind]
    p = tmp / f"probe{suffix}"
    fn(df, p)
    data = p.read_bytes()
    p.unlink()
    return data


@pytest.mark.parametrize("kind", ["csv", "xlsx", "indicator_report", "demo_xlsx"])
def test_random_interruptions_leave_old_or_new_file(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suffix, write = _writers()[kind]
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"table{suffix}"
    write(_frame("old"), target)
    old = _content(target)
    new_frame = _frame("new")
    new_bytes = _real_bytes(kind, new_frame, tmp_path)
    probe = tmp_path / f"new{suffix}"
    probe.write_bytes(new_bytes)
    new = _content(probe)
    assert new != old
    rng = random.Random(f"atomic-{kind}")
    outcomes = {"old": 0, "new": 0}
    for trial in range(TRIALS):
        exc: BaseException = (
            Injected(28, "No space left on device") if trial % 3 else (KeyboardInterrupt())
        )
        step = rng.choice(["bytes", "bytes", "fsync", "chmod", "replace", "none"])
        with monkeypatch.context() as m:
            if step == "bytes":
                cut = rng.randrange(0, len(new_bytes))
                real_atomic = export.atomic_write

                def atomic(path, fn, _cut=cut, _exc=exc, _real=real_atomic):
                    def broken(tmp: Path) -> None:
                        buf = tmp.with_suffix(".probe")
                        fn(buf)  # the real writer, to a side file
                        data = buf.read_bytes()
                        buf.unlink()
                        _fail_after(_cut, _exc)(tmp, data)

                    return _real(path, broken)

                m.setattr(export, "atomic_write", atomic)
                import promis_analytics.demo as demo_mod
                import promis_analytics.pipeline.workbook as rx

                m.setattr(rx, "atomic_write", atomic)
                m.setattr(demo_mod, "atomic_write", atomic)
            elif step == "fsync":
                m.setattr(os, "fsync", lambda fd, _e=exc: (_ for _ in ()).throw(_e))
            elif step == "chmod":
                m.setattr(os, "chmod", lambda *a, _e=exc, **k: (_ for _ in ()).throw(_e))
            elif step == "replace":
                m.setattr(os, "replace", lambda *a, _e=exc: (_ for _ in ()).throw(_e))
            with contextlib.suppress(Injected, KeyboardInterrupt):
                write(new_frame, target)
        data = _content(target)
        assert data in (old, new), (trial, step)
        if step == "none":
            assert data == new
            outcomes["new"] += 1
            write(_frame("old"), target)  # back to the old file for the next trial
        else:
            assert data == old, (trial, step)
            outcomes["old"] += 1
        leftovers = sorted(p.name for p in folder.iterdir())
        assert leftovers == [target.name], leftovers  # no temporary or partial files
    assert outcomes["old"] >= TRIALS // 2 and sum(outcomes.values()) == TRIALS


def test_simulated_failures_total_at_least_100() -> None:
    assert TRIALS * len(_writers()) >= 100


def test_a_failed_first_write_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "new.csv"
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(Injected("x")))
    with pytest.raises(Injected):
        export.write(_frame("new"), target)
    assert list(tmp_path.iterdir()) == []


def test_written_workbook_opens(tmp_path: Path) -> None:
    p = export.write(_frame("new"), tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(p.read_bytes())).active
    assert ws.max_row == 121


def test_temporaries_of_a_killed_build_are_removed_at_the_next_start(tmp_path: Path) -> None:
    """kill -9 leaves the writers' temporary files (zero bytes for a notebook not yet run);
    the next build removes them, and only them, before it writes anything."""
    from promis_analytics.pipeline import BuildConfig
    from promis_analytics.pipeline import plan as build_plan

    site = tmp_path / "site"
    left = [
        site / ".promis-cache" / "notebooks" / ".00_data_inventory.uk.k2j3h4g5.ipynb",
        site / ".promis-cache" / ".build-state.json.a1B2c3_d.tmp",
        site / "figures" / ".participants_per_city.uk.svg.zz9yy8xx.tmp",
        site / "reports" / ".indicators.4242.140001.xlsx",
        site / "data" / "processed" / ".events.parquet.q1w2e3r4.tmp",
    ]
    kept = [
        site / "figures" / ".gitkeep",
        site / "figures" / "participants_per_city.uk.svg",
        site / "reports" / "indicators.xlsx",
    ]
    for p in left + kept:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"")
    (tmp_path / "raw").mkdir()
    (tmp_path / "nbs").mkdir()
    config = BuildConfig(data_dir=tmp_path / "raw", out_dir=site, notebooks_dir=tmp_path / "nbs")
    dry = build_plan.build(config, dry_run=True)
    assert all(p.exists() for p in left)  # a dry run touches nothing
    result = build_plan.build(config)
    assert not any(p.exists() for p in left)
    assert all(p.exists() for p in kept)
    assert "removed 5 temporary files left by an interrupted build" in " ".join(result.warnings)
    assert dry.dry_run


def test_workbook_cell_over_the_limit_is_cut_visibly_and_named(tmp_path: Path) -> None:
    from promis_analytics.pipeline.workbook import CELL_LIMIT, write_indicator_report

    long = "Звіт про засідання громадської ради. " * 1200  # 44 400 characters
    frame = pd.DataFrame({"city": ["Луцьк", "Коломия"], "note": ["коротко", long]})
    notes: list[str] = []
    path = write_indicator_report({"participants": frame}, tmp_path / "w.xlsx", sources={},
                                  notes=notes)  # fmt: skip
    assert len(notes) == 1 and f"text of {len(long)} characters cut to {CELL_LIMIT}" in notes[0]
    cell = notes[0].split(":", 1)[0]  # e.g. "Учасники · Participants!B5"
    sheet, ref = cell.rsplit("!", 1)
    value = openpyxl.load_workbook(path)[sheet][ref].value
    assert len(value) == CELL_LIMIT and value.startswith(long[:1000])
    assert value.endswith(f"[обрізано / cut: {len(long)} → {CELL_LIMIT}]")
