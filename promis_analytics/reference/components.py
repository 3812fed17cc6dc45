"""Project components (1000/2000/3000) and outputs (1100…3300) with short uk/en titles."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from promis_analytics import paths
from promis_analytics.errors import PromisError

__all__ = ["COMPONENTS", "COMPONENTS_PATH", "Component", "component", "output_component"]

# components.csv: code, level, parent, short uk/en titles, source document and locator.
COMPONENTS_PATH = paths.PACKAGE_DATA_DIR / "components.csv"


@dataclass(frozen=True)
class Component:
    """A project component (1000/2000/3000) or output (1100…3300) with short uk/en titles."""

    code: str
    level: str
    parent: str | None
    title_uk: str
    title_en: str
    source: str
    locator: str

    def title(self, lang: str = "uk") -> str:
        """The title in ``lang`` ("uk" or "en")."""
        return self.title_en if lang == "en" else self.title_uk


def _read() -> dict[str, Component]:
    with COMPONENTS_PATH.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["code"]: Component(
            code=r["code"],
            level=r["level"],
            parent=r["parent"] or None,
            title_uk=r["title_uk"],
            title_en=r["title_en"],
            source=r["source"],
            locator=r["locator"],
        )
        for r in rows
    }


COMPONENTS: dict[str, Component] = _read()


def component(code: str | int) -> Component:
    """The component or output with ``code`` ("1000"…"3000", "1100"…"3300")."""
    try:
        return COMPONENTS[str(code).strip()]
    except KeyError:
        raise PromisError(
            f"unknown component code {code!r}; known: {', '.join(COMPONENTS)}"
        ) from None


def output_component(code: str | int) -> str:
    """The component an output belongs to: "2300" → "2000" (a component maps to itself)."""
    c = component(code)
    return c.parent or c.code
