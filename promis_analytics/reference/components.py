"""A project's components and outputs with short uk/en titles (the data folder's components.csv)."""

from __future__ import annotations

from dataclasses import dataclass

from promis_analytics import project_codes
from promis_analytics.errors import PromisError

__all__ = ["Component", "component", "components", "output_component"]


@dataclass(frozen=True)
class Component:
    """A component (a group of outputs, level ``component``) or an output, with uk/en titles,
    as the folder's ``components.csv`` declares it (``project_codes``)."""

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


def components() -> dict[str, Component]:
    """The components and outputs of the active data folder (``project_codes.active``), in
    file order; empty when the folder declares none."""
    rows = project_codes.active().records.get("component", ())
    return {
        r["code"]: Component(
            code=r["code"],
            level=r.get("level", ""),
            parent=r.get("parent") or None,
            title_uk=r["title_uk"],
            title_en=r["title_en"],
            source=r.get("source", ""),
            locator=r.get("locator", ""),
        )
        for r in rows
    }


def component(code: str | int) -> Component:
    """The component or output with ``code`` in the active folder's ``components.csv``."""
    known = components()
    try:
        return known[str(code).strip()]
    except KeyError:
        raise PromisError(
            f"невідомий код компонента {code!r}; відомі: {', '.join(known) or '—'} / "
            f"unknown component code {code!r}; known: {', '.join(known) or 'none declared'}"
        ) from None


def output_component(code: str | int) -> str:
    """The component an output belongs to (its ``parent``; a component maps to itself)."""
    c = component(code)
    return c.parent or c.code
