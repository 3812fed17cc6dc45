"""The narrative audit measured against a truth table read by hand: precision and recall."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from promis_analytics.extract.program_report.arithmetic import percent_errors
from promis_analytics.extract.program_report.contradictions import text_audit

if TYPE_CHECKING:
    from promis_analytics.extract.program_report.model import ProgramReport

__all__ = ["Score", "load_truth", "score_report"]


@dataclass
class Score:
    """How the audit did on one report.

    Contradictions: ``found`` truth items with at least one matching finding, of ``truth``;
    ``false_alarms`` findings that match no truth item. Arithmetic: ``cells_found`` of
    ``cells`` (one per printed cell), ``errors_found`` of ``errors`` (cells that print the
    same wrong figure count once), ``classified`` cells whose kind agrees, ``arith_false``
    cells flagged that the truth does not list."""

    truth: int = 0
    found: int = 0
    findings: int = 0
    false_alarms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    cells: int = 0
    cells_found: int = 0
    errors: int = 0
    errors_found: int = 0
    classified: int = 0
    arith_false: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        hits = self.findings - len(self.false_alarms)
        return hits / self.findings if self.findings else 1.0


def load_truth(path: Path) -> list[dict]:
    """Rows of a truth table (id, what, kind, lines, other_lines, noun, stated, other,
    about);
    ``lines`` and ``other_lines`` become sets of line numbers (";"-separated in the file)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        for key in ("lines", "other_lines"):
            r[key] = {int(x) for x in r[key].split(";") if x.strip()}
    return rows


def score_report(report: ProgramReport, truth: list[dict]) -> Score:
    """Match the audit's findings to the truth: a contradiction matches an item when its
    text line is one of the item's ``lines`` and its other line one of ``other_lines`` (or
    the other way round) and it counts the item's ``noun`` when one is given; a percent
    error matches the item on its line."""
    s = Score()
    wanted = [t for t in truth if t["what"] == "contradiction"]
    hit: set[str] = set()
    audit = text_audit(report)
    s.truth, s.findings = len(wanted), len(audit.contradictions)
    for c in audit.contradictions:
        ids = [t["id"] for t in wanted if _matches(c, t)]
        if ids:
            hit.update(ids)
        else:
            s.false_alarms.append(f"line {c.text_line} vs {c.other_line}: {c.stated} / {c.other}")
    s.found = len(hit)
    s.missed = [t["id"] for t in wanted if t["id"] not in hit]
    cells = [t for t in truth if t["what"] == "arithmetic"]
    s.cells = len(cells)
    s.errors = len({t["id"].split(".")[0] for t in cells})
    found_groups = set()
    for e in percent_errors(report):
        match = next((t for t in cells if e.line in t["lines"]), None)
        if match is None:
            s.arith_false.append(f"line {e.line}: {e.kind} {e.printed}")
            continue
        s.cells_found += 1
        s.classified += match["kind"] == e.kind
        found_groups.add(match["id"].split(".")[0])
    s.errors_found = len(found_groups)
    return s


def _matches(c, t: dict) -> bool:
    """Lines on both sides agree (either way round) and, when the truth names the counted
    noun, the finding counts that noun (two contradictions may share their lines)."""
    line, other = c.text_line, c.other_line
    if t.get("noun") and c.lemma.replace("’", "'") != t["noun"].replace("’", "'"):
        return False
    return (line in t["lines"] and other in t["other_lines"]) or (
        line in t["other_lines"] and other in t["lines"]
    )
