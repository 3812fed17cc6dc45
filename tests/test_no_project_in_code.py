"""The package holds no PROMIS fact that moved to its profile (data/raw/promis.toml and the
code files beside it): its names, its 16 partner cities as a list, its component codes and
funds, its period. What must stay is allow-listed below with the reason; docs/profile.md lists
what the code still holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from promis_analytics import paths

PACKAGE = paths.repo_root() / "promis_analytics"


def _files(*parts: str) -> list[Path]:
    out: list[Path] = []
    for part in parts:
        p = PACKAGE / part
        out += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return out


# (what, files, pattern): a literal that lives in the profile now, and where it must not be.
MOVED = [
    ("year bounds of a field", ["registers"], r"(minimum|maximum)=(19|20)\d\d\b"),
    ("the PROMIS period as constants", [""], r"\bPROJECT_(START|END)\b"),
    ("the PROMIS period", ["registers", "demo.py", "project.py", "settings", "pipeline/gallery.py"],
     r"2015-04-01|2021-03-31"),
    ("the project's name in the gallery", ["pipeline/gallery.py"], r"ПРОМІС|PROMIS"),
    ("IATI currency", ["iati", "settings/iati.py"], r"default-currency\"?\s*:\s*\"[A-Z]{3}\""),
    ("co-financing in one project's currency", ["indicators", "charts", "registers",
     "pipeline/workbook.py"], r"promis_(cad|uah|amount|currency)|\buah_per_cad\b|Внесок ПРОМІС"),
    ("the currency list", ["registers/schema/codes.py", "formatting.py"],
     r"\(\s*\"UAH\",\s*\"CAD\",\s*\"USD\""),
]  # fmt: skip


@pytest.mark.parametrize(("what", "where", "pattern"), MOVED, ids=[m[0] for m in MOVED])
def test_moved_literals_stay_out_of_the_package(what: str, where: list[str], pattern: str) -> None:
    hits = [
        f"{f.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for f in _files(*where)
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(pattern, line)
    ]
    assert hits == [], f"{what} is project data (data/raw/promis.toml), found:\n" + "\n".join(hits)


def test_the_profile_declares_what_left_the_code() -> None:
    from promis_analytics.project import project_settings

    promis = project_settings(paths.raw_dir())
    assert promis.period is not None and promis.currency == "CAD"
    assert promis.title_uk and promis.title_en and promis.partners


#: the package's text files (code, tables, templates)
TEXT_SUFFIXES = (".py", ".csv", ".toml", ".md", ".html", ".json", ".txt")
#: the reference tables of Ukraine's places: they name every place, the 16 among them
PLACE_TABLES = (
    "data/places.csv", "data/place_aliases.csv", "data/place_inflections.csv",
    "data/place_abbreviations.csv", "data/place_renamings.csv", "data/oblasts.csv",
)  # fmt: skip
PARTNERS_UK = (
    "Вінниц", "Жмерин", "Ладижин", "Хмільник", "Івано-Франків", "Долин", "Коломи", "Яремч",
    "Полтав", "Горішні Плавні", "Миргород", "Кременчу", "Запоріж", "Бердянськ", "Енергодар",
    "Мелітопол",
)  # fmt: skip

# (what, pattern, {file: why it may stay}) — a file not listed must not match.
PROJECT_WORDS = [
    ("the project's name", r"ПРОМІС|PROMIS(?![_A-Z])|PLEDDG", {
        "data/chart_labels.csv": "titles of the embedded sources (doc.*, shown only for a "
        "dataset citing them); notebook 01's brochure tiles",
        "extract/card/patterns.py": "the 2018 monitoring card's own wording, read by its reader",
    }),
    ("the funds", r"dg_fund|sme_fund|gender_initiatives|демократичного врядування|"
     r"Фонд підтримки ініціатив|фонд підтримки МСП", {
        "indicators/brochure_rules.py": "the brochure's own fund totals, checked only against "
        "a dataset holding that brochure's facts",
        "data/word_variants.csv": "з/із spelling variants, illustrated by a fund name",
    }),
    ("the component codes", r"(?<![\d.,])(1100|1200|1300|2100|2200|2300|3100|3200|3300)(?!\d)", {
        "parsing/numbers.py": "2100 spelled in words in a docstring example, not a code",
        "charts/theme.py": "palette slot names «1000»…«3000» (next step: slots by order)",
        "data/metadata/fields.csv": "an example result id in a column description",
        "settings/charts.py": "the DPI bound 1200, not a code",
        "extract/program_report/figures.py": "the year bound 2100, not a code",
        "demo.py": "synthetic results rows under the embedded profile's output codes",
        "reliability.py": "examples of each problem for docs/reliability.md (next step)",
    }),
    ("the project period", r"2015-04-01|2021-03-31", {
        "periods.py": "a date in a docstring example",
        "reliability.py": "examples of each problem for docs/reliability.md (next step)",
    }),
]  # fmt: skip


def _package_files() -> list[Path]:
    return [
        f for f in sorted(PACKAGE.rglob("*"))
        if f.is_file() and f.suffix in TEXT_SUFFIXES and "__pycache__" not in f.parts
    ]  # fmt: skip


@pytest.mark.parametrize(("what", "pattern", "allowed"), PROJECT_WORDS,
                         ids=[w[0] for w in PROJECT_WORDS])  # fmt: skip
def test_project_words_stay_out_of_the_package(what: str, pattern: str, allowed: dict) -> None:
    hits, allowed_hit = [], set()
    for f in _package_files():
        rel = f.relative_to(PACKAGE).as_posix()
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(pattern, line):
                if rel in allowed:
                    allowed_hit.add(rel)
                else:
                    hits.append(f"{rel}:{n}: {line.strip()[:120]}")
    assert hits == [], f"{what} is the profile's (data/raw), found:\n" + "\n".join(hits)
    assert allowed_hit == set(allowed), f"allowed but no longer there: {set(allowed) - allowed_hit}"


def test_the_sixteen_cities_are_no_list_in_the_package() -> None:
    """A file naming four or more of the 16 is a copy of the partner list (the place tables
    name every place of Ukraine and are exempt; the messy-demo spellings list is allowed)."""
    allowed = {*PLACE_TABLES, "demo_messy.py"}
    lists = {}
    for f in _package_files():
        rel = f.relative_to(PACKAGE).as_posix()
        text = f.read_text(encoding="utf-8")
        named = [c for c in PARTNERS_UK if c in text]
        if rel not in allowed and len(named) >= 4:
            lists[rel] = named
    assert lists == {}


def test_the_embedded_profile_holds_what_left_the_code() -> None:
    from promis_analytics import project_codes

    codes = project_codes.folder_codes(paths.raw_dir())
    assert list(codes.allowed["fund"]) == ["dg_fund", "sme_fund", "gender_initiatives", "other"]
    assert len(codes.allowed["component"]) == 9 and len(codes.titles["component"]) == 12
    with project_codes.using(project_codes.EMPTY):  # a folder without code files
        assert project_codes.declared("component") is None
