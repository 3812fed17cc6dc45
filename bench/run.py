"""Benchmarks of issue 7 (``make bench``): each measured against a baseline in the same session.

Every case runs in a fresh Python subprocess that reports its wall time and peak resident
memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``). Results go to ``bench/RESULTS.md``.
Large inputs are generated once into ``bench/_work/`` (git-ignored) with ``promis demo``.
Issue 30's cases — ``scale`` (``bench/scale.py``: validation vs the raw-read floors, 10⁷ rows,
xlsx vs fastexcel/calamine, messy vs clean, hostile inputs) and ``build_big``
(``bench/big_build.py``: the 10⁷-row ``promis build`` step by step) — also fill a summary
table of every issue-30 target beside its floor at the top of ``RESULTS.md``.

    .venv/bin/python bench/run.py [--rows 1000000] [--only xlsx,cache,indicators,build,...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
RESULTS = ROOT / "bench" / "RESULTS.md"
PY = sys.executable
BIN = Path(PY).parent

# The reader's safety limits (issue 8) refuse a 1 000 000-row events sheet (12 M cells); the
# benchmark lifts them in its own subprocesses only, and says so in RESULTS.md.
LIFT_LIMITS = textwrap.dedent(
    """
    from promis_analytics import safety as _s
    from promis_analytics.registers.io import reader as _r
    _r.MAX_CELLS = 10**9
    _r.MAX_XLSX_UNCOMPRESSED = 10**11
    _s.MAX_WORKBOOK_BYTES = 10**12
    """
)

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    setup, body = sys.argv[1], sys.argv[2]
    ns = {}
    exec(setup, ns)
    t = time.perf_counter()
    exec(body, ns)
    seconds = time.perf_counter() - t
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mb": rss_mb, "note": str(ns.get("note", ""))}))
    """
)


def py_case(setup: str, body: str) -> dict:
    """Run ``body`` (timed) after ``setup`` (untimed) in a fresh interpreter."""
    out = subprocess.run(
        [PY, "-c", _CHILD, setup, body], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def cmd_case(args: list[str], cwd: Path = ROOT) -> dict:
    """Wall time of a command (its output is discarded); fails loudly on a non-zero exit."""
    t = time.perf_counter()
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return {"seconds": seconds, "stdout": out.stdout}


def ensure_xlsx(rows: int) -> Path:
    """A synthetic events register of ``rows`` rows as .xlsx (generated once, streamed)."""
    folder = WORK / f"xlsx_{rows}"
    path = folder / "events.xlsx"
    if not path.exists():
        cmd_case(
            [str(BIN / "promis"), "demo", "--rows", str(rows), "--seed", "1", "--format", "xlsx",
             "--kind", "events", "-o", str(folder)]
        )  # fmt: skip
    return path


def bench_xlsx(rows: int, lines: list[str]) -> None:
    path = ensure_xlsx(rows)
    size_mb = path.stat().st_size / 1e6
    base = py_case("import pandas as pd", f"df = pd.read_excel({str(path)!r}, engine='openpyxl')")
    cal = py_case("import pandas as pd", f"df = pd.read_excel({str(path)!r}, engine='calamine')")
    raw = py_case(
        LIFT_LIMITS + "from promis_analytics.registers.io.formats import read_table",
        f"t = read_table({str(path)!r}); note = len(t.rows)",
    )
    lines += [
        f"### Reading a {rows:,}-row events register from .xlsx ({size_mb:.0f} MB)",
        "",
        "| reader | seconds | peak RSS (MB) | vs baseline |",
        "| --- | ---: | ---: | ---: |",
        f'| baseline: `pandas.read_excel(engine="openpyxl")` | {base["seconds"]:.1f} | '
        f"{base['peak_rss_mb']:.0f} | 1.0× |",
        f'| `pandas.read_excel(engine="calamine")` (reference) | {cal["seconds"]:.1f} | '
        f"{cal['peak_rss_mb']:.0f} | {base['seconds'] / cal['seconds']:.1f}× |",
        "| `registers.io.formats.read_table` (calamine, the XML scan inside the safety pass; "
        f"coded columns, {raw['note']} rows) | "
        f"{raw['seconds']:.1f} | {raw['peak_rss_mb']:.0f} | "
        f"{base['seconds'] / raw['seconds']:.1f}× |",
        "",
        "Target: at least 5× faster than the openpyxl baseline.",
        "",
    ]


def bench_cache(rows: int, lines: list[str]) -> None:
    path = ensure_xlsx(rows)
    store = WORK / "cache"
    shutil.rmtree(store, ignore_errors=True)
    setup = LIFT_LIMITS + "from promis_analytics.registers.out.cache import load_cached"
    body = f"r = load_cached('events', {str(path)!r}, cache={str(store)!r}); note = len(r.data)"
    cold = py_case(setup, body)
    hit = py_case(setup, body)
    lines += [
        f"### Typed load of the {rows:,}-row events register (`registers.out.cache.load_cached`)",
        "",
        "| run | seconds | peak RSS (MB) |",
        "| --- | ---: | ---: |",
        f"| cold: read + validate + type every cell, write the Parquet cache | "
        f"{cold['seconds']:.1f} | {cold['peak_rss_mb']:.0f} |",
        f"| warm: unchanged file, read from the Parquet cache (hash + read) | "
        f"{hit['seconds']:.2f} | {hit['peak_rss_mb']:.0f} |",
        "",
        f"Rows loaded: {hit['note']}. Target for the cache: under 1 s.",
        "",
    ]


def bench_indicators(rows: int, lines: list[str]) -> None:
    store = WORK / "cache"
    cached = sorted(store.glob("events-*.parquet")) if store.exists() else []
    if cached:  # through load_cached, as the build reads it (attrs["rows"] restored)
        path = ensure_xlsx(rows)
        load_events = (
            LIFT_LIMITS
            + "from promis_analytics.registers.out.cache import load_cached\n"
            + f"events = load_cached('events', {str(path)!r}, cache={str(store)!r}).data"
        )
        origin = "typed by `registers.load`, read back with `load_cached` from the Parquet cache"
    else:
        load_events = textwrap.dedent(
            f"""
            from promis_analytics.demo import demo_registers
            events = demo_registers({rows}, seed=1, kinds=("events",))["events"]
            for c in ("date_start", "date_end"):
                events[c] = pd.to_datetime(events[c])
            events["component"] = events["component"].replace("", None)
            events["country"] = None
            """
        )
        origin = "from `demo_registers`, dates converted (no cache present)"
    setup = "\n".join(
        [
            "import pandas as pd",
            "from promis_analytics.dataset import load_dataset",
            "from promis_analytics.indicators import indicator_tables",
            "ds = dict(load_dataset())",
            textwrap.dedent(load_events).strip(),
            'ds["events"] = events',
        ]
    )
    one = py_case(setup, "tables = indicator_tables(ds); note = len(ds['events'])")
    lines += [
        f"### All indicators over a {rows:,}-row events register",
        "",
        f"`indicator_tables(dataset)` with the embedded registers and the synthetic events "
        f"register ({origin}); loading is not timed.",
        "",
        "| case | seconds | peak RSS of the process (MB) |",
        "| --- | ---: | ---: |",
        f"| `indicator_tables` ({one['note']} event rows) | {one['seconds']:.2f} | "
        f"{one['peak_rss_mb']:.0f} |",
        "",
        "Targets: under 2 s, peak memory under 2 GB (2 048 MB).",
        "",
    ]


def _has_build() -> bool:
    out = subprocess.run(
        [str(BIN / "promis"), "build", "--help"], cwd=ROOT, capture_output=True, check=False
    )
    return out.returncode == 0


def _language_copy(nb: Path, lang: str, folder: Path) -> Path:
    """A copy of notebook ``nb`` whose parameters cell sets ``lang`` (nbconvert cannot pass
    parameters)."""
    data = json.loads(nb.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = "".join(cell["source"])
            cell["source"] = src.replace('lang = "uk"', f'lang = "{lang}"')
    target = folder / f"{nb.stem}.{lang}.ipynb"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return target


def bench_build(lines: list[str]) -> None:
    """Cold builds of both languages (warm kernels, and a new kernel per notebook), a no-change
    rebuild, and the same notebooks run one after another with nbconvert — one run.

    Everything runs in temporary folders (``--out`` for the builds; copies of the notebooks,
    figures sent to a temporary folder by ``PROMIS_FIGURES_DIR``, for nbconvert), so the
    repository's files are untouched. Both sides run the nine notebooks in both languages.
    """
    if not _has_build():
        lines += ["### `promis build`", "", "Not measured: `promis build` is not available.", ""]
        return
    promis = str(BIN / "promis")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "notebooks").mkdir()
        (work / "figures").mkdir()
        (work / "data").symlink_to(ROOT / "data")  # the copies read ../data/raw
        sources = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        copies = [_language_copy(nb, lang, work / "notebooks") for lang in ("uk", "en")
                  for nb in sources]  # fmt: skip
        env = {**os.environ, "PROMIS_FIGURES_DIR": str(work / "figures")}
        t = time.perf_counter()
        for nb in copies:
            args = [str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                    "--output-dir", str(work / "executed"), str(nb)]  # fmt: skip
            done = subprocess.run(args, cwd=work / "notebooks", env=env, capture_output=True)
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-2000:])
        base = time.perf_counter() - t
        cold = cmd_case([promis, "build", "--force", "--out", str(work / "build")])
        warm = cmd_case([promis, "build", "--out", str(work / "build")])
        fresh = cmd_case(
            [promis, "build", "--force", "--fresh-kernels", "--out", str(work / "build2")]
        )
    jobs = os.cpu_count()
    lines += [
        "### `promis build` of the embedded data",
        "",
        "| run | seconds | vs baseline |",
        "| --- | ---: | ---: |",
        f"| baseline: `jupyter nbconvert --to notebook --execute`, {len(sources)} notebooks × "
        f"uk and en one after another | {base:.1f} | 1.0× |",
        f"| cold `promis build --force` (uk and en, {jobs} jobs, warm kernels) | "
        f"{cold['seconds']:.1f} | {base / cold['seconds']:.1f}× |",
        f"| cold `promis build --force --fresh-kernels` (a new kernel per notebook) | "
        f"{fresh['seconds']:.1f} | {base / fresh['seconds']:.1f}× |",
        f"| no-change `promis build` | {warm['seconds']:.2f} | — |",
        "",
        "Targets: cold build of both languages at least 4× faster than the baseline; no-change "
        "rebuild under 2 s.",
        "",
    ]


def ensure_csv(rows: int) -> Path:
    """A synthetic events register of ``rows`` rows as .csv (generated once)."""
    folder = WORK / f"csv_{rows}"
    path = folder / "events.csv"
    if not path.exists():
        cmd_case(
            [str(BIN / "promis"), "demo", "--rows", str(rows), "--seed", "1", "--kind", "events",
             "-o", str(folder)]
        )  # fmt: skip
    return path


_LEGACY = (
    "import sys; sys.path.insert(0, 'tests')\n"
    "import legacy_validate\n"
    "from promis_analytics.registers.io.formats import read_table\n"
)


def ensure_messy(rows: int) -> Path:
    """A messy events register of ``rows`` rows (``promis demo --messy``, generated once)."""
    folder = WORK / f"messy_{rows}"
    path = folder / "events.csv"
    if not path.exists():
        cmd_case(
            [str(BIN / "promis"), "demo", "--messy", "--rows", str(rows), "--seed", "1",
             "-o", str(folder)]
        )  # fmt: skip
    return path


def bench_validation(rows: int, lines: list[str]) -> None:
    """Issue 16: the typed, validated load — row by row (the old path, kept under tests/)
    against column by column (the package) — beside the raw-read floors, one run."""
    csv = ensure_csv(rows)
    xlsx = ensure_xlsx(rows)
    small = ensure_csv(100_000)
    messy = ensure_messy(rows)
    floor_csv = py_case(
        "import pyarrow.csv as pc",
        f"t = pc.read_csv({str(csv)!r}, convert_options=pc.ConvertOptions("
        "column_types={}, strings_can_be_null=False)); note = t.num_rows",
    )
    floor_polars = py_case(
        "import polars as pl" if _has("polars") else "pl = None",
        f"note = pl.read_csv({str(csv)!r}, infer_schema=False).height if pl else 'n/a'",
    )
    floor_xlsx = py_case(
        "from python_calamine import CalamineWorkbook",
        f"note = len(CalamineWorkbook.from_path({str(xlsx)!r}).get_sheet_by_index(0).to_python())",
    )
    new_csv = py_case(
        "from promis_analytics.registers import load",
        f"note = len(load('events', {str(csv)!r}).data)",
    )
    old_csv = py_case(
        _LEGACY,
        f"note = len(legacy_validate.validate_table(read_table({str(csv)!r}), 'events')[0])",
    )
    new_xlsx = py_case(
        "from promis_analytics.registers import load",
        f"note = len(load('events', {str(xlsx)!r}).data)",
    )
    new_small = py_case(
        "from promis_analytics.registers import load",
        f"note = len(load('events', {str(small)!r}).data)",
    )
    new_messy = py_case(
        "from promis_analytics.registers import load",
        f"r = load('events', {str(messy)!r}, strict=False); "
        "note = f'{r.report.accepted} accepted, {r.report.rejected} rejected, "
        "{r.report.blank} blank'",
    )
    store = WORK / "cache16"
    shutil.rmtree(store, ignore_errors=True)
    warm_setup = (
        "from promis_analytics.registers.out.cache import load_cached\n"
        f"load_cached('events', {str(csv)!r}, cache={str(store)!r})"
    )
    warm = py_case(
        warm_setup, f"note = len(load_cached('events', {str(csv)!r}, cache={str(store)!r}).data)"
    )
    size = csv.stat().st_size / 1e6

    def row(name: str, r: dict, floor: dict | None) -> str:
        ratio = f"{r['seconds'] / floor['seconds']:.1f}×" if floor else "—"
        return f"| {name} | {r['seconds']:.2f} | {r['peak_rss_mb']:.0f} | {ratio} |"

    lines += [
        f"### Validating a {rows:,}-row events register (issue 16)",
        "",
        f"`promis demo --rows {rows} --seed 1 --kind events`: CSV {size:.0f} MB, xlsx "
        f"{xlsx.stat().st_size / 1e6:.0f} MB. Default limits (no lifting). One run, each case in "
        "a fresh process; ratios against the floor of the same format.",
        "",
        "| case | seconds | peak RSS (MB) | vs floor |",
        "| --- | ---: | ---: | ---: |",
        row("floor: `pyarrow.csv.read_csv`, all text", floor_csv, None),
        row("floor: `polars.read_csv`, all text", floor_polars, floor_csv)
        if floor_polars["note"] != "n/a"
        else "| floor: `polars.read_csv` | not installed | — | — |",
        row(
            "old path: row-by-row `validate_table` (tests/legacy_validate.py), CSV",
            old_csv,
            floor_csv,
        ),
        row("new path: `registers.load` (columnar checks), CSV", new_csv, floor_csv),
        row("floor: python-calamine read of the xlsx", floor_xlsx, None),
        row("new path: `registers.load`, xlsx", new_xlsx, floor_xlsx),
        row("new path: `registers.load`, 100 000-row CSV", new_small, None),
        f"| new path: messy {rows:,}-row CSV (`promis demo --messy`: Ukrainian headers and words, "
        "mixed date forms, inflected places, 1 % wrong rows, a blank line every 5 000 rows, the "
        f"header repeated every 100 000; {new_messy['note']}) | {new_messy['seconds']:.2f} | "
        f"{new_messy['peak_rss_mb']:.0f} | {new_messy['seconds'] / new_csv['seconds']:.1f}× "
        "the clean CSV |",
        row("Parquet cache hit (`load_cached`), CSV", warm, None),
        "",
        "Targets (issue 16): CSV ≤ 12× the pyarrow floor and ≤ 1.5 GB; xlsx ≤ 2× the calamine "
        "floor and ≤ 2 GB; the messy CSV ≤ 2× the clean one; 100 000 rows under 1 s; cache hit "
        "under 0.5 s.",
        "",
    ]


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


_PLACE_SAMPLE = [
    "Вінниця", "м. Полтава", "у Луцьку", "до Чернігова", "в Білій Церкві", "з Нової Каховки",
    "с. Гута, Буська громада", "Кіровоград", "онлайн", "Торонто", "смт Згурівка", "Ужгород",
    "Запоріжжі", "у Кам'янці-Подільському", "Знам'янка", "с. Велика Димерка",
]  # fmt: skip


def bench_places(rows: int, lines: list[str]) -> None:
    """Issue 12: the codifier's cold first lookup, and a 1 000 000-row city column resolved
    (distinct values once) against the floor of mapping already-known keys."""
    curated = py_case(
        "from promis_analytics.reference import normalize_city", "normalize_city('Вінниця')"
    )
    cold = py_case(
        "from promis_analytics.reference import normalize_city", "normalize_city('у Луцьку')"
    )
    setup = "\n".join(
        [
            "import numpy as np, pandas as pd",
            "from promis_analytics.indicators._common import city_keys",
            f"sample = {_PLACE_SAMPLE!r}",
            f"col = pd.Series(np.random.default_rng(1).choice(sample, {rows}))",
        ]
    )
    floor = py_case(
        setup + "\nknown = {s: str(i) for i, s in enumerate(sample)}",
        "keys = col.map(known); note = keys.nunique()",
    )
    full = py_case(setup, "keys = city_keys(col, 'bench'); note = keys.nunique()")
    lines += [
        "### Places: the codifier (issue 12)",
        "",
        "| case | seconds | peak RSS (MB) |",
        "| --- | ---: | ---: |",
        f"| first lookup of a curated name (`normalize_city('Вінниця')`, no codifier read) | "
        f"{curated['seconds']:.3f} | {curated['peak_rss_mb']:.0f} |",
        f"| first lookup through the codifier, cold (`normalize_city('у Луцьку')`: reads "
        f"31 748 objects, builds the case forms) | {cold['seconds']:.3f} | "
        f"{cold['peak_rss_mb']:.0f} |",
        f"| floor: `Series.map` of {rows:,} cells over a dict of already-known keys | "
        f"{floor['seconds']:.2f} | {floor['peak_rss_mb']:.0f} |",
        f"| `city_keys` of {rows:,} cells ({len(_PLACE_SAMPLE)} distinct spellings: partner "
        f"cities, inflected and prefixed codifier places, a renamed city, «онлайн»; each "
        f"distinct value resolved once, codifier load included) | {full['seconds']:.2f} | "
        f"{full['peak_rss_mb']:.0f} |",
        "",
    ]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


CASES = {
    "xlsx": lambda rows, lines: bench_xlsx(rows, lines),
    "cache": lambda rows, lines: bench_cache(rows, lines),
    "indicators": lambda rows, lines: bench_indicators(rows, lines),
    "build": lambda rows, lines: bench_build(lines),
    "places": lambda rows, lines: bench_places(rows, lines),
    "validation": lambda rows, lines: bench_validation(rows, lines),
    "scale": lambda rows, lines: _scale().bench_scale(rows, lines),
    "build_big": lambda rows, lines: _build_big(rows, lines),
}


def _scale():
    """``bench/scale.py`` (issue 30), which imports this module's helpers."""
    import scale

    return scale


def _build_big(rows: int, lines: list[str]) -> None:
    """``bench/big_build.py`` at the largest size of ``PROMIS_BENCH_BIG_ROWS`` (issue 30)."""
    import big_build

    n = max(_scale()._big_rows() or [rows])
    limit = int(os.environ.get("PROMIS_BENCH_BUILD_SECONDS", "1500"))
    r = big_build.bench_big_build(n, lines, limit)
    _scale().TARGETS.append(
        (
            f"`promis build --data`, {n:,} event rows: ≤ 180 s",
            f"{r['seconds']:.0f} s, peak {r['peak_rss_mb']:.0f} MB" if r else "did not finish",
            "—",
            "met" if r and r["seconds"] <= 180 else "**not met**",
        )
    )


def _summary() -> list[str]:
    """The issue-30 targets of this run beside their floors (empty when none was measured)."""
    targets = _scale().TARGETS if "scale" in sys.modules else []
    if not targets:
        return []
    rows = [f"| {t} | {m} | {f} | {ok} |" for t, m, f, ok in targets]
    return [
        "### Issue 30 targets, this run",
        "",
        "| target | measured | floor / reference | |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        "Details in the sections below.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--only", default=",".join(CASES), help="comma-separated: " + ",".join(CASES))
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    chosen = [c for c in args.only.split(",") if c]
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{Path(PY).relative_to(ROOT) if Path(PY).is_relative_to(ROOT) else PY} "
        f"bench/run.py --rows {args.rows} --only {','.join(chosen)}`  ",
        f"Machine: {machine()} (shared with other work while measured).  ",
        "Each case ran in a fresh Python process; times are wall-clock seconds of one run.",
        "The reader's safety limits (`MAX_CELLS`, `MAX_XLSX_UNCOMPRESSED`) are lifted inside the "
        "benchmark processes of issue 7 (the validation case of issue 16 uses the defaults).",
        "",
    ]
    head = len(lines)  # the summary of the targets goes below the header
    for case in chosen:
        print(f"running {case} …", flush=True)
        try:
            CASES[case](args.rows, lines)
        except Exception as exc:  # record the failure, keep the other cases
            lines += [f"### {case}", "", f"Failed: `{type(exc).__name__}: {str(exc)[:500]}`", ""]
        text = "\n".join(lines[:head] + _summary() + lines[head:]).rstrip() + "\n"
        args.out.write_text(text, encoding="utf-8")  # after every case: partial results survive
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
