"""The one uk/en label catalogue of the charts: ``label(key, lang)`` over one editable table."""

from __future__ import annotations

import csv
import difflib
import string
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType, ModuleType

from promis_analytics import project_codes, reference
from promis_analytics.formatting import check_lang, uk_sort_key
from promis_analytics.paths import PACKAGE_DATA_DIR
from promis_analytics.registers import codes, fields, results_fields

__all__ = [
    "CATALOGUE_PATH",
    "DELEGATED_PREFIXES",
    "catalogue",
    "chart_title",
    "count_label",
    "dataset_label",
    "known_keys",
    "label",
    "place_sort_key",
    "plural_form",
    "project_label",
]

#: The table translators edit: columns ``key, uk, en`` (and a free ``note`` for context).
CATALOGUE_PATH: Path = PACKAGE_DATA_DIR / "chart_labels.csv"

# Category labels that already have a home elsewhere are read from there, never copied:
# prefix → (module, attribute). ``city.*`` come from ``reference``, ``component.*`` and
# ``fund.*`` from the data folder's code files (``project_codes``);
# ``field.*`` are column labels of the field dictionary; the rest are its category tables.
DELEGATED_PREFIXES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "city": ("promis_analytics.reference", "city"),
        "component": ("promis_analytics.project_codes", "COMPONENT_TITLES"),
        "field": ("promis_analytics.registers.fields", "FIELDS"),
        "event_type": ("promis_analytics.registers.codes", "EVENT_TYPE_LABELS"),
        "instrument": ("promis_analytics.registers.codes", "INSTRUMENTS"),
        "adoption_status": ("promis_analytics.registers.codes", "ADOPTION_STATUSES"),
        "rec_status": ("promis_analytics.registers.codes", "REC_STATUSES"),
        "rec_area": ("promis_analytics.registers.codes", "REC_AREAS"),
        "index": ("promis_analytics.registers.codes", "INDEXES"),
        "fund": ("promis_analytics.project_codes", "FUND_TITLES"),
        "indicator_group": ("promis_analytics.registers.codes", "INDICATOR_GROUPS"),
        "fact_unit": ("promis_analytics.registers.codes", "FACT_UNITS"),
        "result_level": ("promis_analytics.registers.results_fields", "RESULT_LEVELS"),
        "measure": ("promis_analytics.registers.results_fields", "MEASURES"),
        "sex": ("promis_analytics.registers.results_fields", "SEXES"),
    }
)
#: The modules ``DELEGATED_PREFIXES`` names, imported here so the import graph shows them.
_OWNERS: Mapping[str, ModuleType] = MappingProxyType(
    {m.__name__: m for m in (project_codes, reference, codes, fields, results_fields)}
)


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Read ``chart_labels.csv`` once: ``{key: {"uk": …, "en": …}}``.

    Raises ``ValueError`` naming file, line and column for a missing column, an empty cell,
    a duplicate key, or uk/en texts whose ``{placeholders}`` differ; all problems at once.
    """
    problems: list[str] = []
    rows: dict[str, Mapping[str, str]] = {}
    with CATALOGUE_PATH.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"key", "uk", "en"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{CATALOGUE_PATH}: missing column(s) {sorted(missing)}")
        for line, row in enumerate(reader, start=2):
            key = (row["key"] or "").strip()
            for column in ("key", "uk", "en"):
                if not (row[column] or "").strip():
                    problems.append(f"line {line}, column {column!r}: empty cell (key {key!r})")
            if key in rows:
                problems.append(f"line {line}: duplicate key {key!r}")
            if key.split(".", 1)[0] in DELEGATED_PREFIXES and not key.endswith(".short"):
                problems.append(
                    f"line {line}: key {key!r} belongs to "
                    f"{DELEGATED_PREFIXES[key.split('.', 1)[0]][0]}, not to this table"
                )
            if _placeholders(row["uk"] or "") != _placeholders(row["en"] or ""):
                problems.append(f"line {line}: uk and en placeholders differ for key {key!r}")
            rows[key] = MappingProxyType({"uk": row["uk"] or "", "en": row["en"] or ""})
    if problems:
        raise ValueError(f"{CATALOGUE_PATH}: " + "; ".join(problems))
    return MappingProxyType(rows)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _delegated(prefix: str, rest: str, lang: str) -> str | None:
    """Look ``rest`` up in the module that owns ``prefix`` labels; None if it has no entry."""
    module_name, attribute = DELEGATED_PREFIXES[prefix]
    try:
        source = getattr(_OWNERS[module_name], attribute)
    except (KeyError, AttributeError) as exc:
        raise KeyError(
            f"label {prefix}.{rest!r} comes from {module_name}.{attribute}, "
            f"which is not available ({exc})"
        ) from None
    if prefix == "city":
        try:
            place = source(rest)
        except (KeyError, ValueError):
            return None
        return place.name_uk if lang == "uk" else place.name_en
    entry = _mapping_get(source, rest)
    if entry is None:
        return None
    if isinstance(entry, tuple):  # (uk, en) pairs of registers.codes
        return entry[0] if lang == "uk" else entry[1]
    for attr in (f"title_{lang}", f"label_{lang}", f"name_{lang}"):  # dataclass records
        if hasattr(entry, attr):
            return str(getattr(entry, attr))
    if isinstance(entry, Mapping) and lang in entry:
        return str(entry[lang])
    raise KeyError(f"{module_name}.{attribute}[{rest!r}] has no {lang} label: {entry!r}")


def _mapping_get(source: object, key: str) -> object | None:
    if isinstance(source, Mapping):
        return source.get(key)
    if not isinstance(source, Iterable):
        raise TypeError(f"labels come from a mapping or a sequence of records, not {source!r}")
    for item in source:  # a tuple of records with a ``code`` or ``key``
        if str(getattr(item, "code", getattr(item, "key", None))) == key:
            return item
    return None


def _delegated_keys(prefix: str) -> list[str]:
    module_name, attribute = DELEGATED_PREFIXES[prefix]
    try:
        module = _OWNERS[module_name]
        if prefix == "city":
            return [f"city.{c.key}" for c in module.all_places()]
        source = getattr(module, attribute)
    except (KeyError, AttributeError):
        return []
    if isinstance(source, Mapping):
        return [f"{prefix}.{k}" for k in source]
    return [f"{prefix}.{getattr(i, 'code', getattr(i, 'key', ''))}" for i in source]


def known_keys() -> list[str]:
    """Every key :func:`label` can answer now: the table's plus the delegated ones."""
    keys = list(catalogue())
    for prefix in DELEGATED_PREFIXES:
        keys.extend(_delegated_keys(prefix))
    return keys


def label(key: str, lang: str, **fields: object) -> str:
    """The ``lang`` ("uk" or "en") text of ``key``; ``fields`` fill ``{placeholders}``.

    Keys of the table (``title.*``, ``axis.*``, ``unit.*``, ``legend.*``, ``caption.*``…) come
    from ``chart_labels.csv``; ``city.<key>`` from ``reference``, ``component.<code>`` and
    ``fund.<code>`` from the data folder's code files (``project_codes``);
    ``field.<column>`` from ``registers.fields``; ``event_type.<code>``,
    ``instrument.<code>`` and the other category prefixes from ``registers.codes``. An
    unknown key raises ``KeyError`` with the closest known keys. Placeholders are filled with
    ``str.format``; pass numbers already formatted by ``promis_analytics.formatting``.
    """
    check_lang(lang)
    table = catalogue()
    text: str | None = table[key][lang] if key in table else None
    if text is None and "." in key:
        prefix, rest = key.split(".", 1)
        if prefix in DELEGATED_PREFIXES:
            text = _delegated(prefix, rest, lang)
    if text is None:
        close = difflib.get_close_matches(key, known_keys(), n=5, cutoff=0.6)
        hint = f"; closest known keys: {', '.join(close)}" if close else "; no similar key"
        raise KeyError(f"unknown label key {key!r}{hint}")
    if fields:
        missing = _placeholders(text) - set(fields)
        if missing:
            raise KeyError(f"label {key!r} needs value(s) for {sorted(missing)}")
        text = text.format(**fields)
    return text


def chart_title(key: str, lang: str, period: str | None = None, **fields: object) -> str:
    """A chart's title: :func:`label` of ``key``, followed by ", " and the ``period`` the data
    cover (``periods.period_text`` / ``periods.as_of_text``) when one is given."""
    text = label(key, lang, **fields)
    return f"{text}, {period}" if period else text


def plural_form(n: int, lang: str) -> str:
    """CLDR plural category of a whole number: uk ``one``/``few``/``many``, en ``one``/``other``.

    Ukrainian: n mod 10 = 1 and n mod 100 ≠ 11 → one (21 місто); n mod 10 in 2…4 and
    n mod 100 not in 12…14 → few (3 міста); otherwise many (15 міст).
    """
    check_lang(lang)
    n = abs(int(n))
    if lang == "en":
        return "one" if n == 1 else "other"
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def count_label(key: str, n: object, lang: str) -> str:
    """The unit word of ``key`` agreeing with the count ``n`` (``unit.cities``: 1 місто, 3 міста,
    15 міст). Table keys ``<key>|one`` / ``<key>|few`` hold the other forms; the plain key holds
    the many/other form. A count that is not a whole number takes the plain key."""
    table = catalogue()
    try:
        whole = int(n)  # type: ignore[call-overload]
        is_whole = whole == n
    except (TypeError, ValueError):
        is_whole = False
    if is_whole:
        variant = f"{key}|{plural_form(whole, lang)}"
        if variant in table:
            return table[variant][lang]
    return label(key, lang)


@cache
def _variants() -> dict[str, tuple[str, str]]:
    """``data/caption_variants.csv``: key → (what it needs, the key to use without it)."""
    with (PACKAGE_DATA_DIR / "caption_variants.csv").open(encoding="utf-8", newline="") as fh:
        return {r["key"]: (r["needs"], r["variant"]) for r in csv.DictReader(fh)}


def project_label(
    key: str,
    lang: str,
    *,
    partners: bool,
    sources: frozenset[str] | set[str] = frozenset(),
    **fields: object,
) -> str:
    """:func:`label` of ``key`` as the user's project can say it: a text that speaks of
    partner cities only when the project declares partners (``partners``: ``[project]
    partners`` is set), and names a document (the brochure) only when the dataset's
    ``sources`` include it. ``data/caption_variants.csv`` says what each key needs
    (``partners`` or ``source:<id>``) and which key stands in without it (followed until
    a key's needs are met)."""
    seen = set()
    while key in _variants() and key not in seen:
        seen.add(key)
        needs, variant = _variants()[key]
        met = partners if needs == "partners" else needs.removeprefix("source:") in sources
        if met:
            break
        key = variant
    return label(key, lang, **fields)


def dataset_label(key: str, lang: str, dataset: object, **fields: object) -> str:
    """:func:`project_label` for a loaded ``Dataset``: partners from its ``[project]``,
    sources from the ``source`` column of its registers."""
    tables = getattr(dataset, "tables", {}) or {}
    sources = {
        str(v) for t in tables.values() if "source" in t for v in t["source"].dropna().unique()
    }
    partners = getattr(dataset, "project", None)
    has = partners is not None and partners.partners is not None
    return project_label(key, lang, partners=has, sources=sources, **fields)


def place_sort_key(key: str) -> tuple:
    """How charts order places: by oblast, then by name, in Ukrainian alphabetical order
    (not by codifier code); a key the reference does not know sorts last, by itself."""
    from promis_analytics.errors import UnknownPlaceError
    from promis_analytics.reference import city

    try:
        place = city(key)
    except (UnknownPlaceError, TypeError):
        return (1, (), uk_sort_key(str(key)))
    return (0, uk_sort_key(place.oblast_uk or ""), uk_sort_key(place.name_uk))
