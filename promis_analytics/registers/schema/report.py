"""ValidationReport: every problem found in a register file, with its Excel row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from promis_analytics.registers.schema.messages import MESSAGES

ERROR = "error"
NOTE = "note"
WARNING = "warning"  # a problem that does not reject the row (shown with the errors)

COLUMNS: tuple[str, ...] = (
    "file",
    "sheet",
    "row",
    "column",
    "column_letter",
    "value",
    "problem",
    "expected",
    "severity",
    "code",
)

_HEADINGS = {
    "uk": {
        "file": "Файл",
        "sheet": "Аркуш",
        "row": "Рядок",
        "column": "Стовпець",
        "column_letter": "Літера",
        "value": "Значення",
        "problem": "Проблема",
        "expected": "Очікувалося",
        "severity": "Рівень",
        "code": "Код",
    },
    "en": {c: c.replace("_", " ").capitalize() for c in COLUMNS},
}


@dataclass(frozen=True)
class Entry:
    """One problem (severity "error") or note (e.g. a skipped blank row).

    ``row`` is the row number the user sees in Excel (1-based; for CSV the record number);
    ``column`` is the header as written in the file and ``column_letter`` its Excel letter.
    """

    code: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    column_letter: str | None = None
    value: Any = None
    severity: str = ERROR
    params: dict[str, Any] = field(default_factory=dict)

    def problem(self, lang: str = "en") -> str:
        """The problem sentence in ``lang``."""
        return _fmt(MESSAGES[self.code][lang][0], self._values(), lang)

    def expected(self, lang: str = "en") -> str:
        """What was expected, in ``lang``."""
        return _fmt(MESSAGES[self.code][lang][1], self._values(), lang)

    def _values(self) -> dict[str, Any]:
        """Message parameters; ``{column}`` in a template is the column as written."""
        return {"column": self.column or "", **self.params}

    def where(self, lang: str = "en") -> str:
        """``file [sheet] row 7 column B Місто`` — the place of the problem, in ``lang``."""
        row_word, col_word = ("рядок", "стовпець") if lang == "uk" else ("row", "column")
        parts = [self.file]
        if self.sheet:
            parts.append(f"[{self.sheet}]")
        if self.row is not None:
            parts.append(f"{row_word} {self.row}")
        if self.column_letter or self.column:
            named = " ".join(x for x in (self.column_letter, self.column) if x)
            parts.append(f"{col_word} {named}")
        return " ".join(parts)


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return ""


_CLOSE = {
    "closest": {"uk": " (найближчі: {})", "en": " (closest: {})"},
    "similar": {"uk": " (схожі заголовки: {})", "en": " (similar headers: {})"},
}


def _fmt(template: str, params: dict[str, Any], lang: str = "en") -> str:
    """Fill ``template``; ``{close}`` becomes the closest names in ``lang``, if any."""
    values = dict(params)
    values.setdefault("close", "")
    for key, forms in _CLOSE.items():
        found = params.get(f"{key}_{lang}", params.get(key))
        if found:
            values["close"] = forms[lang].format(found)
    return template.format_map(_Default(values))


@dataclass
class ValidationReport:
    """All problems and notes for one register file, plus the row counts.

    Invariant (checked by ``balanced``): rows_read = accepted + rejected + blank + totals,
    where rows_read counts every row below the header row.
    """

    file: str
    sheet: str | None = None
    kind: str | None = None
    entries: list[Entry] = field(default_factory=list)
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
    totals: int = 0

    def add(self, code: str, **kw: Any) -> Entry:
        """Record one entry (keyword arguments are Entry fields; others go to params)."""
        fields = {k: kw.pop(k) for k in list(kw) if k in _ENTRY_FIELDS}
        e = Entry(code=code, file=self.file, sheet=self.sheet, params=kw, **fields)
        self.entries.append(e)
        return e

    def sort(self) -> None:
        """Order entries as a user reads the file (``entry_order``)."""
        self.entries.sort(key=entry_order)

    @property
    def errors(self) -> list[Entry]:
        """Entries with severity "error"."""
        return [e for e in self.entries if e.severity == ERROR]

    @property
    def ok(self) -> bool:
        """True when there is no error (notes do not count)."""
        return not self.errors

    @property
    def unfilled(self) -> bool:
        """A header and nothing below it (a template not filled yet): its only error is
        ``no_data``. A folder treats such a file as an absent register."""
        return self.rows_read == 0 and [e.code for e in self.errors] == ["no_data"]

    @property
    def balanced(self) -> bool:
        """rows_read == accepted + rejected + blank + totals."""
        return self.rows_read == self.accepted + self.rejected + self.blank + self.totals

    def counts(self) -> dict[str, int]:
        """Row counts as a dict."""
        return {
            "rows_read": self.rows_read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "blank": self.blank,
            "totals": self.totals,
            "problems": len(self.errors),
        }

    def to_frame(self, lang: str = "en", *, notes: bool = True) -> pd.DataFrame:
        """One row per entry with the columns of ``COLUMNS`` (problem/expected in ``lang``)."""
        shown = [e for e in self.entries if notes or e.severity != NOTE]
        return entries_frame(shown, lang=lang)

    @property
    def warnings(self) -> list[Entry]:
        """Entries with severity "warning" (the row is kept; the user should look)."""
        return [e for e in self.entries if e.severity == WARNING]

    def summary(self, lang: str = "en", limit: int = 20) -> str:
        """Readable text: the counts, the first ``limit`` problems (errors, then warnings),
        then "N more"."""
        shown = self.errors + self.warnings
        return summarize(shown, lang=lang, limit=limit, header=self.counts_line(lang))

    def counts_line(self, lang: str = "en") -> str:
        """``events.csv: 12 rows read, 10 accepted, 1 rejected, 1 blank, 0 totals``."""
        where = self.file + (f" [{self.sheet}]" if self.sheet else "")
        if lang == "uk":
            return (
                f"{where}: прочитано рядків {self.rows_read}, прийнято {self.accepted}, "
                f"відхилено {self.rejected}, порожніх {self.blank}, підсумкових {self.totals}"
            )
        return (
            f"{where}: {self.rows_read} rows read, {self.accepted} accepted, "
            f"{self.rejected} rejected, {self.blank} blank, {self.totals} totals"
        )


_ENTRY_FIELDS = {"sheet", "row", "column", "column_letter", "value", "severity"}


def entries_frame(entries: list[Entry], lang: str = "en") -> pd.DataFrame:
    """Entries as a DataFrame with the columns of ``COLUMNS``."""
    rows = [
        {
            "file": e.file,
            "sheet": e.sheet,
            "row": e.row,
            "column": e.column,
            "column_letter": e.column_letter,
            "value": None if e.value is None else str(e.value),
            "problem": e.problem(lang),
            "expected": e.expected(lang),
            "severity": e.severity,
            "code": e.code,
        }
        for e in entries
    ]
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df["row"] = df["row"].astype("Int64")
    return df


_SEVERITY_UK = {ERROR: "помилка", NOTE: "примітка", WARNING: "попередження"}


def entry_order(e: Entry) -> tuple[str, str, int, int, str]:
    """Sort key: file, sheet, row (file-level entries first), column in Excel order (B < AA)."""
    letter = e.column_letter or ""
    return (e.file, e.sheet or "", e.row or 0, len(letter), letter)


REPORT_SHEET = {"uk": "Проблеми", "en": "Problems"}


def report_frame(entries: list[Entry], lang: str = "en") -> pd.DataFrame:
    """The problem report as a user's file holds it: sorted by file, sheet, row and column;
    in Ukrainian every heading and severity is Ukrainian, in English the column keys."""
    ordered = sorted(entries, key=entry_order)
    frame = entries_frame(ordered, lang=lang)
    if lang == "uk":
        frame["severity"] = frame["severity"].map(_SEVERITY_UK)
        frame = frame.rename(columns=_HEADINGS["uk"])
    return frame


def headings(lang: str = "en") -> dict[str, str]:
    """Column headings of the report table in ``lang``."""
    return _HEADINGS[lang]


def format_entry(e: Entry, lang: str = "en") -> str:
    """One line: where — problem — value — expected."""
    value = "" if e.value is None else f" {e.value!r}"
    exp = e.expected(lang)
    exp_word = "очікувалося" if lang == "uk" else "expected"
    tail = f" ({exp_word}: {exp})" if exp else ""
    return f"{e.where(lang)}: {e.problem(lang)}{value}{tail}"


def summarize(
    entries: list[Entry], lang: str = "en", limit: int = 20, header: str | None = None
) -> str:
    """The first ``limit`` entries, one per line, then "… N more"."""
    lines = [header] if header else []
    lines += [format_entry(e, lang) for e in entries[:limit]]
    rest = len(entries) - limit
    if rest > 0:
        lines.append(f"… ще {rest}" if lang == "uk" else f"… {rest} more")
    return "\n".join(lines)
