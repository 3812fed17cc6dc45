"""Cards in Word with events both in the narrative and in a table («Таблиця 1»): each event
once, where it came from said, disagreements reported, every table number accounted for."""

from __future__ import annotations

from pathlib import Path

import pytest

from promis_analytics.extract import monitoring_card

PARAGRAPHS = [
    "Картка",
    "Назва проекту (програми) Номер реєстраційної картки Дата попереднього моніторингу "
    "Дата поточного моніторингу",
    "Тестовий проект міст 1234-01 від 01.07.2019 30.06.2019 31.12.2019",
    "Результати впровадження проекту (програми)",
    "Проведено семінар для підприємців у м. Суми 12 жовтня 2019 р. (25 учасників). "
    "Проведено тренінг для депутатів у м. Охтирка 20 листопада 2019 р. (18 учасників). "
    "Проведено круглий стіл у м. Ромни 3 грудня 2019 р. (14 учасників).",
    "Таблиця 1",
]
ROWS = [
    ["Дата", "Місце", "Захід", "Кількість учасників"],
    ["12.10.2019", "м. Суми", "Семінар для підприємців", "25"],  # in both: once
    ["20.11.2019", "м. Охтирка", "Тренінг для депутатів", "17"],  # disagrees (18)
    ["05.12.2019", "м. Балаклія", "Круглий стіл", "9"],  # only in the table
]


def _card(path: Path) -> Path:
    import docx

    d = docx.Document()
    for p in PARAGRAPHS:
        d.add_paragraph(p)
    t = d.add_table(rows=len(ROWS), cols=4)
    t.style = "Table Grid"  # ruled, as forms are (a PDF table is found from its rules)
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    d.save(str(path))
    return path


def test_narrative_and_table_events_counted_once(tmp_path: Path) -> None:
    x = monitoring_card(_card(tmp_path / "картка_2019h2.docx"))
    ev = x.events
    assert len(ev) == 4
    assert ev["participants"].tolist() == [25, 18, 14, 9]  # the narrative's 18 kept
    balakliia = ev.iloc[3]
    assert balakliia["title"] == "Круглий стіл" and str(balakliia["date_start"]) == "2019-12-05"
    assert balakliia["locator"].startswith("table 1, row 4, cell 4")
    kinds = {f.kind: f for f in x.findings}
    assert "table 1, row 4" in kinds["event_only_in_table"].message
    assert "17" in kinds["table_narrative_disagree"].message
    assert "18" in kinds["table_narrative_disagree"].message
    assert kinds["event_in_table_and_narrative"].severity == "note"
    assert "2019-12-03" in kinds["event_only_in_narrative"].message  # Ромни


def test_table_numbers_are_reconciled(tmp_path: Path) -> None:
    people = monitoring_card(_card(tmp_path / "c.docx")).people
    table = people[people["locator"].str.contains("char")].tail(3)
    assert table["number"].tolist() == [25, 17, 9]
    assert table["verdict"].tolist() == ["duplicate", "finding", "event"]
    assert (people["verdict"] != "unaccounted").all()
    assert people["event_id"].notna().sum() == 6  # three narrative + three table rows


@pytest.mark.slow
def test_the_same_card_printed_to_pdf_gives_the_same_events(tmp_path: Path) -> None:
    from doc_builders import to_pdf

    word = monitoring_card(_card(tmp_path / "картка.docx"))
    pdf = monitoring_card(to_pdf(tmp_path / "картка.docx"))
    cols = ["date_start", "city", "participants"]
    assert pdf.events[cols].equals(word.events[cols])
    assert "event_only_in_table" in [f.kind for f in pdf.findings]
    assert pdf.events["locator"].iloc[3].startswith("page 1, table 1, row 4, cell 4")
