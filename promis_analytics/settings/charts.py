"""``[charts]`` of ``promis.toml`` parsed and checked: size, DPI, palette, titles, captions.

::

    [charts]
    size = "slide"            # a4-column | a4-page | slide (16:9) | square | [w, h] inches
    dpi = 150

    [charts.palette]           # names of the palette (settings.palette)
    "1000" = "#0B5394"

    [charts.titles.participants_per_city]
    uk = "Скільки людей прийшло"
    en = "How many people came"

    [charts.captions.participants_per_city]
    en = "…"

    [charts.outputs.slide]     # every chart again in figures/slide/, side by side
    size = "slide"
    dpi = 150

A chart is named by its file stem without the language (``participants_per_city``). A palette
whose categories a reader with deuteranopia or protanopia cannot tell apart is an error.
The build tells notebook kernels the data folder in ``PROMIS_SETTINGS_DIR``; ``save_figure``
and ``brochure_theme`` read the settings from there (defaults when it is not set).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from promis_analytics.settings.palette import CATEGORY_GROUPS, OBLAST_COLOURS, PALETTE

__all__ = [
    "MIN_DELTA_E",
    "SIZES",
    "ChartSettings",
    "Output",
    "parse_charts",
    "side_outputs",
]

#: Size presets in inches (width, height); a height of None keeps the chart's own height.
SIZES: Mapping[str, tuple[float, float | None]] = {
    "a4-column": (6.3, None),  # 16 cm: the width the charts are designed for
    "a4-page": (6.3, 9.4),  # 16 × 24 cm: a full A4 page inside margins
    "slide": (10.0, 5.625),  # 16:9
    "square": (6.0, 6.0),  # social posts
}

#: Smallest colour difference (CAM02-UCS ΔE′) between two categories of the palette after
#: simulating full deuteranopia and protanopia (Machado 2009, ``colorspacious``); ≈ 10 is a
#: difference seen at a glance in a bar or a legend patch.
MIN_DELTA_E = 10.0
_CVD = ("deuteranomaly", "protanomaly")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_KEYS = ("size", "dpi", "palette", "titles", "captions", "outputs")
_OUTPUT_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


@dataclass(frozen=True)
class Output:
    """An extra output written beside the main one (``[charts.outputs.<name>]``): every chart
    again in ``figures/<name>/`` at its own ``size`` and ``dpi`` (None: as the main one)."""

    size: tuple[float, float | None] | None = None
    dpi: int | None = None


class ChartSettingsError(ValueError):
    """A bad value in ``[charts]`` (bilingual message naming the key)."""


@dataclass(frozen=True)
class ChartSettings:
    """Parsed ``[charts]``: ``size`` (w, h | None) inches, ``dpi``, palette overrides,
    ``titles``/``captions`` as {chart: {lang: text}}."""

    size: tuple[float, float | None] | None = None
    dpi: int | None = None
    palette: dict[str, str] = field(default_factory=dict)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)
    captions: dict[str, dict[str, str]] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)

    def title(self, chart: str, lang: str) -> str | None:
        return self.titles.get(chart, {}).get(lang)

    def caption(self, chart: str, lang: str) -> str | None:
        return self.captions.get(chart, {}).get(lang)


def _bad(where: str, uk: str, en: str) -> ChartSettingsError:
    return ChartSettingsError(f"promis.toml [charts] {where}: {uk} / {en}")


def _size(value: Any) -> tuple[float, float | None]:
    if isinstance(value, str) and value in SIZES:
        return SIZES[value]
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and 1 <= v <= 40 for v in value
        )
    ):
        return float(value[0]), float(value[1])
    names = ", ".join(SIZES)
    raise _bad(
        "size",
        f"очікувалося {names} або [ширина, висота] у дюймах (1–40), знайдено {value!r}",
        f"expected {names} or [width, height] in inches (1–40), found {value!r}",
    )


def _texts(name: str, value: Any, errors: list[str]) -> dict[str, dict[str, str]]:
    from promis_analytics.formatting import LANGS

    out: dict[str, dict[str, str]] = {}
    if not isinstance(value, dict):
        errors.append(str(_bad(name, "очікувалася таблиця", "expected a table")))
        return out
    for chart, per_lang in value.items():
        if not isinstance(per_lang, dict):
            errors.append(
                str(
                    _bad(
                        f"{name}.{chart}", "очікувалася таблиця uk/en", "expected a table of uk/en"
                    )
                )
            )
            continue
        for lang, text in per_lang.items():
            if lang not in LANGS or not isinstance(text, str) or not text.strip():
                errors.append(
                    str(
                        _bad(
                            f"{name}.{chart}.{lang}",
                            f"очікувався текст для {'/'.join(LANGS)}, знайдено {text!r}",
                            f"expected text for {'/'.join(LANGS)}, found {text!r}",
                        )
                    )
                )
                continue
            out.setdefault(str(chart), {})[lang] = text.strip()
    return out


def parse_charts(table: Mapping[str, Any] | None) -> ChartSettings:
    """``ChartSettings`` of a parsed ``[charts]`` table; every problem at once in one
    ``ChartSettingsError``."""
    table = dict(table or {})
    errors: list[str] = []
    unknown = sorted(k for k in table if k not in _KEYS)
    if unknown:
        errors.append(
            str(
                _bad(
                    ", ".join(unknown),
                    f"невідомий ключ (відомі: {', '.join(_KEYS)})",
                    f"unknown key (known: {', '.join(_KEYS)})",
                )
            )
        )
    size = dpi = None
    if "size" in table:
        try:
            size = _size(table["size"])
        except ChartSettingsError as exc:
            errors.append(str(exc))
    if "dpi" in table:
        dpi = _dpi("dpi", table["dpi"], errors)
    palette = _palette(table.get("palette", {}), errors)
    titles = _texts("titles", table.get("titles", {}), errors)
    captions = _texts("captions", table.get("captions", {}), errors)
    outputs = _outputs(table.get("outputs", {}), errors)
    if errors:
        raise ChartSettingsError("\n".join(errors))
    return ChartSettings(size, dpi, palette, titles, captions, outputs)


def _dpi(where: str, dpi: Any, errors: list[str]) -> int | None:
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 50 <= dpi <= 1200:
        errors.append(str(_bad(where, f"очікувалося ціле 50–1200, знайдено {dpi!r}",
                               f"expected a whole number 50–1200, found {dpi!r}")))  # fmt: skip
        return None
    return dpi


def _outputs(value: Any, errors: list[str]) -> dict[str, Output]:
    """``[charts.outputs.<name>]`` tables: ``size`` and/or ``dpi`` each."""
    if not isinstance(value, dict):
        errors.append(str(_bad("outputs", "очікувалася таблиця", "expected a table")))
        return {}
    out: dict[str, Output] = {}
    for name, spec in sorted(value.items()):
        where = f"outputs.{name}"
        unknown = sorted(set(spec) - {"size", "dpi"}) if isinstance(spec, dict) else ["?"]
        if not _OUTPUT_NAME.match(name) or unknown or not spec:
            errors.append(str(_bad(where, "очікувалася назва латиницею (a-z, 0-9, _, -) і "
                                   "таблиця з size та/або dpi", "expected a name in a-z, 0-9, _, - "
                                   "and a table of size and/or dpi")))  # fmt: skip
            continue
        try:
            size = _size(spec["size"]) if "size" in spec else None
        except ChartSettingsError as exc:
            errors.append(str(exc).replace("[charts] size", f"[charts] {where}.size"))
            continue
        dpi = _dpi(f"{where}.dpi", spec["dpi"], errors) if "dpi" in spec else None
        out[name] = Output(size, dpi)
    return out


def side_outputs(settings: ChartSettings) -> list[tuple[str, Output]]:
    """The extra outputs in name order."""
    return sorted(settings.outputs.items())


def _palette(value: Any, errors: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        errors.append(str(_bad("palette", "очікувалася таблиця", "expected a table")))
        return {}
    known = [*PALETTE, *OBLAST_COLOURS]
    out: dict[str, str] = {}
    for name, colour in value.items():
        if name not in known:
            errors.append(
                str(
                    _bad(
                        f"palette.{name}",
                        f"невідома назва кольору (відомі: {', '.join(known)})",
                        f"unknown colour name (known: {', '.join(known)})",
                    )
                )
            )
        elif not isinstance(colour, str) or not _HEX.match(colour):
            errors.append(
                str(
                    _bad(
                        f"palette.{name}",
                        f"очікувався колір #RRGGBB, знайдено {colour!r}",
                        f"expected a colour #RRGGBB, found {colour!r}",
                    )
                )
            )
        else:
            out[name] = colour.upper()
    if out and not errors:
        errors += contrast_problems(out)
    return out


def contrast_problems(overrides: Mapping[str, str]) -> list[str]:
    """Pairs of categories a reader with deuteranopia or protanopia cannot tell apart, among
    pairs that include a colour of ``overrides``: ΔE′ (CAM02-UCS) of the simulated colours
    below ``MIN_DELTA_E``."""
    from colorspacious import cspace_convert, deltaE

    problems = []
    for group in CATEGORY_GROUPS:
        colours = {k: overrides.get(k, v) for k, v in group.items()}
        for cvd in _CVD:
            space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
            seen = {
                k: cspace_convert(_rgb(c), space, "sRGB1").clip(0, 1) for k, c in colours.items()
            }
            for a, b in itertools.combinations(colours, 2):
                if a not in overrides and b not in overrides:
                    continue
                d = float(deltaE(seen[a], seen[b], input_space="sRGB1"))
                if d < MIN_DELTA_E:
                    problems.append(_cvd_problem(a, colours[a], b, colours[b], cvd, d))
    return problems


def _cvd_problem(a: str, ca: str, b: str, cb: str, cvd: str, d: float) -> str:
    limit = f"ΔE {d:.1f} < {MIN_DELTA_E:g}"
    seen = cvd.replace("anomaly", "anopia")
    return str(
        _bad(
            f"palette {a} {ca} / {b} {cb}",
            f"за {_CVD_UK[cvd]} кольори майже не розрізнити ({limit})",
            f"hard to tell apart with {seen} ({limit})",
        )
    )


_CVD_UK = {"deuteranomaly": "дейтеранопії", "protanomaly": "протанопії"}


def _rgb(colour: str) -> list[float]:
    return [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
