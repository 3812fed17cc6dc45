"""Precision and recall of the narrative audit on reports read by hand (issue 26).

The truth tables in ``tests/audit_truth/`` list every contradiction (its lines on both
sides) and every wrong percent (its row's line and kind). ``korosten_sport_2020`` was
written to develop the rules; ``held_out`` reports were written after the rules were
frozen and never used to tune them. Targets: every report — at least 11 of 12 (0.9) of
the contradictions found and at most one false alarm; every wrong percent cell found. The
held-out report misses the recall target (an expected, strict failure until the rules
improve); its percents and its false alarms are asserted on their own. Three more held-out
reports (``UNMEASURED``) were written blind — by someone who read neither the rules nor
their data and never ran the audit on them before their truth tables were committed; they
are expected failures (not strict) until the lead has measured them. Every truth table is
checked against its report: each line it names is there, each plain number it quotes
stands on its line, each wrong percent is a percent cell the reader found.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from promis_analytics.extract.program_report import program_report
from promis_analytics.extract.program_report.truth import load_truth, score_report

TRUTH = Path(__file__).parent / "audit_truth"
# written after the rules were frozen (commit 2ab11af); never used to tune them. Measured
# there: 7 of 10 contradictions, 1 false alarm, 5 of 5 wrong percents (docs/audit.md).
# written blind for the second round of issue 26 (a town's environmental programme, a
# hromada's youth and sports programme, a city's social-protection programme); not yet
# measured, so their marks are not strict: the lead sets them after measuring.
UNMEASURED = {"novohrad_social_2020", "trostianets_youth_sport_2019", "zhovkva_ecology_2021"}
HELD_OUT = {"slavutych_culture_2020"} | UNMEASURED


def _held_out(name: str, strict_reason: str) -> object:
    """``name`` as a test parameter, with its expected-failure mark when it is held out."""
    if name in UNMEASURED:
        reason = "held-out report written blind, not yet measured"
        return pytest.param(name, marks=pytest.mark.xfail(strict=False, reason=reason))
    if name in HELD_OUT:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=strict_reason))
    return name


SYNTHETIC = [
    _held_out(name, "held-out report: recall 0.70 < 0.9 (3 missed, docs/audit.md)")
    for name in sorted(p.stem for p in TRUTH.glob("*.txt"))
]
HELD_OUT_PARAMS = [
    pytest.param(name, marks=pytest.mark.xfail(strict=False, reason="not yet measured"))
    if name in UNMEASURED
    else name
    for name in sorted(HELD_OUT)
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


@pytest.mark.parametrize("name", HELD_OUT_PARAMS)
def test_held_out_percents_and_precision(name: str) -> None:
    """What a held-out report does meet: every wrong percent, at most one false alarm."""
    s = _score(TRUTH / f"{name}.txt", TRUTH / f"{name}.csv")
    assert s.cells_found == s.cells and s.classified == s.cells and not s.arith_false
    assert len(s.false_alarms) <= 1


# --- the truth tables themselves, against their reports (no audit is run) --------------------

TABLES = sorted(p.stem for p in TRUTH.glob("*.csv"))
_PLAIN_NUMBER = re.compile(r"^\d[\d ]*(?:,\d+)?$")
_LOCATOR_LINE = re.compile(r"line (\d+)")


def _document(name: str, seeds_dir: Path) -> Path:
    """A synthetic report next to its truth table, else the real one among the seeds."""
    own = TRUTH / f"{name}.txt"
    return own if own.exists() else seeds_dir / f"{name}.txt"


@pytest.mark.parametrize("name", sorted(p.stem for p in TRUTH.glob("*.txt")))
def test_synthetic_reports_are_read_cleanly(name: str) -> None:
    """Each synthetic report reads as a report: title, period, measures, totals, indicators
    of every group and the overall percent, with no reading problem."""
    r = program_report(TRUTH / f"{name}.txt")
    assert r.program and r.period and r.program_term
    assert len(r.measures) >= 8 and len(r.totals) >= 2
    assert set(r.indicators["group"]) >= {"cost", "product", "efficiency"}
    assert r.indicators["target"].notna().sum() >= 10
    assert any(loc.startswith("section 3") for loc in r.percent_check["locator"])
    assert r.reading_findings == []


@pytest.mark.parametrize("name", TABLES)
def test_truth_lines_point_into_the_report(name: str, seeds_dir: Path) -> None:
    """Every line a truth table names is a non-blank line of its report, and every wrong
    percent sits on the line of a percent cell the reader found (a row or the assessment)."""
    document = _document(name, seeds_dir)
    lines = document.read_text(encoding="utf-8").split("\n")
    cells = {
        int(m.group(1))
        for loc in program_report(document).percent_check["locator"]
        if (m := _LOCATOR_LINE.search(loc))
    }
    for t in load_truth(TRUTH / f"{name}.csv"):
        for n in t["lines"] | t["other_lines"]:
            assert 1 <= n <= len(lines) and lines[n - 1].strip(), (t["id"], n)
        if t["what"] == "arithmetic":
            assert t["lines"] and t["lines"] <= cells, (t["id"], t["lines"])


@pytest.mark.parametrize("name", TABLES)
def test_truth_quotes_stand_on_their_lines(name: str, seeds_dir: Path) -> None:
    """A contradiction's plain-number quotes are on its lines: ``stated`` on one of
    ``lines``, ``other`` on one of ``other_lines`` (words, sums and statuses are not
    checked)."""
    lines = _document(name, seeds_dir).read_text(encoding="utf-8").split("\n")
    for t in load_truth(TRUTH / f"{name}.csv"):
        if t["what"] != "contradiction":
            continue
        for quote, where in ((t["stated"], t["lines"]), (t["other"], t["other_lines"])):
            if _PLAIN_NUMBER.match(quote):
                assert any(quote in lines[n - 1] for n in where), (t["id"], quote, where)
