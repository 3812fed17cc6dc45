"""Outputs speak of the folder's own project: gallery title, Sources sheet, captions."""

from __future__ import annotations

from promis_analytics.currencies import money_words
from promis_analytics.pipeline.gallery import render_gallery


def test_the_gallery_names_the_projects_title() -> None:
    html = render_gallery([], project=("Муніципальні послуги", "Municipal Services"))
    assert (
        "<title>Галерея рисунків: Муніципальні послуги / Figure gallery: Municipal Services" in html
    )
    assert '<span class="t-uk">Галерея рисунків: Муніципальні послуги</span>' in html
    assert "ПРОМІС" not in html and "PROMIS" not in html


def test_a_gallery_without_a_title_names_no_project() -> None:
    html = render_gallery([])
    assert "<title>Галерея рисунків / Figure gallery</title>" in html
    assert "ПРОМІС" not in html and "PROMIS" not in html


def test_the_sources_sheet_lists_the_folders_own_sources(tmp_path) -> None:
    import openpyxl
    import pandas as pd

    from promis_analytics.pipeline.workbook import write_indicator_report

    folder = tmp_path / "data"
    folder.mkdir()
    counts = pd.DataFrame(
        {"register": ["events", "events", "cofinancing"],
         "source": ["report_2023", "report_2024", "grants_2023"], "rows": [4, 2, 3]}
    )  # fmt: skip
    out = write_indicator_report({"register_sources": counts}, tmp_path / "w.xlsx", data_dir=folder)
    ws = openpyxl.load_workbook(out)["Джерела · Sources"]
    ids = [r[0] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    assert ids == ["grants_2023", "report_2023", "report_2024"]
    (folder / "SOURCES.md").write_text(
        "| id | document |\n| --- | --- |\n| `report_2023` | Звіт за 2023 рік |\n", encoding="utf-8"
    )
    out = write_indicator_report(
        {"register_sources": counts}, tmp_path / "w2.xlsx", data_dir=folder
    )
    ws = openpyxl.load_workbook(out)["Джерела · Sources"]
    rows = [r[:2] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    assert rows[0] == ("report_2023", "Звіт за 2023 рік")


def test_captions_speak_of_partners_and_the_brochure_only_when_the_project_has_them() -> None:
    from promis_analytics.charts.labels import label, project_label

    brochure = {"results_brochure_2021"}
    for lang in ("uk", "en"):
        promis = project_label("caption.fig_transparency", lang, partners=True, sources=brochure)
        assert promis == label("caption.fig_transparency", lang)  # the embedded build: as before
        other = project_label("caption.fig_transparency", lang, partners=False, sources={"r1"})
        for word in ("партнер", "partner", "брошур", "brochure"):
            assert word not in other.lower()
        words = money_words("EUR", "UAH", lang)
        cofin = project_label("caption.fig_cofinancing", lang, partners=False, bases="x", **words)
        assert "міст-партнерів" not in cofin and "partner-city" not in cofin
        assert ("євро" if lang == "uk" else "euros") in cofin and "канадськ" not in cofin
    no_brochure = project_label("caption.fig_transparency", "uk", partners=True, sources={"r"})
    assert "міст-партнерів" in no_brochure and "брошур" not in no_brochure


def test_places_are_ordered_by_oblast_then_name() -> None:
    from promis_analytics.charts.labels import place_sort_key
    from promis_analytics.reference import normalize_city

    names = ["Суми", "Чернігів", "Харків", "Ічня", "Конотоп", "Ніжин"]
    keys = [normalize_city(n).key for n in names]
    ordered = [normalize_city(n).key for n in
               ["Конотоп", "Суми", "Харків", "Ічня", "Ніжин", "Чернігів"]]  # fmt: skip
    # Сумська (Конотоп, Суми), Харківська (Харків), Чернігівська (Ічня, Ніжин, Чернігів):
    # «І» sorts after «З» and before «К» in Ukrainian, not after «Я» as code points put it
    assert sorted(keys, key=place_sort_key) == ordered
    assert sorted(["zzz-unknown", keys[0]], key=place_sort_key)[-1] == "zzz-unknown"
