"""metadata/: the one home of field names, labels, descriptions, units, bounds, vocabularies
(with colours) and the chart label catalogue; every other module reads from it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics import dimensions, paths, project_codes
from promis_analytics.charts.labels import known_keys, label
from promis_analytics.charts.participants import EVENT_TYPE_COLOURS
from promis_analytics.charts.theme import PALETTE
from promis_analytics.metadata import CODE_LISTS, FIELD_TABLE, code_list, colours
from promis_analytics.metadata.codes import added_colours, read_vocabulary
from promis_analytics.metadata.fields import YEAR_MAX, YEAR_MIN, fields_of_role, read_fields
from promis_analytics.metadata.labels import DELEGATED_PREFIXES, catalogue
from promis_analytics.metadata.tables import MetadataError
from promis_analytics.pipeline.workbook import column_labels
from promis_analytics.registers.schema import codes
from promis_analytics.registers.schema.fields import FIELDS

PACKAGE = paths.repo_root() / "promis_analytics"
FIELD_HEADER = (
    "name,role,dtype,unit,label_uk,label_en,description_uk,description_en,min,max,summable,"
    "codes,aliases,report_unit\n"
)


def _python_files() -> dict[str, str]:
    """Every module of the package outside ``metadata/`` → its text."""
    return {
        p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(PACKAGE.rglob("*.py"))
        if "metadata" not in p.parts
    }


# --- every register field and code list comes from the tables -------------------------------


@pytest.mark.parametrize("name", list(FIELDS))
def test_every_register_field_is_its_row_of_the_field_table(name: str) -> None:
    f, meta = FIELDS[name], FIELD_TABLE[name]
    assert (f.label_uk, f.label_en) == (meta.label_uk, meta.label_en)
    assert meta.role in ("register", "dimension")
    if meta.role == "register":
        assert (f.description_uk, f.description) == (meta.description_uk, meta.description_en)
        assert (f.dtype, f.unit, f.minimum, f.maximum) == (
            meta.dtype, meta.unit, meta.minimum, meta.maximum,
        )  # fmt: skip
        assert (f.summable, f.extra_aliases) == (meta.summable, meta.aliases)
        assert f.allowed == (code_list(meta.codes) if meta.codes else None)
    else:  # a built-in disaggregation column: labels and aliases, people by construction
        assert f.extra_aliases == meta.aliases and f.description_uk and f.description
    assert set(FIELDS) == {m.name for m in fields_of_role("register", "dimension")}


@pytest.mark.parametrize(
    ("constant", "vocabulary"),
    [
        ("EVENT_TYPES", "event_type"), ("INSTRUMENTS", "instrument"), ("INDEXES", "index"),
        ("REC_AREAS", "rec_area"), ("REC_STATUSES", "rec_status"),
        ("INDICATOR_GROUPS", "indicator_group"), ("DATE_PRECISIONS", "date_precision"),
        ("PERIOD_STATUSES", "period_status"), ("ADOPTION_STATUSES", "adoption_status"),
        ("FACT_UNITS", "fact_unit"), ("FACT_QUALIFIERS", "fact_qualifier"),
        ("RESULT_LEVELS", "result_level"), ("MEASURES", "measure"), ("DIRECTIONS", "direction"),
        ("SEXES", "sex"), ("CURRENCIES", "currency"),
    ],
)  # fmt: skip
def test_register_code_lists_are_the_vocabularies(constant: str, vocabulary: str) -> None:
    assert getattr(codes, constant) == CODE_LISTS[vocabulary]
    assert list(getattr(codes, constant)) == list(CODE_LISTS[vocabulary])  # same order


def test_every_vocabulary_is_used() -> None:
    used = {m.codes for m in FIELD_TABLE.values() if m.codes}
    schema_only = {"rec_status", "adoption_status", "fact_unit"}  # narrowed per register
    other = {"dimension_kind"}  # the kinds of [[dimensions]] in promis.toml
    assert set(CODE_LISTS) == used | schema_only | other


#: (file, vocabulary, code) whose label pair is written in code for another reason
SAME_WORDS_ELSEWHERE: dict[tuple[str, str, str], str] = {}


def test_no_code_list_is_written_again_in_python() -> None:
    """A code with its (uk, en) label pair is defined in its vocabulary file only."""
    files = _python_files()
    hits = []
    for name, codes_ in CODE_LISTS.items():
        if name == "currency":
            continue
        for code, (uk, en) in codes_.items():
            pair = re.compile(
                rf'"{re.escape(code)}":\s*\(\s*"{re.escape(uk)}",\s*"{re.escape(en)}"'
            )
            hits += [(f, name, code) for f, text in files.items() if pair.search(text)]
    assert set(hits) == set(SAME_WORDS_ELSEWHERE)


def test_no_field_label_is_written_again_in_python() -> None:
    files = _python_files()
    hits = []
    for meta in FIELD_TABLE.values():
        pair = re.compile(rf'"{re.escape(meta.label_uk)}",\s*"{re.escape(meta.label_en)}"')
        hits += [(f, meta.name) for f, text in files.items() if pair.search(text)]
    assert hits == [
        ("pipeline/gallery.py", "source"),  # the gallery's own heading «Джерело»
        ("indicators/specs.py", "achievement_pct"),  # the sheet «Виконання · Achievement»
        ("indicators/specs.py", "pmf_achievement"),  # the same sheet name
    ]


def test_indicator_columns_are_labelled_from_the_field_table() -> None:
    assert column_labels("achievement_pct") == ("Виконання", "Achievement", "pct")
    assert column_labels("participants") == ("Кількість учасників", "Participants", "int")
    assert column_labels("extra_columns")[2] == ""  # the table gives no unit
    assert not {m.name for m in fields_of_role("indicator")} & set(FIELDS)
    assert not (PACKAGE / "data" / "report_columns.csv").exists()


# --- colours, dimension kinds, labels ---------------------------------------------------------


def test_event_type_colours_are_the_vocabulary_colours() -> None:
    assert dict(EVENT_TYPE_COLOURS) == dict(colours("event_type"))
    assert list(EVENT_TYPE_COLOURS) == list(CODE_LISTS["event_type"])  # every code, in order
    assert len(set(EVENT_TYPE_COLOURS.values())) == len(EVENT_TYPE_COLOURS)
    assert PALETTE["grey_dark"] not in EVENT_TYPE_COLOURS.values()
    added = added_colours("event_type")
    assert len(added) >= 3 and not set(added) & set(EVENT_TYPE_COLOURS.values())


def test_dimension_kinds_and_columns_come_from_metadata() -> None:
    assert dimensions.DIMENSION_KINDS == {"sex": True, "age_group": True, "idp": False,
                                          "disability": False, "other": False}  # fmt: skip
    assert dimensions.BUILTIN_COLUMNS["women"].label_uk == FIELD_TABLE["women"].label_uk
    assert "внутрішньо переміщені особи" in dimensions.BUILTIN_COLUMNS["idp"].aliases


@pytest.mark.parametrize(
    ("key", "lang", "text"),
    [
        ("event_type.study_tour", "uk", "навчальний візит"),
        ("event_type.round_table", "en", "round table"),
        ("instrument.e_petitions", "uk", "електронні петиції"),
        ("rec_status.partially_implemented", "uk", "виконано частково"),
        ("field.women", "uk", "З них жінок"),
        ("field.year_given", "en", "Year given"),
        ("sex.women", "uk", "жінки"),
        ("result_level.immediate_outcome", "en", "immediate outcome"),
    ],
)
def test_delegated_labels_are_read_from_metadata(key: str, lang: str, text: str) -> None:
    assert label(key, lang) == text


def test_indicator_columns_are_no_field_labels() -> None:
    with pytest.raises(KeyError, match=r"field\.achievement_pct"):
        label("field.achievement_pct", "uk")


def test_a_folders_event_type_extends_the_vocabulary() -> None:
    added = {"hackathon": ("хакатон", "hackathon")}
    folder = project_codes.FolderCodes(allowed={"event_type": added}, titles={"event_type": added})
    with project_codes.using(folder):
        assert label("event_type.hackathon", "uk") == "хакатон"
        assert label("event_type.forum", "uk") == "форум"
        assert "event_type.hackathon" in known_keys()
    assert "event_type.hackathon" not in known_keys()


def test_catalogue_holds_no_delegated_key() -> None:
    prefixes = {k.split(".", 1)[0] for k in catalogue() if not k.endswith(".short")}
    assert not prefixes & set(DELEGATED_PREFIXES)


# --- bad tables: every problem at once, in both languages ------------------------------------


def test_bad_field_table_names_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "fields.csv"
    path.write_text(
        FIELD_HEADER
        + "city,register,city,,Місто,City,Населений пункт.,Place.,,,,,м.|місто,\n"
        + "city,register,text,,Місто,City,Ще раз.,Again.,,,,,,\n"
        + "rank,регістр,int,,Місце,Rank,Місце.,Rank.,,,,,,\n"
        + "score,register,number,,Бал,,Бал.,Score.,нуль,,так,,,\n"
        + "area,register,category,,Сфера,Area,Сфера.,Area.,,,,сфери,,\n",
        encoding="utf-8",
    )
    with pytest.raises(MetadataError) as info:
        read_fields(path)
    message = str(info.value)
    assert "рядок 3: 'city' уже є в рядку 2 / line 3: 'city' repeats line 2" in message
    assert "рядок 4: rank: роль 'регістр'" in message and "role 'регістр': expected" in message
    assert "line 5: score: column 'label_en': empty cell" in message
    assert "bound 'нуль': expected a number, year_min or year_max" in message
    assert "summable 'так': expected yes or empty" in message
    assert "рядок 6: area: словника 'сфери' немає" in message


def test_field_table_without_a_column_says_which(tmp_path: Path) -> None:
    path = tmp_path / "fields.csv"
    path.write_text("name,role,label_uk\ncity,register,Місто\n", encoding="utf-8")
    with pytest.raises(MetadataError, match=r"missing column.*dtype.*found: name, role, label_uk"):
        read_fields(path)


def test_bad_vocabulary_names_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "event_type.csv"
    path.write_text(
        "code,label_uk,label_en,colour,order\n"
        "training,тренінг,training,#1F5A96,1\n"
        "training,тренінг,training,#1F5A96,2\n"
        "forum,форум,,червоний,перший\n",
        encoding="utf-8",
    )
    with pytest.raises(MetadataError) as info:
        read_vocabulary(path)
    message = str(info.value)
    assert "line 3: 'training' repeats line 2" in message
    assert "line 4: column 'label_en': empty cell" in message
    assert "line 4: colour 'червоний': expected #RRGGBB" in message
    assert "order 'перший': очікували ціле число" in message


def test_vocabulary_rows_follow_their_order(tmp_path: Path) -> None:
    path = tmp_path / "rec_area.csv"
    path.write_text(
        "code,label_uk,label_en,order\nother,інше,other,9\ncnap,ЦНАП,ASC,1\n", encoding="utf-8"
    )
    assert [r["code"] for r in read_vocabulary(path)] == ["cnap", "other"]


def test_unknown_vocabulary_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"no vocabulary 'event_kind' \(known: .*event_type"):
        code_list("event_kind")


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_bounds_are_read_as_written(bound: int) -> None:
    from promis_analytics.metadata.fields import _bound

    assert _bound(str(bound), []) == bound
    assert _bound(f"{bound}.5", []) == float(f"{bound}.5")


def test_year_bounds_are_symbolic_in_the_table() -> None:
    assert (FIELD_TABLE["year"].minimum, FIELD_TABLE["year"].maximum) == (YEAR_MIN, YEAR_MAX)
    assert FIELD_TABLE["baseline_year"].minimum is None  # a baseline may predate 1991


def test_every_synonym_and_title_pattern_names_a_code_of_its_vocabulary() -> None:
    """The synonyms table and the title patterns add words, never codes: each code they name
    is one of the vocabulary of its field (``<register>.<field>`` where a register narrows)."""
    from promis_analytics.registers.schema.schemas import SCHEMAS
    from promis_analytics.registers.schema.vocab import synonym_rows

    def allowed(vocabulary: str) -> set[str]:
        if "." in vocabulary:
            kind, column = vocabulary.split(".", 1)
            return set(SCHEMAS[kind].allowed[column])
        column = {"currency": "project_currency"}.get(vocabulary, vocabulary)
        return set(FIELDS[column].allowed or {})

    with project_codes.using(project_codes.EMPTY):
        unknown = [
            (r["vocabulary"], r["code"])
            for r in synonym_rows()
            if r["code"] not in allowed(r["vocabulary"])
        ]
    assert unknown == []
    with (PACKAGE / "data" / "event_types.csv").open(encoding="utf-8", newline="") as handle:
        codes_ = {row["event_type"] for row in csv.DictReader(handle)}
    assert codes_ <= set(CODE_LISTS["event_type"])
