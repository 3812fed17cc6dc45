"""The project a data folder describes, from the ``[project]`` table of its ``promis.toml``.

A folder of registers may say which project it holds::

    [project]
    title_uk = "Якісні муніципальні послуги"
    title_en = "Quality Municipal Services"
    start = 2022-01-01      # dates of the project period: register dates outside it are errors
    end = 2024-12-31        # (years: the year after it is a warning)
    partners = ["Суми", "Конотоп"]  # the project's partner places (partner_only; optional)
    short_uk = "ЯМП"        # the short name in labels («Внесок ЯМП»; default «проєкту»)
    short_en = "QMS"
    currency = "EUR"        # the reporting currency (any ISO 4217 code; default UAH)
    local_currency = "UAH"  # the local currency reported beside it (default UAH)

Nothing is required. Without ``start`` and ``end`` no date is checked against a project
period (a user's register of 2023 events is as valid as the embedded 2018 card); the embedded
``data/raw`` declares its project's period. ``[parameters]`` gives values for notebook parameters of
the same name (``ProjectSettings.parameter``).

The whole file is checked when it is read, every problem at once: the tables it may hold
(``TABLES``; a typo such as ``[projcet]`` is answered «did you mean [project]?»), the keys and
value types of ``[project]``, ``[fx]`` (``rate_basis``) and ``[iati]`` (``iati.settings``), and
values nested no deeper than ``MAX_DEPTH``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from promis_analytics.dimensions import DEFAULT_DIMENSIONS, Dimension, parse_dimensions
from promis_analytics.settings.common import SettingsError, parse_date, shown, unknown_keys

__all__ = [
    "SETTINGS_FILE",
    "TABLES",
    "ProjectSettings",
    "SettingsError",
    "parse_date",
    "project_settings",
    "read_settings_file",
    "settings_problems",
    "unknown_keys",
]

SETTINGS_FILE = "promis.toml"
#: The tables ``promis.toml`` may hold (``[registers]``: ``registers.io.folder``).
TABLES = ("project", "registers", "parameters", "fx", "iati", "charts", "report", "dimensions")
#: The keys of ``[project]``.
PROJECT_KEYS = (
    *("title_uk", "title_en", "short_uk", "short_en", "start", "end", "partners"),
    *("currency", "local_currency", "oblasts"),
)
#: The reporting currency of a folder that declares none (``[project] currency``).
DEFAULT_CURRENCY = "UAH"
#: Deepest nesting of arrays and tables accepted in a value (a deeper one is refused, not
#: followed until the interpreter's recursion limit).
MAX_DEPTH = 16


@dataclass(frozen=True)
class ProjectSettings:
    """What ``[project]`` declares; ``period`` is (start, end) or None when not declared."""

    title_uk: str | None = None
    title_en: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # [project] keys beyond the four above
    parameters: dict[str, Any] = field(default_factory=dict)  # the [parameters] table
    fx: dict[str, Any] = field(default_factory=dict)  # the [fx] table (rate_basis reads it)
    iati: dict[str, Any] = field(default_factory=dict)  # the [iati] table (iati.py reads it)
    charts: dict[str, Any] = field(default_factory=dict)  # [charts] (charts.settings reads it)
    report: dict[str, Any] = field(
        default_factory=dict
    )  # [report] (pipeline.results_report reads it)
    #: ``[[dimensions]]`` (``promis_analytics.dimensions``; the built-in ones when not declared)
    dimensions: tuple[Dimension, ...] = DEFAULT_DIMENSIONS

    @property
    def charts_settings(self) -> Any:
        """``[charts]`` parsed (``settings.charts.ChartSettings``)."""
        from promis_analytics.settings.charts import parse_charts

        return parse_charts(self.charts)

    def parameter(self, name: str, default: Any = None) -> Any:
        """A notebook parameter from ``[parameters]`` (``default`` when not set): what a
        notebook run by hand uses when its own parameter is left at None."""
        return self.parameters.get(name, default)

    @property
    def partners(self) -> tuple[str, ...] | None:
        """The project's partner places as ``[project] partners`` lists them (names in any
        spelling the place resolver knows, or keys); None when not declared. What
        ``participants_per_city(partner_only=True)`` keeps (``docs/indicators.md``)."""
        value = self.extra.get("partners")
        if value is None:
            return None
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise SettingsError(
                f"{SETTINGS_FILE} [project] partners: очікувався непорожній список назв, "
                f"знайдено {value!r} / expected a non-empty list of place names, found {value!r}"
            )
        return tuple(value)

    @property
    def oblasts(self) -> tuple[str, ...]:
        """Codifier codes of ``[project] oblasts`` (names as «Харківська», «Харківська
        область» or "Kharkiv"), in the order declared; empty when not declared."""
        value = self.extra.get("oblasts")
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(
                f"{SETTINGS_FILE} [project] oblasts: очікувався список назв областей, знайдено "
                f"{value!r} / expected a list of oblast names, found {value!r}"
            )
        return tuple(oblast_code(v) for v in value)

    @property
    def currency(self) -> str:
        """The project's reporting currency: ``[project] currency`` (any ISO 4217 code, e.g.
        "EUR"), else :data:`DEFAULT_CURRENCY`."""
        return _currency_key(self.extra, "currency")

    @property
    def local_currency(self) -> str:
        """The local currency reported beside the reporting one: ``[project]
        local_currency`` (an ISO 4217 code), else :data:`DEFAULT_CURRENCY`."""
        return _currency_key(self.extra, "local_currency")

    def short_name(self, lang: str) -> str | None:
        """The project's short name in ``lang`` ("uk"/"en"): ``[project] short_uk`` /
        ``short_en`` (e.g. «ЯМП» / "QMS"); None when not declared."""
        value = self.extra.get(f"short_{lang}")
        if value is not None and not (isinstance(value, str) and value.strip()):
            raise SettingsError(
                f"{SETTINGS_FILE} [project] short_{lang}: очікувався непорожній текст, знайдено "
                f"{value!r} / expected non-empty text, found {value!r}"
            )
        return value.strip() if value is not None else None

    @property
    def period_text(self) -> str:
        """``"2022-01-01…2024-12-31"`` or ``""`` (part of cache keys and messages)."""
        return f"{self.period[0]}…{self.period[1]}" if self.period else ""


def _currency_key(table: dict[str, Any], key: str) -> str:
    """An ISO 4217 code of ``[project] key`` (default :data:`DEFAULT_CURRENCY`)."""
    from promis_analytics.currencies import is_currency

    value = table.get(key, DEFAULT_CURRENCY)
    if not is_currency(value):
        raise SettingsError(
            f"{SETTINGS_FILE} [project] {key}: {value!r} — не код валюти ISO 4217 (напр. "
            f'"EUR") / {value!r} is not an ISO 4217 currency code (e.g. "EUR")'
        )
    return str(value)


def oblast_code(name: str) -> str:
    """The codifier code of an oblast named «Харківська», «Харківська область», "Kharkiv"
    or "Kharkiv Oblast" (case ignored); ``SettingsError`` with the closest names otherwise."""
    from promis_analytics.reference import gazetteer as gz

    g = gz.gazetteer()
    names = {**g.oblast_uk, **g.oblast_en}
    words = {}
    for code in names:
        for full in (g.oblast_uk[code], g.oblast_en[code]):
            for form in (full, full.rsplit(" ", 1)[0]):
                words[form.casefold()] = code
    found = words.get(name.strip().casefold())
    if found is None:
        close = difflib.get_close_matches(name.strip().casefold(), list(words), n=3)
        hint = ", ".join(close) or "—"
        raise SettingsError(
            f"{SETTINGS_FILE} [project] oblasts: невідома область «{name}» (схожі: {hint}) / "
            f"unknown oblast '{name}' (closest: {hint})"
        )
    return found


def settings_from(
    table: dict[str, Any],
    where: str = SETTINGS_FILE,
    parameters: Any = None,
    fx: Any = None,
    iati: Any = None,
) -> ProjectSettings:
    """``ProjectSettings`` of a parsed ``[project]`` table and ``[parameters]`` table;
    ``SettingsError`` on a bad value."""
    for name, value in (("project", table), ("parameters", parameters), ("fx", fx), ("iati", iati)):
        if value is not None and not isinstance(value, dict):
            raise SettingsError(
                f"{where} [{name}]: очікувалася таблиця, знайдено {shown(value)} / "
                f"expected a table, found {shown(value)}"
            )
    unknown = unknown_keys(f"{where} [project]", table, PROJECT_KEYS)
    if unknown:
        raise SettingsError(unknown)
    has = ("start" in table, "end" in table)
    period = None
    if any(has):
        if not all(has):
            raise SettingsError(
                f"{where} [project]: потрібні обидві дати start і end / "
                "both start and end are needed"
            )
        start = parse_date(f"{where} [project] start", table["start"])
        end = parse_date(f"{where} [project] end", table["end"])
        if start > end:
            raise SettingsError(
                f"{where} [project]: start {start} пізніше за end {end} / start is after end"
            )
        period = (start, end)
    titles = [table.get(k) for k in ("title_uk", "title_en")]
    for key, value in zip(("title_uk", "title_en"), titles, strict=True):
        if value is not None and not isinstance(value, str):
            raise SettingsError(f"{where} [project] {key}: очікувався текст / expected text")
    rest = {k: v for k, v in table.items() if k not in ("title_uk", "title_en", "start", "end")}
    settings = ProjectSettings(
        titles[0], titles[1], period, rest, dict(parameters or {}), dict(fx or {}), dict(iati or {})
    )
    _ = settings.partners  # a bad [project] partners is reported with the other keys
    _ = settings.currency, settings.local_currency  # likewise a code not in ISO 4217
    _ = settings.short_name("uk"), settings.short_name("en")
    _ = settings.oblasts  # and an oblast the codifier does not know
    return settings


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of ``value`` (arrays and tables), counted no further than ``limit``."""
    todo, deepest = [(value, 0)], 0
    while todo:
        item, level = todo.pop()
        deepest = max(deepest, level)
        if level > limit:
            return level
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        todo.extend((child, level + 1) for child in children)
    return deepest


def read_settings_file(path: Path) -> dict[str, Any]:
    """The parsed TOML of ``path``; ``SettingsError`` (uk / en) when it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path.name}: не вдалося прочитати / cannot be read: {exc}") from exc
    except RecursionError:
        raise SettingsError(
            f"{path.name}: значення вкладені надто глибоко (більше {MAX_DEPTH} рівнів) / "
            f"values nested too deeply (more than {MAX_DEPTH} levels)"
        ) from None


def settings_problems(data: dict[str, Any], where: str) -> list[str]:
    """Every problem of a parsed ``promis.toml`` (empty when it is valid): unknown tables,
    values nested deeper than ``MAX_DEPTH``, ``[project]``, ``[fx]`` and ``[iati]``."""
    problems = [unknown_keys(where, data, TABLES, kind="table")]
    if _depth(data, MAX_DEPTH + 1) > MAX_DEPTH + 1:  # the file itself is one level
        problems.append(
            f"{where}: значення вкладені надто глибоко (більше {MAX_DEPTH} рівнів) / "
            f"values nested too deeply (more than {MAX_DEPTH} levels)"
        )
        return [p for p in problems if p]
    settings = None
    try:
        settings = _settings_of(data, where)
    except SettingsError as exc:
        problems.append(str(exc))
    if settings is not None:
        from promis_analytics.settings.fx import fx_problems

        problems += fx_problems(settings.fx)  # reported when the folder is read
    if settings is not None and settings.iati:
        from promis_analytics.settings.iati import iati_problems

        problems += iati_problems(settings.iati)
    try:
        chart_tables(data, where)  # [charts] and [report]
    except SettingsError as exc:
        problems.append(str(exc))
    problems += parse_dimensions(data.get("dimensions"), where)[1]
    return [p for p in problems if p]


def _settings_of(data: dict[str, Any], where: str) -> ProjectSettings:
    project = data.get("project")
    return settings_from(
        {} if project is None else project,
        where,
        data.get("parameters"),
        data.get("fx"),
        data.get("iati"),
    )


@lru_cache(maxsize=64)
def _cached(path: str, mtime_ns: int, size: int) -> ProjectSettings:
    data = read_settings_file(Path(path))
    problems = settings_problems(data, Path(path).name)
    if problems:
        raise SettingsError("\n".join(problems))
    settings = _settings_of(data, Path(path).name)
    dimensions = parse_dimensions(data.get("dimensions"), Path(path).name)[0]
    tables = chart_tables(data, Path(path).name)
    return dataclasses.replace(
        settings, dimensions=dimensions, charts=tables["charts"], report=tables["report"]
    )


#: Tables of promis.toml this module keeps for the charts and the results report.
CHART_TABLES = ("charts", "report")


def chart_tables(data: dict[str, Any], where: str = SETTINGS_FILE) -> dict[str, dict[str, Any]]:
    """The ``[charts]`` and ``[report]`` tables of a parsed ``promis.toml``, checked here so a
    bad value is reported when the folder is read (``SettingsError``, every problem at once)."""
    from promis_analytics.settings.charts import ChartSettingsError, parse_charts

    tables = {name: data.get(name) or {} for name in CHART_TABLES}
    bad = [name for name, t in tables.items() if not isinstance(t, dict)]
    if bad:
        raise SettingsError(f"{where} [{bad[0]}]: очікувалася таблиця / expected a table")
    try:
        parse_charts(tables["charts"])
    except ChartSettingsError as exc:
        raise SettingsError(str(exc).replace("promis.toml", where)) from exc
    unknown = sorted(k for k in tables["report"] if k != "template")
    template = tables["report"].get("template")
    if unknown or (template is not None and not isinstance(template, str)):
        raise SettingsError(
            f'{where} [report]: відомий ключ лише template = "….docx" (знайдено '
            f"{', '.join(unknown) or repr(template)}) / the only known key is template = "
            f'"….docx" (found {", ".join(unknown) or repr(template)})'
        )
    return tables


def project_settings(folder: str | Path) -> ProjectSettings:
    """The ``[project]`` settings of ``folder/promis.toml`` (empty settings when absent).

    Raises ``SettingsError`` when the file cannot be read or a value has the wrong form.
    """
    path = Path(folder) / SETTINGS_FILE
    if not path.is_file():
        return ProjectSettings()
    st = path.stat()
    return _cached(str(path.resolve()), st.st_mtime_ns, st.st_size)
