"""The one brochure theme: font (checked at start), print-scale sizes and the named palette."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.rcsetup import cycler
from matplotlib.typing import RcKeyType

from promis_analytics.errors import ChartError
from promis_analytics.settings.palette import (
    CATEGORY_GROUPS,
    OBLAST_COLOUR_TABLE,
    OBLAST_COLOURS,
    PALETTE,
    PALETTE_TABLE,
)

__all__ = [
    "CATEGORY_GROUPS",
    "FONT_FAMILY",
    "OBLAST_COLOURS",
    "PALETTE",
    "RC",
    "apply_theme",
    "brochure_theme",
    "check_fonts",
    "component_colour",
    "font_path",
    "oblast_colour",
    "settle_layout",
    "theme_rc",
]

#: The brochure font: ships with matplotlib and covers Cyrillic, Latin and the ₴ sign.
FONT_FAMILY = "DejaVu Sans"

_PALETTE = PALETTE_TABLE  # the tables brochure_theme swaps overrides into
_OBLAST_COLOURS = OBLAST_COLOUR_TABLE

#: Print-scale sizes in points: body text stays ≥ 8 pt at the A4 column width the figures
#: are designed for (16 cm wide at 300 dpi), titles read from arm's length.
RC: Mapping[RcKeyType, object] = MappingProxyType(
    {
        # the concrete family, not "sans-serif": texts keep it after the theme block ends
        "font.family": [FONT_FAMILY],
        "font.sans-serif": [FONT_FAMILY],
        "font.size": 10.0,
        "axes.titlesize": 13.0,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.titlepad": 10.0,
        "axes.labelsize": 10.0,
        "axes.labelcolor": PALETTE["text"],
        "axes.edgecolor": PALETTE["grey"],
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.prop_cycle": cycler(color=[PALETTE["1000"], PALETTE["2000"], PALETTE["3000"]]),
        "grid.color": PALETTE["grey_light"],
        "grid.linewidth": 0.6,
        "xtick.labelsize": 9.0,
        "ytick.labelsize": 9.0,
        "xtick.color": PALETTE["grey_dark"],
        "ytick.color": PALETTE["grey_dark"],
        "legend.fontsize": 9.0,
        "legend.frameon": False,
        "text.color": PALETTE["text"],
        "figure.figsize": (6.3, 3.9),  # 16 cm × 10 cm
        "figure.dpi": 100,
        "figure.facecolor": PALETTE["background"],
        "savefig.dpi": 300,
        "savefig.facecolor": PALETTE["background"],
        # reproducible, editable output (see charts.save)
        "svg.fonttype": "none",
        "svg.hashsalt": "promis_analytics",
        "pdf.fonttype": 42,
        "path.simplify": True,
    }
)


def font_path(family: str = FONT_FAMILY, weight: str = "normal") -> Path:
    """Return the font file matplotlib uses for ``family`` at ``weight``; raise if missing.

    Uses ``findfont(..., fallback_to_default=False)``: a missing brochure font is an error,
    never a silent substitution by another font without Cyrillic glyphs. For
    ``weight="bold"`` the file found must be a bold face (titles and tile numbers are bold).
    """
    try:
        found = font_manager.findfont(
            font_manager.FontProperties(family=family, weight=weight), fallback_to_default=False
        )
    except ValueError as exc:
        raise ChartError(
            f"font {family!r} not found by matplotlib; the brochure charts need it "
            "(it ships with matplotlib: reinstall matplotlib or the font)"
        ) from exc
    path = Path(found)
    if not path.is_file():
        raise ChartError(f"font {family!r} resolves to {path}, which is not a file")
    face = font_manager.get_font(path)
    if face.family_name != family:
        raise ChartError(f"font {family!r} resolves to {path}, a {face.family_name!r} font")
    if weight == "bold" and "bold" not in face.style_name.lower():
        raise ChartError(f"no bold face of {family!r}: {path} is {face.style_name!r}")
    return path


def _prefer_bundled_fonts() -> None:
    """Put the fonts that ship with matplotlib first in its font list. A system copy of the
    same family (Debian's DejaVu, installed with LibreOffice) scores the same, and which one
    ``findfont`` takes would follow the order the font cache was built in — which varies
    between machines and runs — so the bytes of a PDF (its embedded font files) would too."""
    bundled = str(Path(mpl.get_data_path()) / "fonts")
    fonts = font_manager.fontManager.ttflist
    ordered = sorted(fonts, key=lambda f: not str(f.fname).startswith(bundled))
    if ordered != fonts:
        font_manager.fontManager.ttflist = ordered
        # matplotlib's own cache of font lookups (an lru_cache it does not declare in its stubs)
        font_manager.fontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def check_fonts() -> tuple[Path, Path]:
    """Check at start that the regular and bold brochure faces exist; return their files."""
    _prefer_bundled_fonts()
    return font_path(FONT_FAMILY), font_path(FONT_FAMILY, weight="bold")


def apply_theme() -> None:
    """Set the brochure theme on matplotlib's global ``rcParams`` (checks the fonts first)."""
    check_fonts()
    mpl.rcParams.update(dict(RC))


@contextmanager
def brochure_theme() -> Iterator[None]:
    """Context manager: the brochure theme inside the block, previous settings restored after.

    Every chart function draws inside it, so charts look the same whatever the caller's
    global matplotlib settings are.
    """
    check_fonts()
    from promis_analytics.charts.settings import active_settings

    overrides = active_settings().palette
    with mpl.rc_context(theme_rc(overrides)), _palette_overrides(overrides):
        yield


def theme_rc(overrides: Mapping[str, str]) -> dict[RcKeyType, object]:
    """``RC`` with the colours of ``overrides`` (``[charts.palette]``) in place of the
    palette's (text colours and the colour cycle)."""
    rc = dict(RC)
    if not overrides:
        return rc
    colour = {**_PALETTE, **overrides}
    rc["axes.prop_cycle"] = cycler(color=[colour["1000"], colour["2000"], colour["3000"]])
    rc["axes.labelcolor"] = rc["text.color"] = colour["text"]
    rc["xtick.color"] = rc["ytick.color"] = colour["grey_dark"]
    rc["axes.edgecolor"] = colour["grey"]
    rc["grid.color"] = colour["grey_light"]
    rc["figure.facecolor"] = rc["savefig.facecolor"] = colour["background"]
    return rc


@contextmanager
def _palette_overrides(overrides: Mapping[str, str]) -> Iterator[None]:
    """``PALETTE`` and ``OBLAST_COLOURS`` with ``overrides`` inside the block, restored after."""
    saved = dict(_PALETTE), dict(_OBLAST_COLOURS)
    for table in (_PALETTE, _OBLAST_COLOURS):
        table.update({k: v for k, v in overrides.items() if k in table})
    try:
        yield
    finally:
        for table, old in zip((_PALETTE, _OBLAST_COLOURS), saved, strict=True):
            table.clear()
            table.update(old)


#: Draws before the layout is frozen: after the first the constrained layout moves by less
#: than a tenth of a pixel (and by rounding noise later), so one is enough.
SETTLE_DRAWS = 1


def constrained_layout(fig: Figure) -> ConstrainedLayoutEngine:
    """The layout engine of a figure made with ``layout="constrained"`` (ChartError otherwise)."""
    engine = fig.get_layout_engine()
    if not isinstance(engine, ConstrainedLayoutEngine):
        raise ChartError(f"expected a constrained layout, found {type(engine).__name__}")
    return engine


def settle_layout(fig: Figure) -> None:
    """Compute the figure's constrained layout now and freeze it (layout engine "none").

    Every later draw — shown in a notebook once, twice or not at all, then saved as PNG, SVG
    and PDF — uses the same positions, so a saved figure's bytes do not depend on how often
    it was drawn before (the layout otherwise moves by rounding noise on each draw, which
    changes the SVG's clip-path ids).
    """
    for _ in range(SETTLE_DRAWS):
        fig.draw_without_rendering()
    fig.set_layout_engine("none")


def component_colour(code: str | int) -> str:
    """Colour of project component ``code`` ("1000", "2000", "3000"; an output such as "1200"
    takes its component's colour)."""
    text = str(code).strip()
    key = text[:1] + "000" if len(text) == 4 and text.isdigit() else text
    if key not in ("1000", "2000", "3000"):
        raise ChartError(f"unknown project component {code!r}: expected 1000, 2000 or 3000")
    return PALETTE[key]


def oblast_colour(oblast: str) -> str:
    """Colour of a partner oblast given by its slug (``"vinnytsia"``, ``"ivano_frankivsk"``…)."""
    try:
        return OBLAST_COLOURS[oblast]
    except KeyError:
        raise ChartError(
            f"no colour for oblast {oblast!r}: expected one of {', '.join(OBLAST_COLOURS)}"
        ) from None
