"""``canvas``: the setup and closing every chart function shares (theme, figure, marks, data)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from promis_analytics.charts.annotate import illustrative_mark, source_line, title_line
from promis_analytics.charts.figure_data import attach_data
from promis_analytics.charts.theme import brochure_theme, settle_layout
from promis_analytics.formatting import check_lang

__all__ = ["Canvas", "canvas"]


@dataclass
class Canvas:
    """What a chart draws on: its figure, its axes (None until made), whether the chart owns
    the figure (``own_figure``: made here, not the caller's), the language, and ``data``: the
    table of exactly what it draws, attached to the figure on closing (``attach_data``)."""

    lang: str
    own_figure: bool = True
    fig_: Figure | None = None
    ax_: Axes | None = None
    data: pd.DataFrame | None = None

    @property
    def fig(self) -> Figure:
        """The figure; RuntimeError when the chart has not made it yet (``figure``)."""
        if self.fig_ is None:
            raise RuntimeError("canvas: no figure yet; call figure(figsize) first")
        return self.fig_

    @property
    def ax(self) -> Axes:
        """The main axes; RuntimeError when there is none (made with ``subplot=False``)."""
        if self.ax_ is None:
            raise RuntimeError("canvas: no axes; make them on the figure")
        return self.ax_

    def figure(self, figsize: tuple[float, float], subplot: bool = False) -> Figure:
        """Make the chart's own figure (``figsize`` in inches, constrained layout) and, with
        ``subplot``, its one axes."""
        self.fig_ = Figure(figsize=figsize, layout="constrained")
        if subplot:
            self.ax_ = self.fig_.add_subplot()
        return self.fig_

    def title(self, text: str) -> None:
        """The chart's title (``annotate.title_line``: on the figure when the chart owns it)."""
        title_line(self.fig, self.ax, text, self.own_figure)

    def source(self, text: str) -> None:
        """The source note at the bottom left (``annotate.source_line``)."""
        source_line(self.fig, text, self.lang)


@contextmanager
def canvas(
    lang: str,
    figsize: tuple[float, float] | None = None,
    *,
    ax: Axes | None = None,
    illustrative: bool = False,
) -> Iterator[Canvas]:
    """Draw a chart: check ``lang`` (``formatting.check_lang``), enter the brochure theme and
    give a ``Canvas`` — on the caller's ``ax`` and its figure when given, else on a new figure
    of ``figsize`` inches with one axes (no ``figsize``: the chart calls ``Canvas.figure``).
    On closing, inside the theme: the «ілюстративні дані» / "illustrative data" mark when
    ``illustrative``; after it: the canvas's ``data`` attached to the figure, and the layout
    computed and frozen (``settle_layout``) when the chart owns the figure. An error in the
    block skips the closing."""
    check_lang(lang)
    with brochure_theme():
        if ax is not None:
            c = Canvas(lang, own_figure=False, fig_=ax.get_figure(), ax_=ax)  # type: ignore[arg-type]
        else:
            c = Canvas(lang)
            if figsize is not None:
                c.figure(figsize, subplot=True)
        yield c
        if illustrative:
            illustrative_mark(c.fig, lang)
    if c.data is not None:
        attach_data(c.fig, c.data)
    if c.own_figure:
        settle_layout(c.fig)
