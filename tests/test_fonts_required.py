"""A missing chart font is an error at the start of every chart, never a silent fallback."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from matplotlib import font_manager

from promis_analytics import charts
from promis_analytics.errors import ChartError

CHARTS_DIR = Path(charts.__file__).parent


def _no_font(*args: object, **kwargs: object) -> str:
    raise ValueError("findfont: Font family ['DejaVu Sans'] not found.")


@pytest.fixture()
def fonts_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_manager, "findfont", _no_font)


def test_check_fonts_raises_chart_error(fonts_missing: None) -> None:
    with pytest.raises(ChartError, match="font 'DejaVu Sans' not found"):
        charts.check_fonts()


def test_theme_entry_points_raise_before_drawing(fonts_missing: None) -> None:
    with pytest.raises(ChartError), charts.brochure_theme():
        pytest.fail("the block must not run without the font")
    with pytest.raises(ChartError):
        charts.apply_theme()


def test_a_real_chart_refuses_to_draw_without_the_font(fonts_missing: None) -> None:
    cities = charts.partner_cities_frame()
    with pytest.raises(ChartError, match="not found"):
        charts.partner_cities_by_oblast(cities, lang="uk")


def test_a_font_of_another_family_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    other = font_manager.findfont(
        font_manager.FontProperties(family="DejaVu Serif"), fallback_to_default=False
    )
    monkeypatch.setattr(font_manager, "findfont", lambda *a, **k: other)
    with pytest.raises(ChartError, match="a 'DejaVu Serif' font"):
        charts.check_fonts()


#: Public functions that return the Figure they were given without drawing on it.
NOT_DRAWING = {"figure_data.py:attach_data"}


def _public_figure_functions() -> list[tuple[str, ast.FunctionDef]]:
    out = []
    for path in sorted(CHARTS_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                ret = ast.unparse(node.returns) if node.returns else ""
                if ret.endswith("Figure"):
                    out.append((f"{path.name}:{node.name}", node))
    return out


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def test_every_chart_function_draws_inside_the_checked_theme() -> None:
    """Every public function returning a Figure enters ``brochure_theme()`` (fonts checked),
    itself or through ``canvas()``, which enters it."""
    canvas_tree = ast.parse((CHARTS_DIR / "canvas.py").read_text(encoding="utf-8"))
    canvas = next(
        n for n in canvas_tree.body if isinstance(n, ast.FunctionDef) and n.name == "canvas"
    )
    assert "brochure_theme" in _names(canvas)
    found = _public_figure_functions()
    assert len(found) >= 8
    missing = [
        name
        for name, node in found
        if name not in NOT_DRAWING and not {"brochure_theme", "canvas"} & _names(node)
    ]
    assert missing == []
