"""The project a data folder describes, from the ``[project]`` table of its ``promis.toml``.

A folder of registers may say which project it holds::

    [project]
    title_uk = "Партнерство для розвитку міст"
    title_en = "Partnership for Local Economic Development and Democratic Governance"
    start = 2015-04-01      # dates of the project period: register dates outside it are errors
    end = 2021-03-31

Nothing is required. Without ``start`` and ``end`` no date is checked against a project
period (a user's register of 2023 events is as valid as the embedded 2018 card); the embedded
``data/raw`` declares PROMIS's period. Other keys (identifiers for exports) are kept as given
in ``extra``; ``[parameters]`` gives values for notebook parameters of the same name
(``ProjectSettings.parameter``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["SETTINGS_FILE", "ProjectSettings", "SettingsError", "parse_date", "project_settings"]

SETTINGS_FILE = "promis.toml"


class SettingsError(ValueError):
    """``promis.toml`` [project] holds a value of the wrong form (message in uk and en)."""


@dataclass(frozen=True)
class ProjectSettings:
    """What ``[project]`` declares; ``period`` is (start, end) or None when not declared."""

    title_uk: str | None = None
    title_en: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)  # the [parameters] table
    fx: dict[str, Any] = field(default_factory=dict)  # the [fx] table (rate_basis reads it)
    iati: dict[str, Any] = field(default_factory=dict)  # the [iati] table (iati.py reads it)
    charts: dict[str, Any] = field(default_factory=dict)  # [charts] (charts.settings reads it)
    report: dict[str, Any] = field(default_factory=dict)  # [report] (build.results_report reads it)

    @property
    def charts_settings(self) -> Any:
        """``[charts]`` parsed (``charts.settings.ChartSettings``)."""
        from promis_analytics.charts.settings import parse_charts

        return parse_charts(self.charts)

    def parameter(self, name: str, default: Any = None) -> Any:
        """A notebook parameter from ``[parameters]`` (``default`` when not set): what a
        notebook run by hand uses when its own parameter is left at None."""
        return self.parameters.get(name, default)

    @property
    def period_text(self) -> str:
        """``"2015-04-01…2021-03-31"`` or ``""`` (part of cache keys and messages)."""
        return f"{self.period[0]}…{self.period[1]}" if self.period else ""


def parse_date(where: str, value: Any) -> dt.date:
    """A TOML date (or ISO text) of a setting; ``SettingsError`` naming ``where`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SettingsError(
        f"{where}: очікувалася дата РРРР-ММ-ДД, знайдено {value!r} / "
        f"expected a date YYYY-MM-DD, found {value!r}"
    )


def settings_from(
    table: dict[str, Any],
    where: str = SETTINGS_FILE,
    parameters: Any = None,
    fx: Any = None,
    iati: Any = None,
) -> ProjectSettings:
    """``ProjectSettings`` of a parsed ``[project]`` table and ``[parameters]`` table;
    ``SettingsError`` on a bad value."""
    for name, value in (("parameters", parameters), ("fx", fx), ("iati", iati)):
        if value is not None and not isinstance(value, dict):
            raise SettingsError(f"{where} [{name}]: очікувалася таблиця / expected a table")
    rest = {k: v for k, v in table.items() if k not in ("title_uk", "title_en", "start", "end")}
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
    return ProjectSettings(
        titles[0], titles[1], period, rest, dict(parameters or {}), dict(fx or {}), dict(iati or {})
    )


@lru_cache(maxsize=64)
def _cached(path: str, mtime_ns: int, size: int) -> ProjectSettings:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(
            f"{Path(path).name}: не вдалося прочитати / cannot be read: {exc}"
        ) from exc
    settings = settings_from(
        data.get("project") or {},
        Path(path).name,
        data.get("parameters"),
        data.get("fx"),
        data.get("iati"),
    )
    from promis_analytics.rate_basis import rate_basis

    rate_basis(settings)  # a bad [fx] is reported when the folder is read, not mid-build
    import dataclasses

    return dataclasses.replace(settings, **chart_tables(data, Path(path).name))


#: Tables of promis.toml this module keeps for the charts and the results report.
CHART_TABLES = ("charts", "report")


def chart_tables(data: dict[str, Any], where: str = SETTINGS_FILE) -> dict[str, dict[str, Any]]:
    """The ``[charts]`` and ``[report]`` tables of a parsed ``promis.toml``, checked here so a
    bad value is reported when the folder is read (``SettingsError``, every problem at once)."""
    from promis_analytics.charts.settings import ChartSettingsError, parse_charts

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
