"""A register's «Область»/«Район»/«Громада» columns narrow its place names; an ambiguity lists
the ten likeliest candidates (the register's oblast first) and «… ще N · … N more»."""

from __future__ import annotations

from pathlib import Path

import pytest

from promis_analytics.reference.resolve import shortlist
from promis_analytics.registers import load
from promis_analytics.registers.check.place_context import context_unit


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = "Назва заходу;Вид заходу;Дата;Населений пункт;Громада;Область;Учасників"


def test_oblast_and_hromada_columns_narrow_the_place(tmp_path: Path) -> None:
    p = _csv(
        tmp_path / "events.csv",
        [
            HEADER,
            "Сесія громади;засідання;12.03.2019;с. Іванівка;Колодяжненська;Волинська;25",
            "Форум;конференція;13.03.2019;Луцьк;Луцька;Волинська обл.;80",
        ],
    )
    reg = load("events", p)
    assert list(reg.data["city"]) == ["UA07060210100070352", "UA07080170010083384"]
    # the context columns stay as extra columns, not as a second place column
    assert list(reg.data["extra:Громада"]) == ["Колодяжненська", "Луцька"]
    assert not [e for e in reg.report.errors if e.code == "duplicate_column"]


def test_still_ambiguous_lists_ten_register_oblast_first(tmp_path: Path) -> None:
    p = _csv(
        tmp_path / "events.csv",
        [
            "Назва заходу;Вид заходу;Дата;Населений пункт;Учасників",
            "Сесія громади;засідання;12.03.2019;с. Іванівка;25",
            "Форум;конференція;13.03.2019;Луцьк;80",
            "Тренінг;навчання;14.03.2019;Ковель;30",
        ],
    )
    r = load("events", p, strict=False).report
    (e,) = [e for e in r.errors if e.code == "ambiguous_place"]
    text = e.problem("uk")
    assert text.count("[UA") == 10
    assert "… ще 100 · … 100 more" in text
    first_four = text.split("; ")[:4]
    assert all("Волинська область" in c for c in first_four)


def test_oblast_column_alone_still_ambiguous(tmp_path: Path) -> None:
    p = _csv(
        tmp_path / "events.csv",
        [
            "Назва заходу;Вид заходу;Дата;Населений пункт;Область;Учасників",
            "Сесія;засідання;12.03.2019;с. Іванівка;Херсонська;25",
        ],
    )
    r = load("events", p, strict=False).report
    (e,) = [e for e in r.errors if e.code == "ambiguous_place"]
    assert e.problem("en").count("Херсонська область") == 4
    assert "more" not in e.problem("en")


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("Область", "область"),
        ("обл.", "область"),
        ("Район", "район"),
        ("Громада", "громада"),
        ("ТГ", "громада"),
        ("ОТГ", "громада"),
        ("Назва заходу", None),
    ],
)
def test_context_headers_are_data(header: str, unit: str | None) -> None:
    assert context_unit(header) == unit


def test_shortlist() -> None:
    cands = [f"Гута (село), {o} область [UA{i}]" for i, o in enumerate(["Львівська"] * 11)]
    cands.append("Гута (село), Івано-Франківська область [UA99]")
    listed = shortlist(cands, "Івано-Франківська")
    assert listed.startswith("Гута (село), Івано-Франківська область [UA99]")
    assert listed.endswith("… ще 2 · … 2 more")


def test_context_columns_are_named_in_the_report(tmp_path: Path) -> None:
    p = _csv(
        tmp_path / "events.csv",
        [HEADER, "Сесія;засідання;12.03.2019;с. Іванівка;Колодяжненська;Волинська;25"],
    )
    notes = [e for e in load("events", p).report.entries if e.code == "extra_column"]
    assert {e.params["header"] for e in notes} == {"Громада", "Область"}
    assert all(e.problem("uk").endswith("уточнює населений пункт рядка") for e in notes)
    assert all(e.problem("en").endswith("it narrows the row's place") for e in notes)
