"""The registry of column types: complete for every field, read by every consumer, extensible."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics.registers import SCHEMAS, load
from promis_analytics.registers.check.cells import parse_cell
from promis_analytics.registers.check.frames import typed_frame
from promis_analytics.registers.check.pair_checks import Coded
from promis_analytics.registers.out.docs import registers_markdown
from promis_analytics.registers.out.template import build_template
from promis_analytics.registers.out.xlsform import build_xlsform
from promis_analytics.registers.schema.field import Field
from promis_analytics.registers.schema.fields import FIELDS
from promis_analytics.registers.schema.schemas import Schema
from promis_analytics.registers.schema.types import (
    DTYPES,
    REGISTRY,
    ColumnType,
    cell_text,
    column_type,
    shown_type,
)
from promis_analytics.registers.schema.types.base import bad_value, text_from_codes, text_series


def _used_dtypes() -> set[str]:
    used = {f.dtype for f in FIELDS.values()}
    used |= {f.dtype for s in SCHEMAS.values() for f in s.fields()}
    return used | {"category"}


@pytest.mark.parametrize("dtype", sorted(_used_dtypes()))
def test_every_used_dtype_defines_everything(dtype: str) -> None:
    t = REGISTRY[dtype]
    assert t.name == dtype
    assert callable(t.parse) and callable(t.series)
    assert all(t.expected) and all(t.hint) and len(t.expected) == len(t.hint) == 2
    assert t.docs and t.xlsform and t.pandas_dtype
    # the Ukrainian text comes first: it has Cyrillic letters, the English one has none
    assert any("а" <= ch <= "я" for ch in t.expected[0] + t.hint[0])
    assert not any("а" <= ch <= "я" for ch in t.expected[1] + t.hint[1])


def test_registry_names_are_the_dtypes() -> None:
    assert tuple(REGISTRY) == DTYPES
    assert all(name == t.name for name, t in REGISTRY.items())
    assert _used_dtypes() <= set(DTYPES)


@pytest.mark.parametrize(
    ("dtype", "cell", "value"),
    [
        ("int", "20 осіб", 20),
        ("int", 25.0, 25),
        ("year", "2019", 2019),
        ("number", "1 234,5", 1234.5),
        ("amount", "453,3 тис.", 453300.0),
        ("percent", "43,9 %", 43.9),
        ("percent", "18", 18.0),
        ("date", "05.07.2018", dt.date(2018, 7, 5)),
        ("date", "5 липня 2018", dt.date(2018, 7, 5)),
        ("date", dt.datetime(2018, 7, 5, 0, 0), dt.date(2018, 7, 5)),
        ("text", "  Форум громад ", "Форум громад"),
        ("city", "Вознесенськ", "UA48040070010053688"),
    ],
)
def test_cell_parsers(dtype: str, cell: Any, value: Any) -> None:
    f = Field("x", dtype, "Ікс", "X", "A test column.")
    assert parse_cell(f, cell) == (value, None, [])


@pytest.mark.parametrize("dtype", ["int", "year", "number", "amount", "percent", "date"])
def test_a_bad_cell_names_what_its_type_expects(dtype: str) -> None:
    f = Field("x", dtype, "Ікс", "X", "A test column.")
    value, _, problems = parse_cell(f, "казна-що")
    assert value is None
    code, params = problems[0]
    assert code == "bad_value"
    assert (params["expected_uk"], params["expected_en"]) == REGISTRY[dtype].expected


def test_a_coded_field_is_read_as_a_category_whatever_its_dtype() -> None:
    f = Field("x", "text", "Ікс", "X", "A test column.", allowed={"a": ("альфа", "alpha")})
    assert column_type(f) is REGISTRY["category"] is shown_type(f)
    assert parse_cell(f, "альфа") == ("a", None, [])
    assert parse_cell(f, "бета")[2][0][0] == "not_allowed"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_read_back(n: int) -> None:
    f = Field("x", "int", "Ікс", "X", "A test column.")
    assert parse_cell(f, str(n)) == (n, None, [])


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_the_quick_date_reader_agrees_with_the_parser(day: dt.date) -> None:
    date = REGISTRY["date"]
    f = Field("x", "date", "Ікс", "X", "A test column.")
    written = day.strftime("%d.%m.%Y")
    assert date.quick is not None and date.quick(written) == day
    assert date.read(f, written) == (day, None, [])


def _participants_row(markdown: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith("| `participants` |"))


def test_docs_template_and_messages_read_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = dataclasses.replace(
        REGISTRY["int"],
        docs="whole count",
        hint=("кількість", "count"),
        expected=("кількість людей", "a head count"),
    )
    monkeypatch.setitem(REGISTRY, "int", new)  # type: ignore[arg-type]
    assert "| whole count |" in _participants_row(registers_markdown())
    readme = build_template("events")["README"]
    types = {row[0]: row[3] for row in readme.iter_rows(min_row=2, values_only=True)}
    assert types["participants"] == "кількість / count"
    p = tmp_path / "events.csv"
    p.write_text(
        "event_id,title,event_type,date_start,city,participants\n"
        "E-1,Форум,forum,2019-05-14,Луцьк,багато\n",
        encoding="utf-8",
    )
    entries = load("events", p, strict=False).report.entries
    bad = next(e for e in entries if e.code == "bad_value")
    assert bad.expected("uk") == "кількість людей" and bad.expected("en") == "a head count"


def _phone(t: ColumnType, f: Field, value: Any) -> tuple[Any, str | None, list[Any]]:
    text = cell_text(value).replace(" ", "")
    if text.startswith("+") and text[1:].isdigit():
        return text, None, []
    return None, None, [bad_value(t.expected, "not a phone number / не номер телефону")]


PHONE = ColumnType(
    name="phone",
    parse=_phone,
    series=text_series,
    from_codes=text_from_codes,
    pandas_dtype="str",
    expected=("номер телефону, напр. +380 44 123 45 67", "a phone number, e.g. +380 44 123 45 67"),
    hint=("телефон", "phone"),
    docs="phone number (E.164)",
    xlsform="text",
)


def test_a_new_type_is_one_column_type_and_one_registry_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(REGISTRY, "phone", PHONE)  # type: ignore[arg-type]
    f = Field("phone", "phone", "Телефон", "Phone", "Contact number.")
    assert parse_cell(f, "+380 44 123 45 67") == ("+380441234567", None, [])
    _, _, problems = parse_cell(f, "дзвоніть у середу")
    assert problems[0][1]["expected_uk"].startswith("номер телефону")
    assert problems[0][1]["detail_uk"] == " (не номер телефону)"
    cols = ("phone",)
    schema = Schema("contacts", "Контакти", "Contacts", cols, (), cols, extra_fields=(f,))
    frame = typed_frame(schema, {"phone": _objects(["+380441234567", None])}, {}, [0, 1], [2, 3])
    assert str(frame["phone"].dtype) == "str" and frame["phone"].isna().tolist() == [False, True]
    coded = Coded(_codes([0, -1]), _objects(["+380441234567", None]))
    nothing = {"phone": _objects([None, None])}
    fast = typed_frame(schema, nothing, {}, [0, 1], [2, 3], {"phone": coded})
    assert fast["phone"].tolist()[0] == "+380441234567"
    assert shown_type(f).hint == ("телефон", "phone")


def _objects(values: list[Any]) -> Any:
    import numpy as np

    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _codes(values: list[int]) -> Any:
    import numpy as np

    return np.asarray(values, dtype=np.int64)


def test_xlsform_question_types_come_from_the_registry() -> None:
    survey = build_xlsform("events")["survey"]
    rows = list(survey.iter_rows(values_only=True))
    header = rows[0]
    types = {r[header.index("name")]: r[header.index("type")] for r in rows[1:]}
    assert types["participants"] == REGISTRY["int"].xlsform == "integer"
    assert types["date_start"] == REGISTRY["date"].xlsform
    assert types["city"] == f"{REGISTRY['city'].xlsform} places" == "select_one places"
    assert types["cities"] == "select_multiple places"
    assert types["city_other"] == "text"


def test_a_loaded_register_has_the_registry_pandas_dtypes(tmp_path: Path) -> None:
    p = tmp_path / "cofinancing.csv"
    p.write_text(
        "project_id,fund,city,title,theme,date,project_amount,project_currency,source,locator\n"
        'P-1,ДФРР,Луцьк,Сквер біля ЦНАПу,public_space,05.07.2018,"1 200 000",UAH,'
        "звіт.docx,таблиця 3\n",
        encoding="utf-8",
    )
    reg = load("cofinancing", p, strict=False)
    assert len(reg.data) == 1, reg.report.entries
    schema = SCHEMAS["cofinancing"]
    for col in schema.columns:
        assert str(reg.data[col].dtype) == column_type(schema.field(col)).pandas_dtype, col
