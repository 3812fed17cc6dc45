"""Every problem a register check reports: its message and what was expected, in uk and en."""

from __future__ import annotations

__all__ = ["MESSAGES"]

# code → {lang: (problem template, expected template)}; templates use str.format(**params).
MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "missing_column": {
        "uk": ("немає обов'язкового стовпця «{name}»{close}", "стовпець «{label_uk}»"),
        "en": ("required column '{name}' is missing{close}", "a column '{label_en}'"),
    },
    "duplicate_column": {
        "uk": ("стовпець «{column}» трапляється двічі (також {other})", "один такий стовпець"),
        "en": ("column '{column}' appears twice (also {other})", "one such column"),
    },
    "unnamed_column": {
        "uk": ("дані у стовпці без заголовка", "заголовок стовпця"),
        "en": ("data in a column without a header", "a column header"),
    },
    "header_not_found": {
        "uk": (
            "не знайдено рядка заголовків{looks_uk}",
            "рядок з назвами стовпців реєстру «{kind}»",
        ),
        "en": (
            "header row not found{looks_en}",
            "a row with the column names of register '{kind}'",
        ),
    },
    "looks_like": {
        "uk": ("стовпці не цього реєстру{looks_uk}", "реєстр «{kind}» або --kind {guess}"),
        "en": (
            "the columns are not of this register{looks_en}",
            "register '{kind}' or --kind {guess}",
        ),
    },
    "empty_file": {
        "uk": ("файл порожній", "рядок заголовків і дані"),
        "en": ("the file is empty", "a header row and data"),
    },
    "no_data": {
        "uk": ("немає рядків з даними", "хоча б один рядок даних"),
        "en": ("no data rows", "at least one data row"),
    },
    "row_length": {
        "uk": ("у рядку {found} клітинок, а заголовок має {width}", "{width} клітинок"),
        "en": ("the row has {found} cells but the header has {width}", "{width} cells"),
    },
    "repeated_header": {
        "uk": ("повторний рядок заголовків серед даних", "рядок даних"),
        "en": ("a repeated header row among the data", "a data row"),
    },
    "formula_no_value": {
        "uk": ("формула без обчисленого значення", "значення (відкрийте і збережіть у Excel)"),
        "en": ("a formula with no calculated value", "a value (open and save it in Excel)"),
    },
    "excel_error": {
        "uk": ("у клітинці помилка Excel", "значення без помилки"),
        "en": ("the cell shows an Excel error", "a value, not an error"),
    },
    "required": {
        "uk": ("порожня обов'язкова клітинка", "{expected_uk}"),
        "en": ("a required cell is empty", "{expected_en}"),
    },
    "bad_value": {
        "uk": ("неможливо прочитати значення{detail_uk}", "{expected_uk}"),
        "en": ("cannot read the value{detail}", "{expected_en}"),
    },
    "not_allowed": {
        "uk": ("недопустиме значення{close}", "одне з: {allowed_uk}"),
        "en": ("value not allowed{close}", "one of: {allowed_en}"),
    },
    "unknown_place": {
        "uk": (
            "невідомий населений пункт{close}",
            "назва міста з довідника або населеного пункту України (КАТОТТГ)",
        ),
        "en": (
            "unknown place{close}",
            "a city name from the reference table or a place in Ukraine (codifier)",
        ),
    },
    "ambiguous_place": {
        "uk": (
            "назва підходить кільком населеним пунктам: {candidates}",
            "назва з «с.»/«м.» і громадою, районом або областю",
        ),
        "en": (
            "the name fits several places: {candidates}",
            "the name with «с.»/«м.» and the hromada, raion or oblast",
        ),
    },
    "place_note": {
        "uk": ("{note_uk}", ""),
        "en": ("{note_en}", ""),
    },
    "below_minimum": {
        "uk": ("значення менше за {minimum}", "не менше {minimum}"),
        "en": ("value below {minimum}", "at least {minimum}"),
    },
    "above_maximum": {
        "uk": ("значення більше за {maximum}", "не більше {maximum}"),
        "en": ("value above {maximum}", "at most {maximum}"),
    },
    "not_le": {
        "uk": ("«{a}» = {va} більше ніж «{b}» = {vb}", "«{a}» ≤ «{b}»"),
        "en": ("'{a}' = {va} is greater than '{b}' = {vb}", "'{a}' ≤ '{b}'"),
    },
    "parts_over_total": {
        "uk": (
            "«{parts}» = {values} = {sum} більше ніж «{total}» = {vt}",
            "сума частин не більша за «{total}»",
        ),
        "en": (
            "'{parts}' = {values} = {sum} is greater than '{total}' = {vt}",
            "the parts add up to at most '{total}'",
        ),
    },
    "outside_project": {
        "uk": ("дата поза періодом проєкту", "дата з {start} по {end}"),
        "en": ("date outside the project period", "a date from {start} to {end}"),
    },
    "rate_date": {
        "uk": ("не дата РРРР-ММ-ДД", "дата РРРР-ММ-ДД"),
        "en": ("not an ISO date", "a date YYYY-MM-DD"),
    },
    "rate_currency": {
        "uk": ("не код валюти ISO 4217 (крім UAH)", "код ISO 4217, напр. EUR"),
        "en": ("not an ISO 4217 code (other than UAH)", "an ISO 4217 code such as EUR"),
    },
    "rate_value": {
        "uk": ("не додатне число", "гривень за одиницю, крапка як роздільник"),
        "en": ("not a positive number", "UAH per unit, dot decimal"),
    },
    "rate_conflict": {
        "uk": ("інший курс {currency} на {day}, ніж у {first} ({rate})", "один курс на день"),
        "en": ("another rate for {currency} on {day} than {first} ({rate})", "one rate a day"),
    },
    "rate_file": {
        "uk": ("{detail_uk}", "date,currency,uah_per_unit,source"),
        "en": ("{detail}", "date,currency,uah_per_unit,source"),
    },
    "year_outside_project": {
        "uk": ("рік поза періодом проєкту", "рік з {start} по {end} (або наступний)"),
        "en": ("year outside the project period", "a year from {start} to {end} (or the next)"),
    },
    "after_project": {
        "uk": (
            "значення після завершення проєкту ({end}) — перевірте",
            "значення в межах періоду {start}…{end}",
        ),
        "en": (
            "a value after the project ended ({end}) — please check",
            "a value within {start}…{end}",
        ),
    },
    "currency_mismatch": {
        "uk": (
            "валюта суми ({found}) не збігається з «{currency_column}» ({currency})",
            "суму у валюті {currency}",
        ),
        "en": (
            "the amount's currency ({found}) differs from '{currency_column}' ({currency})",
            "an amount in {currency}",
        ),
    },
    "currency_missing": {
        "uk": ("сума без валюти", "код валюти у «{currency_column}»"),
        "en": ("an amount without a currency", "a currency code in '{currency_column}'"),
    },
    "duplicate_key": {
        "uk": ("повторний ключ {key} (вперше в рядку {first_row})", "унікальний ключ"),
        "en": ("duplicate key {key} (first in row {first_row})", "a unique key"),
    },
    "totals_mismatch": {
        "uk": ("підсумок {found} не дорівнює сумі даних {computed}", "{computed}"),
        "en": ("the total {found} differs from the sum of the data {computed}", "{computed}"),
    },
    "totals_not_last": {
        "uk": ("рядок підсумків не останній", "рядок підсумків у кінці таблиці"),
        "en": ("the totals row is not the last row", "the totals row at the end"),
    },
    "swallowed_lines": {
        "uk": (
            "зайві лапки об'єднали кілька рядків файлу в одну клітинку",
            "лапки в парі або без лапок",
        ),
        "en": (
            "a stray quote joined several lines of the file into one cell",
            "balanced quotes or none",
        ),
    },
    "control_character": {
        "uk": (
            "керівний символ {chars} у тексті: його не можна записати в xlsx, SVG чи XML "
            "(показано як \\xNN)",
            "текст без керівних символів",
        ),
        "en": (
            "control character {chars} in the text: it cannot be written to xlsx, SVG or XML "
            "(shown as \\xNN)",
            "text without control characters",
        ),
    },
    "line_break_character": {
        "uk": (
            "вертикальну табуляцію чи розрив сторінки (розрив рядка з Word) замінено "
            "на новий рядок",
            "звичайний розрив рядка",
        ),
        "en": (
            "a vertical tab or form feed (a line break from Word) was replaced by a line break",
            "a plain line break",
        ),
    },
    "merged_cells": {
        "uk": (
            "об'єднані клітинки {ref} у рядках даних: значення є лише в першій",
            "окреме значення в кожній клітинці",
        ),
        "en": (
            "merged cells {ref} across data rows: only the first holds the value",
            "a separate value in every cell",
        ),
    },
    "extra_column": {
        "uk": (
            "додатковий стовпець «{header}» збережено як «{name}»{close}{context_uk}",
            "",
        ),
        "en": ("extra column '{header}' kept as '{name}'{close}{context_en}", ""),
    },
    "auto_column": {
        "uk": (
            "стовпця «{name}» немає: заповнено автоматично (docs/registers.md)",
            "",
        ),
        "en": ("no column '{name}': filled in automatically (docs/registers.md)", ""),
    },
    "merged_filled": {
        "uk": ("об'єднані клітинки {ref}: значення записано в кожен рядок", ""),
        "en": ("merged cells {ref}: the value is given to every row", ""),
    },
    "hidden_row": {
        "uk": ("прихований рядок завантажено", ""),
        "en": ("hidden row loaded", ""),
    },
    "kobo_export": {
        "uk": ("експорт KoboToolbox/ODK: службові стовпці відкладено ({columns}){id_uk}", ""),
        "en": ("KoboToolbox/ODK export: metadata columns set aside ({columns}){id_en}", ""),
    },
    "header_rows": {
        "uk": ("заголовок у рядках {rows}: назви рівнів об'єднано («група / підстовпець»)", ""),
        "en": ("header in rows {rows}: the levels joined into one name ('group / sub')", ""),
    },
    "above_header": {
        "uk": ("рядок над заголовком (назва таблиці) пропущено", ""),
        "en": ("row above the header (a title) skipped", ""),
    },
    "hidden_sheet": {
        "uk": ("прихований аркуш «{hidden}» не прочитано", ""),
        "en": ("hidden sheet '{hidden}' not read", ""),
    },
    "blank_row": {
        "uk": ("порожній рядок пропущено", ""),
        "en": ("blank row skipped", ""),
    },
    "totals_row": {
        "uk": ("рядок підсумків не завантажено як дані", ""),
        "en": ("totals row not loaded as data", ""),
    },
    # checks across rows of the results register (registers.check.table_rules)
    "percent_range": {
        "uk": ("відсоток поза межами 0–100", "число від 0 до 100"),
        "en": ("a percentage outside 0–100", "a number from 0 to 100"),
    },
    "two_units": {
        "uk": (
            "показник «{indicator}» має іншу одиницю в рядку {first_row} ({first})",
            "та сама одиниця в усіх рядках показника",
        ),
        "en": (
            "indicator '{indicator}' has another unit in row {first_row} ({first})",
            "one unit in every row of an indicator",
        ),
    },
    "two_levels": {
        "uk": (
            "результат «{indicator}» має інший рівень у рядку {first_row} ({first})",
            "один рівень для всіх показників результату",
        ),
        "en": (
            "result '{indicator}' has another level in row {first_row} ({first})",
            "one level for every indicator of a result",
        ),
    },
    "no_baseline": {
        "uk": (
            "кількісний показник «{indicator}» без базового значення: поступ рахується "
            "лише від плану",
            "базове значення в рядках показника",
        ),
        "en": (
            "quantitative indicator '{indicator}' has no baseline: progress is measured "
            "against the target only",
            "a baseline in the indicator's rows",
        ),
    },
    "sex_above_all": {
        "uk": (
            "жінки (рядок {women_row}) + чоловіки (рядок {men_row}) = {parts} більше "
            "ніж «усі» ({total}), стовпець «{what}»",
            "сума за статтю не більша за «усі»",
        ),
        "en": (
            "women (row {women_row}) + men (row {men_row}) = {parts} exceeds 'all' "
            "({total}), column '{what}'",
            "a sum by sex not above 'all'",
        ),
    },
    "file_error": {
        "uk": ("неможливо прочитати файл: {detail_uk}", "{expected_uk}"),
        "en": ("cannot read the file: {detail}", "{expected_en}"),
    },
}
