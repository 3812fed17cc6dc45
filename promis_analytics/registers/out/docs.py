"""Generate ``docs/registers.md`` from the field dictionary and the schemas (so it cannot drift)."""

from __future__ import annotations

from promis_analytics import project_codes
from promis_analytics.registers.check.autofill import AUTO_ID_COLUMNS
from promis_analytics.registers.check.cells import MISSING_WORDS
from promis_analytics.registers.out.docs_formats import formats_markdown
from promis_analytics.registers.schema.fields import YEAR_MAX, Field
from promis_analytics.registers.schema.report import MESSAGES
from promis_analytics.registers.schema.schemas import SCHEMAS, Schema
from promis_analytics.registers.schema.types import shown_type
from promis_analytics.registers.schema.vocab import synonym_rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _required(schema: Schema, column: str) -> str:
    if column not in schema.required:
        return ""
    other = schema.unless.get(column)
    return f"yes, unless `{other}` is given" if other else "yes"


def registers_markdown() -> str:
    """The Markdown reference of every register: columns, uk/en labels, types, units,
    required flags, allowed values and the primary key — of the package alone (no data
    folder's own codes: ``project_codes``)."""
    with project_codes.using(project_codes.EMPTY):
        return _registers_markdown()


def _registers_markdown() -> str:
    out = [
        "# Registers",
        "",
        "Generated from `promis_analytics.registers.schema.fields.FIELDS` and `schemas.SCHEMAS`",
        "by `promis_analytics.registers.out.docs.registers_markdown()`; a test keeps this file in",
        "sync.",
        "Headers may be written in Ukrainian or English (see `promis_analytics/data/"
        "header_aliases.csv`); categories accept the code or its Ukrainian/English label.",
        "",
        "- Load: `registers.load(kind, path, *, sheet=None, strict=True)` → `Register(data,",
        "  rejects, report, source)`; `load_events(path)` … `load_facts(path)` return `.data`.",
        "- Check files: `promis validate [PATH…] [--lang uk|en] [--report out.csv|out.xlsx]`",
        "  (a folder: every file named after its register, e.g. `data/raw/events.csv`).",
        "- Data-entry workbook: `promis template KIND -o FILE.xlsx`; KoboToolbox/ODK form:",
        "  `promis template KIND --xlsform -o FORM.xlsx`.",
        "- Reads `.csv` (UTF-8 with/without BOM, UTF-16 with BOM, Windows-1251; `,` `;` or tab)",
        "  and `.xlsx`/`.xlsm`/`.xls`/`.xlsb`/`.ods` (values only, formulas never run).",
        "- Counts: rows read (below the header) = accepted + rejected + blank + totals.",
        "",
    ]
    out += _users_registers()
    for schema in SCHEMAS.values():
        out += _register_section(schema)
    out += _problems_section()
    return "\n".join(out)


def _register_section(s: Schema) -> list[str]:
    """One register: title, primary key, row and period checks, and the table of columns."""
    out = [
        f"## `{s.kind}` — {s.label_uk} / {s.label_en}",
        "",
        f"Primary key: `{' + '.join(s.key)}`.",
    ]
    if s.le:
        out.append("Row checks: " + "; ".join(f"`{a}` ≤ `{b}`" for a, b in s.le) + ".")
    for parts, total in s.sums:
        out.append(
            f"Parts of a dimension: {' + '.join(f'`{p}`' for p in parts)} ≤ `{total}` "
            "(with the columns a folder declares in `promis.toml` `[[dimensions]]`, "
            "see docs/profile.md)."
        )
    if s.project_period:
        cols = ", ".join(f"`{c}`" for c in s.project_period)
        out.append(
            f"Dates in {cols} lie in the project period when the folder declares one "
            "(`promis.toml` `[project]` `start`/`end`)."
        )
    if s.project_years:
        cols = ", ".join(f"`{c}`" for c in s.project_years)
        out.append(
            f"Years in {cols} lie in the declared project period; the year after it is a "
            "warning (a recommendation given after the project ended)."
        )
    out += [
        "",
        "| column | uk | en | type | unit | required | allowed values | description |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    out += [_field_row(s, f) for f in s.fields()]
    out.append("")
    return out


def _field_row(s: Schema, f: Field) -> str:
    """The table row of one column: allowed codes, else its bounds (≥ minimum, ≤ maximum)."""
    allowed = ", ".join(f"`{c}`" for c in f.allowed) if f.allowed else ""
    bounds = []
    if f.minimum is not None:
        bounds.append(f"≥ {f.minimum:g}")
    if f.maximum is not None and f.dtype == "year" and f.maximum == YEAR_MAX:
        bounds.append("≤ this year + 10")  # the sanity bound moves with the calendar
    elif f.maximum is not None:
        bounds.append(f"≤ {f.maximum:g}")
    if bounds and not allowed:
        allowed = ", ".join(bounds)
    cells = (
        f"`{f.name}`",
        f.label_uk,
        f.label_en,
        shown_type(f).docs,
        f.unit or "",
        _required(s, f.name),
        allowed,
        f"{f.description_uk} / {f.description}",
    )
    return "| " + " | ".join(_cell(x) for x in cells) + " |"


def _problems_section() -> list[str]:
    """The table of problem codes the validator reports, uk and en."""
    out = [
        "## Problems the validator reports",
        "",
        "Every entry names the file, sheet, Excel row, column (as written) and its letter, the",
        "value, the problem and what was expected. Notes (blank rows, totals rows, hidden rows)",
        "do not count as problems.",
        "",
        "| code | problem (uk) | problem (en) |",
        "| --- | --- | --- |",
    ]
    for code, msg in MESSAGES.items():
        out.append(f"| `{code}` | {_cell(msg['uk'][0])} | {_cell(msg['en'][0])} |")
    out.append("")
    return out


_USERS = """\
## Registers as people keep them / Реєстри, як їх ведуть

**Provenance / Походження.** A register without `source`/`locator` columns (or with blank
cells in them) is read: `source` becomes the file name and `locator` the cell to open —
`<sheet>!A<row>` in a workbook (`Заходи 2019!A7`), `row <n>` in a CSV file. / Якщо стовпців
«Джерело» і «Місце в джерелі» немає або клітинка порожня, джерело — назва файлу, місце —
аркуш і рядок Excel.

**IDs / Коди.** Registers keyed by one ID column ({ids}) without that column get
`<file stem>-<row>` (`Реєстр_заходів_2019-7`): the same file always gives the same IDs; a
blank ID cell gets the same. IDs you write are kept and must be unique. A «№» / «№ з/п»
column is a row number, **not** an ID — unless it holds codes: when any of its cells has a
letter («Р-01», «E-12») and the register has no ID column, it is the ID. / Стовпець «№ з/п» із
числами — це номер рядка; якщо в ньому коди з літерами, це код запису.

**Extra columns / Додаткові стовпці.** Columns outside the schema («Примітки», «Коментар»,
«Відповідальний») are kept as text in columns named `extra:<header as written>`, go on to the
processed tables, and are listed once in the report as a note (never an error).
/ Зайві стовпці зберігаються як `extra:<заголовок>`; у звіті — одна примітка.

**No data / Немає даних.** A cell holding only {missing} is an empty cell: unknown, not zero.
In a required column it is reported as a missing value. An empty recommendation status is
counted as `unknown`. / «-», «—», «н/д», «немає даних» — порожня клітинка (невідоме, не нуль).

**Dates as typed / Дати, як їх пишуть.** `06.07.2018`, `12.03.19` (two-digit years are
20yy), `12.03.2019 р.`, `5 липня 2018`, Excel dates. A range in the start cell
(`18-19.09.2019`, `30.05–01.06.2018`, `13-14 вересня 2018 р.`) fills the start and the end;
a month alone (`березень 2019`) fills the first and last day of the month and
`date_precision` = `month`. / Діапазон у клітинці дати початку заповнює і кінець; місяць —
з позначкою точності.

**Merged cells / Об'єднані клітинки.** A merge down data rows (one city for two events)
gives every covered row the value, with a note naming the range (`G4:G5`); a merge across
columns is still a problem. / Вертикально об'єднана клітинка заповнює кожен рядок.

**Status «в процесі» / in progress.** Recommendations have their own status `in_progress`
(«в процесі», «виконується», «триває»): part of the recommendations given, not implemented
yet; `recommendation_uptake` shows it in its own column. / Рекомендації «в процесі» мають
окремий статус і не вважаються виконаними.

**Folders and the mapping file / Теки і файл відповідностей.** In a folder, a register is
found by its file name: the kind or its label (`events.xlsx`, `Заходи.csv`). Other names
are mapped in `promis.toml` in the same folder:

```toml
[registers]
events = "Реєстр_заходів_2019.xlsx"

[registers.recommendations]
file = "Моніторинг рекомендацій.xlsx"
sheet = "2019"
```

Файл має лежати в цій самій теці (або її підтеці): абсолютний шлях, `..` чи посилання назовні
відхиляються, доки ви не дозволите це для одного запуску (`--allow-outside`). / The file must
lie in this folder (or below it): an absolute path, a `..` or a link out of it is refused unless
you allow it for one run (`promis build|validate --allow-outside`, `PROMIS_ALLOW_OUTSIDE=1`).
Unknown keys and tables get «did you mean» (`[projcet]` → `[project]`); see
`docs/reliability.md`.

The same file may declare the project — its titles and period (register dates outside the
period are errors; without a period no date is checked against one) — and notebook
parameters:

```toml
[project]
title_uk = "Назва проєкту"
start = 2023-01-01
end = 2025-12-31

[parameters]
compare_years = [2021, 2023]
```

A register file with a header and no rows (a template not filled yet) counts as absent in a
folder: `promis validate` marks it «ПОРОЖНІЙ / EMPTY» and the build skips what needs it.
`promis init DIR` starts such a folder.

`promis validate DIR`, `load_dataset(DIR)` and `promis build --data DIR` read the same
mapping. Two files with one register's name (`events.csv` and `events.xlsx`) are an error
naming both, everywhere; a folder where nothing is recognised makes `promis validate` exit
with the names it expects. / Два файли для одного реєстру — помилка; жодного розпізнаного
файлу — `promis validate` завершується з переліком очікуваних назв.

**Reports / Звіти.** `--lang uk` gives every message, expected value, report heading and
sheet name in Ukrainian, `--lang en` in English; problems are sorted by file, sheet, row and
column.
"""


def _users_registers() -> list[str]:
    """The rules for registers as users keep them, and the synonym tables."""
    missing = ", ".join(f"«{w}»" for w in sorted(MISSING_WORDS))
    ids = ", ".join(f"`{c}`" for c in AUTO_ID_COLUMNS)
    out = _USERS.format(ids=ids, missing=missing).splitlines()
    out += ["", *formats_markdown()]
    out += [
        "",
        "### Words accepted in coded columns / Слова в закодованих стовпцях",
        "",
        "Besides each code and its uk/en label (see the tables below), these synonyms are read",
        "(`promis_analytics/data/vocabularies.csv`). Case, apostrophes, hyphens, spaces and word",
        "order do not matter («частково виконано» = «Виконано частково»). An unknown word is a",
        "problem that lists the accepted words in the report's language.",
        "",
        "| vocabulary | code | synonyms |",
        "| --- | --- | --- |",
    ]
    grouped: dict[tuple[str, str], list[str]] = {}
    for row in synonym_rows():
        grouped.setdefault((row["vocabulary"], row["code"]), []).append(row["synonym"])
    for (vocab, code), words in grouped.items():
        out.append(f"| `{vocab}` | `{code}` | {_cell(', '.join(words))} |")
    out.append("")
    return out
