"""Issue 30 item 3: ``promis build --data`` on a folder holding a 10⁷-row events register, timed
as a whole process (time-boxed), step by step, beside the indicator aggregation from its Parquet.

    .venv/bin/python bench/big_build.py [--rows 10000000] [--limit 900]

Prints the rows for ``bench/RESULTS.md`` (``bench_big_build(rows, lines)`` is the same for
``bench/run.py --only build_big``). The folder is ``bench/_work/build_<rows>/events.csv``: the
``promis demo --rows 1000000 --seed 1 --kind events`` register, repeated with ``event_id`` and
``locator`` numbered on beyond that (``scale.ensure_big_csv``), generated once; the CSV size
limit is raised the documented way (``PROMIS_MAX_CSV_MB``). The machine's load average is
printed beside the times: on a shared machine they are not comparable without it.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import WORK, ensure_csv, py_case
from scale import ensure_big_csv, proc_case

#: The demo register repeated to make a larger one (``promis demo`` holds a register in memory
#: while writing it: 10⁷ rows need ≈ 11 GB).
BASE_ROWS = 1_000_000
_REBUILT = re.compile(r"^rebuilt\s+(\S+) \(([\d.]+) s\)(?:.*build CPU (\d+) s)?")


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} on {os.cpu_count()} cores"


def _folder(rows: int) -> Path:
    """``bench/_work/build_<rows>/events.csv``: a hard link to the generated register (the
    demo register itself up to ``BASE_ROWS`` rows, ``ensure_big_csv`` beyond)."""
    folder = WORK / f"build_{rows}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "events.csv"
    if not target.exists():
        if rows <= BASE_ROWS:
            source = ensure_csv(rows)
        else:
            source = ensure_big_csv(rows, ensure_csv(BASE_ROWS), BASE_ROWS)
        os.link(source, target)
    return folder


#: ``promis build --data <folder> --out <out> --force`` through the function the CLI calls,
#: printing each step as it finishes (a build stopped by the time limit keeps its profile):
#: wall seconds of the step and the CPU seconds of the build process so far (kernels apart).
_BUILD = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from promis_analytics.pipeline import BuildConfig, build\n"
    "def report(event, step, outcome):\n"
    "    if event == 'done':\n"
    "        print(f'rebuilt  {step.name} ({outcome.seconds:.1f} s): {outcome.status}, '\n"
    "              f'build CPU {time.process_time():.0f} s', flush=True)\n"
    "config = BuildConfig(Path(sys.argv[1]), Path(sys.argv[2]))\n"
    "sys.exit(0 if build(config, force=True, reporter=report).ok else 1)\n"
)


def _build(folder: Path, out: Path, limit: int) -> tuple[dict | None, str, Path]:
    """The build of ``folder`` into ``out`` as a whole process (time-boxed): its time, peak
    and CPU (None when it did not finish), what happened, and the file of its step lines."""
    env = {**os.environ, "PROMIS_MAX_CSV_MB": "8192"}
    log = out.with_name(out.name + ".log")
    command = [sys.executable, "-c", _BUILD, str(folder), str(out)]
    shell = f'exec timeout {limit} "$@" > {shlex.quote(str(log))}'
    try:
        r = proc_case(["sh", "-c", shell, "sh", *command], ok=(0,), env=env)
    except RuntimeError as exc:
        rc = str(exc).split(" exited ", 1)[-1].split(":", 1)[0]
        return None, f"stopped or failed (exit {rc}; {limit} s limit)", log
    return r, "finished", log


def _steps(log: Path) -> list[tuple[str, float, str]]:
    """(step, seconds, build CPU so far) of every finished step, in the order they finished."""
    if not log.is_file():
        return []
    found = (_REBUILT.match(line) for line in log.read_text(encoding="utf-8").splitlines())
    return [(m.group(1), float(m.group(2)), m.group(3) or "") for m in found if m]


def _profile(steps: list[tuple[str, float, str]]) -> list[str]:
    """Table rows of the step profile: the serial steps one by one, the notebooks summed
    (two run at a time, beside the workbook)."""
    rows = [
        f"| step `{n}` | {s:.1f} | | build CPU {c} s when it ended |"
        for n, s, c in steps
        if not n.startswith("notebook:")
    ]
    notebooks = sorted(((s, n) for n, s, _ in steps if n.startswith("notebook:")), reverse=True)
    if notebooks:
        top = ", ".join(f"`{n}` {s:.1f} s" for s, n in notebooks[:3])
        rows.append(
            f"| steps `notebook:*`, {len(notebooks)} runs summed (they run two at a time) | "
            f"{sum(s for s, _ in notebooks):.1f} | | longest: {top} |"
        )
    return rows


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
        f"| `participants_from_parquet` (city × type) over `{Path(found[-1]).name}`, alone | "
        f"{r['seconds']:.1f} | {r['peak_rss_mb']:.0f} | {rows:,} events in the totals row |"
    )


def bench_big_build(rows: int, lines: list[str], limit: int = 1500) -> dict | None:
    """Append the section of ``bench/RESULTS.md`` for a ``rows``-row events register: the
    whole ``promis build``, its steps, and the aggregation from Parquet alone. Returns the
    build's seconds and peak RSS (None when it did not finish)."""
    folder = _folder(rows)
    out = WORK / f"build_{rows}_out"
    before = _load()
    result, status, log = _build(folder, out, limit)
    after = _load()
    size = (folder / "events.csv").stat().st_size / 2**20
    whole = f"{result['seconds']:.1f} | {result['peak_rss_mb']:.0f}" if result else "— | —"
    cpu = f"; {result['cpu']:.0f} CPU seconds" if result else ""
    lines += [
        f"### Issue 30: `promis build --data`, a folder with {rows:,} event rows ({size:.0f} MiB)",
        "",
        "| case | seconds | peak RSS (MB) | note |",
        "| --- | ---: | ---: | --- |",
        f"| `promis build --data --force` (its `pipeline.build`), whole process ({before} → "
        f"{after}) | {whole} | "
        f"{status}{cpu} |",
        *_profile(_steps(log)),
        _aggregate(out, rows),
        "",
        "Target: indicator tables and charts in ≤ 3 minutes on a 2-core machine. Steps: as "
        "the build reported them when each finished (wall seconds; the build process's CPU "
        "seconds so far, notebook kernels apart); peak RSS: the largest single process (the "
        "build or a notebook kernel).",
        "",
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--limit", type=int, default=1500, help="seconds before the build is stopped")
    args = ap.parse_args(argv)
    lines: list[str] = []
    bench_big_build(args.rows, lines, args.limit)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
