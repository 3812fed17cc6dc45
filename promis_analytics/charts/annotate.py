"""Figure notes every brochure chart carries: the source line and the illustrative-data mark."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.text import Text

from promis_analytics.charts.labels import label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.formatting import check_lang

__all__ = ["ILLUSTRATIVE_GID", "NOTE_SIZE", "SOURCE_GID", "illustrative_mark", "source_line"]

#: Font size (pt) of the notes at the bottom of a figure.
NOTE_SIZE = 7.5
#: ``gid`` of the note artists, so tests and SVG editors can find them.
SOURCE_GID = "source_line"
ILLUSTRATIVE_GID = "illustrative_mark"

_MARGIN_IN = 0.1  # distance of the notes from the figure edge, inches


def _reserve_bottom(fig: Figure) -> None:
    """Keep the axes clear of the notes: shrink a constrained layout's area from below."""
    engine = fig.get_layout_engine()
    if engine is None or not hasattr(engine, "set"):
        return
    band = (NOTE_SIZE * 1.6 / 72 + 2 * _MARGIN_IN) / fig.get_figheight()
    try:
        engine.set(rect=(0, band, 1, 1 - band))  # (left, bottom, width, height)
    except TypeError:  # a layout engine without ``rect`` (tight layout): leave it
        return


def source_line(fig: Figure, text: str, lang: str) -> Text:
    """Put ``"Джерело: <text>"`` / ``"Source: <text>"`` small at the bottom left of ``fig``.

    ``text`` names the document and section or the register file, already in ``lang``.
    A constrained layout is shrunk so the note never overlaps the axes.
    """
    check_lang(lang)
    if not text.strip():
        raise ValueError("source_line needs the source text (document and section, or register)")
    _reserve_bottom(fig)
    y = _MARGIN_IN / fig.get_figheight()
    x = _MARGIN_IN / fig.get_figwidth()
    return fig.text(
        x,
        y,
        f"{label('source.prefix', lang)}: {text.strip()}",
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
