"""One cell for its field: missing words, safe text, Excel markers, then its type's parser."""

from __future__ import annotations

import re
from typing import Any

from promis_analytics.registers.io.reader import ExcelErrorValue, FormulaNoValue
from promis_analytics.registers.schema.fields import Field
from promis_analytics.registers.schema.report import NOTE
from promis_analytics.registers.schema.types import Problem, cell_decimal, cell_text, column_type

__all__ = [
    "LINE_BREAKS",
    "MISSING_WORDS",
    "TOTAL_WORDS",
    "XML_ILLEGAL",
    "cell_decimal",
    "cell_text",
    "is_empty",
    "parse_cell",
    "safe_text",
]

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


def parse_cell(f: Field, value: Any) -> tuple[Any, str | None, list[Problem]]:
    """Parse one non-empty cell for field ``f``.

    Returns (typed value or None, currency carried by an amount or None, problems). A value
    with both a type and a range problem yields both (e.g. "-2,5" participants).
    """
    if isinstance(value, FormulaNoValue):
        return None, None, [("formula_no_value", {})]
    if isinstance(value, ExcelErrorValue):
        return None, None, [("excel_error", {})]
    return column_type(f).read(f, value)
