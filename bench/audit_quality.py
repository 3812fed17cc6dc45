"""Precision and recall of the narrative audit (issue 26) on every report with a truth table.

    .venv/bin/python bench/audit_quality.py

Reads ``tests/audit_truth/*.csv``: the Bakhmut report (``../shared/seeds``) and the
synthetic reports written for the tests (``*.txt`` next to their truth tables). Prints one
Markdown row per report; nothing is tuned here, the truth tables are the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from promis_analytics import paths
from promis_analytics.extract.program_report import program_report
from promis_analytics.extract.program_report.truth import load_truth, score_report

TRUTH = Path(__file__).resolve().parent.parent / "tests" / "audit_truth"


def documents() -> list[tuple[Path, Path]]:
    """(report, truth table) pairs: a truth table names its report by its stem."""
    out = []
    for truth in sorted(TRUTH.glob("*.csv")):
        doc = TRUTH / f"{truth.stem}.txt"
        if not doc.exists():
            doc = paths.seeds_dir() / f"{truth.stem}.txt"
        out.append((doc, truth))
    return out


def main() -> int:
    print(
        "| report | contradictions found | precision | recall | false alarms | "
        "percent cells found | wrong percents found | kind right | missed |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for doc, truth in documents():
        if not doc.exists():
            print(f"| {truth.stem} | report not found at {doc} |", file=sys.stderr)
            continue
        s = score_report(program_report(doc), load_truth(truth))
        print(
            f"| {truth.stem} | {s.found}/{s.truth} | {s.precision:.2f} | {s.recall:.2f} | "
            f"{len(s.false_alarms)} | {s.cells_found}/{s.cells} | {s.errors_found}/{s.errors} | "
            f"{s.classified}/{s.cells_found} | {', '.join(s.missed) or '—'} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
