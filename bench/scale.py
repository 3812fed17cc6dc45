"""Benchmarks of issue 30 (``bench/run.py --only scale``): whole ``promis validate`` processes
beside the raw-read floors, one run; large registers with the limits raised the documented way.

Each command runs under a small Python wrapper that times it and reads its peak resident memory
(``RUSAGE_CHILDREN`` of a wrapper that has only that child). Sizes beyond the first come from
``PROMIS_BENCH_BIG_ROWS`` (comma-separated, default ``10000000``; ``0`` skips them).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from run import BIN, PY, ROOT, WORK, ensure_csv, ensure_messy, ensure_xlsx, py_case

_WRAP = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "s = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "print(json.dumps({'seconds': s, 'peak_rss_mb': rss, 'rc': r.returncode,"
    " 'err': r.stderr.decode(errors='replace')[-1500:]}))\n"
)


def proc_case(args: list[str], ok: tuple[int, ...] = (0, 1), env: dict | None = None) -> dict:
    """Wall time and peak RSS of a whole process (its start-up and imports included)."""
    out = subprocess.run(
        [PY, "-c", _WRAP, *args], cwd=ROOT, capture_output=True, text=True, env=env, check=False
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] not in ok:
        raise RuntimeError(f"{' '.join(args)} exited {result['rc']}: {result['err']}")
    return result


def _floor_process(path: Path) -> list[str]:
    code = (
        "import sys, pyarrow.csv as pc; pc.read_csv(sys.argv[1], convert_options="
        "pc.ConvertOptions(column_types={}, strings_can_be_null=False))"
    )
    return [PY, "-c", code, str(path)]


def _floor_inside(path: Path) -> dict:
    return py_case(
        "import pyarrow.csv as pc",
        f"t = pc.read_csv({str(path)!r}, convert_options=pc.ConvertOptions("
        "column_types={}, strings_can_be_null=False)); note = t.num_rows",
    )


def _validate(path: Path, *extra: str) -> list[str]:
    return [str(BIN / "promis"), "validate", "--kind", "events", *extra, str(path)]


def _big_rows() -> list[int]:
    text = os.environ.get("PROMIS_BENCH_BIG_ROWS", "10000000")
    return [int(x) for x in text.split(",") if x.strip() and int(x) > 0]


def _row(name: str, r: dict, ratio: str = "—") -> str:
    return f"| {name} | {r['seconds']:.2f} | {r['peak_rss_mb']:.0f} | {ratio} |"


def bench_scale(rows: int, lines: list[str]) -> None:
    """Issue 30: the CLI at ``rows`` (clean and messy) against pyarrow's read of the same file;
    larger registers against the ``rows`` time; xlsx against python-calamine."""
    csv, messy = ensure_csv(rows), ensure_messy(rows)
    floor_in = _floor_inside(csv)
    floor_proc = proc_case(_floor_process(csv), ok=(0,))
    clean = proc_case(_validate(csv))
    dirty = proc_case(_validate(messy))
    size = csv.stat().st_size / 2**20
    lines += [
        f"### Issue 30: `promis validate` of a {rows:,}-row events CSV, whole process",
        "",
        f"CSV {size:.0f} MiB (`promis demo --rows {rows} --seed 1 --kind events`). Each command "
        "is a whole process (interpreter start-up and imports included); peak RSS of that "
        "process. Files of 64 MiB and more are checked in batches (`registers.stream`).",
        "",
        "| case | seconds | peak RSS (MB) | vs floor |",
        "| --- | ---: | ---: | ---: |",
        _row("floor: `pyarrow.csv.read_csv`, all text, inside a running interpreter", floor_in),
        _row("floor: the same read as a whole `python -c` process", floor_proc),
        _row(
            "`promis validate --kind events` (clean)",
            clean,
            f"{clean['seconds'] / floor_in['seconds']:.1f}× the read, "
            f"{clean['seconds'] / floor_proc['seconds']:.1f}× the process",
        ),
        _row(
            "`promis validate --kind events` (messy: `promis demo --messy`)",
            dirty,
            f"{dirty['seconds'] / clean['seconds']:.1f}× the clean CSV",
        ),
        "",
        "Targets: the clean CSV ≤ 4× `pyarrow.csv.read_csv`, peak ≤ 1 GB; messy ≤ 2× clean.",
        "",
    ]
    big = _big_rows()
    if big:
        lines += [
            "| rows | CSV MiB | `promis validate --max-file-mb 8192` seconds | peak RSS (MB) | "
            f"vs the {rows:,}-row time |",
            "| ---: | ---: | ---: | ---: | ---: |",
            f"| {rows:,} | {size:.0f} | {clean['seconds']:.1f} | {clean['peak_rss_mb']:.0f} | "
            "1.0× |",
        ]
        for n in big:
            path = ensure_csv(n)
            r = proc_case(_validate(path, "--max-file-mb", "8192"))
            lines.append(
                f"| {n:,} | {path.stat().st_size / 2**20:.0f} | {r['seconds']:.1f} | "
                f"{r['peak_rss_mb']:.0f} | {r['seconds'] / clean['seconds']:.1f}× |"
            )
        lines += [
            "",
            "Target (10 000 000 rows): peak ≤ 2 GB, time ≤ 12× the 1 000 000-row time. The size "
            "limit is raised the documented way (`--max-file-mb`; env `PROMIS_MAX_CSV_MB`).",
            "",
        ]
    if os.environ.get("PROMIS_BENCH_XLSX", "1") != "0":
        _xlsx(rows, lines)


def _xlsx(rows: int, lines: list[str]) -> None:
    xlsx = ensure_xlsx(rows)
    floor = py_case(
        "from python_calamine import CalamineWorkbook",
        f"note = len(CalamineWorkbook.from_path({str(xlsx)!r}).get_sheet_by_index(0).to_python())",
    )
    fast = (
        py_case(
            "import fastexcel",
            f"note = fastexcel.read_excel({str(xlsx)!r}).load_sheet(0).height",
        )
        if _has("fastexcel")
        else None
    )
    cli = proc_case(_validate(xlsx, "--max-cells", str(10**9)))
    lines += [
        f"### Issue 30: a {rows:,}-row events xlsx ({xlsx.stat().st_size / 2**20:.0f} MiB)",
        "",
        "| case | seconds | peak RSS (MB) | vs floor |",
        "| --- | ---: | ---: | ---: |",
        _row("floor: python-calamine `to_python()` of the sheet, inside an interpreter", floor),
        _row("fastexcel `load_sheet`", fast) if fast else "| fastexcel | not installed | — | — |",
        _row(
            "`promis validate --kind events` (whole process)",
            cli,
            f"{cli['seconds'] / floor['seconds']:.1f}×",
        ),
        "",
        "Target: ≤ 1.5× the fastest raw reader.",
        "",
    ]


def bench_build_big(rows: int, lines: list[str]) -> None:
    """``promis build --data`` on a folder holding a large events register (time-boxed)."""
    n = max(_big_rows() or [rows])
    folder = WORK / f"build_{n}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "events.csv"
    if not target.exists():
        os.link(ensure_csv(n), target)
    env = {**os.environ, "PROMIS_MAX_CSV_MB": "8192"}
    limit = int(os.environ.get("PROMIS_BENCH_BUILD_SECONDS", "900"))
    try:
        r = proc_case(
            ["timeout", str(limit), str(BIN / "promis"), "build", "--data", str(folder),
             "--out", str(WORK / f"build_{n}_out"), "--force"],
            ok=(0,), env=env,
        )  # fmt: skip
        shown = _row(f"`promis build --data` ({n:,} event rows)", r)
    except RuntimeError as exc:
        shown = f"| `promis build --data` ({n:,} event rows) | failed or over {limit} s | — | " + (
            str(exc).splitlines()[-1][:200].replace("|", "/") + " |"
        )
    lines += [
        f"### Issue 30: `promis build --data` on a folder with {n:,} event rows",
        "",
        "| case | seconds | peak RSS (MB) | note |",
        "| --- | ---: | ---: | --- |",
        shown,
        "",
        "Target: indicator tables and charts in ≤ 3 minutes on a 2-core machine.",
        "",
    ]


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
