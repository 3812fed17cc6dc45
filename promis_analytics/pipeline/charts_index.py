"""Which charts each notebook draws (the stems it passes to ``save_figure``), for ``--only``,
``--list`` and the settings slice in a notebook step's hash."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "catalogue_mismatches",
    "chart_names",
    "notebook_charts",
    "settings_params",
    "unknown_charts",
]

# save_figure(fig, f"participants_per_city.{lang}", …) → participants_per_city
_SAVED = re.compile(r"""save_figure\(\s*[^,()]+,\s*f?(["'])(?P<chart>[^"'{}]+)\.\{lang\}\1""")


def notebook_charts(path: Path) -> tuple[str, ...]:
    """The chart names (file stems without the language) notebook ``path`` saves, in order."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    code = "\n".join(
        "".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source", ""))
        for c in nb.get("cells", [])
        if c.get("cell_type") == "code"
    )
    return tuple(dict.fromkeys(m.group("chart") for m in _SAVED.finditer(code)))


def chart_names(notebooks: Iterable[Path]) -> dict[str, Path]:
    """Chart name → the notebook that draws it."""
    return {chart: nb for nb in notebooks for chart in notebook_charts(nb)}


def catalogue_mismatches(notebooks: Iterable[Path]) -> list[str]:
    """One line (uk/en) per chart that the notebooks save but the catalogue
    (``charts.catalogue.CHARTS``) does not list under that notebook, and per catalogue row
    that no notebook saves: empty when notebooks and catalogue agree."""
    from promis_analytics.charts.catalogue import CHARTS

    drawn = {(chart, nb.name) for nb in notebooks for chart in notebook_charts(nb)}
    listed = {(c.id, c.notebook) for c in CHARTS}
    lines = [
        f"графік {chart!r} блокнота {nb} не внесено до каталогу / "
        f"chart {chart!r} of {nb} is not in the catalogue"
        for chart, nb in sorted(drawn - listed)
    ]
    lines += [
        f"графіка {chart!r} з каталогу не малює {nb} / "
        f"catalogue chart {chart!r} is not drawn by {nb}"
        for chart, nb in sorted(listed - drawn)
    ]
    return lines


def unknown_charts(asked: Sequence[str], known: Mapping[str, Any]) -> list[str]:
    """One line per asked name that is neither a chart nor a notebook, with the closest."""
    lines = []
    for name in asked:
        if name in known:
            continue
        close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
        hint = f" — можливо / did you mean: {', '.join(close)}" if close else ""
        lines.append(f"невідомий графік / unknown chart {name!r}{hint}")
    return lines


def settings_params(data_dir: Path, charts: Sequence[str]) -> dict[str, Any] | None:
    """What of the folder's ``promis.toml`` a notebook drawing ``charts`` depends on: every
    table but ``[charts]`` and ``[report]`` as written, and the ``[charts]`` slice of its
    charts (``charts.settings.charts_slice``). None when the file cannot be read or is
    invalid (the step then hashes the whole file, and the validate step reports it)."""
    import tomllib

    from promis_analytics.charts.settings import charts_slice
    from promis_analytics.project import CHART_TABLES, SETTINGS_FILE, project_settings

    path = data_dir / SETTINGS_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        chart_settings = project_settings(data_dir).charts_settings
    except Exception:
        return None
    rest = {k: v for k, v in data.items() if k not in CHART_TABLES}
    text = json.dumps(rest, sort_keys=True, default=str, ensure_ascii=False)
    return {"toml": text, "charts": charts_slice(chart_settings, list(charts))}


def select_only(
    steps: list[Any], only: Sequence[str], charts: Mapping[Path, Sequence[str]]
) -> list[Any]:
    """The steps ``promis build --only`` runs: ``validate``, the notebook steps that draw a
    named chart (or are a named notebook), and the steps after them that read figures
    (gallery, results reports, manifests); ``after`` keeps only the steps kept.

    ``ValueError`` (uk/en, with the closest names) for a name that is no chart or notebook.
    """
    import dataclasses

    known = {c: nb for nb, names in charts.items() for c in names}
    known.update({nb.stem: nb for nb in charts})
    problems = unknown_charts(only, known)
    if problems:
        raise ValueError("\n".join(problems))
    stems = {known[name].stem for name in only}
    chosen = {s.name for s in steps if s.name.startswith("notebook:") and
              s.name.split(":", 1)[1].rsplit(".", 1)[0] in stems}  # fmt: skip
    keep = {"validate", *chosen}
    for s in steps:  # steps after a kept notebook that read figures (not the workbook)
        if s.name.split(":")[0] in _AFTER_FIGURES and (set(s.after) & keep or s.name == "manifest"):
            keep.add(s.name)
    return [
        dataclasses.replace(s, after=tuple(a for a in s.after if a in keep))
        for s in steps
        if s.name in keep
    ]


#: Step families that read the figures: rerun after the charts ``--only`` names.
_AFTER_FIGURES = ("gallery", "results_report", "manifest")
