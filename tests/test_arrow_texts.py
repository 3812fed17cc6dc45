"""Tests over Arrow's UTF-8 bytes (registers.io.arrow_texts) give the answers of the Python tests
they stand in for, and a streamed register without blank lines (whose columns keep Arrow's
texts) reads as the whole file."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from promis_analytics.registers.check.cells import XML_ILLEGAL, is_empty
from promis_analytics.registers.io.arrow_texts import holds_control, may_be_blank, may_strip

# texts a register holds, with what the tests must catch
TEXTS = [
    ("", True, False),
    ("   ", True, False),
    ("\u00a0", True, False),  # no-break space (copied from Word)
    ("\u3000н/д", True, False),
    ("Н/Д", True, False),
    ("н.д.", True, False),
    ("немає даних", True, False),
    ("—", True, False),
    ("– ", True, False),
    ("Вінниця", False, False),
    ("Назва\nз двох рядків", False, False),
    ("Форум\x0bміст", False, True),  # Word's line break
    ("дзвінок\x07", False, True),
    ("\ufffeтекст", False, True),
    ("Ніжин", False, False),
    ("Ніжин\u2003", False, False),  # an em space at the end
]


@pytest.mark.parametrize(("text", "blank", "control"), TEXTS)
def test_table_of_texts(text: str, blank: bool, control: bool) -> None:
    arr = pa.array(["Луцьк", text])
    assert is_empty(text) is blank
    if text.strip() != text:
        assert may_strip(arr).tolist()[1]
    if blank:
        assert may_be_blank(arr).tolist()[1]
    assert holds_control(arr) is control
    assert holds_control(arr.slice(0, 1)) is False  # a slice reads its own bytes only


_CHARS = st.sampled_from(
    list(" \t\n\r\x0b\x0c\x07\x00\x1c\x85\u00a0\u2007\u3000\ufffe\uffff-–—нНд/.аб1")
) | st.characters(exclude_categories=("Cs",))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_CHARS, max_size=6), min_size=1, max_size=8), st.integers(0, 3))
def test_same_answers_as_python(texts: list[str], start: int) -> None:
    arr = pa.array(texts).slice(min(start, len(texts)))
    kept = texts[min(start, len(texts)) :]
    candidates = may_be_blank(arr).tolist()
    assert all(c for t, c in zip(kept, candidates, strict=True) if is_empty(t))
    assert holds_control(arr) is any(XML_ILLEGAL.search(t) for t in kept)
    may = may_strip(arr).tolist()
    assert all(m for t, m in zip(kept, may, strict=True) if t.strip() != t)


def _register(seed: int) -> str:
    """An events CSV without blank lines (so the streamed columns keep Arrow's texts) whose
    cells are blank in several ways, hold control characters, or are plain."""
    rng = random.Random(seed)
    header = "Код заходу,Назва заходу,Тип заходу,Дата початку,Місто,Кількість учасників,Джерело"
    titles = ["Форум міст", "\u00a0", "н/д", "Семінар\x0bпрактикум", "дзвінок\x07", "  ", "Н/Д"]
    cities = ["Вінниця", "Луцьк", "", "—", "\u3000", "Ніжин"]
    lines = [header]
    for k in range(300):
        code = f"З-{k:04d}" if rng.random() < 0.9 else "З-0001"
        lines.append(
            f"{code},{rng.choice(titles)},семінар,2019-03-{rng.randint(1, 28):02d},"
            f"{rng.choice(cities)},{rng.choice(['25', '', 'н/д', '-3'])},synthetic"
        )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", [1, 2])
def test_streamed_arrow_texts_same_as_whole_file(seed: int, tmp_path: Path, monkeypatch) -> None:
    from promis_analytics.registers import load
    from promis_analytics.registers.check import column
    from promis_analytics.registers.out.stream import validate_stream

    path = tmp_path / "events.csv"
    path.write_text(_register(seed), encoding="utf-8")
    whole = load("events", path, strict=False)  # a small file: Python's csv.reader
    read_by_arrow: list[int] = []

    def spy(texts):
        read_by_arrow.append(len(texts))
        return holds_control(texts)

    monkeypatch.setattr(column, "holds_control", spy)
    streamed = validate_stream("events", path, block_bytes=2000)
    assert read_by_arrow  # the columns kept Arrow's texts

    def entries(report) -> list:
        return [
            (
                e.code,
                e.row,
                e.column,
                repr(e.value),
                e.severity,
                sorted(map(repr, e.params.items())),
            )
            for e in report.entries
        ]

    assert entries(streamed.report) == entries(whole.report)
    assert streamed.report.counts() == whole.report.counts()
    codes = {e.code for e in whole.report.entries}
    assert {"control_character", "line_break_character", "required"} <= codes
