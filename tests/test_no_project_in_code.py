"""The package holds no PROMIS fact that moved to its profile (data/raw/promis.toml).

Only what was moved out is checked here; what still remains is listed in docs/profile.md.
"""

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
    ("the currency list", ["registers/codes.py", "formatting.py"],
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
