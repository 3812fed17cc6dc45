"""``promis init DIR``: start a dataset folder — templates, promis.toml, README, .gitignore."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from promis_analytics.cli.problems import UserProblem

#: Files copied from ``promis_analytics/data/init`` (source name → name in the folder).
FILES: dict[str, str] = {
    "README.md": "README.md",
    "promis.toml": "promis.toml",
    "gitignore": ".gitignore",
}


def _period(text: str) -> tuple[str, str]:
    """«2022-2024» → (2022-01-01, 2024-12-31); «2022-03-01..2024-06-30» as written."""
    import datetime as dt
    import re

    m = re.fullmatch(r"\s*(\d{4})\s*[-–…]\s*(\d{4})\s*", text)
    if m and m.group(1) <= m.group(2):
        return f"{m.group(1)}-01-01", f"{m.group(2)}-12-31"
    if m:
        raise ValueError(text)
    parts = re.split(r"\s*(?:\.\.|…)\s*", text.strip())
    days = [dt.date.fromisoformat(p) for p in parts]  # ValueError: reported by the caller
    if len(days) != 2 or days[0] > days[1]:
        raise ValueError(text)
    return days[0].isoformat(), days[1].isoformat()


def profile_block(
    title: str | None = None,
    title_en: str | None = None,
    period: str | None = None,
    currency: str | None = None,
    oblasts: tuple[str, ...] = (),
) -> str | None:
    """The ``[project]`` table ``promis init`` writes from its options (None when none is
    given); every bad option is reported at once (``UserProblem``, uk / en)."""
    from promis_analytics.currencies import is_currency
    from promis_analytics.project import SettingsError, oblast_code

    if not any((title, title_en, period, currency, oblasts)):
        return None
    problems, lines = [], ["[project]"]
    if title or title_en:
        lines += [
            f"title_uk = {_toml(title or title_en or '')}",
            f"title_en = {_toml(title_en or title or '')}",
        ]
    if period:
        try:
            start, end = _period(period)
            lines += [f"start = {start}", f"end = {end}"]
        except ValueError:
            problems.append(
                f"--period {period!r}: очікувалося «2022-2024» або «2022-03-01..2024-06-30» / "
                "expected '2022-2024' or '2022-03-01..2024-06-30'"
            )
    if currency:
        if is_currency(currency.upper()):
            lines.append(f"currency = {_toml(currency.upper())}")
        else:
            problems.append(f"--currency {currency!r}: не код ISO 4217 / not an ISO 4217 code")
    names = [n.strip() for o in oblasts for n in o.split(",") if n.strip()]
    for name in names:
        try:
            oblast_code(name)
        except SettingsError as exc:
            problems.append(str(exc).replace("promis.toml [project] oblasts", "--oblasts"))
    if names:
        lines.append("oblasts = [" + ", ".join(_toml(n) for n in names) + "]")
    if problems:
        raise UserProblem("\n".join(problems))
    return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a TOML basic string is a JSON string


def _settings_text(block: str | None) -> str:
    """The starter ``promis.toml``; its commented ``[project]`` replaced by ``block``."""
    path = resources.files("promis_analytics.data").joinpath("init").joinpath("promis.toml")
    text = path.read_text(encoding="utf-8")
    if block is None:
        return text
    start = text.index("[project]\n")
    end = text.index("\n\n", start) + 1
    return text[:start] + block + text[end:]


def init_folder(folder: Path, profile: str | None = None) -> list[Path]:
    """Write the register templates and the starter files into ``folder``; return them.
    ``profile``: the ``[project]`` table to write (``profile_block``); the templates'
    city drop-downs come from it (``registers.out.template.profile_places``).

    Refuses (``UserProblem``) when the folder already holds a ``promis.toml`` or any file
    that would be overwritten — nothing of the user's is replaced.
    """
    import tomllib

    from promis_analytics import project_codes
    from promis_analytics.project import settings_from
    from promis_analytics.registers import SCHEMAS
    from promis_analytics.registers.out.template import profile_places, write_template

    targets = [folder / f"{kind}.xlsx" for kind in SCHEMAS] + [folder / n for n in FILES.values()]
    taken = [p.name for p in targets if p.exists()]
    if taken:
        raise UserProblem(
            f"{folder}: уже є {', '.join(taken)} — нічого не змінено / already holds "
            f"{', '.join(taken)}; nothing was changed"
        )
    settings_text = _settings_text(profile)
    places = profile_places(settings_from(tomllib.loads(settings_text).get("project") or {}))
    folder.mkdir(parents=True, exist_ok=True)
    with project_codes.using(folder):  # a new folder: components and funds are free text
        for kind in SCHEMAS:
            write_template(kind, folder / f"{kind}.xlsx", places=places)
    source = resources.files("promis_analytics.data").joinpath("init")
    for name, target in FILES.items():
        text = settings_text if name == "promis.toml" else source.joinpath(name).read_text("utf-8")
        (folder / target).write_text(text, encoding="utf-8")
    return targets


@click.command(name="init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="Назва проєкту / project title (uk; en too unless --title-en).")
@click.option("--title-en", help="Project title in English.")
@click.option("--period", help="Період / period: 2022-2024 or 2022-03-01..2024-06-30.")
@click.option("--currency", help="Валюта звітів / reporting currency (ISO 4217, e.g. EUR).")
@click.option("--oblasts", multiple=True, help="Області / oblasts (repeat or comma-separate).")
def command(
    folder: Path,
    title: str | None,
    title_en: str | None,
    period: str | None,
    currency: str | None,
    oblasts: tuple[str, ...],
) -> None:
    """Новий набір даних / Start a dataset: register templates, promis.toml, README.

    Then: fill the templates → promis validate FOLDER → promis build --data FOLDER (or
    promis build inside it) → open FOLDER/figures/index.html.
    """
    written = init_folder(folder, profile_block(title, title_en, period, currency, oblasts))
    for p in written:
        click.echo(str(p))
    click.echo(
        f"Далі / next: заповніть шаблони / fill the templates → promis validate {folder} → "
        f"promis build --data {folder} → {folder / 'figures' / 'index.html'}"
    )
