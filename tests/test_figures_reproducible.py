"""Rerun every notebook in both languages and compare the figures with the committed figures/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from promis_analytics import paths
from promis_analytics.formatting import LANGS

NOTEBOOKS_DIR = paths.repo_root() / "notebooks"
FIGURES_DIR = paths.repo_root() / "figures"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
EXTENSIONS = ("png", "svg", "pdf", "csv", "json")  # csv: the values drawn (save_figure)
# <chart>.<lang>.<ext>; the chart part is lowercase ASCII (see charts.save)
FIGURE_NAME = re.compile(r"^(?P<chart>[a-z0-9][a-z0-9_\-]*)\.(?P<lang>[a-z]{2})\.(?P<ext>\w+)$")


def committed_figures() -> list[Path]:
    """The committed figure files (everything in figures/ but the generated gallery)."""
    if not FIGURES_DIR.is_dir():
        return []
    return sorted(
        p for p in FIGURES_DIR.iterdir() if p.is_file() and p.suffix.lstrip(".") in EXTENSIONS
    )


def notebook_of(json_sidecar: Path) -> str:
    """The notebook a figure's metadata sidecar names (``meta["notebook"]`` of save_figure)."""
    return str(json.loads(json_sidecar.read_text(encoding="utf-8")).get("notebook", ""))


def _skipped(chart: str) -> bool:
    """Both sidecars of ``chart`` record it as skipped (``"skipped"``: the reason)."""
    sidecars = [FIGURES_DIR / f"{chart}.{lang}.json" for lang in LANGS]
    return all(
        p.is_file() and json.loads(p.read_text(encoding="utf-8")).get("skipped") for p in sidecars
    )


def test_committed_figures_are_complete_and_claimed_by_a_notebook() -> None:
    """Fast check: each committed chart has every format in both languages, and its sidecar
    names a notebook that exists (no orphan figures left behind by a renamed chart)."""
    problems = []
    charts: dict[str, set[tuple[str, str]]] = {}
    for path in committed_figures():
        m = FIGURE_NAME.match(path.name)
        if not m or m["lang"] not in LANGS:
            problems.append(f"{path.name}: not <chart>.<uk|en>.<ext>")
            continue
        charts.setdefault(m["chart"], set()).add((m["lang"], m["ext"]))
    expected = {(lang, ext) for lang in LANGS for ext in EXTENSIONS}
    for chart, have in sorted(charts.items()):
        # a chart the data cannot support: its sidecars say why, no image
        expected_here = {(lang, "json") for lang in LANGS} if _skipped(chart) else expected
        missing = sorted(f"{chart}.{lang}.{ext}" for lang, ext in expected_here - have)
        if missing:
            problems.append(f"{chart}: missing {', '.join(missing)}")
        for lang in LANGS:
            sidecar = FIGURES_DIR / f"{chart}.{lang}.json"
            if sidecar.is_file() and not (NOTEBOOKS_DIR / notebook_of(sidecar)).is_file():
                problems.append(f"{sidecar.name}: names notebook {notebook_of(sidecar)!r}, absent")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_regenerates_committed_figures(notebook: Path, lang: str, tmp_path: Path) -> None:
    """Execute ``notebook`` with papermill (kernel python3, cwd notebooks/) writing figures into
    a fresh folder; every file it writes must equal the committed file byte for byte, and every
    committed figure of this notebook and language must be written again."""
    pytest.importorskip("papermill")
    from promis_analytics.pipeline.runner import execute_notebook

    out_dir = tmp_path / "figures"
    execute_notebook(
        notebook,
        parameters={"figures_dir": str(out_dir), "lang": lang},
        out=tmp_path / f"{notebook.stem}.{lang}.ipynb",
        cwd=NOTEBOOKS_DIR,
    )
    produced = sorted(p.name for p in out_dir.iterdir()) if out_dir.is_dir() else []
    claimed = sorted(
        p.name
        for p in committed_figures()
        if (m := FIGURE_NAME.match(p.name))
        and m["lang"] == lang
        and (FIGURES_DIR / f"{m['chart']}.{lang}.json").is_file()
        and notebook_of(FIGURES_DIR / f"{m['chart']}.{lang}.json") == notebook.name
    )
    problems = [f"{name}: written but not committed" for name in produced if name not in claimed]
    problems += [f"{name}: committed but not written" for name in claimed if name not in produced]
    for name in sorted(set(produced) & set(claimed)):
        if (out_dir / name).read_bytes() != (FIGURES_DIR / name).read_bytes():
            problems.append(f"{name}: bytes differ from the committed file")
    assert not problems, f"{notebook.name} ({lang}):\n" + "\n".join(problems)


def test_svg_ids_do_not_depend_on_the_last_bits_of_a_clip_box(tmp_path: Path) -> None:
    """Issue 31: clip-path ids are hashes of the clip box's floats, whose last bits differ
    between runs; save_figure numbers them, so the same drawing gives the same bytes."""
    from matplotlib.figure import Figure

    from promis_analytics.charts import save_figure

    svgs = []
    for n, left in enumerate((0.1, 0.1 + 1e-15)):
        fig = Figure(figsize=(3, 2))
        ax = fig.add_axes((left, 0.1, 0.8, 0.8))
        ax.bar(["Луцьк", "Коломия"], [3, 5])
        (path,) = save_figure(fig, f"clip_ids_{n}.uk", formats=("svg",), out_dir=tmp_path)
        svgs.append(path.read_bytes())
    assert b'clip-path="url(#p0001)"' in svgs[0] and b'id="p0001"' in svgs[0]
    assert svgs[0] == svgs[1]
