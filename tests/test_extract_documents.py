"""The document layer and the card reader over documents as people have them: the 2018 H2
card as UTF-8, Windows-1251 and UTF-16 text, as a Word document (paragraphs, and the official
form with its tables) and as a PDF — the same 40 events and 4 084 participants from each."""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from click.testing import CliRunner

from promis_analytics.cli import cli
from promis_analytics.extract import merge_cards, monitoring_card
from promis_analytics.extract.documents import DocumentError, read_document

pytestmark = pytest.mark.seeds

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
SAME = ["title", "event_type", "date_start", "date_end", "city", "country", "participants"]


@pytest.fixture(scope="module")
def seed_text(seeds_dir: Path) -> str:
    return (seeds_dir / "monitoring_card_2018H2.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference(seeds_dir: Path):
    return monitoring_card(seeds_dir / "monitoring_card_2018H2.txt")


def _docx_paragraphs(text: str, path: Path) -> Path:
    import docx

    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(path)
    return path


def _form_docx(text: str, path: Path) -> Path:
    """The official form: header and results as Word tables (results split into the form's
    four columns at the places where the card's columns begin)."""
    import docx

    lines = text.split("\n")
    d = docx.Document()
    for line in lines[:5]:
        d.add_paragraph(line)
    header = d.add_table(rows=2, cols=4)
    labels = [
        "Назва проекту (програми)",
        "Номер реєстраційної картки",
        "Дата попереднього моніторингу",
        "Дата поточного моніторингу",
    ]
    m = re.match(r"(.+?) (\d{3,5}-\d{2} від \S+) (\S+) (\S+)$", lines[6])
    for i, (lab, val) in enumerate(zip(labels, m.groups(), strict=True)):
        header.cell(0, i).text = lab
        header.cell(1, i).text = val
    for line in lines[7:10]:
        d.add_paragraph(line)
    results = d.add_table(rows=2, cols=4)
    heads = lines[10]
    cols = [
        "Робота, запланована за проектом (програмою)",
        "Результати, досягнуті за звітне півріччя*",
        "Вплив на відповідну галузь чи регіон",
        "Робота, запланована на наступне півріччя",
    ]
    assert heads.startswith(cols[0])
    row = lines[11]
    starts = [
        0,
        row.index("У 16 містах-партнерах"),
        row.index("Реформа місцевого"),
        row.index("Щоквартальне проведення засідань"),
    ]
    assert starts == sorted(starts)
    for i, col in enumerate(cols):
        results.cell(0, i).text = col
        end = starts[i + 1] if i + 1 < len(starts) else len(row)
        results.cell(1, i).text = row[starts[i] : end].strip()
    for line in lines[12:]:
        d.add_paragraph(line)
    d.save(path)
    return path


def _pdf(text: str, path: Path, *, header: bool = True) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_auto_page_break(True, margin=20)
    if header:
        pdf.header = lambda: (  # type: ignore[method-assign]
            pdf.set_font("DejaVu", size=8),
            pdf.cell(0, 6, "Картка піврічного моніторингу", align="C"),
            pdf.ln(10),
        )
        pdf.footer = lambda: (  # type: ignore[method-assign]
            pdf.set_y(-15),
            pdf.set_font("DejaVu", size=8),
            pdf.cell(0, 6, f"сторінка {pdf.page_no()}", align="C"),
        )
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))
    return path


def _formats(text: str, folder: Path) -> dict[str, Path]:
    out = {}
    for name, enc in (("utf8", "utf-8"), ("cp1251", "cp1251"), ("utf16", "utf-16")):
        p = folder / f"monitoring_card_2018H2_{name}.txt"
        p.write_bytes(text.replace("\n", "\r\n").encode(enc))
        out[name] = p
    out["docx"] = _docx_paragraphs(text, folder / "monitoring_card_2018H2.docx")
    out["form"] = _form_docx(text, folder / "monitoring_card_2018H2_form.docx")
    out["pdf"] = _pdf(text, folder / "monitoring_card_2018H2.pdf")
    return out


@pytest.fixture(scope="module")
def formats(seed_text: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _formats(seed_text, tmp_path_factory.mktemp("cards"))


@pytest.mark.parametrize("fmt", ["utf8", "cp1251", "utf16", "docx", "form", "pdf"])
def test_same_events_from_every_format(fmt: str, formats: dict[str, Path], reference) -> None:
    x = monitoring_card(formats[fmt])
    # 38 events with their own figure + the LED course (161) and the DFRR trainings (146)
    assert len(x.events) == 40 and x.participants_total == 3777 + 161 + 146
    assert x.period == reference.period and x.registration == "3229-02"
    got = x.events[SAME].astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, reference.events[SAME].astype(str).reset_index(drop=True))
    assert list(x.events["event_id"]) == list(reference.events["event_id"])
    kinds = sorted(f.kind for f in x.findings if f.kind != "form_columns")
    # on the official form the plan for the next half-year stands in its own column: its
    # «близько 125 представникам» is no finding there but a number of another column
    planned = reference.people["finding_kind"] == "planned_not_held"
    expected = [f.kind for f in reference.findings]
    verdicts = reference.people["verdict"]
    if fmt == "form":
        expected.remove("planned_not_held")
        verdicts = verdicts.where(~planned, "other_column")
    assert kinds == sorted(expected)
    assert x.source == formats[fmt].stem  # source follows the file
    # the formerly held-back event is there, flagged
    held = x.events[x.events["date_precision"] == "period"]
    assert list(held["participants"]) == [20]
    # every number of people is accounted for, in every format, the same way
    assert "unaccounted" not in set(x.people["verdict"])
    assert list(x.people["verdict"]) == list(verdicts)


def test_locators_say_where_in_the_document(formats: dict[str, Path]) -> None:
    pdf = monitoring_card(formats["pdf"])
    assert all(re.match(r"page \d+, paragraph \d+; char \d+: ", x) for x in pdf.events["locator"])
    form = monitoring_card(formats["form"])
    assert all(x.startswith("table 2, row 2, cell 2; char ") for x in form.events["locator"])
    assert any(f.kind == "form_columns" for f in form.findings)


def test_pdf_running_header_and_footer_are_dropped(formats: dict[str, Path]) -> None:
    doc = read_document(formats["pdf"])
    assert "сторінка" not in doc.text and doc.text.count("Картка піврічного моніторингу") == 1


def test_form_planned_work_is_not_an_event(tmp_path: Path, seed_text: str) -> None:
    """A figure in the column of work planned for the next half-year is not an event."""
    path = _form_docx(
        seed_text.replace(
            "Щоквартальне проведення засідань", "Щоквартальне проведення засідань (5 учасників)", 1
        ),
        tmp_path / "form.docx",
    )
    assert len(monitoring_card(path).events) == 40  # 38 figures + 2 totals (issue 23)
    plain = tmp_path / "plain.txt"
    plain.write_text(
        seed_text.replace(
            "Щоквартальне проведення засідань", "Щоквартальне проведення засідань (5 учасників)", 1
        ),
        encoding="utf-8",
    )
    assert len(monitoring_card(plain).events) == 41  # plain text has no columns


def _small_card(period: tuple[str, str], body: str) -> str:
    return (
        "Картка\nНазва проекту (програми) Номер реєстраційної картки Дата попереднього "
        "моніторингу Дата поточного моніторингу\n"
        f"Партнерство для розвитку міст (ПРОМІС) 3229-02 від 06.07.2018 {period[0]} {period[1]}\n"
        + body
        + "\n"
    )


def test_two_cards_merge_without_duplicate_ids(tmp_path: Path, reference, seeds_dir: Path) -> None:
    b = tmp_path / "monitoring_card_2019H1.txt"
    b.write_text(
        _small_card(
            ("31.12.2018", "30.06.2019"),
            "Проведено семінар «Бюджет участі», 12 березня 2019 р., м. Луцьк (25 учасників). "
            "Проведено тренінг «Брендинг», 5 квітня 2019 р., м. Полтава (18 учасників).",
        ),
        encoding="cp1251",
    )
    x = merge_cards([reference, monitoring_card(b)])
    assert len(x.events) == 42 and x.events["event_id"].is_unique  # 40 + 2
    assert list(x.events["event_id"].iloc[-2:]) == ["card2019h1-001", "card2019h1-002"]
    assert set(x.events["source"]) == {"monitoring_card_2018H2", "monitoring_card_2019H1"}
    out = tmp_path / "events.csv"
    res = CliRunner().invoke(
        cli,
        ["extract", "card", str(seeds_dir / "monitoring_card_2018H2.txt"), str(b), "-o", str(out)],
    )
    assert res.exit_code == 0, res.output
    written = pd.read_csv(out)
    assert len(written) == 42 and written["event_id"].is_unique


def test_same_event_in_two_cards_is_a_finding(tmp_path: Path) -> None:
    body = "Проведено семінар «Бюджет участі», 12 березня 2019 р., м. Луцьк (25 учасників)."
    a = tmp_path / "a.txt"
    a.write_text(_small_card(("31.12.2018", "30.06.2019"), body), encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text(_small_card(("30.06.2019", "31.12.2019"), body), encoding="utf-8")
    x = merge_cards([monitoring_card(a), monitoring_card(b)])
    assert len(x.events) == 1
    (f,) = [f for f in x.findings if f.kind == "duplicate_across_cards"]
    assert "a: char" in f.message and f.locator.startswith("b: ")


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_unreadable_documents_are_one_paragraph(tmp_path: Path, lang: str) -> None:
    from fpdf import FPDF

    scan = tmp_path / "скан.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # an image-like page: no text layer
    pdf.output(str(scan))
    junk = tmp_path / "картка.docx"
    junk.write_bytes(os.urandom(4000))
    wrong = tmp_path / "картка_1251.txt"
    wrong.write_bytes(bytes(range(128, 256)) * 20)
    for path, word in ((scan, "OCR"), (junk, ".docx"), (wrong, "UTF-8")):
        for args in (["extract", "card", str(path)], ["audit", "program-report", str(path)]):
            res = CliRunner().invoke(cli, [*args, "--lang", lang])
            assert res.exit_code == 2, res.output
            assert "Traceback" not in res.output
            assert path.name in res.output and word in res.output
            assert len(res.output.strip().splitlines()) == 1
    with pytest.raises(DocumentError):
        read_document(scan)
