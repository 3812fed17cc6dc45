"""Reading one cell for its field: numbers, amounts, dates, places, coded words."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from promis_analytics.errors import AmbiguousPlaceError, ParseError, UnknownPlaceError
from promis_analytics.registers.fields import Field
from promis_analytics.registers.reader import ExcelErrorValue, ExcelPercent, FormulaNoValue
from promis_analytics.registers.report import NOTE

# dtype → (expected in Ukrainian, expected in English)
EXPECTED: dict[str, tuple[str, str]] = {
    "text": ("текст", "text"),
    "id": ("ідентифікатор", "an identifier"),
    "int": ("ціле число, напр. 25", "a whole number, e.g. 25"),
    "number": ("число, напр. 1 234,5", "a number, e.g. 1 234.5"),
    "amount": ("сума, напр. 453,3 тис.", "an amount, e.g. 453.3 thousand"),
    "percent": ("відсоток, напр. 43,9 %", "a percent, e.g. 43.9%"),
    "year": ("рік, напр. 2019", "a year, e.g. 2019"),
    "date": ("дата, напр. 05.07.2018", "a date, e.g. 2018-07-05"),
    "city": ("назва міста з довідника", "a city name from the reference table"),
    "cities": ("назви міст через «;»", "city names separated by ';'"),
    "category": ("значення зі списку", "a value from the list"),
}

Problem = tuple[str, dict[str, Any]]

#: Characters XML 1.0 forbids (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF):
#: no writer (xlsx, SVG, IATI XML, HTML) can hold one, so a text cell is checked once here.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Of those, the ones Word writes for a line break (vertical tab; form feed for a page
#: break): read as a line break, with a note.
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


#: Words that mark a totals row (folded), in its first cells.
TOTAL_WORDS = frozenset({"всього", "усього", "разом", "total", "totals", "итого", "підсумок"})

#: Words people type for "no data" (any case: «Н/Д», «н/д», «немає даних»): in a register
#: they mean an empty cell (docs/registers.md). "NA", "N/A", "None" are not among them (they
#: may be codes or text) and neither is «немає» (it may mean zero).
MISSING_WORDS = frozenset({"-", "–", "—", "н/д", "н.д.", "немає даних"})


def is_empty(value: Any) -> bool:
    """True for a missing cell: None, text of whitespace only, or a "no data" word
    (``MISSING_WORDS``: «-», «—», «н/д», «немає даних»)."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    return not text or " ".join(text.casefold().split()) in MISSING_WORDS


def safe_text(value: str) -> tuple[str, Problem | None]:
    """A text cell made safe for every writer: Word's line breaks (vertical tab, form feed)
    become "\\n" with a ``line_break_character`` note; any other XML-illegal character is a
    ``control_character`` error and is shown escaped (BEL → ``\\x07``) so that the kept raw
    value can still be written. A clean text is returned as it is, with None."""
    if XML_ILLEGAL.search(value) is None:
        return value, None
    text = value.translate(LINE_BREAKS)
    bad = sorted(set(XML_ILLEGAL.findall(text)))
    if not bad:
        return text, ("line_break_character", {"severity": NOTE})
    escaped = XML_ILLEGAL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
    chars = ", ".join(f"U+{ord(c):04X}" for c in bad)
    return escaped, ("control_character", {"chars": chars})


def cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value).strip()


def cell_decimal(value: Any, f: Field) -> tuple[Decimal | None, str | None, list[Problem]]:
    """A number from a cell: Excel numbers directly, text via the parsing module."""
    from promis_analytics.parsing import parse_amount, parse_count, parse_number, parse_percent

    if isinstance(value, bool | dt.date | dt.time):
        return None, None, [_bad(f, value, "not a number")]
    if isinstance(value, ExcelPercent):
        return Decimal(value), None, []
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value), None, []
    text = str(value).strip()
    try:
        if f.dtype == "amount":
            a = parse_amount(text)
            return a.value, a.currency, []
        if f.dtype == "percent":
            try:
                return parse_percent(text), None, []
            except ParseError:
                return parse_number(text), None, []  # a bare number in a percent column
        if f.dtype == "int":
            return parse_count(text), None, []  # «20 осіб»
        return parse_number(text), None, []
    except ParseError as exc:
        return None, None, [_bad(f, value, exc.detail)]


def _bad(f: Field, value: Any, detail: str | None = None) -> Problem:
    """``bad_value``; a detail written "english / українською" is split by language."""
    uk, en = EXPECTED[f.dtype]
    en_detail, _, uk_detail = (detail or "").partition(" / ")
    return "bad_value", {
        "detail": f" ({en_detail})" if en_detail else "",
        "detail_uk": f" ({uk_detail})" if uk_detail else "",
        "expected_uk": uk,
        "expected_en": en,
    }


def _range(f: Field, number: Decimal) -> list[Problem]:
    out: list[Problem] = []
    if f.minimum is not None and number < Decimal(str(f.minimum)):
        out.append(("below_minimum", {"minimum": _num(f.minimum)}))
    if f.maximum is not None and number > Decimal(str(f.maximum)):
        out.append(("above_maximum", {"maximum": _num(f.maximum)}))
    return out


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _category(f: Field, value: Any) -> tuple[str | None, list[Problem]]:
    """The allowed code a cell names (``registers.vocab``); else ``not_allowed`` listing the
    accepted words in each language and the closest ones."""
    from promis_analytics.registers.vocab import accepted_words, lookup, word_key

    assert f.allowed is not None
    code = lookup(f, cell_text(value))
    if code is not None:
        return code, []
    spellings = {word_key(s): code for code, labels in f.allowed.items() for s in (code, *labels)}
    near = {
        spellings[c]
        for c in difflib.get_close_matches(word_key(cell_text(value)), list(spellings), n=3)
    }
    params: dict[str, Any] = {}
    for lang in ("uk", "en"):
        words = accepted_words(f, lang)
        params[f"allowed_{lang}"] = (
            ", ".join(words)
            if len(words) <= 12
            else (
                f"{len(words)} значень поля «{f.label_uk}» (docs/registers.md)"
                if lang == "uk"
                else f"{len(words)} values of '{f.label_en}' (docs/registers.md)"
            )
        )
        i = 0 if lang == "uk" else 1
        params[f"closest_{lang}"] = ", ".join(sorted(f.allowed[c][i] for c in near))
    return None, [("not_allowed", params)]


def _place(text: str) -> tuple[str | None, list[Problem]]:
    key, probs = _place_cached(text)
    return key, list(probs)


@lru_cache(maxsize=4096)
def _place_cached(text: str) -> tuple[str | None, tuple[Problem, ...]]:
    """Key of the place ``text`` names, or the problem: unknown, or ambiguous with the
    candidates. A renamed place or a widened context resolves with a note."""
    from promis_analytics.reference import resolve_place

    try:
        match = resolve_place(text)
    except AmbiguousPlaceError as exc:
        from promis_analytics.reference.resolve import shortlist

        return None, (("ambiguous_place", {"candidates": shortlist(exc.candidates)}),)
    except UnknownPlaceError as exc:
        close = ", ".join(exc.suggestions)
        return None, (("unknown_place", {"closest": close}),)
    if match.note_uk:
        note = {"note_uk": match.note_uk, "note_en": match.note_en, "severity": NOTE}
        return match.place.key, (("place_note", note),)
    return match.place.key, ()


def _date(f: Field, value: Any) -> tuple[dt.date | None, list[Problem]]:
    from promis_analytics.parsing import parse_date

    if isinstance(value, dt.datetime):
        return value.date(), []
    if isinstance(value, dt.date):
        return value, []
    if isinstance(value, int | float | bool):
        return None, [_bad(f, value, "a number, not a date")]
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text), []
    except ValueError:
        pass
    try:
        return parse_date(text), []
    except ParseError as exc:
        return None, [_bad(f, value, exc.detail)]


def parse_cell(f: Field, value: Any) -> tuple[Any, str | None, list[Problem]]:
    """Parse one non-empty cell for field ``f``.

    Returns (typed value or None, currency carried by an amount or None, problems). A value
    with both a type and a range problem yields both (e.g. "-2,5" participants).
    """
    if isinstance(value, FormulaNoValue):
        return None, None, [("formula_no_value", {})]
    if isinstance(value, ExcelErrorValue):
        return None, None, [("excel_error", {})]
    if f.allowed is not None:
        code, probs = _category(f, value)
        return code, None, probs
    t = f.dtype
    if t in ("text", "id", "category"):
        return cell_text(value), None, []
    if t in ("int", "year", "number", "amount", "percent"):
        number, currency, probs = cell_decimal(value, f)
        if number is None:
            return None, None, probs
        if t in ("int", "year") and number != number.to_integral_value():
            probs.append(_bad(f, value, "not a whole number"))
        probs += _range(f, number)
        if probs:
            return None, currency, probs
        return (int(number) if t in ("int", "year") else float(number)), currency, []
    if t == "date":
        d, probs = _date(f, value)
        return d, None, probs
    if t == "city":
        key, probs = _place(cell_text(value))
        return key, None, probs
    if t == "cities":
        text = cell_text(value)
        parts = [p.strip() for p in (text.split(";") if ";" in text else text.split(","))]
        keys, probs = [], []
        for part in parts:
            if not part:
                continue
            k, pr = _place(part)
            keys.append(k)
            probs += pr
        errors = [p for p in probs if p[1].get("severity") != NOTE]
        return (None if errors else ";".join(k for k in keys if k)), None, probs
    raise ValueError(f"unknown dtype {t!r}")
