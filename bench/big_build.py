"""Issue 30 item 3: ``promis build --data`` on a folder holding a 10⁷-row events register, timed
as a whole process (time-boxed), beside the indicator aggregation from its Parquet alone.

    .venv/bin/python bench/big_build.py [--rows 10000000] [--limit 900]

Prints the rows for ``bench/RESULTS.md`` (``bench_big_build(rows, lines)`` is the same for
``bench/run.py``). The folder is ``bench/_work/build_<rows>/events.csv`` (``promis demo --rows N
--seed 1 --kind events``, generated once); the CSV size limit is raised the documented way
(``PROMIS_MAX_CSV_MB``). The machine's load average is printed beside the times: on a shared
machine they are not comparable without it.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BIN, WORK, ensure_csv, py_case
from scale import proc_case


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} on {os.cpu_count()} cores"


def _folder(rows: int) -> Path:
    """``bench/_work/build_<rows>/events.csv`` (a hard link to the generated register)."""
    folder = WORK / f"build_{rows}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "events.csv"
    if not target.exists():
        os.link(ensure_csv(rows), target)
    return folder


def _build(folder: Path, out: Path, limit: int) -> tuple[str, str]:
    """The build row (seconds, peak RSS of the largest process) or why it did not finish."""
    env = {**os.environ, "PROMIS_MAX_CSV_MB": "8192"}
    args = [
        "timeout", str(limit), str(BIN / "promis"), "build", "--data", str(folder),
        "--out", str(out), "--force",
    ]  # fmt: skip
    try:
        r = proc_case(args, ok=(0,), env=env)
    except RuntimeError as exc:
        reason = str(exc).strip().splitlines()[-1][:160].replace("|", "/")
        return f"failed or over {limit} s | — | {reason}", _load()
    return f"{r['seconds']:.1f} | {r['peak_rss_mb']:.0f} | finished", _load()


_STEPS = (
    "import sys, tempfile\n"
    "from pathlib import Path\n"
    "from promis_analytics.build.plan import BuildConfig, build\n"
    "empty = Path(tempfile.mkdtemp())  # no notebook: every step but the charts\n"
    "config = BuildConfig(Path(sys.argv[1]), Path(sys.argv[2]), notebooks_dir=empty,"
    " warm_kernels=False)\n"
    "result = build(config, force=True)\n"
    "sys.exit(0 if result.ok else 1)\n"
)


def _steps(folder: Path, out: Path, limit: int) -> str:
    """The build's steps without the notebooks (validate, processed tables, indicator
    tables, workbook, gallery, manifests) as one process: what precedes the charts."""
    env = {**os.environ, "PROMIS_MAX_CSV_MB": "8192"}
    args = ["timeout", str(limit), sys.executable, "-c", _STEPS, str(folder), str(out)]
    try:
        r = proc_case(args, ok=(0,), env=env)
    except RuntimeError as exc:
        reason = str(exc).strip().splitlines()[-1][:160].replace("|", "/")
        return f"| build steps without the notebooks | failed or over {limit} s | — | {reason} |"
    return (
        f"| build steps without the notebooks (validate → processed → indicators → workbook; "
        f"{_load()} at the end) | {r['seconds']:.1f} | {r['peak_rss_mb']:.0f} | finished |"
    )


def _aggregate(out: Path, rows: int) -> str:
    """``participants_from_parquet`` over the build's processed table (or its validation cache)."""
    found = sorted(glob.glob(str(out / "data" / "processed" / "events.parquet")))
    found = found or sorted(
        glob.glob(str(out / "data" / "processed" / ".cache" / "events-*.parquet"))
    )
    if not found:
        return "| indicators from Parquet | no Parquet of the register | — | — |"
    r = py_case(
        "from promis_analytics.indicators.columnar import participants_from_parquet",
        f"t = participants_from_parquet({found[-1]!r}, by=('city', 'event_type')); "
        "note = int(t['events'].iloc[-1])",
    )
    assert int(r["note"]) == rows, f"{r['note']} events in the totals row, expected {rows}"
    return (
        f"| `participants_from_parquet` (city × type) over `{Path(found[-1]).name}` | "
        f"{r['seconds']:.1f} | {r['peak_rss_mb']:.0f} | {rows:,} events in the totals row |"
    )


def bench_big_build(rows: int, lines: list[str], limit: int = 900, *, whole: bool = True) -> None:
    """Append the section of ``bench/RESULTS.md`` for a ``rows``-row events register: the
    build's steps before the charts, the aggregation alone, and (``whole``) ``promis build``."""
    folder = _folder(rows)
    out = WORK / f"build_{rows}_out"
    steps = _steps(folder, WORK / f"build_{rows}_steps", limit)
    aggregate = _aggregate(WORK / f"build_{rows}_steps", rows)
    before = _load()
    shown, after = _build(folder, out, limit) if whole else ("not run | — | —", before)
    size = (folder / "events.csv").stat().st_size / 2**20
    lines += [
        f"### Issue 30: `promis build --data`, a folder with {rows:,} event rows ({size:.0f} MiB)",
        "",
        "| case | seconds | peak RSS (MB) | note |",
        "| --- | ---: | ---: | --- |",
        steps,
        aggregate,
        f"| `promis build --data --force` (whole process, {before} → {after}) | {shown} |",
        "",
        "Target: indicator tables and charts in ≤ 3 minutes on a 2-core machine.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--limit", type=int, default=900, help="seconds before the build is stopped")
    ap.add_argument(
        "--steps-only",
        action="store_true",
        help="skip the whole `promis build` (its notebooks each load the register in pandas)",
    )
    args = ap.parse_args(argv)
    lines: list[str] = []
    bench_big_build(args.rows, lines, args.limit, whole=not args.steps_only)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
