"""Generate ``docs/registers.md`` from the field dictionary and the schemas (so it cannot drift)."""

from __future__ import annotations

from promis_analytics.registers.report import MESSAGES
from promis_analytics.registers.schemas import SCHEMAS

_TYPE = {
    "text": "text",
    "id": "identifier",
    "int": "integer",
    "number": "number",
    "amount": "amount (nominal)",
    "percent": "percent (43.9 = 43,9 %)",
    "year": "year",
    "date": "date (ISO)",
    "city": "city key",
    "cities": "city keys, `;`-separated",
    "category": "category",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def registers_markdown() -> str:
    """The Markdown reference of every register: columns, uk/en labels, types, units,
    required flags, allowed values and the primary key."""
    out = [
        "# Registers",
        "",
        "Generated from `promis_analytics.registers.fields.FIELDS` and `schemas.SCHEMAS` by",
        "`promis_analytics.registers.docs.registers_markdown()`; a test keeps this file in sync.",
        "Headers may be written in Ukrainian or English (see `promis_analytics/data/"
        "header_aliases.csv`); categories accept the code or its Ukrainian/English label.",
        "",
        "- Load: `registers.load(kind, path, *, sheet=None, strict=True)` → `Register(data,",
        "  rejects, report, source)`; `load_events(path)` … `load_facts(path)` return `.data`.",
        "- Check files: `promis validate [PATH…] [--lang uk|en] [--report out.csv|out.xlsx]`",
        "  (a folder: every file named after its register, e.g. `data/raw/events.csv`).",
        "- Data-entry workbook: `promis template KIND -o FILE.xlsx`.",
        "- Reads `.csv` (UTF-8 with/without BOM, UTF-16 with BOM, Windows-1251; `,` `;` or tab)",
        "  and `.xlsx`/`.xlsm` (values only, formulas never run); `.xls` and `.ods` are refused.",
        "- Counts: rows read (below the header) = accepted + rejected + blank + totals.",
        "",
    ]
    for s in SCHEMAS.values():
        out += [
            f"## `{s.kind}` — {s.label_uk} / {s.label_en}",
            "",
            f"Primary key: `{' + '.join(s.key)}`.",
        ]
        if s.le:
            out.append("Row checks: " + "; ".join(f"`{a}` ≤ `{b}`" for a, b in s.le) + ".")
        if s.project_period:
            cols = ", ".join(f"`{c}`" for c in s.project_period)
            out.append(f"Dates in {cols} lie in the project period 2015-04-01…2021-03-31.")
        out += [
            "",
            "| column | uk | en | type | unit | required | allowed values | description |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for f in s.fields():
            allowed = ", ".join(f"`{c}`" for c in f.allowed) if f.allowed else ""
            bounds = []
            if f.minimum is not None:
                bounds.append(f"≥ {f.minimum:g}")
            if f.maximum is not None:
                bounds.append(f"≤ {f.maximum:g}")
            if bounds and not allowed:
                allowed = ", ".join(bounds)
            dtype = "category" if f.allowed else f.dtype
            out.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        f"`{f.name}`",
                        f.label_uk,
                        f.label_en,
                        _TYPE[dtype],
                        f.unit or "",
                        "yes" if f.name in s.required else "",
                        allowed,
                        f"{f.description_uk} / {f.description}",
                    )
                )
                + " |"
            )
        out.append("")
    out += [
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
    return "\n".join(out)
