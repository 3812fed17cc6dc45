"""Raw cells of spreadsheet files (values, Excel row numbers, nothing typed) and the CSV reader."""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, AnyStr

from promis_analytics.encodings import decode
from promis_analytics.registers.io import csv_fast
from promis_analytics.registers.io.limits import ENV, active
from promis_analytics.registers.io.rows import CodedCells, ColumnRows, RawRow, recode

_NEUTRALISED = tuple(
    "'" + c for c in ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
)  # export.DANGEROUS_PREFIXES with the "'" that export adds


class FormulaNoValue:
    """A formula cell whose workbook holds no calculated value (never evaluated here)."""

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __repr__(self) -> str:
        return str(self.formula)

    def __str__(self) -> str:
        return str(self.formula)


class ExcelErrorValue(str):
    """An Excel error shown in a cell (#DIV/0!, #N/A, #REF!…), never taken as data."""


class ExcelPercent(Decimal):
    """A number cell formatted as a percent in Excel, already × 100 (0.439 → 43.9)."""

    def __repr__(self) -> str:
        return f"{format(self.normalize(), 'f')}%"

    __str__ = __repr__


@dataclass
class RawTable:
    """Untyped content of one sheet or CSV file.

    CSV cells are ``str``; XLSX cells are ``str``, ``int``, ``float``, ``bool``, ``datetime``,
    ``None``, ``FormulaNoValue``, ``ExcelErrorValue`` or ``ExcelPercent``. ``fixed_width``
    is True for CSV, where a row with more or fewer cells than the header is a problem.
    """

    path: Path
    sheet: str | None
    rows: Sequence[RawRow] = field(default_factory=list)
    fixed_width: bool = False
    encoding: str | None = None
    delimiter: str | None = None
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_sheets: list[str] = field(default_factory=list)
    # the cells column by column when the reader had them so (Arrow's CSV fast path); ``rows``
    # is then a view of them (``rows.ColumnRows``)
    columns: list[CodedCells] | None = field(default=None, repr=False)

    @property
    def file(self) -> str:
        """The file name shown to users."""
        return self.path.name


class FileProblem(Exception):
    """The file cannot be read at all; carries bilingual detail and what was expected."""

    def __init__(
        self,
        detail: str,
        detail_uk: str,
        expected_en: str = "a .csv or .xlsx register file",
        expected_uk: str = "файл реєстру .csv або .xlsx",
        code: str = "file_error",
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_uk = detail_uk
        self.expected_en = expected_en
        self.expected_uk = expected_uk
        self.code = code


def password_problem(what_en: str = "workbook", what_uk: str = "книга") -> FileProblem:
    """The one message for an encrypted (password-protected) file."""
    return FileProblem(
        f"password-protected {what_en} (encrypted): remove the password",
        f"{what_uk} захищена паролем (зашифрована): зніміть пароль",
        "the file without a password (File → Info → Protect → remove the password; "
        "LibreOffice: File → Properties → Security)",
        "файл без пароля (Файл → Відомості → Захист → зніміть пароль; LibreOffice: "
        "Файл → Властивості → Безпека)",
        code="file_error",
    )


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index (0 → A, 26 → AA)."""
    n = index + 1
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _has_neutralised_field(text: str | bytes, start: int = 0) -> bool:
    """Whether some field of the CSV text (or its UTF-8 bytes, from ``start``) starts with '
    (after a delimiter, a line break or an opening quote) — only then are fields checked for
    the writer's neutralising '."""
    if isinstance(text, str):
        return _quote_opens_field(text, "'", ',;\t\n"', start)
    return _quote_opens_field(text, b"'", b',;\t\n"', start)


def _quote_opens_field(text: AnyStr, quote: AnyStr, before: AnyStr, start: int) -> bool:
    """Whether ``quote`` occurs (from ``start``) right after one of the ``before`` characters."""
    i = text.find(quote, start)
    while i != -1:
        if i == start or text[i - 1 : i] in before:
            return True
        i = text.find(quote, i + 1)
    return False


def unneutralise(value: Any) -> Any:
    """Undo the ``'`` prefix that ``export`` adds to text starting with = + - @ tab CR LF
    (also to text that already started with ``'`` and one of those: ``''=x`` → ``'=x``)."""
    if isinstance(value, str) and (
        value.startswith(_NEUTRALISED)
        or (value.startswith("'") and value[1:].startswith(_NEUTRALISED))
    ):
        return value[1:]
    return value


# --- CSV -------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """Decode bytes (``encodings.decode``); a refused encoding is a file problem naming the
    line that breaks it."""
    d = decode(data)
    if d.problem is not None:
        raise FileProblem(
            f"text encoding: {d.problem.detail_en}",
            f"кодування тексту: {d.problem.detail_uk}",
            "a CSV file in UTF-8 (or the file saved again as CSV UTF-8)",
            "CSV-файл у кодуванні UTF-8 (або файл, заново збережений як CSV UTF-8)",
        )
    assert d.text is not None and d.encoding is not None
    return d.text, d.encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab that splits the first records most consistently.

    Records (not lines) are compared, so quoted cells with line breaks do not mislead it.
    """
    sample = text[:65536]
    best, best_score = ",", (-1, -1)
    for d in (",", ";", "\t"):
        try:
            recs = list(
                itertools.islice(csv.reader(io.StringIO(sample, newline=""), delimiter=d), 50)
            )
        except csv.Error:
            continue
        if len(sample) < len(text) and len(recs) > 1:
            recs = recs[:-1]  # the sample may cut the last record
        widths = [len(r) for r in recs if any(c.strip() for c in r)]
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(common), common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = d, score
    return best


def read_csv(p: Path) -> RawTable:
    size = p.stat().st_size
    limit = active().value("max_csv_bytes")
    if size > limit:
        raise FileProblem(
            f"file too large ({size} bytes > {limit}; raise it with --max-file-mb or "
            f"{ENV['max_csv_bytes']})",
            f"файл завеликий ({size} байт > {limit}; межу можна підняти: --max-file-mb або "
            f"{ENV['max_csv_bytes']})",
        )
    data = p.read_bytes()
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("binary file, not a CSV text", "двійковий файл, не текст CSV")
    fast = _arrow_utf8(data)
    if fast is not None:
        del data  # Arrow holds the cells now
        return _coded_table(p, *fast)
    text, encoding = _decode(data)
    del data
    delimiter = sniff_delimiter(text)
    table = RawTable(p, None, fixed_width=True, encoding=encoding, delimiter=delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # a field the writer neutralised starts with ' — undo it only when the text has one
    neutral = _has_neutralised_field(text)
    cells = (lambda rec: tuple(map(unneutralise, rec))) if neutral else tuple
    row = functools.partial(tuple.__new__, RawRow)  # RawRow(i, cells) without a Python call
    try:
        table.rows = list(map(row, zip(itertools.count(1), map(cells, reader))))
    except csv.Error as exc:  # e.g. NUL byte or field larger than the limit
        raise _csv_error(text, delimiter, exc) from exc
    return table


def _arrow_utf8(data: bytes) -> tuple[csv_fast.ArrowRead, str, str, bool] | None:
    """A large UTF-8 CSV read by Arrow from its own bytes (``csv_fast``; the text is never
    decoded whole): (Arrow's read, encoding, delimiter, whether a field may be neutralised),
    or None: another encoding, or a file the fast path declines."""
    encoding, skip = "utf-8", 0
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, skip = "utf-8-sig", 3
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if len(data) - skip < csv_fast.MIN_BYTES:
        return None
    try:  # the first 64 Ki characters at least; a character cut at the end waits
        head = codecs.getincrementaldecoder("utf-8")().decode(data[skip : skip + (1 << 18) + 4])
    except UnicodeDecodeError:
        return None
    delimiter = sniff_delimiter(head)
    read = csv_fast.arrow_table(data, delimiter, head=head, skip=skip)
    if read is None:
        return None
    return read, encoding, delimiter, _has_neutralised_field(data, skip)


def _coded_table(
    p: Path, read: csv_fast.ArrowRead, encoding: str, delimiter: str, neutral: bool
) -> RawTable:
    """The raw table of Arrow's read: coded columns, rows as a view of them."""
    coded = csv_fast.coded_columns(read)
    del read
    if neutral:  # undo the ' in the distinct values («'-5» and «-5» become one value)
        coded = [recode(c, unneutralise) for c in coded]
    table = RawTable(p, None, fixed_width=True, encoding=encoding, delimiter=delimiter)
    table.columns = coded
    table.rows = ColumnRows(coded)
    return table


def _csv_error(text: str, delimiter: str, exc: csv.Error) -> FileProblem:
    """The structure error with the record that failed and the file line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    n, last_line = 0, 0  # records read, file line where the last good record ended
    try:
        for _ in reader:
            n += 1
            last_line = reader.line_num
    except csv.Error:
        pass
    hint_en = hint_uk = ""
    if "field larger" in str(exc):
        hint_en = "; a quote opened there is probably never closed"
        hint_uk = "; ймовірно, відкриті там лапки не закрито"
    return FileProblem(
        f"CSV structure error in record {n + 1} (file line {last_line + 1}): {exc}{hint_en}",
        f"помилка структури CSV у записі {n + 1} (рядок файлу {last_line + 1}): {exc}{hint_uk}",
        "balanced quotes or none",
        "лапки в парі або без лапок",
    )
