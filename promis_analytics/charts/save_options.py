"""What ``save_figure`` does besides writing: a safe file stem, and the ``[charts]`` settings
(title and caption overrides, size) applied to the figure before it is written."""

from __future__ import annotations

import re
from collections.abc import Mapping

from matplotlib.figure import Figure
from matplotlib.text import Text

from promis_analytics.charts.settings import ChartSettings
from promis_analytics.formatting import LANGS

__all__ = ["apply_settings", "resize_for", "safe_stem", "stem_lang"]

_UNSAFE = re.compile(r"[^a-z0-9_\-]+")


def safe_stem(stem: str) -> str:
    """A file stem safe on every system for what a user typed: Ukrainian letters in the
    official transliteration (KMU resolution № 55 of 2010, ``translitua``), lowercase, every
    run of other characters as one ``_``; the language code that ends it (``.uk``/``.en``)
    is required and kept.

    ``"Учасники за містами.uk"`` → ``"uchasnyky_za_mistamy.uk"``. ``ValueError`` (uk/en) when
    nothing usable is left.
    """
    from translitua import UkrainianKMU, translit

    text = str(stem).strip()
    base, dot, lang = text.rpartition(".")
    codes = ", ".join(LANGS)
    if not (dot and lang.strip().lower() in LANGS):
        raise ValueError(
            f"назва файлу {stem!r} має закінчуватися кодом мови ({codes}), напр. "
            f"'Учасники.uk' / the file stem {stem!r} must end with a language code ({codes}), "
            "e.g. 'participants_per_city.uk'"
        )
    safe = _UNSAFE.sub("_", translit(base, UkrainianKMU).lower()).strip("_-")
    if not safe:
        raise ValueError(
            f"назва файлу {stem!r} не має жодної літери чи цифри / "
            f"the file stem {stem!r} has no letter or digit (e.g. 'participants_per_city.uk')"
        )
    return f"{safe}.{lang.strip().lower()}"


def stem_lang(stem: str) -> tuple[str, str | None]:
    """(chart, language) of a safe stem: ``"cofinancing.en"`` → ("cofinancing", "en")."""
    base, _, lang = stem.rpartition(".")
    return (base, lang) if base and lang in LANGS else (stem, None)


def _title_artist(fig: Figure, drawn: str | None) -> Text | None:
    """The figure's title: the text equal to ``drawn`` (the sidecar's title) among the figure
    and axes titles, else the figure's suptitle, else the first axes' title."""
    suptitle = getattr(fig, "_suptitle", None)
    candidates = [suptitle] if suptitle is not None else []
    for ax in fig.axes:
        # the left and right titles have no public getter of their Text (only of its string)
        candidates += [ax.title, ax._left_title, ax._right_title]  # type: ignore[attr-defined]
    shown = [t for t in candidates if t is not None and t.get_text().strip()]
    for t in shown:
        if drawn and t.get_text() == drawn:
            return t
    return shown[0] if shown else None


def apply_settings(
    fig: Figure, stem: str, meta: Mapping[str, str] | None, settings: ChartSettings
) -> dict[str, str] | None:
    """Apply ``settings`` to ``fig`` (title override drawn in place of the title, figure size)
    and return ``meta`` with the overridden title and caption."""
    chart, lang = stem_lang(stem)
    out = dict(meta) if meta is not None else None
    title = settings.title(chart, lang) if lang else None
    if title:
        artist = _title_artist(fig, (meta or {}).get("title"))
        if artist is not None:
            artist.set_text(title)
        if out is not None:
            out["title"] = title
    caption = settings.caption(chart, lang) if lang else None
    if caption and out is not None:
        out["caption"] = caption
    if settings.size is not None:
        _resize(fig, settings.size)
    elif title:
        _relayout(fig)
    return out


def _resize(fig: Figure, size: tuple[float, float | None]) -> None:
    """Set the figure size in inches (height None: keep the chart's own) and lay it out again."""
    width, height = size
    old = tuple(float(x) for x in fig.get_size_inches())
    new = (width, old[1] if height is None else height)
    if all(abs(a - b) < 1e-9 for a, b in zip(old, new, strict=True)):
        return
    fig.set_size_inches(*new)
    _relayout(fig)


def _relayout(fig: Figure) -> None:
    """Lay out a figure again after its size or title changed, then freeze the layout."""
    from promis_analytics.charts.theme import settle_layout

    try:
        fig.set_layout_engine("constrained")
    except RuntimeError:  # a layout engine that cannot be swapped keeps its positions
        return
    settle_layout(fig)


def resize_for(
    fig: Figure, size: tuple[float, float | None] | None, main: tuple[float, float]
) -> None:
    """Give ``fig`` the size of a side output (``size``; None: the main output's ``main``)."""
    _resize(fig, size if size is not None else main)
