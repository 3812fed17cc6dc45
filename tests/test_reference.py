"""Tests for promis_analytics.reference: places, aliases, population and components."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promis_analytics import paths
from promis_analytics.errors import PromisError, UnknownPlaceError
from promis_analytics.reference import (
    PARTNER_CITIES,
    PARTNER_KEYS,
    City,
    all_places,
    city,
    component,
    components,
    normalize_city,
    output_component,
    population_hromada,
    population_table,
)
from promis_analytics.reference.places import load_population

ALIAS_ROWS = list(
    csv.DictReader((paths.PACKAGE_DATA_DIR / "place_aliases.csv").open(encoding="utf-8"))
)
PLACE_ROWS = list(csv.DictReader((paths.PACKAGE_DATA_DIR / "places.csv").open(encoding="utf-8")))


def test_sixteen_partner_cities_in_brochure_order() -> None:
    assert PARTNER_KEYS == (
        "vinnytsia",
        "zhmerynka",
        "ladyzhyn",
        "khmilnyk",
        "ivano_frankivsk",
        "dolyna",
        "kolomyia",
        "yaremche",
        "poltava",
        "horishni_plavni",
        "myrhorod",
        "kremenchuk",
        "zaporizhzhia",
        "berdiansk",
        "enerhodar",
        "melitopol",
    )
    assert all(c.is_partner and c.kind == "city" for c in PARTNER_CITIES)
    assert [c.key for c in all_places()[:16]] == list(PARTNER_KEYS)


def test_partner_order_within_oblast_matches_brochure(seeds_dir: Path) -> None:
    """Within each oblast the brochure lists the cities in the order we keep."""
    text = (seeds_dir / "results_brochure_2021.txt").read_text(encoding="utf-8")
    block = text[text.index("# 16 міст-партнерів") :]
    block = block[: block.index("# 1\n")]
    # the brochure spells Ladyzhyn «Ладизин» in this list
    printed = [normalize_city(line).key for line in block.splitlines()[1:] if line.strip()]
    for oblast in {c.oblast_en for c in PARTNER_CITIES}:
        ours = [c.key for c in PARTNER_CITIES if c.oblast_en == oblast]
        assert [k for k in printed if k in ours] == ours


@pytest.mark.parametrize(
    ("key", "name_en"),
    [
        ("vinnytsia", "Vinnytsia"),
        ("zhmerynka", "Zhmerynka"),
        ("khmilnyk", "Khmilnyk"),
        ("ladyzhyn", "Ladyzhyn"),
        ("ivano_frankivsk", "Ivano-Frankivsk"),
        ("dolyna", "Dolyna"),
        ("kolomyia", "Kolomyia"),
        ("yaremche", "Yaremche"),
        ("poltava", "Poltava"),
        ("kremenchuk", "Kremenchuk"),
        ("horishni_plavni", "Horishni Plavni"),
        ("myrhorod", "Myrhorod"),
        ("zaporizhzhia", "Zaporizhzhia"),
        ("berdiansk", "Berdiansk"),
        ("enerhodar", "Enerhodar"),
        ("melitopol", "Melitopol"),
    ],
)
def test_official_transliteration(key: str, name_en: str) -> None:
    assert city(key).name_en == name_en


def test_population_matches_shared_data(shared_data_dir: Path) -> None:
    with (shared_data_dir / "population_2022.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 16
    for row in rows:
        c = normalize_city(row["city_uk"])
        assert c.name_en == row["city_en"]
        assert c.population == int(row["population_city"])
        assert population_hromada(c.key) == int(row["population_hromada"])
    assert city("zaporizhzhia").population == 710052
    assert city("yaremche").population == 7907


def test_raw_population_is_a_byte_copy(shared_data_dir: Path) -> None:
    raw = paths.repo_root() / "data" / "raw" / "population_2022.csv"
    assert raw.read_bytes() == (shared_data_dir / "population_2022.csv").read_bytes()


def test_population_table_has_source_and_locator() -> None:
    table = population_table()
    assert [r["key"] for r in table] == sorted(PARTNER_KEYS, key=[r["key"] for r in table].index)
    assert {r["key"] for r in table} == set(PARTNER_KEYS)
    first = table[0]
    assert first["locator"] == "data/raw/population_2022.csv row 2"
    assert "Чисельність наявного населення" in str(first["source"])


def test_other_places_have_no_population() -> None:
    others = [c for c in all_places() if not c.is_partner]
    assert len(others) >= 30
    assert all(c.population is None for c in others)
    assert {"kyiv", "lviv", "dnipro", "kryvyi_rih", "sievierodonetsk", "lysychansk"} <= {
        c.key for c in others
    }
    assert {c.key for c in others if c.kind == "country"} >= {"canada", "poland", "estonia"}
    assert city("huta").kind == "village"
    assert city("stari_bohorodchany").oblast_en == "Ivano-Frankivsk Oblast"


def test_keys_are_ascii_slugs() -> None:
    for c in all_places():
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", c.key), c.key


def test_city_is_frozen() -> None:
    c = city("poltava")
    assert isinstance(c, City)
    with pytest.raises(AttributeError):
        c.population = 1  # type: ignore[misc]


@pytest.mark.parametrize("row", ALIAS_ROWS, ids=lambda r: f"{r['alias']}->{r['key']}")
def test_every_alias_resolves(row: dict[str, str]) -> None:
    assert normalize_city(row["alias"]).key == row["key"]


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).casefold()
    return re.sub("[’ʼ`‘]", "'", s)


def test_alias_seen_in_is_true(seeds_dir: Path) -> None:
    """Every alias that claims to be seen in a document does occur there as a whole word
    (a hyphen counts as a word boundary only for names inside hyphenated lists)."""
    texts = {p.stem: _norm(p.read_text(encoding="utf-8")) for p in seeds_dir.glob("*.txt")}
    wrong = []
    for row in ALIAS_ROWS:
        pattern = re.compile(r"(?<![\w'])" + re.escape(_norm(row["alias"])) + r"(?![\w'])")
        for doc in filter(None, row["seen_in"].split(";")):
            if not pattern.search(texts[doc]):
                wrong.append((row["alias"], doc))
    assert wrong == []


# Places named in the seeds only in forms that are not place names themselves.
_NAMED_INDIRECTLY = {
    "dnipropetrovsk_oblast": "in a plural list «… Запорізька, Дніпропетровська області»",
    "luhansk_oblast": "through «Луганське регіональне відділення АМУ»",
}


def test_every_place_is_seen_in_the_seeds() -> None:
    """Each place the documents name (``origin`` "documents") has an alias that occurs in a
    seed document (the alias table's ``seen_in``), except the places named only indirectly,
    listed with the reason. Places added for users' registers (online events, foreign cities
    of study tours) are marked ``origin`` "users"."""
    seen = {r["key"] for r in ALIAS_ROWS if r["seen_in"]}
    documents = {r["key"] for r in PLACE_ROWS if r["origin"] == "documents"}
    assert {r["origin"] for r in PLACE_ROWS} == {"documents", "users"}
    assert {c.key for c in all_places()} == {r["key"] for r in PLACE_ROWS}
    assert documents - seen == set(_NAMED_INDIRECTLY)


def test_alias_seen_in_is_complete(seeds_dir: Path) -> None:
    """No alias occurs as a stand-alone word in a seed document its ``seen_in`` leaves out."""
    texts = {p.stem: _norm(p.read_text(encoding="utf-8")) for p in seeds_dir.glob("*.txt")}
    missing = []
    for row in ALIAS_ROWS:
        pattern = re.compile(r"(?<![\w'-])" + re.escape(_norm(row["alias"])) + r"(?![\w'])")
        listed = set(row["seen_in"].split(";"))
        missing += [
            (row["alias"], d) for d, t in texts.items() if d not in listed and pattern.search(t)
        ]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("м. Запоріжжя", "zaporizhzhia"),
        ("м.Івано-Франківськ", "ivano_frankivsk"),
        ("м. Івано-Франківськ", "ivano_frankivsk"),
        ("Івано – Франківськ", "ivano_frankivsk"),
        ("Хмельник", "khmilnyk"),
        ("Хмільник", "khmilnyk"),
        ("Хмельника", "khmilnyk"),
        ("Ладизин", "ladyzhyn"),
        ("Ладжині", "ladyzhyn"),
        ("Ладижин", "ladyzhyn"),
        ("Кременчука", "kremenchuk"),
        ("м. Кременчука", "kremenchuk"),
        ("у Коломиї", "kolomyia"),
        ("Вінниці", "vinnytsia"),
        ("в м. Вінниця", "vinnytsia"),
        ("Мелітополі", "melitopol"),
        ("Горішніх Плавнів", "horishni_plavni"),
        ("У Горішніх Плавнях", "horishni_plavni"),
        ("Zaporizhia", "zaporizhzhia"),
        ("Zaporozhye", "zaporizhzhia"),
        ("ZAPORIZHZHIA", "zaporizhzhia"),
        ("zaporizhzhia", "zaporizhzhia"),
        ("Kolomyya", "kolomyia"),
        ("Berdyansk", "berdiansk"),
        ("Ivano-Frankovsk", "ivano_frankivsk"),
        ("ivano_frankivsk", "ivano_frankivsk"),
        ("Horishni Plavni", "horishni_plavni"),
        ("city of Kremenchug", "kremenchuk"),
        ("у Франківську", "ivano_frankivsk"),
        ("с. Гута", "huta"),
        ("с. Старі Богородчани", "stari_bohorodchany"),
        ("с.Дорожнє", "dorozhnie"),
        ("в місті Барі", "bar"),
        ("м Київ", "kyiv"),
        ("Kiev", "kyiv"),
        ("м. Сєвєродонецьк", "sievierodonetsk"),
        ("м. Одеса.", "odesa"),
        ("м. Бахмуті", "bakhmut"),
        ("Канади", "canada"),
        ("до Канади", "canada"),
        ("до м. Кривий Ріг", "kryvyi_rih"),
        ("(м. Мелітополь)", "melitopol"),
        ("Польщі", "poland"),
        ("Естонії", "estonia"),
        ("на Вінниччині", "vinnytsia_oblast"),
        ("Рівненщина", "rivne_oblast"),
        ("Івано-Франківської області", "ivano_frankivsk_oblast"),
        ("Енергодар", "enerhodar"),
        ("енергодар", "enerhodar"),
        ("Запоріжжі", "zaporizhzhia"),
    ],
)
def test_real_spellings(text: str, key: str) -> None:
    assert normalize_city(text).key == key


_PREFIXED = re.compile(
    r"(?<![\w])(?:м\.|с\.|м |місті )\s*"
    r"([А-ЯІЇЄҐ][\w'’-]*(?: [А-ЯІЇЄҐ][\w'’-]*)?)"
)
# Prefixed strings in the seeds that are not one place name, checked by hand.
_NOT_ONE_PLACE = {"Гута Івано-Франківської", "Запоріжжя Навчання"}


def test_every_prefixed_place_in_the_seeds_resolves(seeds_dir: Path) -> None:
    """Every «м. X» / «с. X» / «місті X» in the seed documents names a known place."""
    unknown = []
    first_word_only = set()
    count = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        for m in _PREFIXED.finditer(path.read_text(encoding="utf-8")):
            two = m.group(1)
            candidates = [two, two.split(" ")[0]] if " " in two else [two]
            count += 1
            for cand in candidates:
                try:
                    normalize_city(cand)
                    if cand != two:
                        first_word_only.add(two)
                    break
                except UnknownPlaceError:
                    continue
            else:
                unknown.append((path.name, two))
    assert count > 60
    assert unknown == []
    # two capitalised words that are not one name resolve through their first word
    assert first_word_only == _NOT_ONE_PLACE


def test_partner_city_names_in_the_card_list(seeds_dir: Path) -> None:
    """The card lists all 16 partners by oblast; each name resolves to a partner city."""
    text = (seeds_dir / "monitoring_card_2018H2.txt").read_text(encoding="utf-8")
    start = text.index("(у Вінницькій області")
    chunk = text[start : text.index(")", start)]
    names = [
        name
        for segment in chunk.split(";")
        for name in re.split(r",\s*|\s+та\s+", segment.split("–")[1].strip(" .)"))
    ]
    assert len(names) == 16
    keys = {normalize_city(n).key for n in names}
    assert keys == set(PARTNER_KEYS)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Запорожье", "zaporizhzhia"),
        ("Кременчух", "kremenchuk"),
        ("Мелитополь", "melitopol"),
        ("Kolomya", "kolomyia"),
        ("Хмільникк", "khmilnyk"),
    ],
)
def test_unknown_names_raise_with_suggestions(text: str, suggestion: str) -> None:
    with pytest.raises(UnknownPlaceError) as info:
        normalize_city(text)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.text == text
    assert any(f"({suggestion})" in s for s in err.suggestions)
    assert text in str(err)


@pytest.mark.parametrize(
    "text", ["", "   ", "Торонто-Ватерлоо-Лондон-Ніагара", "Ужгородськ", "Kyiw-xyz", "м."]
)
def test_never_a_silent_guess(text: str) -> None:
    with pytest.raises(UnknownPlaceError):
        normalize_city(text)


def test_cyrillic_is_not_folded_to_ascii() -> None:
    # a Latin "i" inside a Cyrillic name is not silently fixed
    with pytest.raises(UnknownPlaceError) as info:
        normalize_city("Вiнниця")
    assert any("(vinnytsia)" in s for s in info.value.suggestions)


def test_city_unknown_key() -> None:
    with pytest.raises(UnknownPlaceError):
        city("Zaporizhzhia")


_APOS = st.sampled_from(["'", "’", "ʼ", "`"])


def _variants(alias: str, data: st.DataObject) -> str:
    out = []
    for ch in alias:
        if ch in "'’ʼ`":
            out.append(data.draw(_APOS))
        elif ch.isalpha():
            out.append(ch.upper() if data.draw(st.booleans()) else ch.lower())
        elif ch == " ":
            out.append(data.draw(st.sampled_from([" ", "  ", "\u00a0", "\t"])))
        else:
            out.append(ch)
    pad = data.draw(st.sampled_from(["", " ", "  ", "\n"]))
    return pad + "".join(out) + data.draw(st.sampled_from(["", " ", "\t"]))


@given(
    row=st.sampled_from(
        ALIAS_ROWS + [{"alias": r["name_uk"], "key": r["key"]} for r in PLACE_ROWS]
    ),
    data=st.data(),
)
def test_case_apostrophe_whitespace_variants_resolve_the_same(
    row: dict[str, str], data: st.DataObject
) -> None:
    text = _variants(row["alias"], data)
    assert normalize_city(text).key == row["key"]


@given(row=st.sampled_from(ALIAS_ROWS), prefix=st.sampled_from(["м. ", "м.", "у ", "в м. "]))
def test_prefixes_do_not_change_the_place(row: dict[str, str], prefix: str) -> None:
    assert normalize_city(prefix + row["alias"]).key == row["key"]


def test_components_and_outputs() -> None:
    COMPONENTS = components()  # the embedded dataset's (data/raw/components.csv)
    assert [c for c in COMPONENTS if COMPONENTS[c].level == "component"] == ["1000", "2000", "3000"]
    outputs = [c for c in COMPONENTS if COMPONENTS[c].level == "output"]
    assert outputs == ["1100", "1200", "1300", "2100", "2200", "2300", "3100", "3200", "3300"]
    for code in outputs:
        assert output_component(code) == code[0] + "000"
    assert output_component(2300) == "2000"
    assert output_component("1000") == "1000"
    for c in COMPONENTS.values():
        assert c.title_uk and c.title_en and len(c.title_uk) <= 80 and len(c.title_en) <= 80
        assert c.title("en") == c.title_en
    with pytest.raises(PromisError, match="4000"):
        component("4000")


@pytest.mark.parametrize("code", list(components()))
def test_component_locator_points_at_the_code(code: str, seeds_dir: Path) -> None:
    c = component(code)
    text = (seeds_dir / f"{c.source}.txt").read_text(encoding="utf-8")
    offset = int(c.locator.split()[1])
    assert code in text[offset : offset + 20]


def test_population_file_mismatch_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "population_2022.csv"
    bad.write_text(
        "city_uk,city_en,oblast_en,population_city,population_hromada,as_of\n"
        "Вінниця,Vinnitsa,Vinnytsia,369739,387439,2022-01-01\n"
        "Ужгород,Uzhhorod,Zakarpattia,1,1,2022-01-01\n",
        encoding="utf-8",
    )
    places = {r["key"]: r for r in PLACE_ROWS}
    with pytest.raises(PromisError) as info:
        load_population(bad, places, PARTNER_KEYS)
    msg = str(info.value)
    assert "row 2" in msg and "Vinnitsa" in msg
    assert "Ужгород" in msg
    assert "no row for" in msg and "zhmerynka" in msg


@pytest.mark.parametrize(
    ("text", "name_uk", "name_en"),
    [
        ("Ічнянська громада", "Ічнянська громада", "Ichnianska hromada"),
        ("Ічнянська міська територіальна громада", "Ічнянська громада", "Ichnianska hromada"),
        ("Малодівицька селищна громада", "Малодівицька громада", "Malodivytska hromada"),
        ("Ічнянська ТГ, Чернігівська область", "Ічнянська громада", "Ichnianska hromada"),
    ],
)
def test_a_hromada_is_a_place(text: str, name_uk: str, name_en: str) -> None:
    place = normalize_city(text)
    assert (place.name_uk, place.name_en, place.kind, place.category) == (
        name_uk,
        name_en,
        "hromada",
        "H",
    )
    assert place.oblast_uk == "Чернігівська область"


def test_a_hromada_name_many_oblasts_share_is_ambiguous() -> None:
    from promis_analytics.errors import AmbiguousPlaceError

    with pytest.raises(AmbiguousPlaceError, match="Миколаївська"):
        normalize_city("Миколаївська громада")
