"""Outputs speak of the folder's own project: gallery title, Sources sheet, captions."""

from __future__ import annotations

from promis_analytics.build.gallery import render_gallery


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
