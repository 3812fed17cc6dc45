"""Constants and patterns of the monitoring-card reader: register columns, words, regexes."""

from __future__ import annotations

import re

from promis_analytics.registers.schema.schemas import SCHEMAS

#: Register columns the monitoring-card form never prints (it gives participants and, at
#: most, women per event): left out of the extracted file; loading gives them as unknown (NA).
NOT_ON_CARDS: tuple[str, ...] = ("men", "idp")
#: the events register's columns (``registers.schema.schemas``): a card yields register rows
EVENT_COLUMNS: tuple[str, ...] = tuple(
    c for c in SCHEMAS["events"].columns if c not in NOT_ON_CARDS
)
ADOPTION_COLUMNS: tuple[str, ...] = ("city", "instrument", "status", "as_of", "source", "locator")
AGGREGATE_COLUMNS: tuple[str, ...] = ("value", "unit", "refers_to", "source", "locator")
STATEMENT_COLUMNS: tuple[str, ...] = (
    "instrument", "status", "printed_n", "listed_n", "cities", "source", "locator",
)  # fmt: skip

SNIPPET = 40  # characters of source text quoted in a locator

# --- patterns over running text -------------------------------------------------------------
UP = "А-ЯІЇЄҐA-Z"
LOW = "а-яіїєґ’'a-z"
# a participant figure printed with an event: "(20 учасників)", ", 13 учасники)", "(25учасників)",
# "(10 представників України: …)", optionally "з них 12 жінок"
COUNT = re.compile(
    r"(?P<lead>[(,]\s*)(?P<n>\d+)\s*(?P<noun>учасник\w*|учасниц\w*|представник\w*)"
    r"(?:[^)]{0,40}?з\s+них\s+(?P<women>\d+)\s+жін\w*)?",
    re.IGNORECASE,
)
# totals printed apart from a figure: "загальна кількість учасників – 380", "пройшли 146 …"
AGGREGATES = (
    re.compile(r"[Зз]агальн\w*\s+кількість\s+учасник\w*\s*[–—-]\s*(?P<n>\d+)"),
    re.compile(r"пройшл\w*\s+(?P<n>\d+)\s+(?:представник\w*|учасник\w*|осіб)"),
)
# where a new statement starts: an impersonal past form at a capital ("Проведено", "Організовано",
# "Підтримано", "Розпочато") followed by a space, an event word opening an item ("Семінар"), or
# the end of a sentence (". X" not after an abbreviation such as "м." or "р.").
HEAD = re.compile(rf"(?<![\w-])(?:[{UP}][{LOW}]{{3,}}(?:но|то)(?=\s)|Семінар\b|Тренінг\b)")
SENTENCE_END = re.compile(rf"(?P<word>[\w)»]+)[.!?]\s+(?=[{UP}«])")
ABBREVIATIONS = frozenset({"м", "мм", "с", "смт", "р", "рр", "стор", "обл", "вул", "ім", "ст"})
# a place marker: "м. Вінниця", "м.Івано-Франківськ", "с. Гута", "мм Торонто-…", "смт …"
PLACE_WORD = rf"[{UP}][{LOW}]*(?:-[{UP}]?[{LOW}]+)*"
PLACE = re.compile(
    rf"(?<![\w])(?P<marker>мм\.?|м\.|с\.|смт\.?)\s*(?P<name>{PLACE_WORD}(?:\s{PLACE_WORD})?)"
)
QUOTED = re.compile(r"«(?P<t>[^«»]*(?:«[^«»]*»[^«»]*)*)»")
YEAR = re.compile(r"(?:19|20)\d{2}")
HEADING = re.compile(r"(?<!\d)(?P<code>[123][123]00)\.\s")
# "у 7 містах-партнерах Проекту: A, B", "для 3 міста-партнери Проекту: …", "(3 міста: A, B, C)",
# "В 4-х містах-партнерах (A, B, C, D)", "у 7 регіонах України … (мм. A, B)"
STATEMENT = re.compile(
    r"(?P<n>\d+)(?:-?х|-?ти)?\s+(?P<noun>міст\w*|регіон\w*)(?:[-‑]партнер\w*)?"
    r"(?:\s+Проекту(?:\s+ПРОМІС)?)?"
)
# "стратегії сталого розвитку – 8 міст (A, B, …)", "стратегії розвитку субрегіонів – 2 (A, B)"
DASH_STATEMENT = re.compile(r"[–—-]\s*(?P<n>\d+)(?P<noun>\s+міст\w*)?\s*(?=\()")
LIST_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:та|і|й)\s+")
# "у Вінницькій області – A, B; в Полтавській області – C" inside a city list
OBLAST_PREFIX = re.compile(r"(?:^|(?<=;))\s*(?:у|в)\s+[\w’'-]+\s+області\s*[–—-]\s*")
HEADER_DATES = re.compile(r"(\d{2}\.\d{2}\.\d{4})\s+(\d{2}\.\d{2}\.\d{4})\s*$")
REGISTRATION = re.compile(r"(?<![\d.])(\d{3,5}-\d{2})(?:\s+від\s+\d{2}\.\d{2}\.\d{4})?")
