"""One column of the field dictionary: the ``Field`` record and the year bounds."""

from __future__ import annotations

from dataclasses import dataclass, field

from promis_analytics.dimensions import DimensionColumn
from promis_analytics.metadata.fields import YEAR_MAX, YEAR_MIN

__all__ = ["YEAR_MAX", "YEAR_MIN", "Field", "dimension_field"]


@dataclass(frozen=True)
class Field:
    """One column of the field dictionary (names, labels, descriptions, unit, bounds and
    vocabulary from ``metadata.fields``; ``description`` is the English description).

    ``allowed`` maps each allowed code to its (Ukrainian, English) label; ``None`` means any
    value of the type. ``minimum``/``maximum`` bound numbers (inclusive). ``summable`` marks
    columns whose totals row is checked against the sum of the data rows.
    """

    name: str
    dtype: str  # a column type of ``registers.schema.types.REGISTRY`` (text, int, date, city …)
    label_uk: str
    label_en: str
    description: str
    unit: str | None = None
    allowed: dict[str, tuple[str, str]] | None = None
    minimum: float | None = None
    maximum: float | None = None
    summable: bool = False
    extra_aliases: tuple[str, ...] = field(default_factory=tuple)
    vocabulary: str = (
        ""  # synonym table of a coded field ("" = the field's name; registers.schema.vocab)
    )
    description_uk: str = ""

    @property
    def type(self) -> str:
        """Alias of ``dtype`` (the name used in the shared API notes)."""
        return self.dtype

    def label(self, lang: str = "uk") -> str:
        """The column label in ``lang`` ("uk" or "en")."""
        return self.label_uk if lang == "uk" else self.label_en

    def bilingual(self) -> str:
        """``"Місто / City"`` — the header the Excel templates write."""
        return f"{self.label_uk} / {self.label_en}"


def dimension_field(column: DimensionColumn) -> Field:
    """The Field of a disaggregation column (``promis_analytics.dimensions``): people of one
    part among the participants, a non-negative integer, NA = not reported."""
    desc_en = (
        f"{column.label_en}: how many of the participants belong to this part "
        "(≤ participants; empty = not reported)."
    )
    desc_uk = (
        f"«{column.label_uk}»: скільки учасників належать до цієї частини (не більше "
        "кількості учасників; порожньо — невідомо)."
    )
    return Field(
        column.name, "int", column.label_uk, column.label_en, desc_en, unit="people",
        minimum=0, summable=True, extra_aliases=column.aliases, description_uk=desc_uk,
    )  # fmt: skip
