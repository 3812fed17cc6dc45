"""Precision and recall of the narrative audit (issue 26) on every report with a truth table.

    .venv/bin/python bench/audit_quality.py             # dev reports, then held-out ones
    .venv/bin/python bench/audit_quality.py --dev-only  # while tuning: never the held-out

Reads ``tests/audit_truth/*.csv``: the Bakhmut report (``../shared/seeds``) and the
synthetic reports written for the tests (``*.txt`` next to their truth tables).
``tests/audit_truth/dev.list`` names the reports the rules were developed on; every other
truth table is held out and printed in its own table. Nothing is tuned here, the truth
tables are the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from promis_analytics import paths
from promis_analytics.extract.program_report import program_report
from promis_analytics.extract.program_report.alignment import settings
from promis_analytics.extract.program_report.truth import load_truth, score_report

TRUTH = Path(__file__).resolve().parent.parent / "tests" / "audit_truth"
HEADER = (
    "| report | contradictions found | precision | recall | false alarms | "
    "percent cells found | wrong percents found | kind right | missed |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def dev_reports(folder: Path = TRUTH) -> set[str]:
    """Stems listed in ``dev.list`` (comments after «#» ignored)."""
    listed = folder / "dev.list"
    if not listed.exists():
        return set()
    lines = listed.read_text(encoding="utf-8").splitlines()
    return {s for s in (line.split("#")[0].strip() for line in lines) if s}


def documents(folder: Path = TRUTH) -> list[tuple[Path, Path]]:
    """(report, truth table) pairs: a truth table names its report by its stem."""
    out = []
    for truth in sorted(folder.glob("*.csv")):
        doc = folder / f"{truth.stem}.txt"
        if not doc.exists():
            doc = paths.seeds_dir() / f"{truth.stem}.txt"
        out.append((doc, truth))
    return out


def row(doc: Path, truth: Path) -> str:
    """One Markdown row: the audit of ``doc`` scored against ``truth``."""
    s = score_report(program_report(doc), load_truth(truth))
    return (
        f"| {truth.stem} | {s.found}/{s.truth} | {s.precision:.2f} | {s.recall:.2f} | "
        f"{len(s.false_alarms)} | {s.cells_found}/{s.cells} | {s.errors_found}/{s.errors} | "
        f"{s.classified}/{s.cells_found} | {', '.join(s.missed) or '—'} |"
    )


def main(argv: list[str]) -> int:
    dev = dev_reports()
    parts = [("Dev reports (the rules were developed on them)", True)]
    if "--dev-only" not in argv:
        parts.append(("Held-out reports (never used to tune the rules)", False))
    pairs = documents()
    cfg = settings()
    names = ("min_alignment_score", "min_pair_score", "min_shared_content", "pair_part_ratio")
    print(
        "Alignment thresholds (audit_settings.csv): " + ", ".join(f"{n} {cfg[n]:g}" for n in names)
    )
    for title, is_dev in parts:
        print(f"\n{title}\n\n{HEADER}")
        for doc, truth in pairs:
            if (truth.stem in dev) != is_dev:
                continue
            if not doc.exists():
                print(f"| {truth.stem} | report not found at {doc} |", file=sys.stderr)
                continue
            print(row(doc, truth))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
