"""Text column types: free text, identifiers and coded categories."""

from __future__ import annotations

import difflib
from typing import Any

from promis_analytics.registers.schema.field import Field
from promis_analytics.registers.schema.types.base import (
    CellResult,
    ColumnType,
    cell_text,
    text_from_codes,
    text_series,
)

__all__ = ["CATEGORY", "ID", "TEXT"]


def _text(t: ColumnType, f: Field, value: Any) -> CellResult:
    """The stripped text of the cell; no problem is possible."""
    return cell_text(value), None, []


def _category(t: ColumnType, f: Field, value: Any) -> CellResult:
    """The allowed code a cell names (``registers.schema.vocab``); else ``not_allowed`` listing the
    accepted words in each language and the closest ones. A field without codes takes the
    text as it is."""
    from promis_analytics.registers.schema.vocab import accepted_words, lookup, word_key

    if f.allowed is None:
        return _text(t, f, value)
    code = lookup(f, cell_text(value))
    if code is not None:
        return code, None, []
    spellings = {word_key(s): code for code, labels in f.allowed.items() for s in (code, *labels)}
    near = {
        spellings[c]
        for c in difflib.get_close_matches(word_key(cell_text(value)), list(spellings), n=3)
    }
    params: dict[str, Any] = {}
    for lang in ("uk", "en"):
        params[f"allowed_{lang}"] = _allowed_words(f, accepted_words(f, lang), lang)
        i = 0 if lang == "uk" else 1
        params[f"closest_{lang}"] = ", ".join(sorted(f.allowed[c][i] for c in near))
    return None, None, [("not_allowed", params)]


def _allowed_words(f: Field, words: list[str], lang: str) -> str:
    """The accepted words, or — past 12 — how many there are and where they are listed."""
    if len(words) <= 12:
        return ", ".join(words)
    if lang == "uk":
        return f"{len(words)} значень поля «{f.label_uk}» (docs/registers.md)"
    return f"{len(words)} values of '{f.label_en}' (docs/registers.md)"


TEXT = ColumnType(
    name="text",
    parse=_text,
    series=text_series,
    from_codes=text_from_codes,
    pandas_dtype="str",
    text_column=True,
    expected=("текст", "text"),
    hint=("текст", "text"),
    docs="text",
    xlsform="text",
)

ID = ColumnType(
    name="id",
    parse=_text,
    series=text_series,
    from_codes=text_from_codes,
    pandas_dtype="str",
    text_column=True,
    expected=("ідентифікатор", "an identifier"),
    hint=("ідентифікатор", "identifier"),
    docs="identifier",
    xlsform="text",
    identifier=True,
)

#: A coded column; its XLSForm question is ``select_one`` of the field's own list
#: (``registers.out.xlsform``), its template cell a drop-down of the Ukrainian labels.
CATEGORY = ColumnType(
    name="category",
    parse=_category,
    series=text_series,
    from_codes=text_from_codes,
    pandas_dtype="str",
    expected=("значення зі списку", "a value from the list"),
    hint=("значення зі списку", "value from the list"),
    docs="category",
    xlsform="select_one",
)
