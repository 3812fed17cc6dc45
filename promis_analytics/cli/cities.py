"""``promis cities``: the embedded dataset's partner places (and, with --all, all places)."""

from __future__ import annotations

import csv
import io
import sys

import click
from rich.console import Console
from rich.table import Table

from promis_analytics import paths, reference
from promis_analytics.formatting import format_number
from promis_analytics.project import project_settings

# Column headers of the printed table by language; CSV output keeps the canonical names.
HEADERS: dict[str, dict[str, str]] = {
    "uk": {
        "key": "Ключ",
        "name_uk": "Українською",
        "name_en": "Англійською",
        "oblast": "Область",
        "region": "Область / регіон",
        "kind": "Тип",
        "population": "Населення, осіб (01.01.2022)",
    },
    "en": {
        "key": "Key",
        "name_uk": "Ukrainian",
        "name_en": "English",
        "oblast": "Oblast",
        "region": "Oblast / region",
        "kind": "Kind",
        "population": "Population, persons (2022-01-01)",
    },
}
#: titles; ``{title}``: the embedded dataset's ``[project] title_uk`` / ``title_en``
TITLES = {"uk": "Міста-партнери — {title}", "en": "Partner cities — {title}"}
TITLES_ALL = {"uk": "Місця у документах — {title}", "en": "Places named in the documents — {title}"}
CAPTIONS = {
    "uk": "Населення: Держстат України, наявне населення на 1 січня 2022 року",
    "en": "Population: State Statistics Service of Ukraine, present population on 1 January 2022",
}
CSV_COLUMNS = (
    "key",
    "name_uk",
    "name_en",
    "oblast_uk",
    "oblast_en",
    "kind",
    "country",
    "is_partner",
    "population",
)


@click.command(name="cities")
@click.option(
    "--lang",
    type=click.Choice(["uk", "en"]),
    default="uk",
    show_default=True,
    help="Language of headers, oblast names and number format / Мова заголовків.",
)
@click.option("--all", "show_all", is_flag=True, help="Include non-partner places / Усі місця.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv"]),
    default="table",
    show_default=True,
    help="table (for people) or csv (canonical column names, raw numbers).",
)
@click.option("--width", type=int, default=None, help="Console width (default: terminal or 160).")
def command(lang: str, show_all: bool, fmt: str, width: int | None) -> None:
    """Довідник міст / The partner cities of the embedded dataset."""
    places = reference.all_places() if show_all else reference.PARTNER_CITIES
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for c in places:
            writer.writerow(
                [
                    c.key,
                    c.name_uk,
                    c.name_en,
                    c.oblast_uk or "",
                    c.oblast_en or "",
                    c.kind,
                    c.country or "",
                    "true" if c.is_partner else "false",
                    "" if c.population is None else c.population,
                ]
            )
        click.echo(out.getvalue(), nl=False)
        return

    head = HEADERS[lang]
    settings = project_settings(paths.raw_dir())
    name = (settings.title_en if lang == "en" else settings.title_uk) or ""
    title = (TITLES_ALL if show_all else TITLES)[lang].format(title=name).removesuffix(" — ")
    table = Table(title=title, caption=CAPTIONS[lang])
    columns = ["key", "name_uk", "name_en"] + (["region", "kind"] if show_all else ["oblast"])
    for col in columns:
        table.add_column(head[col])
    table.add_column(head["population"], justify="right")
    for c in places:
        oblast = (c.oblast_en if lang == "en" else c.oblast_uk) or "—"
        cells = [c.key, c.name_uk, c.name_en, oblast] + ([c.kind] if show_all else [])
        pop = "—" if c.population is None else format_number(c.population, lang)
        table.add_row(*cells, pop)
    if width is None and not sys.stdout.isatty():
        width = 160
    Console(width=width).print(table)
