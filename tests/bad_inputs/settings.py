"""The bad-input corpus of a data folder's ``promis.toml`` and layout (issue 31).

Each ``FolderCase`` writes a folder as a user (or an attacker) would leave it — a valid
``events.csv`` beside a hostile ``promis.toml``, a link out of the folder, a FIFO — and gives
the fragments the message must hold in English and in Ukrainian. ``FOLDER_CASES`` is the
manifest table; every case is run through ``scan_folder``/``project_settings``,
``promis validate`` and ``promis build --dry-run`` (exit 2, one paragraph, no traceback).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bad_inputs.cases import EVENTS_EN, ev

EVENTS = f"{EVENTS_EN}\n{ev('E1')}\n"


@dataclass(frozen=True)
class FolderCase:
    """One folder: ``toml`` (None: no promis.toml), ``extra(folder)`` to add odd files;
    ``en`` / ``uk``: fragments of the message."""

    id: str
    toml: str | None
    en: str
    uk: str
    extra: Callable[[Path], None] | None = None
    also: tuple[str, ...] = ()  # more fragments: every problem is reported at once

    def build(self, root: Path) -> Path:
        folder = root / self.id
        folder.mkdir(parents=True)
        (folder / "events.csv").write_text(EVENTS, encoding="utf-8")
        if self.toml is not None:
            (folder / "promis.toml").write_text(self.toml, encoding="utf-8")
        if self.extra is not None:
            self.extra(folder)
        return folder


def _outside_csv(folder: Path) -> Path:
    """A CSV beside the data folder (outside it), with an events header: it would load."""
    secret = folder.parent / f"{folder.name}-outside.csv"
    secret.write_text(EVENTS, encoding="utf-8")
    return secret


def _link_out(folder: Path) -> None:
    (folder / "events.csv").unlink()
    (folder / "events.csv").symlink_to(_outside_csv(folder))


def _mapped_link_out(folder: Path) -> None:
    (folder / "Реєстр.csv").symlink_to(_outside_csv(folder))


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "facts.csv")


DEEP = "[" * 5000 + "]" * 5000

FOLDER_CASES: tuple[FolderCase, ...] = (
    FolderCase(
        "fx_negative",
        '[fx]\nbasis = "fixed"\nuah_per_cad = -20\n',
        "expected a number > 0 (UAH per CAD, finite), found -20",
        "uah_per_cad: очікувалося число > 0",
    ),
    FolderCase(
        "fx_nan",
        '[fx]\nbasis = "fixed"\nuah_per_cad = nan\n',
        "expected a number > 0 (UAH per CAD, finite), found nan",
        "знайдено nan",
    ),
    FolderCase(
        "fx_inf",
        '[fx]\nbasis = "fixed"\nuah_per_cad = inf\n',
        "expected a number > 0 (UAH per CAD, finite), found inf",
        "скінченне",
    ),
    FolderCase(
        "fx_unknown_basis",
        '[fx]\nbasis = "hourly"\n',
        "basis: 'hourly'",
        "очікувалося одне з ['daily', 'period_mean', 'fixed']",
    ),
    FolderCase(
        "fx_basis_not_text",
        "[fx]\nbasis = [1]\n",
        "expected one of ['daily', 'period_mean', 'fixed']",
        "очікувалося одне з",
    ),
    FolderCase(
        "fx_key_typo",
        '[fx]\nbasys = "daily"\n',
        "unknown key basys; did you mean basis?",
        "невідомий ключ basys; можливо, basis?",
    ),
    FolderCase(
        "fx_every_problem_at_once",
        '[fx]\nbasys = "daily"\nuah_per_cad = nan\nstart = "вчора"\nend = 2020-12-31\n',
        "unknown key basys; did you mean basis?",
        "uah_per_cad: очікувалося число > 0 (грн за CAD, скінченне), знайдено nan",
        also=("[fx] start: очікувалася дата РРРР-ММ-ДД, знайдено 'вчора'",),
    ),
    FolderCase(
        "project_is_an_array",
        "project = [1, 2]\n",
        "expected a table, found [1, 2]",
        "очікувалася таблиця",
    ),
    FolderCase(
        "project_table_typo",
        '[projcet]\ntitle_uk = "Проєкт"\n',
        "unknown table [projcet]; did you mean [project]?",
        "невідома таблиця [projcet]; можливо, [project]?",
    ),
    FolderCase(
        "project_key_typo",
        "[project]\nstrat = 2015-04-01\n",
        "unknown key strat; did you mean start?",
        "невідомий ключ strat",
    ),
    FolderCase(
        "project_title_not_text",
        "[project]\ntitle_en = 5\n",
        "[project] title_en: очікувався текст / expected text",
        "очікувався текст",
    ),
    FolderCase(
        "nested_5000_arrays",
        f"[parameters]\ncompare_years = {DEEP}\n",
        "values nested too deeply (more than 16 levels)",
        "значення вкладені надто глибоко",
    ),
    FolderCase(
        "parameters_not_a_table",
        "parameters = 3\n",
        "expected a table, found 3",
        "очікувалася таблиця",
    ),
    FolderCase(
        "iati_status_not_in_codelist",
        '[iati]\nactivity_status = "<x>"\n',
        "'<x>' is not in the IATI codelist 1, 2, 3, 4, 5, 6",
        "немає у списку кодів IATI",
    ),
    FolderCase(
        "iati_control_character",
        '[iati]\ndescription_uk = "Розвиток\\u0007міст"\n',
        "control characters U+0007 — remove them",
        "керівні символи U+0007",
    ),
    FolderCase(
        "iati_org_type_and_role",
        '[iati.reporting_org]\ntype = "99"\n[[iati.participating_org]]\nrole = "9"\n',
        "'9' is not in the IATI codelist 1, 2, 3, 4",
        "'99' немає у списку кодів IATI",
    ),
    FolderCase(
        "iati_country_not_iso",
        '[iati]\nrecipient_country = "Ukraine"\n',
        "expected a two-letter ISO 3166-1 country code (UA)",
        "очікувався код країни ISO 3166-1",
    ),
    FolderCase(
        "iati_key_typo",
        '[iati]\nidentifer = "XM-DAC-1"\n',
        "unknown key identifer; did you mean identifier?",
        "можливо, identifier?",
    ),
    FolderCase(
        "registers_not_a_table",
        'registers = "events.csv"\n',
        "[registers]: очікувалася таблиця / expected a table",
        "очікувалася таблиця",
    ),
    FolderCase(
        "registers_entry_key_typo",
        '[registers.facts]\nfile = "events.csv"\nsheeet = "2019"\n',
        "[registers] facts: невідомий ключ sheeet; можливо, sheet? / unknown key sheeet; did "
        "you mean sheet?",
        "невідомий ключ sheeet",
    ),
    FolderCase(
        "registers_sheet_not_text",
        '[registers.facts]\nfile = "events.csv"\nsheet = 5\n',
        "expected a sheet name (text), found 5",
        "очікувалася назва аркуша (текст), знайдено 5",
    ),
    FolderCase(
        "registers_dot_dot",
        '[registers]\nfacts = "../../../../../../etc/passwd"\n',
        "is outside the data folder — name a file in this folder (or run with --allow-outside)",
        "поза текою даних",
    ),
    FolderCase(
        "registers_absolute",
        '[registers]\nfacts = "/etc/passwd"\n',
        "«/etc/passwd» is outside the data folder",
        "«/etc/passwd» поза текою даних",
    ),
    FolderCase(
        "registers_mapped_link_out",
        '[registers]\nfacts = "Реєстр.csv"\n',
        "«Реєстр.csv» is outside the data folder",
        "поза текою даних",
        extra=_mapped_link_out,
    ),
    FolderCase(
        "register_named_link_out",
        None,
        "a link to a file outside the data folder — not read",
        "посилання на файл поза текою даних",
        extra=_link_out,
    ),
    FolderCase(
        "register_is_a_fifo",
        None,
        "not a regular file (a pipe, socket or device) — not read",
        "не звичайний файл",
        extra=_fifo,
    ),
)
