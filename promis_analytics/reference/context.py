"""Reading a place as people write it: settlement-type prefix, name, and the oblast, raion or
hromada around it («с. Гута Богородчанської громади», «Гута, Івано-Франківська обл.»)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from promis_analytics.reference.text import normalize_text, strip_punct, unify

__all__ = ["ContextItem", "PlaceText", "parse_context", "parse_place_text", "stem"]

# settlement-type prefix (unified text) → codifier categories; longest first
_TYPE_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("селище міського типу ", ("X",)),
    ("смт. ", ("X",)),
    ("смт.", ("X",)),
    ("смт ", ("X",)),
    ("с-ще ", ("X",)),
    ("с-ще", ("X",)),
    ("сел. ", ("X",)),
    ("селище ", ("X",)),
    ("село ", ("C",)),
    ("с. ", ("C",)),
    ("с.", ("C",)),
    ("місто ", ("M", "K")),
    ("м. ", ("M", "K")),
    ("м.", ("M", "K")),
)
_PREPOSITIONS = ("в ", "у ", "до ", "з ", "із ", "зі ", "на ")
# words naming the unit in context → codifier category of the unit
_UNIT_WORDS = {
    "області": "O",
    "область": "O",
    "обл": "O",
    "району": "P",
    "район": "P",
    "р-ну": "P",
    "р-н": "P",
    "громади": "H",
    "громада": "H",
    "гром": "H",
    "тг": "H",
    "отг": "H",
}
_QUALIFIERS = (
    r"(?:(?:міської|сільської|селищної|міська|сільська|селищна|територіальної|територіальна"
    r"|об'єднаної|об'єднана)\s+)*"
)
_UNIT = r"(?P<unit>області|область|обл\.?|району|район|р-ну|р-н\.?|громади|громада|гром\.|отг|тг)"
_CONTEXT = re.compile(r"(?P<adj>[^\s,;()]+)\s+" + _QUALIFIERS + _UNIT + r"(?=$|[\s,;().])")
_ENDINGS = re.compile(r"(ого|ому|ої|ою|ій|ий|им|ім|а|у|е|і)$")


def stem(word: str) -> str:
    """An adjective without its case ending: «Богородчанської» and «Богородчанська» →
    «богородчанськ» (unified, lower case)."""
    return _ENDINGS.sub("", unify(word))


@dataclass(frozen=True)
class ContextItem:
    """A unit named around a place: ``category`` O/P/H (None: any) and its adjective stem."""

    category: str | None
    stem: str
    text: str


@dataclass(frozen=True)
class PlaceText:
    """A place string taken apart: the lookup ``name``, the categories its prefix allows
    (``None``: any) and the context units."""

    name: str
    categories: tuple[str, ...] | None
    context: tuple[ContextItem, ...]


def _context_items(text: str) -> tuple[list[ContextItem], str]:
    items = []
    for m in _CONTEXT.finditer(text):
        unit = m.group("unit").rstrip(".")
        items.append(ContextItem(_UNIT_WORDS[unit], stem(m.group("adj")), m.group(0)))
    return items, _CONTEXT.sub(" ", text)


def parse_context(text: str | None) -> tuple[ContextItem, ...]:
    """Context given apart from the name (a register's oblast or hromada column): units with
    their word («Богородчанська громада»), or bare adjectives that may name any unit."""
    if text is None or not str(text).strip():
        return ()
    items, rest = _context_items(unify(text))
    for word in re.split(r"[,;()]+", rest):
        word = strip_punct(word.strip())
        if word:
            items.append(ContextItem(None, stem(word), word))
    return tuple(items)


def parse_place_text(text: str) -> PlaceText:
    """Split «с. Гута, Богородчанська громада, Івано-Франківська обл.» into the name
    («гута»), the categories of its prefix (("C",)) and the context units."""
    items, rest = _context_items(unify(text))
    first, *others = re.split(r"[,;()]", rest)
    for part in others:
        part = strip_punct(part.strip())
        if part:
            items.append(ContextItem(None, stem(part), part))
    rest = re.sub(r"\s+", " ", first).strip()
    rest = strip_punct(rest)
    categories: tuple[str, ...] | None = None
    changed = True
    while changed:
        changed = False
        for prep in _PREPOSITIONS:
            if rest.startswith(prep) and len(rest) > len(prep):
                rest, changed = rest[len(prep) :].strip(), True
        for prefix, cats in _TYPE_PREFIXES:
            if rest.startswith(prefix) and len(rest) > len(prefix):
                rest, categories, changed = rest[len(prefix) :].strip(), cats, True
                break
    return PlaceText(normalize_text(rest), categories, tuple(items))
