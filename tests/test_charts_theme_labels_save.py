"""Tests for the chart foundation: theme, palette, label catalogue, save_figure, first charts."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib import colors, font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text

from promis_analytics import charts
from promis_analytics.charts import labels as labels_mod
from promis_analytics.charts.save import save_figure
from promis_analytics.errors import ChartError
from promis_analytics.metadata import labels as metadata_labels

CYRILLIC = re.compile(r"[\u0400-\u04FF]")

# The 16 partner cities in brochure order, as the reference module spells them.
CITY_ROWS = [
    ("vinnytsia", "vinnytsia", "Вінниця", "Vinnytsia"),
    ("zhmerynka", "vinnytsia", "Жмеринка", "Zhmerynka"),
    ("khmilnyk", "vinnytsia", "Хмільник", "Khmilnyk"),
    ("ladyzhyn", "vinnytsia", "Ладижин", "Ladyzhyn"),
    ("ivano_frankivsk", "ivano_frankivsk", "Івано-Франківськ", "Ivano-Frankivsk"),
    ("dolyna", "ivano_frankivsk", "Долина", "Dolyna"),
    ("kolomyia", "ivano_frankivsk", "Коломия", "Kolomyia"),
    ("yaremche", "ivano_frankivsk", "Яремче", "Yaremche"),
    ("poltava", "poltava", "Полтава", "Poltava"),
    ("kremenchuk", "poltava", "Кременчук", "Kremenchuk"),
    ("horishni_plavni", "poltava", "Горішні Плавні", "Horishni Plavni"),
    ("myrhorod", "poltava", "Миргород", "Myrhorod"),
    ("zaporizhzhia", "zaporizhzhia", "Запоріжжя", "Zaporizhzhia"),
    ("berdiansk", "zaporizhzhia", "Бердянськ", "Berdiansk"),
    ("enerhodar", "zaporizhzhia", "Енергодар", "Enerhodar"),
    ("melitopol", "zaporizhzhia", "Мелітополь", "Melitopol"),
]
OBLASTS = {
    "vinnytsia": ("Вінницька область", "Vinnytsia Oblast"),
    "ivano_frankivsk": ("Івано-Франківська область", "Ivano-Frankivsk Oblast"),
    "poltava": ("Полтавська область", "Poltava Oblast"),
    "zaporizhzhia": ("Запорізька область", "Zaporizhzhia Oblast"),
}


@pytest.fixture
def cities() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "key": key,
                "oblast": oblast,
                "name_uk": uk,
                "name_en": en,
                "oblast_uk": OBLASTS[oblast][0],
                "oblast_en": OBLASTS[oblast][1],
            }
            for key, oblast, uk, en in CITY_ROWS
        ]
    )


@pytest.fixture
def tiles() -> pd.DataFrame:
    # brochure section 1.4: 15 cities, 5 years, UAH 229.8 million
    return pd.DataFrame(
        {
            "value": [15, 5, Decimal("229800000")],
            "unit": ["unit.cities", "unit.years", "UAH"],
            "caption_key": ["caption.pb_cities", "caption.pb_years", "caption.pb_value"],
        }
    )


def texts_by_gid(fig: Figure, prefix: str) -> list[Text]:
    return [t for t in fig.findobj(Text) if (t.get_gid() or "").startswith(prefix)]


def visible_texts(fig: Figure) -> list[Text]:
    """Texts that are drawn: visible, non-empty, and not on an axis that is switched off."""
    hidden: set[int] = set()
    for ax in fig.axes:
        if not ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                hidden.update(id(t) for t in axis.findobj(Text))
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]


def assert_no_overlap_and_inside(fig: Figure) -> None:
    """Every visible text lies inside the figure and no two texts overlap."""
    FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in visible_texts(fig)]
    fig_box = fig.bbox
    for text, box in boxes:
        assert box.x0 >= fig_box.x0 - 0.5 and box.x1 <= fig_box.x1 + 0.5, f"{text!r} cut off"
        assert box.y0 >= fig_box.y0 - 0.5 and box.y1 <= fig_box.y1 + 0.5, f"{text!r} cut off"
    for (ta, a), (tb, b) in combinations(boxes, 2):
        assert not a.overlaps(b), f"{ta!r} overlaps {tb!r}"


# --- theme and palette ---------------------------------------------------------------------


def test_font_resolves_to_a_real_dejavu_file():
    path = charts.font_path()
    assert path.is_file()
    assert path.name == "DejaVuSans.ttf"


def test_check_fonts_finds_regular_and_bold_faces():
    regular, bold = charts.check_fonts()
    assert regular.name == "DejaVuSans.ttf"
    assert bold.name == "DejaVuSans-Bold.ttf"


def test_missing_font_is_an_error_not_a_fallback():
    with pytest.raises(ChartError, match="not found"):
        charts.font_path("No Such Font Promis")


def test_brochure_theme_sets_dejavu_and_restores():
    with mpl.rc_context({"font.family": ["serif"], "font.size": 7.0}):
        with charts.brochure_theme():
            assert mpl.rcParams["font.family"] == ["DejaVu Sans"]
            assert mpl.rcParams["font.size"] == 10.0
            assert mpl.rcParams["svg.fonttype"] == "none"
        assert mpl.rcParams["font.family"] == ["serif"]
        assert mpl.rcParams["font.size"] == 7.0


def test_apply_theme_sets_global_params():
    with mpl.rc_context():
        charts.apply_theme()
        assert mpl.rcParams["font.family"] == ["DejaVu Sans"]
        assert mpl.rcParams["axes.spines.top"] is False


def test_palette_has_component_highlight_and_grey_colours():
    palette = charts.PALETTE
    for key in ("1000", "2000", "3000", "highlight", "grey", "grey_light", "grey_dark"):
        assert colors.is_color_like(palette[key]), key
    components = {palette[c].lower() for c in ("1000", "2000", "3000", "highlight")}
    assert len(components) == 4, "component and highlight colours must differ"
    with pytest.raises(TypeError):
        palette["1000"] = "#000000"  # type: ignore[index]


@pytest.mark.parametrize(
    ("code", "palette_key"),
    [("1000", "1000"), ("1200", "1000"), (2000, "2000"), ("2300", "2000"), ("3100", "3000")],
)
def test_component_colour(code, palette_key):
    assert charts.component_colour(code) == charts.PALETTE[palette_key]


@pytest.mark.parametrize("code", ["4000", "10", "", "компонент"])
def test_unknown_component_colour_raises(code):
    with pytest.raises(ChartError, match="unknown project component"):
        charts.component_colour(code)


def test_oblast_colours_are_four_distinct_colours():
    assert set(charts.OBLAST_COLOURS) == set(OBLASTS)
    assert len({c.lower() for c in charts.OBLAST_COLOURS.values()}) == 4
    with pytest.raises(ChartError, match="lviv"):
        charts.oblast_colour("lviv")


# --- label catalogue -------------------------------------------------------------------------


def test_catalogue_file_is_a_table_with_no_empty_cells():
    with labels_mod.CATALOGUE_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "catalogue is empty"
    assert list(rows[0])[:3] == ["key", "uk", "en"]
    for row in rows:
        for column in ("key", "uk", "en"):
            assert row[column].strip(), f"{row['key']}: empty {column}"
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"


def test_catalogue_languages_look_right():
    """English texts never contain Cyrillic; Ukrainian texts of words always do."""
    for key, texts in labels_mod.catalogue().items():
        assert not CYRILLIC.search(texts["en"]), f"{key}: Cyrillic in English text"
        if key.split(".")[0] in ("title", "axis", "unit", "caption", "illustrative", "source"):
            assert CYRILLIC.search(texts["uk"]), f"{key}: Ukrainian text without Cyrillic"


@pytest.mark.parametrize(
    ("key", "lang", "expected"),
    [
        ("source.prefix", "uk", "Джерело"),
        ("source.prefix", "en", "Source"),
        ("illustrative", "uk", "ілюстративні дані"),
        ("illustrative", "en", "illustrative data"),
        ("axis.year", "uk", "Рік"),
        ("legend.unallocated", "en", "not allocated to a city"),
        ("component.2000.short", "uk", "Розвиток МСП"),
    ],
)
def test_label_lookup(key, lang, expected):
    assert charts.label(key, lang) == expected


def test_label_fills_placeholders():
    text = charts.label("title.partner_cities_by_oblast", "uk", n_cities="16", n_oblasts="4")
    assert text == "16 міст-партнерів із 4 областей України"
    with pytest.raises(KeyError, match="n_oblasts"):
        charts.label("title.partner_cities_by_oblast", "en", n_cities="16")


def test_unknown_label_key_suggests_close_matches():
    with pytest.raises(KeyError) as info:
        charts.label("title.partner_cities_by_oblst", "uk")
    assert "title.partner_cities_by_oblast" in str(info.value)


def test_label_rejects_unknown_language():
    with pytest.raises(ValueError, match="'ru'"):
        charts.label("axis.year", "ru")


@pytest.mark.parametrize(
    ("key", "lang", "expected"),
    [
        ("event_type.training", "uk", "тренінг"),
        ("event_type.study_tour", "en", "study tour"),
        ("instrument.e_petitions", "uk", "електронні петиції"),
        ("instrument.open_city", "en", "Open City"),
        ("field.city", "uk", "Місто"),
    ],
)
def test_category_labels_come_from_registers_fields(key, lang, expected):
    pytest.importorskip("promis_analytics.registers.schema.fields")
    assert charts.label(key, lang) == expected


def test_city_labels_come_from_reference():
    reference = pytest.importorskip("promis_analytics.reference")
    for place in reference.PARTNER_CITIES:
        assert charts.label(f"city.{place.key}", "uk") == place.name_uk
        assert charts.label(f"city.{place.key}", "en") == place.name_en


def test_component_labels_come_from_reference():
    reference = pytest.importorskip("promis_analytics.reference")
    for code in ("1000", "2000", "3000", "1100", "3300"):
        component = reference.component(code)
        assert charts.label(f"component.{code}", "uk") == component.title_uk
        assert charts.label(f"component.{code}", "en") == component.title_en
    with pytest.raises(KeyError, match="4000"):
        charts.label("component.4000", "uk")


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (1, "uk", "місто"),
        (3, "uk", "міста"),
        (4, "uk", "міста"),
        (5, "uk", "міст"),
        (11, "uk", "міст"),
        (12, "uk", "міст"),
        (15, "uk", "міст"),
        (16, "uk", "міст"),
        (21, "uk", "місто"),
        (22, "uk", "міста"),
        (114, "uk", "міст"),
        (1, "en", "city"),
        (2, "en", "cities"),
        (16, "en", "cities"),
    ],
)
def test_count_label_agrees_with_number(n, lang, expected):
    assert charts.count_label("unit.cities", n, lang) == expected


# --- save_figure -----------------------------------------------------------------------------


def small_figure(lang: str = "uk") -> Figure:
    with charts.brochure_theme():
        fig = Figure(figsize=(3, 2), layout="constrained")
        ax = fig.add_subplot()
        ax.bar(["Вінниця", "Полтава"], [12, 30], color=charts.PALETTE["1000"])
        ax.set_title(charts.label("title.participants_per_city", lang))
        charts.source_line(fig, "monitoring card 2018H2", lang)
    return fig


def test_save_figure_is_byte_stable(tmp_path):
    first = save_figure(small_figure(), "demo.uk", out_dir=tmp_path / "a")
    second = save_figure(small_figure(), "demo.uk", out_dir=tmp_path / "b")
    again = save_figure(small_figure(), "demo.uk", out_dir=tmp_path / "a")
    assert [p.name for p in first] == ["demo.uk.png", "demo.uk.svg", "demo.uk.pdf"]
    assert first == again
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between runs"


def test_saved_files_carry_no_dates_or_versions(tmp_path):
    png, svg, pdf = save_figure(small_figure(), "demo.uk", out_dir=tmp_path)
    svg_text = svg.read_text(encoding="utf-8")
    assert "<text" in svg_text, "SVG text must stay editable"
    assert "Вінниця" in svg_text
    assert "<dc:date>" not in svg_text
    assert "Matplotlib v" not in svg_text
    assert b"CreationDate" not in pdf.read_bytes()
    assert b"ModDate" not in pdf.read_bytes()
    assert b"Matplotlib" not in pdf.read_bytes()
    assert b"Software" not in png.read_bytes()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_save_figure_dpi_sets_png_size(tmp_path):
    (png,) = save_figure(small_figure(), "demo.en", formats=("png",), dpi=100, out_dir=tmp_path)
    width = int.from_bytes(png.read_bytes()[16:20], "big")
    assert width == 300  # 3 inches × 100 dpi


@pytest.mark.parametrize(
    ("stem", "formats", "fragment"),
    [
        ("participants_per_city", ("png",), "language code"),
        ("participants_per_city.ru", ("png",), "language code"),
        ("..", ("png",), "language code"),
        ("Учасники за містами", ("png",), "language code"),
        ("--.uk", ("png",), "no letter or digit"),
        ("demo.uk", ("jpg",), "unknown figure format"),
        ("demo.uk", (), "unknown figure format"),
    ],
)
def test_save_figure_rejects_bad_names_and_formats(tmp_path, stem, formats, fragment):
    with pytest.raises(ValueError, match=fragment):
        save_figure(small_figure(), stem, formats=formats, out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_failed_save_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    (old,) = save_figure(small_figure(), "demo.uk", formats=("svg",), out_dir=tmp_path)
    before = old.read_bytes()
    fig = small_figure("en")

    def broken_savefig(target, **kwargs):
        Path(target).write_bytes(b"<svg partial")
        raise OSError("disk full")

    monkeypatch.setattr(fig, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        save_figure(fig, "demo.uk", formats=("svg",), out_dir=tmp_path)
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.uk.svg"]


# --- notes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "source", "mark"),
    [
        ("uk", "Джерело: брошура 2021, розд. 1.4", "ілюстративні дані"),
        ("en", "Source: brochure 2021, sec. 1.4", "illustrative data"),
    ],
)
def test_source_line_and_illustrative_mark(lang, source, mark):
    fig = Figure(layout="constrained")
    fig.add_subplot()
    text = source.split(": ", 1)[1]
    assert charts.source_line(fig, text, lang).get_text() == source
    assert charts.illustrative_mark(fig, lang).get_text() == mark
    assert_no_overlap_and_inside(fig)


def test_source_line_needs_text():
    with pytest.raises(ValueError, match="source text"):
        charts.source_line(Figure(), "  ", "uk")


# --- partner cities by oblast ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_partner_cities_draws_16_cities_in_4_oblasts(cities, lang):
    fig = charts.partner_cities_by_oblast(cities, lang=lang, source="brochure 2021")
    names = [t.get_text() for t in texts_by_gid(fig, "city_name:")]
    assert names == cities[f"name_{lang}"].tolist()
    boxes = [p for p in fig.findobj(FancyBboxPatch) if (p.get_gid() or "").startswith("city_box:")]
    assert len(boxes) == 16
    oblast_names = [t.get_text() for t in texts_by_gid(fig, "oblast_name:")]
    assert oblast_names == [OBLASTS[o][0 if lang == "uk" else 1] for o in OBLASTS]
    assert [t.get_text() for t in texts_by_gid(fig, "oblast_count:")] == ["4"] * 4
    title = fig.axes[0].get_title(loc="left")
    assert re.search(r"\b16\b", title) and re.search(r"\b4\b", title)


def test_partner_cities_boxes_take_their_oblast_colour(cities):
    fig = charts.partner_cities_by_oblast(cities)
    for patch in fig.findobj(FancyBboxPatch):
        gid = patch.get_gid() or ""
        if gid.startswith("city_box:"):
            oblast = cities.set_index("key").loc[gid.split(":", 1)[1], "oblast"]
            assert colors.same_color(patch.get_edgecolor(), charts.OBLAST_COLOURS[oblast])


def test_partner_cities_language_of_all_text(cities):
    uk = charts.partner_cities_by_oblast(cities, lang="uk", source="брошура 2021")
    en = charts.partner_cities_by_oblast(cities, lang="en", source="brochure 2021")
    uk_words = [t.get_text() for t in visible_texts(uk) if re.search(r"[^\W\d_]", t.get_text())]
    assert uk_words and all(CYRILLIC.search(w) for w in uk_words)
    assert not any(CYRILLIC.search(t.get_text()) for t in visible_texts(en))


def test_partner_cities_counts_come_from_the_table(cities):
    three = cities[cities["oblast"] != "poltava"].reset_index(drop=True)
    fig = charts.partner_cities_by_oblast(three, lang="en")
    assert fig.axes[0].get_title(loc="left") == "12 partner cities in 3 oblasts of Ukraine"
    assert len(texts_by_gid(fig, "city_name:")) == 12


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_partner_cities_text_fits_and_does_not_overlap(cities, lang):
    fig = charts.partner_cities_by_oblast(cities, lang=lang, source="x", illustrative=True)
    assert_no_overlap_and_inside(fig)


def test_partner_cities_uses_the_brochure_font(cities):
    fig = charts.partner_cities_by_oblast(cities)
    folder = charts.font_path().parent
    for text in visible_texts(fig):
        found = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        assert Path(found).parent == folder
        assert font_manager.get_font(found).family_name == "DejaVu Sans", text.get_text()


def test_partner_cities_draws_into_a_given_axes(cities):
    fig = Figure()
    ax = fig.add_subplot()
    assert charts.partner_cities_by_oblast(cities, ax=ax) is fig


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda df: df.drop(columns=["oblast_en"]), "lacks column"),
        (lambda df: df.assign(name_uk=df["name_uk"].where(df.index != 3, "")), "row 3"),
        (lambda df: pd.concat([df, df.head(1)], ignore_index=True), "duplicate city key"),
        (lambda df: df.assign(oblast="lviv"), "no colour for oblast 'lviv'"),
        (lambda df: df.head(0), "no cities"),
    ],
)
def test_partner_cities_bad_table_raises(cities, change, fragment):
    with pytest.raises(ChartError, match=fragment):
        charts.partner_cities_by_oblast(change(cities))


def test_partner_cities_frame_from_reference():
    pytest.importorskip("promis_analytics.reference")
    frame = charts.partner_cities_frame()
    assert len(frame) == 16
    assert frame["oblast"].nunique() == 4
    assert set(frame["oblast"]) == set(charts.OBLAST_COLOURS)


# --- headline tiles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "numbers", "units", "title"),
    [
        ("uk", ["15", "5", "229,8"], ["міст", "років", "млн\u00a0грн"], "Громадський бюджет"),
        ("en", ["15", "5", "229.8"], ["cities", "years", "UAH million"], "Participatory budgeting"),
    ],
)
def test_headline_tiles_print_numbers_units_captions(tiles, lang, numbers, units, title):
    fig = charts.headline_tiles(tiles, lang=lang, title_key="title.participatory_budget")
    assert [t.get_text() for t in texts_by_gid(fig, "tile_number:")] == numbers
    assert [t.get_text() for t in texts_by_gid(fig, "tile_unit:")] == units
    captions = [t.get_text().replace("\n", " ") for t in texts_by_gid(fig, "tile_caption:")]
    assert captions == [charts.label(k, lang) for k in tiles["caption_key"]]
    assert fig.axes[0].get_title(loc="left") == title


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_headline_tiles_fit_and_do_not_overlap(tiles, lang):
    fig = charts.headline_tiles(
        tiles, lang=lang, title_key="title.participatory_budget", source="brochure 2021"
    )
    assert_no_overlap_and_inside(fig)


def test_headline_tiles_language_of_all_text(tiles):
    en = charts.headline_tiles(tiles, lang="en", title_key="title.participatory_budget")
    assert not any(CYRILLIC.search(t.get_text()) for t in visible_texts(en))
    uk = charts.headline_tiles(tiles, lang="uk", title_key="title.participatory_budget")
    assert all(
        CYRILLIC.search(t.get_text())
        for t in visible_texts(uk)
        if re.search(r"[^\W\d_]", t.get_text())
    )


def test_headline_tiles_colour_and_decimals(tiles):
    table = tiles.assign(colour=["1000", "2000", "highlight"], decimals=[None, None, 2])
    fig = charts.headline_tiles(table, lang="uk")
    numbers = texts_by_gid(fig, "tile_number:")
    assert numbers[2].get_text() == "229,80"
    assert colors.same_color(numbers[2].get_color(), charts.PALETTE["highlight"])
    assert colors.same_color(numbers[1].get_color(), charts.PALETTE["2000"])


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (15, "unit.cities", "uk", ("15", "міст")),
        (3, "unit.cities", "uk", ("3", "міста")),
        (1, "unit.years", "en", ("1", "year")),
        (Decimal("43.9"), "percent", "uk", ("43,9", "%")),
        (Decimal("453300"), "CAD", "uk", ("453,3", "тис.\u00a0CAD")),
        (Decimal("453300"), "CAD", "en", ("453.3", "CAD thousand")),
        (Decimal("229849999"), "UAH", "uk", ("229,8", "млн\u00a0грн")),
        (380, None, "en", ("380", "")),
        (18, "unit.projects", "uk", ("18", "проектів")),
    ],
)
def test_tile_text(value, unit, lang, expected):
    assert charts.tile_text(value, unit, lang) == expected


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda df: df.drop(columns=["caption_key"]), "lacks column"),
        (lambda df: df.head(0), "no tiles"),
        (lambda df: df.assign(value=[15, None, 5]), "row 1: empty 'value'"),
        (lambda df: df.assign(colour=["1000", "pink", "1000"]), "unknown colour 'pink'"),
    ],
)
def test_headline_tiles_bad_table_raises(tiles, change, fragment):
    with pytest.raises(ChartError, match=fragment):
        charts.headline_tiles(change(tiles))


def test_headline_tiles_unknown_caption_key(tiles):
    with pytest.raises(KeyError, match=r"caption\.pb_value"):
        charts.headline_tiles(tiles.assign(caption_key=["caption.pb_valu"] * 3))


def test_charts_save_byte_stable(tmp_path, cities, tiles):
    """Two figures built from the same tables give byte-identical files."""
    for build, stem in (
        (lambda: charts.partner_cities_by_oblast(cities, lang="uk", source="s"), "cities.uk"),
        (lambda: charts.headline_tiles(tiles, lang="en", source="s"), "tiles.en"),
    ):
        a = save_figure(build(), stem, out_dir=tmp_path / "a")
        b = save_figure(build(), stem, out_dir=tmp_path / "b")
        assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_bad_catalogue_reports_every_problem(tmp_path, monkeypatch):
    bad = tmp_path / "chart_labels.csv"
    bad.write_text(
        "key,uk,en\n"
        "axis.year,Рік,Year\n"
        "axis.city,,City\n"
        "axis.year,Рік,Year\n"
        "title.x,{n} міст,{count} cities\n"
        "city.kyiv,Київ,Kyiv\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(metadata_labels, "CATALOGUE_PATH", bad)
    metadata_labels.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError) as info:
            labels_mod.catalogue()
    finally:
        metadata_labels.catalogue.cache_clear()
    message = str(info.value)
    assert "line 3, column 'uk': empty cell" in message
    assert "line 4: duplicate key 'axis.year'" in message
    assert "line 5: uk and en placeholders differ" in message
    assert "line 6: key 'city.kyiv' belongs to promis_analytics.reference" in message


RENDER_SCRIPT = """
import hashlib, sys, tempfile
import matplotlib
matplotlib.use("Agg")
import pandas as pd
from promis_analytics import charts
rows = [("vinnytsia", "Вінниця", "Vinnytsia"), ("poltava", "Полтава", "Poltava")]
table = pd.DataFrame(
    [dict(key=k, oblast=k, name_uk=u, name_en=e, oblast_uk=u + "ська", oblast_en=e)
     for k, u, e in rows]
)
fig = charts.partner_cities_by_oblast(table, lang="uk", source="test")
with tempfile.TemporaryDirectory() as folder:
    for path in charts.save_figure(fig, "demo.uk", dpi=50, out_dir=folder):
        print(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
"""


@pytest.mark.slow
def test_saved_bytes_do_not_depend_on_the_process():
    """Two fresh interpreters with different hash seeds write the same bytes."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", RENDER_SCRIPT],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0].count("\n") == 4  # png, svg, pdf and the data csv
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    ("sources", "lang", "expected"),
    [
        (["results_brochure_2021"], "uk", "брошура «#МістаТаЗміни» (ПРОМІС; 2021)"),
        (["results_brochure_2021"], "en", "#CitiesAndChanges results brochure (PROMIS; 2021)"),
        (
            ["monitoring_card_2018H2", "monitoring_card_2018H2", "events.csv"],
            "en",
            "project monitoring card, 2nd half of 2018; register events.csv",
        ),
        (["https://ti-ukraine.org/research/x", None, ""], "uk", "ti-ukraine.org"),
        (["data/raw/facts.csv"], "uk", "реєстр facts.csv"),
        (["some_new_document"], "en", "some_new_document"),
    ],
)
def test_describe_sources(sources, lang, expected):
    assert charts.describe_sources(sources, lang) == expected


def test_describe_sources_needs_a_source():
    with pytest.raises(ValueError, match="no source"):
        charts.describe_sources([None, "", float("nan")], "uk")


def test_every_seed_document_has_a_display_name(seeds_dir):
    """Each source document in the seeds folder has a uk and an en name for source lines."""
    for path in sorted(seeds_dir.glob("*.txt")):
        for lang in ("uk", "en"):
            assert charts.label(f"doc.{path.stem}", lang)


def test_tiles_source_line_comes_from_the_source_column(tiles):
    table = tiles.assign(source="results_brochure_2021", locator="1.4")
    fig = charts.headline_tiles(table, lang="en")
    (note,) = texts_by_gid(fig, "source_line")
    assert note.get_text() == "Source: #CitiesAndChanges results brochure (PROMIS; 2021)"
    assert_no_overlap_and_inside(fig)


def test_save_figure_writes_sorted_metadata_sidecar(tmp_path):
    meta = {"title": "Учасники", "chart": "participants_per_city", "source": "events.csv"}
    paths_written = save_figure(
        small_figure(), "demo.uk", formats=("png",), out_dir=tmp_path, meta=meta
    )
    sidecar = tmp_path / "demo.uk.json"
    assert sidecar in paths_written
    text = sidecar.read_text(encoding="utf-8")
    assert text.index('"chart"') < text.index('"source"') < text.index('"title"')
    assert "Учасники" in text
    with pytest.raises(ValueError, match="must be text"):
        save_figure(small_figure(), "demo.uk", formats=("png",), out_dir=tmp_path, meta={"n": 1})
