"""The national codifier behind normalize_city: real places as people write them, ambiguity,
renamings, online and foreign places, transliteration, and lazy loading."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from promis_analytics.errors import AmbiguousPlaceError, UnknownPlaceError
from promis_analytics.reference import codifier_city, normalize_city, resolve_place
from promis_analytics.reference.gazetteer import GAZETTEER_PATH, gazetteer
from promis_analytics.reference.inflection import case_forms

LUTSK = "UA07080170010083384"
CHERNIHIV = "UA74100390010054825"
BILA_TSERKVA = "UA32020010010081183"
NOVA_KAKHOVKA = "UA65060170010075325"
KROPYVNYTSKYI = "UA35040210010019355"

# (text as people write it, key or codifier code, English name, oblast)
REAL_PLACES = [
    ("Луцьк", LUTSK, "Lutsk", "Volyn Oblast"),
    ("м. Луцьк", LUTSK, "Lutsk", "Volyn Oblast"),
    ("м.Луцьк", LUTSK, "Lutsk", "Volyn Oblast"),
    ("у Луцьку", LUTSK, "Lutsk", "Volyn Oblast"),
    ("ЛУЦЬК", LUTSK, "Lutsk", "Volyn Oblast"),
    ("Чернігів", CHERNIHIV, "Chernihiv", "Chernihiv Oblast"),
    ("до Чернігова", CHERNIHIV, "Chernihiv", "Chernihiv Oblast"),
    ("в Чернігові", CHERNIHIV, "Chernihiv", "Chernihiv Oblast"),
    ("Біла Церква", BILA_TSERKVA, "Bila Tserkva", "Kyiv Oblast"),
    ("в Білій Церкві", BILA_TSERKVA, "Bila Tserkva", "Kyiv Oblast"),
    ("м. Біла Церква", BILA_TSERKVA, "Bila Tserkva", "Kyiv Oblast"),
    ("Нова Каховка", NOVA_KAKHOVKA, "Nova Kakhovka", "Kherson Oblast"),
    ("з Нової Каховки", NOVA_KAKHOVKA, "Nova Kakhovka", "Kherson Oblast"),
    ("Ковель", "UA07060190010068509", "Kovel", "Volyn Oblast"),
    ("у Тернополі", "ternopil", "Ternopil", "Ternopil Oblast"),
    ("м. Ужгород", "UA21100230010016545", "Uzhhorod", "Zakarpattia Oblast"),
    ("у Хмельницькому", "UA68040470010096613", "Khmelnytskyi", "Khmelnytskyi Oblast"),
    ("Кропивницький", KROPYVNYTSKYI, "Kropyvnytskyi", "Kirovohrad Oblast"),
    ("Кіровоград", KROPYVNYTSKYI, "Kropyvnytskyi", "Kirovohrad Oblast"),
    ("у Кіровограді", KROPYVNYTSKYI, "Kropyvnytskyi", "Kirovohrad Oblast"),
    ("Комсомольськ", "horishni_plavni", "Horishni Plavni", "Poltava Oblast"),
    ("Артемівськ", "bakhmut", "Bakhmut", "Donetsk Oblast"),
    ("м. Дніпропетровськ", "dnipro", "Dnipro", "Dnipropetrovsk Oblast"),
    ("Знам'янка", "UA35040130010097956", "Znamianka", "Kirovohrad Oblast"),
    ("Знам’янка", "UA35040130010097956", "Znamianka", "Kirovohrad Oblast"),
    ("ЗНАМʼЯНКА", "UA35040130010097956", "Znamianka", "Kirovohrad Oblast"),
    ("Єнакієве", "UA14060070010013898", "Yenakiieve", "Donetsk Oblast"),
    ("смт Згурівка", "UA32060110010087428", "Zghurivka", "Kyiv Oblast"),
    ("с. Старі Богородчани", "stari_bohorodchany", "Stari Bohorodchany", "Ivano-Frankivsk Oblast"),
    (
        "у Кам'янці-Подільському",
        "UA68020110010097898",
        "Kamianets-Podilskyi",
        "Khmelnytskyi Oblast",
    ),
    ("у Сумах", "UA59080270010036634", "Sumy", "Sumy Oblast"),
    ("Черкаси", "UA71080490010015879", "Cherkasy", "Cherkasy Oblast"),
    ("у Чернівцях", "UA73060610010033137", "Chernivtsi", "Chernivtsi Oblast"),
    ("у Рівному", "UA56060470010041018", "Rivne", "Rivne Oblast"),
    ("Умань", "UA71060210010010251", "Uman", "Cherkasy Oblast"),
    ("м. Ізмаїл", "UA51080030010072039", "Izmail", "Odesa Oblast"),
    ("Яготин", "UA32040210010094429", "Yahotyn", "Kyiv Oblast"),
    ("Бровари", "UA32060050010081797", "Brovary", "Kyiv Oblast"),
    ("Гута, Львівська обл., Буська громада", "UA46040030170048538", "Huta", "Lviv Oblast"),
    ("Гута, Волинська область", "UA07060150020070360", "Huta", "Volyn Oblast"),
    ("с. Гута (Солотвинська ТГ)", "huta", "Huta", "Ivano-Frankivsk Oblast"),
    (
        "с. Запоріжжя, Пологівський р-н",
        "UA23100150090031762",
        "Zaporizhzhia",
        "Zaporizhzhia Oblast",
    ),
    ("Запоріжжя", "zaporizhzhia", "Zaporizhzhia", "Zaporizhzhia Oblast"),
    ("с. Велика Димерка", "UA32060070010067563", "Velyka Dymerka", "Kyiv Oblast"),
    ("Волинська область", "UA07000000000024379", "Volyn Oblast", "Volyn Oblast"),
    ("Херсонська обл.", "UA65000000000030969", "Kherson Oblast", "Kherson Oblast"),
    (LUTSK, LUTSK, "Lutsk", "Volyn Oblast"),
    ("онлайн", "online", "online", None),
    ("дистанційно", "online", "online", None),
    ("Вебінар", "online", "online", None),
    ("у Варшаві", "warsaw", "Warsaw", "Masovian Voivodeship"),
    ("Таллінн", "tallinn", "Tallinn", "Harju County"),
    ("Торонто", "toronto", "Toronto", "Ontario"),
]


@pytest.mark.parametrize(("text", "key", "name_en", "oblast_en"), REAL_PLACES)
def test_real_places(text: str, key: str, name_en: str, oblast_en: str | None) -> None:
    place = normalize_city(text)
    assert (place.key, place.name_en, place.oblast_en) == (key, name_en, oblast_en)


def test_codifier_places_carry_code_and_hierarchy() -> None:
    lutsk = normalize_city("Луцьк")
    assert lutsk.katottg == LUTSK and lutsk.category == "M" and lutsk.kind == "city"
    assert lutsk.oblast_uk == "Волинська область"
    assert lutsk.raion_uk == "Луцький район" and lutsk.hromada_uk == "Луцька громада"
    assert not lutsk.is_partner and lutsk.population is None
    # a partner city found through the codifier is the curated place, with its code
    assert normalize_city("у Тернополі").katottg == "UA61040490010069060"
    assert normalize_city("UA05020030010063857").key == "vinnytsia"


@pytest.mark.parametrize(
    ("uk", "en"),
    [
        ("Луцьк", "Lutsk"),
        ("Згурівка", "Zghurivka"),
        ("Знам'янка", "Znamianka"),
        ("Єнакієве", "Yenakiieve"),
        ("Старі Богородчани", "Stari Bohorodchany"),
    ],
)
def test_official_transliteration_golden_pairs(uk: str, en: str) -> None:
    codes = [e.code for e in gazetteer().named(uk)]
    assert codes and {codifier_city(c).name_en for c in codes} == {en}


def test_partner_cities_keep_their_english_names() -> None:
    assert normalize_city("Запоріжжя").name_en == "Zaporizhzhia"
    assert normalize_city("UA23060070010069526").name_en == "Zaporizhzhia"


def test_ambiguous_name_lists_candidates_with_hromada_and_oblast() -> None:
    with pytest.raises(AmbiguousPlaceError) as info:
        normalize_city("Гута, Львівська обл.")
    cands = info.value.candidates
    assert len(cands) == 3
    assert all("Львівська область" in c for c in cands)
    assert {c.split(", ")[1] for c in cands} == {
        "Східницька громада",
        "Буська громада",
        "Сокальська громада",
    }
    assert isinstance(info.value, UnknownPlaceError)  # callers that catch unknown still work


@pytest.mark.parametrize(
    "text", ["с. Гута", "с. Запоріжжя", "смт Запоріжжя", "Гута, Хмельницька обл."]
)
def test_village_names_without_enough_context_are_ambiguous_or_curated(text: str) -> None:
    if text == "с. Гута":  # the curated village of the project's own documents
        assert normalize_city(text).key == "huta"
        return
    with pytest.raises(AmbiguousPlaceError):
        normalize_city(text)


@pytest.mark.parametrize(
    ("text", "context", "code"),
    [
        ("Гута", "Буська громада", "UA46040030170048538"),
        ("Гута", "Хмельницька обл., Деражнянська громада", "UA68040150100048630"),
        ("с. Запоріжжя", "Херсонська область, Рубанівська громада", "UA65060210040071464"),
        ("Гута", "Волинська", "UA07060150020070360"),
    ],
)
def test_context_column_resolves(text: str, context: str, code: str) -> None:
    assert normalize_city(text, context=context).key == code


def test_city_wins_over_villages_unless_the_text_says_village() -> None:
    assert normalize_city("Біла Церква").key == BILA_TSERKVA
    assert normalize_city("с. Біла Церква").katottg == "UA21080110020020640"
    assert normalize_city("Біла Церква, Закарпатська обл.").katottg == "UA21080110020020640"
    assert normalize_city("Запоріжжя").key == "zaporizhzhia"


def test_old_units_widen_with_a_note() -> None:
    m = resolve_place("с. Гута Богородчанської громади")
    assert m.place.key == "huta"
    assert m.note_uk and "Солотвинська громада" in m.note_uk


def test_renaming_is_noted() -> None:
    m = resolve_place("Кіровоград")
    assert m.via == "renamed" and m.place.key == KROPYVNYTSKYI
    assert "2016-07-14" in m.note_uk and "Кропивницький" in m.note_uk
    assert "Kropyvnytskyi" in m.note_en


@pytest.mark.parametrize("text", ["Зоряноград", "с. Неіснуюче", "м. Гутаа", "Луцьк Ковель"])
def test_unknown_still_raises(text: str) -> None:
    with pytest.raises(UnknownPlaceError):
        normalize_city(text)


def test_case_forms_of_every_city_come_back_to_it() -> None:
    """Every generated case form of a codifier city resolves to that city, to another place
    that really has that name, or is reported as ambiguous — never to a wrong place silently."""
    g = gazetteer()
    wrong = []
    for e in g.units("M"):
        for form in sorted(case_forms(e.name)):
            try:
                got = normalize_city(form)
            except AmbiguousPlaceError:
                continue
            if got.katottg != e.code and not g.named(form):
                wrong.append((e.name, form, got.key))
    assert wrong == []


def test_gazetteer_is_lazy() -> None:
    """Importing the package, the reference module or the CLI reads no codifier."""
    code = (
        "import promis_analytics, promis_analytics.reference as r, promis_analytics.cli;"
        "from click.testing import CliRunner;"
        "CliRunner().invoke(promis_analytics.cli.cli, ['--help']);"
        "r.normalize_city('Вінниця');"
        "from promis_analytics.reference import gazetteer as g;"
        "print(g.is_loaded())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_package_data_is_built_from_the_shared_codifier(
    shared_data_dir: Path, tmp_path: Path
) -> None:
    root = Path(__file__).resolve().parents[1]
    target = tmp_path / "katottg.csv.gz"
    subprocess.run(
        [
            sys.executable,
            str(root / "tools" / "build_gazetteer.py"),
            str(shared_data_dir / "katottg_2025-05-16.csv"),
            "-o",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    assert target.read_bytes() == GAZETTEER_PATH.read_bytes()
    rows = gzip.decompress(target.read_bytes()).decode("utf-8").splitlines()
    assert len(rows) == 31_748 + 1
    assert len(gazetteer()) == 31_748
