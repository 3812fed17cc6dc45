"""Precision and recall of the narrative audit on reports read by hand (issue 26).

The truth tables in ``tests/audit_truth/`` list every contradiction (its lines on both
sides) and every wrong percent (its row's line and kind). ``korosten_sport_2020`` was
written to develop the rules; ``held_out`` reports were written after the rules were
frozen and never used to tune them. Targets: every report — at least 11 of 12 (0.9) of
the contradictions found and at most one false alarm; every wrong percent cell found. The
held-out report misses the recall target (an expected, strict failure until the rules
improve); its percents and its false alarms are asserted on their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from promis_analytics.extract.program_report import program_report
from promis_analytics.extract.program_report.truth import load_truth, score_report

TRUTH = Path(__file__).parent / "audit_truth"
# written after the rules were frozen (commit 2ab11af); never used to tune them. Measured
# there: 7 of 10 contradictions, 1 false alarm, 5 of 5 wrong percents (docs/audit.md).
HELD_OUT = {"slavutych_culture_2020"}
SYNTHETIC = [
    pytest.param(
        name,
        marks=pytest.mark.xfail(
            strict=True, reason="held-out report: recall 0.70 < 0.9 (3 missed, docs/audit.md)"
        ),
    )
    if name in HELD_OUT
    else name
    for name in sorted(p.stem for p in TRUTH.glob("*.txt"))
]


def _score(document: Path, truth: Path):
    s = score_report(program_report(document), load_truth(truth))
    print(
        f"{document.stem}: contradictions {s.found}/{s.truth} (recall {s.recall:.2f}, "
        f"precision {s.precision:.2f}, false alarms {len(s.false_alarms)}); percent cells "
        f"{s.cells_found}/{s.cells}, errors {s.errors_found}/{s.errors}, "
        f"kind right {s.classified}/{s.cells_found}; missed {s.missed} {s.false_alarms}"
    )
    return s


def test_bakhmut_report(seeds_dir: Path) -> None:
    s = _score(
        seeds_dir / "bakhmut_program_report_2019.txt", TRUTH / "bakhmut_program_report_2019.csv"
    )
    assert s.truth == 12 and s.found >= 11
    assert len(s.false_alarms) <= 1
    assert (s.errors_found, s.errors) == (7, 7) and s.cells_found == s.cells
    assert not s.arith_false


@pytest.mark.parametrize("name", SYNTHETIC)
def test_synthetic_reports(name: str) -> None:
    s = _score(TRUTH / f"{name}.txt", TRUTH / f"{name}.csv")
    assert s.cells_found == s.cells and not s.arith_false
    assert s.recall >= 0.9 and len(s.false_alarms) <= 1


def test_held_out_percents_and_precision() -> None:
    """What the held-out report does meet: every wrong percent, at most one false alarm."""
    for name in sorted(HELD_OUT):
        s = _score(TRUTH / f"{name}.txt", TRUTH / f"{name}.csv")
        assert s.cells_found == s.cells and s.classified == s.cells and not s.arith_false
        assert len(s.false_alarms) <= 1
