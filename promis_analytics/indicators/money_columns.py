"""Co-financing column names and labels in a project's reporting and local currency."""

from __future__ import annotations

import re
from dataclasses import dataclass

from promis_analytics.currencies import is_currency, money_words
from promis_analytics.metadata.fields import MONEY_COLUMNS_PATH, money_column_templates
from promis_analytics.project import DEFAULT_CURRENCY

__all__ = ["LABELS_PATH", "MoneyColumns", "money_columns_of"]

#: Labels of the money columns: templates with {short_uk}, {cur_unit}, {local}… per role
#: (``metadata.fields``).
LABELS_PATH = MONEY_COLUMNS_PATH

_RATE = re.compile(r"^([a-z]{3})_per_([a-z]{3})$")
_SIDES = ("project", "partner", "total")


@dataclass(frozen=True)
class MoneyColumns:
    """The money columns of a co-financing table: ``currency`` is the reporting currency
    (``[project] currency``), ``local`` the currency reported beside it (``[project]
    local_currency``), both ISO 4217 codes. Columns are ``<side>_<code>`` (``project_eur``,
    ``partner_uah``, ``total_eur``…; one set when the two are the same) and the rate
    ``<local>_per_<currency>`` (``uah_per_eur``: local units per one reporting unit)."""

    currency: str = DEFAULT_CURRENCY
    local: str = DEFAULT_CURRENCY

    def of(self, side: str, which: str) -> str:
        """The column of ``side`` ("project", "partner", "total") in ``which`` currency
        ("cur": the reporting one, "local")."""
        return f"{side}_{(self.currency if which == 'cur' else self.local).lower()}"

    def in_unit(self, which: str, unit: object) -> MoneyColumns:
        """These columns with the ``which`` currency ("cur" or "local") replaced by ``unit``
        when it is an ISO 4217 code (a figure printed in CAD is compared with a CAD sum)."""
        if not is_currency(unit):
            return self
        code = str(unit)
        return (
            MoneyColumns(code, self.local) if which == "cur" else MoneyColumns(self.currency, code)
        )

    @property
    def rate(self) -> str:
        """The rate column: local units per one unit of the reporting currency."""
        return f"{self.local.lower()}_per_{self.currency.lower()}"

    @property
    def amounts(self) -> tuple[str, ...]:
        """The project and partner columns (reporting currency first), without repeats."""
        cols = [self.of(s, w) for w in ("cur", "local") for s in _SIDES[:2]]
        return tuple(dict.fromkeys(cols))

    def columns(self) -> tuple[str, ...]:
        """Every column of ``cofinancing_summary`` after the ``by`` columns, in order."""
        money = [self.of(s, w) for w in ("cur", "local") for s in _SIDES]
        return (
            "projects",
            *dict.fromkeys(money),
            "partner_share_pct",
            "leverage",
            self.rate,
            "fx_basis",
            "rows_incomplete",
            "unknown_reason",
        )

    def labels(
        self,
        short_uk: str | None = None,
        short_en: str | None = None,
        partners: bool = False,
    ) -> dict[str, tuple[str, str, str]]:
        """Column → (Ukrainian label, English label, unit) from ``data/metadata/money_columns.csv``:
        the project's short name (default «проєкту» / "Project"), the currencies' words
        (``currencies.money_words``); «міст-партнерів» only when ``partners`` are declared.
        Units: ``money:<code>``, ``rate:<local>/<currency>``, ``ratio``."""
        t = money_column_templates()
        names = {"short_uk": short_uk or t["short"][0], "short_en": short_en or t["short"][1]}
        out: dict[str, tuple[str, str, str]] = {}
        roles = [(self.of(s, w), f"{s}_{w}") for w in ("local", "cur") for s in _SIDES]
        for column, role in [*roles, ("leverage", "leverage"), (self.rate, "rate")]:
            if partners and f"{role}.partners" in t:
                role = f"{role}.partners"
            uk, en, unit = t[role]
            words = {lang: money_words(self.currency, self.local, lang) for lang in ("uk", "en")}
            out[column] = (
                uk.format(**names, **words["uk"]),
                en.format(**names, **words["en"]),
                unit.format(cur=self.currency, local=self.local),
            )
        return out


def money_columns_of(columns: object) -> MoneyColumns:
    """The ``MoneyColumns`` of a co-financing table, read from its rate column
    (``uah_per_eur`` → EUR reported, UAH beside); ValueError when it has none."""
    found = [m for c in list(columns) if (m := _RATE.match(str(c)))]  # type: ignore[call-overload]
    if len(found) != 1:
        raise ValueError(
            f"expected one rate column <local>_per_<currency> (e.g. uah_per_eur), found "
            f"{[m.group(0) for m in found]}"
        )
    local, currency = found[0].groups()
    return MoneyColumns(currency.upper(), local.upper())
