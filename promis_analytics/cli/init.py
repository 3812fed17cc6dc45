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


def init_folder(folder: Path) -> list[Path]:
    """Write the register templates and the starter files into ``folder``; return them.

    Refuses (``UserProblem``) when the folder already holds a ``promis.toml`` or any file
    that would be overwritten — nothing of the user's is replaced.
    """
    from promis_analytics.registers import SCHEMAS
    from promis_analytics.registers.template import write_template

    targets = [folder / f"{kind}.xlsx" for kind in SCHEMAS] + [folder / n for n in FILES.values()]
    taken = [p.name for p in targets if p.exists()]
    if taken:
        raise UserProblem(
            f"{folder}: уже є {', '.join(taken)} — нічого не змінено / already holds "
            f"{', '.join(taken)}; nothing was changed"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for kind in SCHEMAS:
        write_template(kind, folder / f"{kind}.xlsx")
    source = resources.files("promis_analytics.data").joinpath("init")
    for name, target in FILES.items():
        (folder / target).write_text(
            source.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    return targets


@click.command(name="init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def command(folder: Path) -> None:
    """Новий набір даних / Start a dataset: register templates, promis.toml, README.

    Then: fill the templates → promis validate FOLDER → promis build --data FOLDER (or
    promis build inside it) → open FOLDER/figures/index.html.
    """
    written = init_folder(folder)
    for p in written:
        click.echo(str(p))
    click.echo(
        f"Далі / next: заповніть шаблони / fill the templates → promis validate {folder} → "
        f"promis build --data {folder} → {folder / 'figures' / 'index.html'}"
    )
