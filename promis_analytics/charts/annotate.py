"""Figure notes every brochure chart carries: the source line and the illustrative-data mark."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from urllib.parse import urlparse

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine, TightLayoutEngine
from matplotlib.text import Text

from promis_analytics.charts.labels import catalogue, label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.formatting import check_lang

__all__ = [
    "ILLUSTRATIVE_GID",
    "NOTE_SIZE",
    "SOURCE_GID",
    "SYNTHETIC_SOURCE",
    "describe_sources",
    "illustrative_mark",
    "source_line",
    "title_line",
]

#: Font size (pt) of the notes at the bottom of a figure.
NOTE_SIZE = 7.5
#: ``gid`` of the note artists, so tests and SVG editors can find them.
SOURCE_GID = "source_line"
ILLUSTRATIVE_GID = "illustrative_mark"
#: ``source`` of synthetic rows (``promis_analytics.demo.SYNTHETIC``); marks a chart illustrative.
SYNTHETIC_SOURCE = "synthetic"

_MARGIN_IN = 0.1  # distance of the notes from the figure edge, inches


def _reserve_bottom(fig: Figure, lines: int = 1) -> None:
    """Keep the axes clear of the notes (``lines`` of them): shrink a constrained layout's
    area from below."""
    engine = fig.get_layout_engine()
    if not isinstance(engine, ConstrainedLayoutEngine | TightLayoutEngine):  # no layout
        return
    band = (NOTE_SIZE * (0.3 + 1.3 * lines) / 72 + 2 * _MARGIN_IN) / fig.get_figheight()
    engine.set(rect=(0, band, 1, 1 - band))  # (left, bottom, width, height)


def title_line(fig: Figure, ax: Axes, text: str, own_figure: bool = True) -> None:
    """A chart's title: left-aligned on the figure when the chart owns it (a title with its
    period can be wider than the axes, whose centre would cut it), else the axes' title."""
    if own_figure:
        fig.suptitle(text, x=0.02, ha="left", fontsize=13, fontweight="bold")
    else:
        ax.set_title(text)


def source_line(fig: Figure, text: str, lang: str) -> Text:
    """Put ``"Джерело: <text>"`` / ``"Source: <text>"`` small at the bottom left of ``fig``.

    ``text`` names the document and section or the register file, already in ``lang``.
    A constrained layout is shrunk so the note never overlaps the axes. When ``text`` names
    synthetic data (one of its "; "-separated parts is ``synthetic``, as ``describe_sources``
    writes for rows made by ``promis demo``), ``illustrative_mark`` is added automatically.
    """
    check_lang(lang)
    if not text.strip():
        raise ValueError("source_line needs the source text (document and section, or register)")
    if SYNTHETIC_SOURCE in (part.strip() for part in text.split(";")):
        illustrative_mark(fig, lang)
    # A long list of sources wraps at the figure's width (about 0.55 em per character).
    width = int((fig.get_figwidth() - 2 * _MARGIN_IN) * 72 / (NOTE_SIZE * 0.55))
    lines = textwrap.wrap(f"{label('source.prefix', lang)}: {text.strip()}", width) or [""]
    _reserve_bottom(fig, len(lines))
    y = _MARGIN_IN / fig.get_figheight()
    x = _MARGIN_IN / fig.get_figwidth()
    return fig.text(
        x,
        y,
        "\n".join(lines),
        ha="left",
        va="bottom",
        fontsize=NOTE_SIZE,
        color=PALETTE["grey_dark"],
        gid=SOURCE_GID,
    )


def illustrative_mark(fig: Figure, lang: str) -> Text:
    """Mark ``fig`` as drawn from synthetic data ("ілюстративні дані" / "illustrative data").

    Written bottom right in the highlight colour, on the line of the source note.
    """
    check_lang(lang)
    for existing in fig.texts:  # once per figure, however often it is asked for
        if existing.get_gid() == ILLUSTRATIVE_GID:
            return existing
    _reserve_bottom(fig)
    y = _MARGIN_IN / fig.get_figheight()
    x = 1 - _MARGIN_IN / fig.get_figwidth()
    return fig.text(
        x,
        y,
        label("illustrative", lang),
        ha="right",
        va="bottom",
        fontsize=NOTE_SIZE,
        fontweight="bold",
        color=PALETTE["highlight"],
        gid=ILLUSTRATIVE_GID,
    )


def describe_sources(sources: Iterable[object], lang: str, *, empty: str | None = None) -> str:
    """The text of a source line for the ``source`` column of a table, in ``lang``.

    Each distinct source, in order of first appearance, is written as: the document's name
    from the catalogue (``doc.<source id>``, e.g. ``results_brochure_2021``); for a URL, its
    host name (``www.example.org``); for a register file (``events.csv``), "реєстр events.csv"
    / "register events.csv"; otherwise the id itself. Names are joined with "; ".
    No source at all raises ``ValueError``, unless ``empty`` gives the text for that case
    (e.g. for a chart that is then skipped for lack of data).
    """
    check_lang(lang)
    table = catalogue()
    names: list[str] = []
    for raw in sources:
        if raw is None or (isinstance(raw, float) and raw != raw):  # None or NaN
            continue
        source = str(raw).strip()
        if not source:
            continue
        if f"doc.{source}" in table:
            name = table[f"doc.{source}"][lang]
        elif source.startswith(("http://", "https://")):
            name = urlparse(source).hostname or source
        elif source.endswith((".csv", ".xlsx")):
            name = label("source.register", lang, name=source.rsplit("/", 1)[-1])
        else:
            name = source
        if name not in names:
            names.append(name)
    if not names:
        if empty is not None:
            return empty
        raise ValueError("describe_sources: no source given (the source column is empty)")
    return "; ".join(names)
