"""save_figure for communications staff: typed file names, the data CSV, [charts] settings."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from matplotlib.figure import Figure

from promis_analytics import charts
from promis_analytics.charts.figure_data import attach_data, csv_bytes, drawn_table
from promis_analytics.charts.save import save_figure
from promis_analytics.charts.save_options import safe_stem
from promis_analytics.charts.settings import (
    SETTINGS_ENV,
    ChartSettings,
    ChartSettingsError,
    active_settings,
    charts_slice,
    parse_charts,
)
from promis_analytics.charts.skip import SkippedChart
from promis_analytics.project import SettingsError, project_settings


def bars(lang: str = "uk") -> Figure:
    """Two bars with a title and the table of what they draw."""
    with charts.brochure_theme():
        fig = Figure(figsize=(3, 2), layout="constrained")
        ax = fig.add_subplot()
        ax.bar(["Вінниця", "Полтава"], [12, 30], color=charts.PALETTE["1000"], gid="bars")
        fig.suptitle(charts.label("title.participants_per_city", lang))
        charts.source_line(fig, "monitoring card 2018H2", lang)
    rows = [("Вінниця", 12), ("Полтава", 30)]
    return attach_data(fig, drawn_table(rows, ["axis.city", "axis.participants"], lang))


@pytest.mark.parametrize(
    ("typed", "safe"),
    [
        ("Учасники за містами.uk", "uchasnyky_za_mistamy.uk"),
        ("Співфінансування 2019 (грн).UK", "spivfinansuvannia_2019_hrn.uk"),
        ("Їжак / щастя.en", "yizhak_shchastia.en"),
        ("../escape.uk", "escape.uk"),
        ("participants_per_city.en", "participants_per_city.en"),
    ],
)
def test_safe_stem_transliterates_what_a_user_types(typed, safe):
    assert safe_stem(typed) == safe


def test_ukrainian_stem_is_saved_under_a_safe_name_and_the_sidecar_keeps_it(tmp_path):
    written = save_figure(
        bars(), "Учасники за містами.uk", out_dir=tmp_path, meta={"title": "x"},
        settings=ChartSettings(),
    )  # fmt: skip
    names = sorted(p.name for p in written)
    assert names == [f"uchasnyky_za_mistamy.uk.{x}" for x in ("csv", "json", "pdf", "png", "svg")]
    meta = json.loads((tmp_path / "uchasnyky_za_mistamy.uk.json").read_text(encoding="utf-8"))
    assert meta["stem"] == "Учасники за містами.uk"
    assert meta["data"] == "uchasnyky_za_mistamy.uk.csv"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("uk", 'Місто,"Учасники, осіб"\nВінниця,12\nПолтава,30\n'),
        ("en", 'City,"Participants, persons"\nВінниця,12\nПолтава,30\n'),
    ],
)
def test_csv_holds_the_values_drawn_with_headers_in_the_figure_language(tmp_path, lang, text):
    save_figure(bars(lang), f"demo.{lang}", out_dir=tmp_path, settings=ChartSettings())
    assert (tmp_path / f"demo.{lang}.csv").read_text(encoding="utf-8") == text


def test_csv_cells_unknown_empty_fixed_decimals_byte_stable():
    table = pd.DataFrame({"a": [1.5, None, 2.0, 1 / 3], "b": ["x", pd.NA, "y,z", "ї"]})
    data = csv_bytes(table)
    assert data == 'a,b\n1.5,x\n,\n2,"y,z"\n0.333333,ї\n'.encode()
    assert csv_bytes(table.copy()) == data


def test_a_figure_without_data_removes_an_old_csv(tmp_path):
    save_figure(bars(), "demo.uk", out_dir=tmp_path, settings=ChartSettings())
    plain = bars()
    del plain.promis_data
    save_figure(plain, "demo.uk", out_dir=tmp_path, settings=ChartSettings())
    assert not (tmp_path / "demo.uk.csv").exists()


def test_title_override_size_and_dpi_from_settings(tmp_path):
    settings = parse_charts(
        {"size": "slide", "dpi": 50, "titles": {"demo": {"en": "How many came"}}}
    )
    fig = bars("en")
    title = charts.label("title.participants_per_city", "en")
    save_figure(fig, "demo.en", out_dir=tmp_path, meta={"title": title}, settings=settings)
    assert fig._suptitle.get_text() == "How many came"
    png = (tmp_path / "demo.en.png").read_bytes()
    width, height = (int.from_bytes(png[i : i + 4], "big") for i in (16, 20))
    assert (width, height) == (500, 281)  # 10 × 5.625 in at 50 dpi: 16:9
    meta = json.loads((tmp_path / "demo.en.json").read_text(encoding="utf-8"))
    assert meta["title"] == "How many came"
    # the Ukrainian figure keeps its own title: the override is for English only
    uk = bars("uk")
    save_figure(uk, "demo.uk", out_dir=tmp_path, settings=settings)
    assert uk._suptitle.get_text() == charts.label("title.participants_per_city", "uk")


def test_settings_from_promis_toml_reach_save_figure(tmp_path, monkeypatch):
    (tmp_path / "promis.toml").write_text(
        '[charts]\ndpi = 60\n[charts.titles.demo]\nuk = "Скільки людей прийшло"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path))
    assert active_settings().dpi == 60
    fig = bars("uk")
    save_figure(fig, "demo.uk", out_dir=tmp_path / "figures", meta={"title": "t"})
    meta = json.loads((tmp_path / "figures" / "demo.uk.json").read_text(encoding="utf-8"))
    assert meta["title"] == "Скільки людей прийшло"
    png = (tmp_path / "figures" / "demo.uk.png").read_bytes()
    assert int.from_bytes(png[16:20], "big") == 180  # 3 in × 60 dpi


def test_palette_override_is_drawn_and_restored(tmp_path, monkeypatch):
    (tmp_path / "promis.toml").write_text(
        '[charts.palette]\n"1000" = "#0B3C6F"\n', encoding="utf-8"
    )
    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path))
    fig = bars()
    (bar, _) = fig.axes[0].patches
    assert tuple(round(c * 255) for c in bar.get_facecolor()[:3]) == (0x0B, 0x3C, 0x6F)
    assert charts.PALETTE["1000"] == "#1F5A96"  # outside the theme block: the default


@pytest.mark.parametrize(
    ("table", "fragments"),
    [
        ({"size": "poster"}, ["size", "a4-column"]),
        ({"size": [0, 3]}, ["size", "inches"]),
        ({"dpi": "high"}, ["dpi", "50–1200"]),
        ({"colour": 1}, ["unknown key", "colour"]),
        ({"palette": {"1000": "blue"}}, ["#RRGGBB"]),
        ({"palette": {"purple": "#7B4F9D"}}, ["unknown colour name"]),
        ({"palette": {"2000": "#2E8B50"}}, ["deuteranopia", "3000"]),
        ({"titles": {"demo": {"ru": "x"}}}, ["titles.demo.ru"]),
        ({"titles": {"demo": {"uk": ""}}}, ["titles.demo.uk"]),
    ],
)
def test_bad_charts_settings_name_the_key_in_both_languages(table, fragments):
    with pytest.raises(ChartSettingsError) as err:
        parse_charts(table)
    for fragment in fragments:
        assert fragment in str(err.value)
    assert " / " in str(err.value)


def test_bad_charts_table_is_reported_when_the_folder_is_read(tmp_path):
    (tmp_path / "promis.toml").write_text('[charts]\nsize = "poster"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="size"):
        project_settings(tmp_path)
    (tmp_path / "promis.toml").write_text('[report]\ntemplat = "a.docx"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="template"):
        project_settings(tmp_path)


def test_charts_slice_has_only_the_titles_of_the_named_charts():
    settings = parse_charts(
        {"dpi": 150, "titles": {"a": {"uk": "А"}, "b": {"en": "B"}}, "captions": {"b": {"uk": "п"}}}
    )
    assert charts_slice(settings, ["a"]) == {
        "size": None, "dpi": 150, "palette": {}, "titles": {"a": {"uk": "А"}}, "captions": {},
        "outputs": {},
    }  # fmt: skip
    assert charts_slice(settings, ["c"])["titles"] == {}


def test_validate_reports_every_charts_problem_without_a_traceback(tmp_path):
    from click.testing import CliRunner

    from promis_analytics.cli import cli

    (tmp_path / "events.csv").write_text(
        "Назва заходу,Тип,Дата початку,Місто,Кількість учасників\nА,тренінг,2023-03-12,Луцьк,25\n",
        encoding="utf-8",
    )
    (tmp_path / "promis.toml").write_text(
        '[charts]\nsize = "poster"\ndpi = "high"\n[charts.palette]\n"1000" = "blue"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    for fragment in ("[charts] size", "[charts] dpi", "palette.1000", "#RRGGBB"):
        assert fragment in result.output


def test_side_outputs_are_written_beside_the_main_one(tmp_path):
    settings = parse_charts(
        {"dpi": 50, "outputs": {"slide": {"size": "slide", "dpi": 60}, "print": {"dpi": 100}}}
    )
    written = save_figure(bars(), "demo.uk", out_dir=tmp_path, settings=settings)
    assert {p.relative_to(tmp_path).as_posix() for p in written} >= {
        "demo.uk.png", "slide/demo.uk.png", "slide/demo.uk.svg", "print/demo.uk.pdf",
    }  # fmt: skip
    sizes = {
        name: int.from_bytes((tmp_path / name).read_bytes()[16:20], "big")
        for name in ("demo.uk.png", "slide/demo.uk.png", "print/demo.uk.png")
    }
    # main 3 in × 50 dpi; slide 10 in × 60 dpi; print keeps the main size at 100 dpi
    assert sizes == {"demo.uk.png": 150, "slide/demo.uk.png": 600, "print/demo.uk.png": 300}
    save_figure(SkippedChart("bars", "немає", "none"), "demo.uk", out_dir=tmp_path)
    assert not list(tmp_path.glob("*/demo.uk.*"))  # a skipped chart leaves no side output


@pytest.mark.parametrize(
    ("outputs", "fragment"),
    [
        ({"Слайд": {"size": "slide"}}, "outputs.Слайд"),
        ({"slide": {"size": "poster"}}, "outputs.slide.size"),
        ({"slide": {"dpi": 10}}, "outputs.slide.dpi"),
        ({"slide": {"colour": "red"}}, "outputs.slide"),
    ],
)
def test_bad_side_outputs_are_named(outputs, fragment):
    with pytest.raises(ChartSettingsError, match=re.escape(fragment)):
        parse_charts({"outputs": outputs})


def test_every_chart_function_attaches_the_data_it_draws():
    """Each public function of charts/ that returns a Figure calls attach_data, or draws on a
    ``canvas`` and sets its ``data`` (the canvas attaches it; the build test checks the CSVs
    of the charts drawn from users' registers; this catches a new chart)."""
    import ast
    from pathlib import Path

    folder = Path(charts.__file__).parent
    missing, found = [], []
    for module in sorted(p for p in folder.glob("*.py") if p.stem != "figure_data"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            if not (isinstance(node.returns, ast.Name) and node.returns.id == "Figure"):
                continue
            calls = {
                n.func.id
                for n in ast.walk(node)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            }
            sets_data = any(
                isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Attribute) and t.attr == "data" for t in n.targets)
                for n in ast.walk(node)
            )
            attaches = "attach_data" in calls or ("canvas" in calls and sets_data)
            (found if attaches else missing).append(f"{module.stem}.{node.name}")
    assert len(found) >= 12, found
    assert not missing, missing
