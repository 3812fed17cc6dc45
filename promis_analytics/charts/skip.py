"""``chart_or_skip``: draw a chart, or say in both languages why the data cannot support it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from promis_analytics.errors import NotEnoughData

__all__ = ["SkippedChart", "chart_or_skip", "not_enough_data"]


@dataclass(frozen=True)
class SkippedChart:
    """A chart not drawn: which one and why (Ukrainian and English).

    ``save_figure`` writes its sidecar (with ``skipped``) and removes older images of the same
    name, so the gallery lists the reason instead of a stale picture.
    """

    chart: str
    reason_uk: str
    reason_en: str

    def reason(self, lang: str) -> str:
        return self.reason_uk if lang == "uk" else self.reason_en

    def __repr__(self) -> str:
        return f"Пропущено / skipped — {self.chart}: {self.reason_uk} / {self.reason_en}"

    def _repr_markdown_(self) -> str:
        return f"**Пропущено / skipped** — `{self.chart}`: {self.reason_uk} / {self.reason_en}"


def not_enough_data(chart: str, reason_uk: str, reason_en: str) -> SkippedChart:
    """A ``SkippedChart`` for a reason found before drawing (e.g. a register is empty)."""
    return SkippedChart(chart, reason_uk, reason_en)


def chart_or_skip(draw: Callable[..., Figure], *args: Any, **kwargs: Any) -> Figure | SkippedChart:
    """``draw(*args, **kwargs)``, or a ``SkippedChart`` when it raises ``NotEnoughData``.

    Any other error (a wrong column, a bad value) propagates: only "the data cannot support
    this chart" is a skip.
    """
    try:
        return draw(*args, **kwargs)
    except NotEnoughData as exc:
        return SkippedChart(getattr(draw, "__name__", exc.chart), exc.reason_uk, exc.reason_en)
