"""Tables are tables: Word and PDF tables with merged cells and page breaks, and a program
report saved as .docx with real Word tables and printed to PDF read like its text version."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_builders import report_rows, to_pdf, write_docx

from promis_analytics.extract.documents import read_document
from promis_analytics.extract.program_report import program_report


def _merged_docx(path: Path) -> Path:
    """«Показники» merged over «план / факт / %», «Захід» merged down two header rows."""
    import docx

    d = docx.Document()
    d.add_paragraph("Таблиця 1")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "Захід"
    t.cell(0, 1).merge(t.cell(0, 3)).text = "Показники"
    for k, head in enumerate(["план", "факт", "%"], start=1):
        t.cell(1, k).text = head
    for r, row in enumerate([["Тренінг, м. Суми", "20", "18", "90"], ["Форум", "1", "1", "100"]]):
        for k, value in enumerate(row):
            t.cell(2 + r, k).text = value
    d.save(str(path))
    return path


def test_word_table_spans_and_grid(tmp_path: Path) -> None:
    doc = read_document(_merged_docx(tmp_path / "m.docx"))
    (table,) = doc.tables
    assert (table.n_rows, table.n_cols) == (4, 4)
    first = {(c.row, c.col): c for c in table.cells}
    assert first[1, 1].text == "Захід" and first[1, 1].rowspan == 2
    assert first[1, 2].text == "Показники" and first[1, 2].colspan == 3
    assert (2, 1) not in first  # covered by «Захід»
    assert table.grid()[1] == [None, "план", "факт", "%"]
    assert table.grid()[2] == ["Тренінг, м. Суми", "20", "18", "90"]
    assert table.where(first[3, 4]) == "table 1, row 3, cell 4"
    assert "Тренінг, м. Суми 20 18 90" in doc.text.split("\n")


@pytest.fixture(scope="module")
def bakhmut(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The Bakhmut report as text, as .docx with real tables, and printed to PDF."""
    folder = tmp_path_factory.mktemp("bakhmut")
    seed = seeds_dir / "bakhmut_program_report_2019.txt"
    before, tables, after = report_rows(seed.read_text(encoding="utf-8"))
    docx_path = write_docx(folder / "bakhmut_2019.docx", before, tables, after)
    return {"txt": seed, "docx": docx_path, "pdf_path": folder}


_NUMBERS = ["group", "target", "actual", "reported_pct", "unit"]
_MEASURES = ["measure_no", "planned_thousand_uah", "actual_thousand_uah", "reported_pct"]


def _same_report(got, want) -> None:
    assert len(got.indicators) == len(want.indicators) == 20
    assert got.indicators[_NUMBERS].equals(want.indicators[_NUMBERS])
    assert got.indicators["indicator"].tolist() == want.indicators["indicator"].tolist()
    assert got.measures[_MEASURES].equals(want.measures[_MEASURES])
    assert got.measures["funding_source"].str.casefold().tolist() == (
        want.measures["funding_source"].str.casefold().tolist()
    )
    for frame in ("percent_check", "totals_check"):
        a = getattr(got, frame).drop(columns="locator")
        b = getattr(want, frame).drop(columns="locator")
        assert a.equals(b), frame
    assert sorted(f.kind for f in got.audit()) == sorted(f.kind for f in want.audit())


def test_program_report_docx_tables_read_like_the_text(bakhmut: dict) -> None:
    doc = read_document(bakhmut["docx"])
    assert [t.n_cols for t in doc.tables] == [9, 6]
    _same_report(program_report(bakhmut["docx"]), program_report(bakhmut["txt"]))


@pytest.mark.slow
def test_program_report_pdf_tables_read_like_the_text(bakhmut: dict) -> None:
    pdf = to_pdf(bakhmut["docx"])
    doc = read_document(pdf)
    # the measures table runs over several pages: one table, its header row read once
    assert [t.n_cols for t in doc.tables] == [9, 6]
    assert doc.tables[0].header_rows == 1
    assert doc.tables[0].page == 2
    _same_report(program_report(pdf), program_report(bakhmut["txt"]))


def test_measures_header_missing_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    text = (
        "1. Виконання заходів Програми\n\n\tНомер\n\tЩось інше\n\n"
        "2.Виконання результативних показників Програми\n\n\t№\n\tНазва\n\tПлан\n\tФакт\n"
        "\t%\n\tПримітка\n\tІ. Показники витрат\n\t1.\n\tОбсяг, тис.грн.\n\t10,0\n\t9,0\n"
        "\t90\n\t\n"
    )
    report = program_report(text)
    assert len(report.indicators) == 1 and report.measures.empty
    (finding,) = [f for f in report.reading_findings if f.kind == "measures_header_not_found"]
    assert "planned, actual" in finding.message and "line 1" in finding.locator


def _poltava_report(path: Path) -> Path:
    """A program report of another city, written for this test: both tables have a header of
    two rows with cells merged across («Фінансування, тис. грн» over «план / факт / %»,
    «Значення показника» over «план / факт / %») and down («№ з/п», «Зміст заходів»)."""
    import docx

    d = docx.Document()
    for line in (
        "ЗВІТ",
        "про результати виконання у 2020 році",
        "Міської програми підтримки громадських ініціатив міста Полтави на 2019-2021 роки, "
        "затвердженої рішенням Полтавської міської ради від 12.02.2019 № 1021",
        "",
        "1. Виконання заходів Програми",
    ):
        d.add_paragraph(line)
    measures = [
        ["№ з/п", "Зміст заходів", "Виконавці", "Фінансування, тис. грн", None, None, "Примітка"],
        [None, None, None, "план", "факт", "%", None],
        ["1.1.", "Конкурс міні-грантів для ОСББ", "Департамент ЖКГ", "150,0", "120,0", "80", ""],
        ["1.2.", "Школа громадського активіста", "Відділ комунікацій", "40,0", "40,0", "100", ""],
        ["Всього:", None, None, "190,0", "160,0", "84,2", ""],
    ]
    _table(d, measures)
    d.add_paragraph("")
    d.add_paragraph("2. Виконання результативних показників Програми")
    indicators = [
        ["№ з/п", "Найменування показника", "Значення показника", None, None, "Примітка"],
        [None, None, "план", "факт", "%", None],
        ["І. Показники витрат", None, None, None, None, None],
        ["1.", "Обсяг видатків, тис. грн", "190,0", "160,0", "84,2", "економія на закупівлях"],
        ["ІІ. Показники продукту", None, None, None, None, None],
        ["1.", "Кількість підтриманих ініціатив", "12", "10", "83,3", ""],
        ["2.", "Кількість учасників навчання", "60", "64", "106,7", ""],
    ]
    _table(d, indicators)
    d.add_paragraph("3. Оцінка ефективності виконання Програми")
    d.add_paragraph("Ефективність виконання заходів Програми становить 84,2 %.")
    d.save(str(path))
    return path


def _table(d, rows: list[list[str | None]]) -> None:
    """A Word table: None merges into the cell on the left, or (in the second header row)
    into the cell above."""
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            span = c + 1
            while span < len(row) and row[span] is None and (r > 1 or r == 0):
                span += 1
            cell = t.cell(r, c)
            if r == 0 and rows[1][c] is None and span == c + 1:
                cell = cell.merge(t.cell(1, c))  # merged down over the second header row
            elif span > c + 1:
                cell = cell.merge(t.cell(r, span - 1))
            cell.text = value


def test_second_city_report_with_merged_header_cells_reads_completely(tmp_path: Path) -> None:
    path = _poltava_report(tmp_path / "poltava_2020.docx")
    (measures_table, _) = read_document(path).tables
    assert measures_table.cells[3].colspan == 3 and measures_table.cells[0].rowspan == 2
    report = program_report(path)
    assert report.period == "2020" and report.program.startswith("Міська програма")
    assert report.measures["measure_no"].tolist() == ["1.1", "1.2"]
    assert report.measures["measure"].tolist()[0] == "Конкурс міні-грантів для ОСББ"
    assert report.measures["executors"].tolist()[1] == "Відділ комунікацій"
    assert report.measures["planned_thousand_uah"].tolist() == [150.0, 40.0]
    assert report.measures["actual_thousand_uah"].tolist() == [120.0, 40.0]
    assert report.measures["reported_pct"].tolist() == [80.0, 100.0]
    ind = report.indicators
    assert ind["group"].tolist() == ["cost", "product", "product"]
    assert ind["target"].tolist() == [190.0, 12.0, 60.0]
    assert ind["actual"].tolist() == [160.0, 10.0, 64.0]
    assert ind["reported_pct"].tolist() == [84.2, 83.3, 106.7]
    totals = report.totals_check
    assert totals["ok"].all() and len(totals) >= 2
    kinds = [f.kind for f in report.reading_findings]
    assert "unexpected_cell" not in kinds and "measures_header_not_found" not in kinds
