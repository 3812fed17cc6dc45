"""``save_figure``: write a chart as byte-stable PNG, SVG and PDF files, atomically."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from promis_analytics import paths
from promis_analytics.charts.catalogue import chart_meta
from promis_analytics.charts.figure_data import csv_bytes, figure_data
from promis_analytics.charts.save_options import apply_settings, resize_for, safe_stem, stem_lang
from promis_analytics.charts.settings import ChartSettings, active_settings, side_outputs
from promis_analytics.charts.skip import SkippedChart
from promis_analytics.export import atomic_write
from promis_analytics.formatting import LANGS

__all__ = ["FORMATS", "SAVE_RC", "save_figure"]

#: File formats ``save_figure`` writes, in this order by default.
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")

#: Settings in force while saving: fixed SVG id salt, SVG text kept as editable ``<text>``,
#: TrueType (Type 42) fonts embedded in PDF so text stays selectable and editable.
SAVE_RC: dict[RcKeyType, object] = {
    "svg.hashsalt": "promis_analytics",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
}

# Metadata per format: no timestamps, no software versions (they would change the bytes).
_METADATA: dict[str, dict[str, str | None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": "promis_analytics"},
    "pdf": {
        "CreationDate": None,
        "ModDate": None,
        "Producer": None,
        "Creator": "promis_analytics",
    },
}


def save_figure(
    fig: Figure | SkippedChart,
    stem: str,
    formats: Iterable[str] = (*FORMATS, "csv"),
    dpi: int | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    meta: Mapping[str, str] | None = None,
    data: pd.DataFrame | None = None,
    settings: ChartSettings | None = None,
) -> list[Path]:
    """Write ``fig`` to ``<out_dir>/<stem>.<ext>`` for each format; return the paths written.

    ``stem`` is the chart's stable file name ending in its language code, e.g.
    ``"participants_per_city.uk"``; any other name a user types ("Учасники 2019.uk") is written
    under a safe name (``safe_stem``: transliterated, lowercase) and the sidecar keeps the
    typed one as ``stem``.
    ``out_dir`` defaults to ``paths.figures_dir()`` and is created if missing. The same figure
    gives the same bytes on every run: PNG without the Software entry, SVG without Date and
    with a fixed hash salt (``<text>`` elements stay editable), PDF without CreationDate,
    ModDate and Producer. Each file is written to a temporary file in the same folder and
    moved into place with ``os.replace``, so a reader sees the old file or the new one,
    never a partial one. ``dpi`` applies to the PNG (SVG and PDF are vector); default: the
    ``[charts] dpi`` setting, else 300.

    ``data`` (default: the table the chart function attached, ``figure_data(fig)``) is
    written as ``<stem>.csv`` (format "csv", on by default; ``figure_data.csv_bytes``:
    byte-stable) and named in the sidecar as ``data``. ``settings`` (default:
    ``charts.settings.active_settings()``, the ``[charts]`` of the data folder being built)
    give the size and the title and caption overrides (``save_options.apply_settings``), and
    the side outputs: the images again in ``<out_dir>/<output>/`` at each ``[charts.outputs]``
    size and DPI.

    ``meta`` (e.g. ``{"chart": …, "title": …, "caption": …, "source": …, "notebook": …}``) is
    written beside the images as ``<stem>.json`` (sorted keys, UTF-8), which the figure gallery
    reads; only string values are accepted so the file stays byte-stable. ``chart`` and
    ``notebook`` default to the chart's row of the catalogue (``catalogue.chart_meta``).

    A ``SkippedChart`` (``chart_or_skip``) writes only the sidecar, with ``skipped`` = its
    reason in the stem's language, and removes images an earlier run left under ``stem``.
    """
    typed, stem = stem, safe_stem(stem)
    meta = None if meta is None else {**chart_meta(stem_lang(stem)[0]), **meta}
    settings = active_settings() if settings is None else settings
    wanted, with_data = _formats(formats)
    folder = Path(out_dir) if out_dir is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    table = None
    if isinstance(fig, SkippedChart):
        _remove_outputs(folder, stem)
        meta = {**(meta or {}), "skipped": fig.reason(stem_lang(stem)[1] or LANGS[0])}
    else:
        meta = apply_settings(fig, stem, meta, settings)
        table = data if data is not None else figure_data(fig)
        if with_data and table is not None:
            meta = None if meta is None else {**meta, "data": f"{stem}.csv"}
        elif with_data:
            (folder / f"{stem}.csv").unlink(missing_ok=True)  # an earlier run's data
        written += _write_images(fig, folder, stem, wanted, dpi or settings.dpi or 300, settings)
    if meta is not None and typed != stem:
        meta = {**meta, "stem": typed}
    if with_data and table is not None:
        target = folder / f"{stem}.csv"
        _write_bytes_atomically(target, csv_bytes(table))
        written.append(target)
    if meta is not None:
        written.append(_write_meta(folder, stem, meta))
    return written


def _formats(formats: Iterable[str]) -> tuple[list[str], bool]:
    """The image formats asked for, and whether the data (``csv``) is; ValueError for an
    unknown format or none."""
    wanted = list(formats)
    unknown = [f for f in wanted if f not in (*FORMATS, "csv")]
    if unknown or not wanted:
        raise ValueError(f"unknown figure format(s) {unknown}: expected some of {FORMATS}, csv")
    return [f for f in wanted if f != "csv"], "csv" in wanted


def _remove_outputs(folder: Path, stem: str) -> None:
    """Remove the images and data an earlier run wrote under ``stem`` (side outputs too)."""
    for fmt in (*FORMATS, "csv"):
        (folder / f"{stem}.{fmt}").unlink(missing_ok=True)
        for old in folder.glob(f"*/{stem}.{fmt}"):  # side outputs
            old.unlink()


def _write_images(
    fig: Figure, folder: Path, stem: str, wanted: list[str], dpi: int, settings: ChartSettings
) -> list[Path]:
    """The figure in each format at ``dpi``, then again in each ``[charts.outputs]`` folder
    at that output's size and DPI (``dpi`` when it gives none)."""
    written = []
    with mpl.rc_context(SAVE_RC):
        for fmt in wanted:
            target = folder / f"{stem}.{fmt}"
            _write_atomically(fig, target, fmt, dpi)
            written.append(target)
        width, height = fig.get_size_inches() if wanted else (0.0, 0.0)
        main = (float(width), float(height))
        for name, output in side_outputs(settings) if wanted else []:  # [charts.outputs]
            resize_for(fig, output.size, main)
            (folder / name).mkdir(exist_ok=True)
            for fmt in wanted:
                target = folder / name / f"{stem}.{fmt}"
                _write_atomically(fig, target, fmt, output.dpi or dpi)
                written.append(target)
    return written


def _write_meta(folder: Path, stem: str, meta: Mapping[str, object]) -> Path:
    """``<stem>.json``: the metadata with sorted keys (UTF-8); every value must be text."""
    bad = sorted(k for k, v in meta.items() if not isinstance(v, str))
    if bad:
        raise ValueError(f"figure metadata values must be text; not text: {', '.join(bad)}")
    target = folder / f"{stem}.json"
    text = json.dumps(dict(meta), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    _write_bytes_atomically(target, text.encode("utf-8"))
    return target


def _write_atomically(fig: Figure, target: Path, fmt: str, dpi: int) -> None:
    """Save ``fig`` through ``export.atomic_write`` (temporary sibling, then ``os.replace``);
    an SVG gets the figure's ``svg_titles`` (gid → text) as ``<title>`` tooltips and its
    generated ids numbered in order (``stable_svg_ids``)."""
    titles = getattr(fig, "svg_titles", None)
    if fmt == "svg":

        def write(tmp: Path) -> None:
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
            svg = stable_svg_ids(tmp.read_bytes())
            tmp.write_bytes(with_svg_titles(svg, titles) if titles else svg)

        atomic_write(target, write)
        return
    atomic_write(target, lambda tmp: fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt]))


#: Ids matplotlib's SVG writer makes (``_make_id``: a letter and 10 hex digits of a hash of
#: the clip box, hatch or marker — floats whose last bits may differ from run to run).
_SVG_MADE_ID = re.compile(rb'(?<=id=")([a-z])[0-9a-f]{10}(?=")')


def stable_svg_ids(svg: bytes) -> bytes:
    """``svg`` with each id matplotlib generated renamed to its letter and its rank of first
    appearance among ids of that letter (``p1c4f3589f6`` → ``p0001``), in definitions and
    references alike: the ids no longer depend on the last bits of a clip box, so the same
    drawing gives the same bytes."""
    found = list(dict.fromkeys(m.group(0) for m in _SVG_MADE_ID.finditer(svg)))
    if not found:
        return svg
    names: dict[bytes, bytes] = {}
    for old in found:  # numbered per letter: p0001, p0002 … m0001 …
        rank = sum(1 for k in names if k[:1] == old[:1]) + 1
        names[old] = b"%s%04d" % (old[:1], rank)
    pattern = re.compile(rb'(?<=["#])(' + b"|".join(map(re.escape, found)) + rb')(?=["\)])')
    return pattern.sub(lambda m: names[m.group(1)], svg)


def with_svg_titles(svg: bytes, titles: Mapping[str, str]) -> bytes:
    """``svg`` with a ``<title>`` (the tooltip readers see) as the first child of each
    ``<g id="gid">`` named in ``titles``; ids the SVG does not hold are ignored."""
    text = svg.decode("utf-8")
    for gid, title in sorted(titles.items()):
        opening = f'<g id="{html.escape(gid, quote=True)}">'
        text = text.replace(opening, f"{opening}\n   <title>{html.escape(title)}</title>", 1)
    return text.encode("utf-8")


def _write_bytes_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through ``export.atomic_write``."""
    atomic_write(target, lambda tmp: tmp.write_bytes(data))
