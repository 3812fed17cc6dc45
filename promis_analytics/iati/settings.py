"""The ``[iati]`` settings of a data folder: who reports which activity, read and checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from promis_analytics.project import ProjectSettings
from promis_analytics.settings.common import SettingsError, parse_date
from promis_analytics.settings.iati import IATI_WHERE as _WHERE
from promis_analytics.settings.iati import iati_problems

__all__ = ["IatiSettings", "Organisation", "iati_problems", "iati_settings"]


@dataclass(frozen=True)
class Organisation:
    """An organisation of the activity: IATI ``ref`` and ``type`` codes (may be empty) and its
    name in Ukrainian and English; ``role`` for a participating organisation."""

    name_uk: str
    name_en: str
    ref: str = ""
    type: str = ""
    role: str = ""


@dataclass(frozen=True)
class IatiSettings:
    """What the IATI activity says besides the results: identifier, reporting organisation,
    participating organisations, titles and descriptions (uk, en), status, dates, country
    and the default currency (``[project] currency``)."""

    identifier: str
    reporting_org: Organisation
    participating: tuple[Organisation, ...]
    title_uk: str
    title_en: str
    description_uk: str
    description_en: str
    activity_status: str
    start: dt.date | None
    end: dt.date | None
    recipient_country: str
    currency: str = "UAH"  # default-currency: the project's ([project] currency)


def _text(table: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str | int) or not str(value).strip():
        raise SettingsError(
            f"{where} {key}: потрібен текст, знайдено {value!r} / text needed, found {value!r}"
        )
    return str(value).strip()


def _organisation(table: Any, where: str, *, role: bool) -> Organisation:
    """A participating organisation (``role`` needed) or the reporting one (``ref`` and
    ``type`` needed: IATI requires both)."""
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: очікувалася таблиця / expected a table")
    return Organisation(
        name_uk=_text(table, "name_uk", where),
        name_en=_text(table, "name_en", where),
        ref=_text(table, "ref", where, required=not role),
        type=_text(table, "type", where, required=not role),
        role=_text(table, "role", where) if role else "",
    )


def iati_settings(settings: ProjectSettings) -> IatiSettings:
    """The folder's IATI settings (``[iati]`` of ``promis.toml``; documented in
    ``docs/iati.md``): ``identifier``, ``[iati.reporting_org]`` (name_uk, name_en, ref, type),
    ``[[iati.participating_org]]`` (role, name_uk, name_en, ref, type), ``description_uk`` /
    ``description_en``, ``activity_status`` (default 2, implementation), ``start`` / ``end``
    (default: ``[project]`` start and end), ``recipient_country`` (default UA). Titles come from
    ``[project]`` title_uk / title_en. ``SettingsError`` (uk / en) names what is missing."""
    table = dict(settings.iati)
    problems = iati_problems(table)
    if problems:
        raise SettingsError("\n".join(problems))
    if not table:
        raise SettingsError(
            f"{_WHERE}: немає налаштувань IATI — додайте identifier і reporting_org / "
            "no IATI settings: add identifier and reporting_org"
        )
    reporting = _organisation(table.get("reporting_org"), f"{_WHERE}.reporting_org", role=False)
    participating = table.get("participating_org") or []
    if not isinstance(participating, list) or not participating:
        raise SettingsError(
            f"{_WHERE}: потрібна хоча б одна [[iati.participating_org]] / "
            "at least one [[iati.participating_org]] is needed"
        )
    orgs = tuple(
        _organisation(o, f"{_WHERE}.participating_org[{n}]", role=True)
        for n, o in enumerate(participating, start=1)
    )
    period = settings.period
    start = parse_date(f"{_WHERE} start", table["start"]) if "start" in table else None
    end = parse_date(f"{_WHERE} end", table["end"]) if "end" in table else None
    if settings.title_uk is None or settings.title_en is None:
        raise SettingsError(
            "promis.toml [project]: для IATI потрібні title_uk і title_en / "
            "IATI needs title_uk and title_en"
        )
    return IatiSettings(
        identifier=_text(table, "identifier", _WHERE),
        reporting_org=reporting,
        participating=orgs,
        title_uk=settings.title_uk,
        title_en=settings.title_en,
        description_uk=_text(table, "description_uk", _WHERE),
        description_en=_text(table, "description_en", _WHERE),
        activity_status=_text(table, "activity_status", _WHERE, required=False) or "2",
        start=start or (period[0] if period else None),
        end=end or (period[1] if period else None),
        recipient_country=_text(table, "recipient_country", _WHERE, required=False) or "UA",
        currency=settings.currency,
    )
