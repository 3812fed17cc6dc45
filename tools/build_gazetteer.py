"""Build the compact gazetteer package data from the official codifier (КАТОТТГ).

Usage: python tools/build_gazetteer.py [path/to/katottg.csv] [-o out.csv.gz]

Reads the semicolon-separated codifier (default ``../shared/data/katottg_2025-05-16.csv``) and
writes ``promis_analytics/data/katottg.csv.gz``: one row per object, ``code,category,name,parent``
where ``parent`` is the code of the nearest non-empty level above (empty for oblasts). Names are
stripped of surrounding spaces (some codifier names carry a trailing space). The gzip stream has
no timestamp, so the same input always gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_IN = ROOT.parent / "shared" / "data" / "katottg_2025-05-16.csv"
DEFAULT_OUT = ROOT / "promis_analytics" / "data" / "katottg.csv.gz"
LEVELS = 5  # first, second, third, fourth and additional level code columns


def compact_rows(source: Path) -> list[tuple[str, str, str, str]]:
    """(code, category, name, parent code) for every codifier row, in codifier order."""
    with source.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader)  # header
        out = []
        for row in reader:
            codes = [c.strip() for c in row[:LEVELS] if c.strip()]
            out.append(
                (codes[-1], row[LEVELS].strip(), row[LEVELS + 1].strip(), "".join(codes[-2:-1]))
            )
    return out


def write(rows: list[tuple[str, str, str, str]], target: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("code", "category", "name", "parent"))
    writer.writerows(rows)
    with (
        target.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz,
    ):
        gz.write(buf.getvalue().encode("utf-8"))


def main(argv: list[str]) -> int:
    args = list(argv)
    out = DEFAULT_OUT
    if "-o" in args:
        i = args.index("-o")
        out = Path(args[i + 1])
        del args[i : i + 2]
    source = Path(args[0]) if args else DEFAULT_IN
    rows = compact_rows(source)
    write(rows, out)
    print(f"{len(rows)} rows → {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
