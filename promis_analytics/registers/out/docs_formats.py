"""The part of docs/registers.md on files as exported and as typed (issue 27), in uk and en."""

from __future__ import annotations

__all__ = ["formats_markdown"]

_TEXT = """\
## Files as exported and as typed / Файли, як їх експортують і заповнюють

**Every spreadsheet format / Усі формати таблиць.** `.csv`/`.tsv`/`.txt`, `.xlsx`, `.xlsm`,
`.xls`, `.xlsb` and `.ods` are read through one table of readers by file ending
(`registers.io.formats.READERS`); `.ods`, `.xls` and `.xlsb` through python-calamine. The same
limits apply to every workbook: file size, the zip checks of `.xlsx` for `.ods` (zip bomb,
number of parts, XML declarations), and the sheet's extent within the cell limit before any
cell is read. A password-protected file of any format (an encrypted `.xlsx` is an OLE file
with `EncryptionInfo`; an `.xls` with a FILEPASS record; an `.ods` whose manifest declares
encryption) gets one message: «книга захищена паролем (зашифрована): зніміть пароль /
password-protected workbook (encrypted): remove the password». Merged ranges of `.xls` and
`.ods` are read as in `.xlsx`. / Усі формати читаються однаково й з тими самими межами;
файл із паролем — одне повідомлення «зніміть пароль».

**Headers of several rows / Заголовок у кілька рядків.** A header of one to three rows is
found (`registers.check.header_block`): a group word over its sub-columns, merged or not
(«Кількість учасників» над «усього / жінок / чоловіків / з них ВПО»). The levels are joined
into one name, «Кількість учасників / жінок», before the aliases are matched: first the whole
name, then the group when the last level is a totals word («… / усього» = `participants`),
then the last level alone («… / жінок» = `women`). A totals word inside the header is a
header, not a totals row. Columns outside the register keep the joined name
(`extra:Кількість учасників / з них ВПО`). The report notes «заголовок у рядках 2–3 / header
in rows 2–3». A CSV file may have two header lines the same way (`;Кількість учасників;;` over
`;усього;жінок;`). / Рівні заголовка об'єднуються в одну назву; «усього» в заголовку — це
заголовок.

**One file, its folder's settings / Один файл і налаштування теки.** `promis validate
Реєстр_заходів.xlsx` takes the register kind and sheet from the `[registers]` mapping of the
`promis.toml` beside the file (and the project period from its `[project]`), as a folder
would; `--kind`/`--sheet` still win. / Один файл перевіряється з налаштуваннями своєї теки.

**What a file looks like / На що схожий файл.** A file that matches no register (or not the
one asked for, e.g. recommendations saved as `events.xlsx`) is scored against every schema
(`registers.check.guess`) and the report names the best guess and the columns that matched:
«не знайдено рядка заголовків; схоже на реєстр «Рекомендації» (recommendations), збіглися:
«Рекомендація» → text, «Місто» → city … / header row not found; looks like a recommendations
register (recommendations), matched: …». `promis validate` says the same for a file whose
name tells no register.

**Place context columns / Стовпці області, району, громади.** Columns headed «Область»,
«Район», «Громада», «ТГ», «ОТГ» (`data/place_context_headers.csv`) stay extra columns and
narrow the place of their row: «с. Іванівка» with «Колодяжненська» under «Громада» and
«Волинська» under «Область» is one village. «Громада» beside a place column («Населений
пункт») is context, not a second place column. A place that stays ambiguous lists the ten
likeliest candidates — those in the register's own oblast first — and «… ще N · … N more».
/ Стовпці «Область», «Громада» уточнюють населений пункт рядка; неоднозначність — десять
кандидатів і «… ще N».

**What people type / Що пишуть люди.** All as data, each with a test:

- counts with a unit word: «20 осіб», «12 учасників», «7 чол.» (`parsing.COUNT_WORDS`,
  `parse_count`); «двадцять» is still a problem;
- abbreviated city names: «Ів.-Франківськ», «Ів-Франківськ», «Кр. Ріг», «Б.-Дністровський»,
  «К.-Подільський» (`data/place_abbreviations.csv`);
- fund names with «з», «із» or «зі» (one word, `data/word_variants.csv`) and abbreviations
  («ФПІ», «ФМСП») in `data/vocabularies.csv`;
- currency words and signs in every case: «гривень», «гривні», «гривнями», «грн.», «₴»,
  «євро», «€», «дол. США», «доларів США», «канадських доларів» — one table,
  `parsing.CURRENCY_WORDS`, for currency columns and amounts alike; a bare «доларів» stays a
  problem (CAD or USD?);
- an amount with its currency in the cell («350 000 грн») fills an empty currency column;
- title headers of other projects: «Назва мікропроєкту», «Назва гранту», «Назва ініціативи»
  (`data/header_aliases.csv`).

**KoboToolbox / ODK.** `promis template events --xlsform -o events_form.xlsx` writes the
register as an XLSForm (`registers.out.xlsform`): sheets `survey`, `choices`, `settings`; labels,
hints and constraint messages as `label::Українська (uk)` / `label::English (en)`; coded
columns as `select_one` from the vocabularies, places as `select_one places` (the project's
places, «інше» opening a text question `city_other`), several places as `select_multiple`;
required columns, ranges, row checks (`women` ≤ `participants`) and the project period of the
`promis.toml` beside the output as constraints. `source`/`locator` and a key that is one ID
column are left out. Upload it to KoboToolbox or ODK Central as it is.

An export of the form (CSV with `;` or `,`, or XLSX; XML names or labels) is read as the
register (`registers.io.kobo`): `_uuid` becomes the row ID (`event_id`…), metadata columns
(`_id`, `_submission_time`, `_index`, `_validation_status`, `meta/instanceID`, `start`,
`end`…, `data/kobo_metadata.csv`) are set aside with one note, never reported as unknown;
group paths `group/field` read as `field`; a select-multiple answer («vinnytsia zhmerynka»)
is read as «vinnytsia; zhmerynka» and its 0/1 columns (`cities/vinnytsia`) set aside; a place
answered «other» takes the text of `city_other`. Excel letters in problems stay those of the
file. / Форма для KoboToolbox/ODK і читання її експорту: `_uuid` — код запису, службові
стовпці — одна примітка.
"""


def formats_markdown() -> list[str]:
    """The section's lines (Markdown)."""
    return _TEXT.splitlines()
