"""Benchmarks of issue 30 (``bench/run.py --only scale``): whole ``promis validate`` processes
beside the raw-read floors, one run; large registers with the limits raised the documented way.

Env ``PROMIS_BENCH_XLSX``: ``0`` skips the workbook, ``only`` runs it alone. Each command
runs under a small Python wrapper that times it and reads its peak resident memory
(``RUSAGE_CHILDREN`` of a wrapper that has only that child). Sizes beyond the first come from
``PROMIS_BENCH_BIG_ROWS`` (comma-separated, default ``10000000``; ``0`` skips them).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from run import BIN, PY, ROOT, WORK, ensure_csv, ensure_messy, ensure_xlsx, py_case

#: The issue-30 targets measured in this run: (target, measured, floor, met), written as the
#: summary table at the top of ``RESULTS.md`` by ``run.main`` (``run`` is ``__main__`` there,
#: so the list lives here, in a module imported once).
TARGETS: list[tuple[str, str, str, str]] = []

_WRAP = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "s = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "rss, cpu = u.ru_maxrss / 1024, u.ru_utime + u.ru_stime\n"
    "print(json.dumps({'seconds': s, 'peak_rss_mb': rss, 'cpu': cpu, 'rc': r.returncode,"
    " 'err': r.stderr.decode(errors='replace')[-1500:]}))\n"
)


def proc_case(args: list[str], ok: tuple[int, ...] = (0, 1), env: dict | None = None) -> dict:
    """Wall time, peak RSS and CPU seconds (user + system, its child processes included) of a
    whole process (its start-up and imports included)."""
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


def _repeats() -> int:
    return max(1, int(os.environ.get("PROMIS_BENCH_REPEAT", "3")))


def _row(name: str, r: dict, ratio: str = "—") -> str:
    return f"| {name} | {r['seconds']:.2f} | {r['peak_rss_mb']:.0f} | {ratio} |"


def interleaved(cases: dict[str, Callable[[], dict]], repeats: int) -> dict[str, dict]:
    """Each case run ``repeats`` times, the cases taking turns (a floor and its target see
    the same load on a shared machine); per case the fastest run (its peak RSS: the largest)."""
    runs: dict[str, list[dict]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, run in cases.items():
            runs[name].append(run())
    return {
        name: {
            "seconds": min(r["seconds"] for r in rs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in rs),
            "all": [round(r["seconds"], 2) for r in rs],
        }
        for name, rs in runs.items()
    }


def ensure_big_csv(rows: int, base: Path, base_rows: int) -> Path:
    """An events register of ``rows`` rows (a multiple of ``base_rows``): the ``base`` demo
    register repeated, every copy's ``event_id`` and ``locator`` numbered on (``promis demo``
    holds a register in memory while writing it: 10⁷ rows need ≈ 11 GB)."""
    folder = WORK / f"csv_{rows}"
    path = folder / "events.csv"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    with base.open(encoding="utf-8", newline="") as src, part.open("w", encoding="utf-8") as out:
        header = src.readline()
        out.write(header)
        body = src.read().splitlines()
        for copy in range(rows // base_rows):
            for k, line in enumerate(body, start=copy * base_rows + 1):
                cells = line.split(",")  # the demo's cells hold no comma and no quote
                cells[0], cells[-1] = f"demo-e{k:07d}", f"promis demo events row {k}"
                out.write(",".join(cells) + "\n")
    part.replace(path)
    return path


def bench_scale(rows: int, lines: list[str]) -> None:
    """Issue 30: the CLI at ``rows`` (clean and messy) against pyarrow's read of the same file,
    interleaved and repeated; larger registers against the ``rows`` time; xlsx against the
    raw readers."""
    if os.environ.get("PROMIS_BENCH_XLSX") == "only":
        _xlsx(rows, lines)
        return
    csv, messy = ensure_csv(rows), ensure_messy(rows)
    n = _repeats()
    best = interleaved(
        {
            "floor_in": lambda: _floor_inside(csv),
            "floor_proc": lambda: proc_case(_floor_process(csv), ok=(0,)),
            "clean": lambda: proc_case(_validate(csv)),
            "messy": lambda: proc_case(_validate(messy)),
        },
        n,
    )
    floor_in, floor_proc, clean, dirty = (
        best[k] for k in ("floor_in", "floor_proc", "clean", "messy")
    )
    size = csv.stat().st_size / 2**20
    lines += [
        f"### Issue 30: `promis validate` of a {rows:,}-row events CSV, whole process",
        "",
        f"CSV {size:.0f} MiB (`promis demo --rows {rows} --seed 1 --kind events`). Each command "
        "is a whole process (interpreter start-up and imports included); peak RSS of that "
        f"process. The four cases took turns, {n} rounds; the fastest run of each is shown "
        "(all runs in the last column). Files of 64 MiB and more are checked in batches "
        "(`registers.out.stream`).",
        "",
        "| case | seconds | peak RSS (MB) | vs floor | runs (s) |",
        "| --- | ---: | ---: | ---: | --- |",
        _row("floor: `pyarrow.csv.read_csv`, inside a running interpreter", floor_in)
        + f" {floor_in['all']} |",
        _row("floor: the same read as a whole `python -c` process", floor_proc)
        + f" {floor_proc['all']} |",
        _row(
            "`promis validate --kind events` (clean)",
            clean,
            f"{clean['seconds'] / floor_in['seconds']:.1f}× the read, "
            f"{clean['seconds'] / floor_proc['seconds']:.1f}× the process",
        )
        + f" {clean['all']} |",
        _row(
            "`promis validate --kind events` (messy: `promis demo --messy`)",
            dirty,
            f"{dirty['seconds'] / clean['seconds']:.1f}× the clean CSV",
        )
        + f" {dirty['all']} |",
        "",
        "Targets: the clean CSV ≤ 4× `pyarrow.csv.read_csv`, peak ≤ 1 GB; messy ≤ 2× clean.",
        "",
    ]
    ratio, messy_ratio = clean["seconds"] / floor_in["seconds"], dirty["seconds"] / clean["seconds"]
    TARGETS.extend(
        [
            (
                f"{rows:,}-row CSV: `promis validate` ≤ 4× `pyarrow.csv.read_csv`, peak ≤ 1 GB",
                f"{clean['seconds']:.2f} s ({ratio:.1f}×), {clean['peak_rss_mb']:.0f} MB",
                f"read {floor_in['seconds']:.2f} s, {floor_in['peak_rss_mb']:.0f} MB",
                _met(ratio <= 4 and clean["peak_rss_mb"] <= 1024),
            ),
            (
                "messy CSV ≤ 2× the clean one",
                f"{dirty['seconds']:.2f} s ({messy_ratio:.1f}×)",
                f"clean {clean['seconds']:.2f} s",
                _met(messy_ratio <= 2),
            ),
        ]
    )
    big = _big_rows()
    paths = _big(rows, csv, clean, big, lines) if big else []
    if os.environ.get("PROMIS_BENCH_XLSX", "1") != "0":
        _xlsx(rows, lines)
    bench_bombs(paths[-1] if paths else None, lines)


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _big(rows: int, csv: Path, clean: dict, big: list[int], lines: list[str]) -> list[Path]:
    """Larger registers (one run each, after the ``rows`` runs) against the ``rows`` time."""
    size = csv.stat().st_size / 2**20
    lines += [
        "| rows | CSV MiB | `promis validate --max-file-mb 8192` seconds | peak RSS (MB) | "
        f"vs the {rows:,}-row time |",
        "| ---: | ---: | ---: | ---: | ---: |",
        f"| {rows:,} | {size:.0f} | {clean['seconds']:.1f} | {clean['peak_rss_mb']:.0f} | 1.0× |",
    ]
    paths = []
    for n in big:
        path = ensure_big_csv(n, csv, rows)
        paths.append(path)
        r = proc_case(_validate(path, "--max-file-mb", "8192"))
        times = r["seconds"] / clean["seconds"]
        lines.append(
            f"| {n:,} | {path.stat().st_size / 2**20:.0f} | {r['seconds']:.1f} | "
            f"{r['peak_rss_mb']:.0f} | {times:.1f}× |"
        )
        TARGETS.append(
            (
                f"{n:,}-row CSV: peak ≤ 2 GB, time ≤ 12× the {rows:,}-row time",
                f"{r['seconds']:.1f} s ({times:.1f}×), {r['peak_rss_mb']:.0f} MB",
                f"{rows:,} rows: {clean['seconds']:.2f} s",
                _met(times <= 12 and r["peak_rss_mb"] <= 2048),
            )
        )
    lines += [
        "",
        f"Larger registers: the {rows:,}-row demo register repeated with `event_id` and "
        "`locator` numbered on (`ensure_big_csv`). Target (10 000 000 rows): peak ≤ 2 GB, "
        f"time ≤ 12× the {rows:,}-row time. The size limit is raised the documented way "
        "(`--max-file-mb`; env `PROMIS_MAX_CSV_MB`). Sizes: env `PROMIS_BENCH_BIG_ROWS` "
        "(default 10000000; 0 skips them).",
        "",
    ]
    return paths


def _xlsx(rows: int, lines: list[str]) -> None:
    xlsx = ensure_xlsx(rows)
    cases: dict[str, Callable[[], dict]] = {
        "calamine": lambda: py_case(
            "from python_calamine import CalamineWorkbook",
            f"note = len(CalamineWorkbook.from_path({str(xlsx)!r}).get_sheet_by_index(0)"
            ".to_python())",
        ),
        "cli": lambda: proc_case(_validate(xlsx, "--max-cells", str(10**9))),
    }
    if _has("fastexcel"):
        cases["fastexcel"] = lambda: py_case(
            "import fastexcel", f"note = fastexcel.read_excel({str(xlsx)!r}).load_sheet(0).height"
        )
    best = interleaved(cases, _repeats())
    floor, cli, fast = best["calamine"], best["cli"], best.get("fastexcel")
    fastest = min([floor] + ([fast] if fast else []), key=lambda r: r["seconds"])
    lines += [
        f"### Issue 30: a {rows:,}-row events xlsx ({xlsx.stat().st_size / 2**20:.0f} MiB)",
        "",
        "| case | seconds | peak RSS (MB) | vs the fastest reader | runs (s) |",
        "| --- | ---: | ---: | ---: | --- |",
        _row("floor: python-calamine `to_python()` of the sheet, inside an interpreter", floor)
        + f" {floor['all']} |",
        _row("floor: fastexcel `load_sheet` (Arrow), inside an interpreter", fast)
        + f" {fast['all']} |"
        if fast
        else "| fastexcel | not installed (`pip install fastexcel`) | — | — | — |",
        _row(
            "`promis validate --kind events` (whole process)",
            cli,
            f"{cli['seconds'] / fastest['seconds']:.1f}×",
        )
        + f" {cli['all']} |",
        "",
        "Target: ≤ 1.5× the fastest raw reader. The fastexcel floor only parses the sheet "
        "(`load_sheet`, no `to_arrow`); `promis validate` reads a sheet of 16 MiB of XML or "
        "more through fastexcel into Arrow (`registers.io.xlsx_arrow`) after the safety pass over "
        "the sheet XML (`safety.check_workbook`), then checks it as a CSV is.",
        "",
    ]
    times = cli["seconds"] / fastest["seconds"]
    TARGETS.append(
        (
            f"{rows:,}-row xlsx: `promis validate` ≤ 1.5× the fastest raw reader",
            f"{cli['seconds']:.1f} s ({times:.1f}×), {cli['peak_rss_mb']:.0f} MB",
            f"fastest reader {fastest['seconds']:.1f} s",
            _met(times <= 1.5),
        )
    )


def _zip_bomb(base: Path, target: Path, mib: int = 200) -> Path:
    """``base`` (an .xlsx) with its first sheet replaced by ``mib`` MiB of zeros (≈ 1000:1)."""
    import zipfile

    if target.exists():
        return target
    with (
        zipfile.ZipFile(base) as zi,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zo,
    ):
        for info in zi.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with zo.open(info.filename, "w", force_zip64=True) as fh:
                    for _ in range(mib):
                        fh.write(b"\x00" * 2**20)
            else:
                zo.writestr(info, zi.read(info.filename))
    return target


def bench_bombs(big_csv: Path | None, lines: list[str]) -> None:
    """Hostile inputs refused by ``promis validate`` (default limits), whole processes, beside
    the CLI's own start-up: a zip bomb (a 200 MiB sheet part in a small .xlsx) and, when
    present, the 10⁷-row CSV without its limit raised (refused on its size)."""
    (WORK / "bomb").mkdir(parents=True, exist_ok=True)
    bomb = _zip_bomb(ensure_xlsx(10), WORK / "bomb" / "events.xlsx")
    cases: dict[str, Callable[[], dict]] = {
        "start": lambda: proc_case([str(BIN / "promis"), "validate", "--help"], ok=(0,)),
        "bomb": lambda: proc_case(_validate(bomb), ok=(1, 2)),
    }
    if big_csv is not None:
        cases["big"] = lambda: proc_case(_validate(big_csv), ok=(1, 2))
    best = interleaved(cases, _repeats())
    size = bomb.stat().st_size / 2**10
    lines += [
        "### Issue 30: hostile inputs refused (`promis validate`, default limits)",
        "",
        "| case | seconds | peak RSS (MB) | vs the start-up | runs (s) |",
        "| --- | ---: | ---: | ---: | --- |",
        _row("floor: `promis validate --help` (interpreter, imports, CLI)", best["start"])
        + f" {best['start']['all']} |",
        _row(
            f"zip bomb: {size:.0f} KiB .xlsx whose sheet part expands to 200 MiB",
            best["bomb"],
            f"{best['bomb']['seconds'] / best['start']['seconds']:.1f}×",
        )
        + f" {best['bomb']['all']} |",
    ]
    if big_csv is not None:
        lines.append(
            _row(
                f"a {big_csv.stat().st_size / 2**20:.0f} MiB CSV over the size limit",
                best["big"],
                f"{best['big']['seconds'] / best['start']['seconds']:.1f}×",
            )
            + f" {best['big']['all']} |"
        )
    lines += ["", "Target: refused as cheaply as before (a start-up's time and memory).", ""]
    TARGETS.append(
        (
            "bombs refused cheaply",
            f"zip bomb {best['bomb']['seconds']:.2f} s, {best['bomb']['peak_rss_mb']:.0f} MB",
            f"start-up {best['start']['seconds']:.2f} s, {best['start']['peak_rss_mb']:.0f} MB",
            "see table",
        )
    )


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
