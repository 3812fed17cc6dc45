"""``promis build`` on registers users make: their charts, honest skips, init, one build at once."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from promis_analytics.cli import cli

EVENTS_HEADER = [
    "Назва заходу",
    "Тип",
    "Дата початку",
    "Дата закінчення",
    "Місто",
    "Кількість учасників",
    "Жінки",
]
EVENTS = [
    ["Навчання з бюджету участі", "тренінг", dt.date(2023, 3, 12), dt.date(2023, 3, 13), "Луцьк",
     25, 14],
    ["Форум громад", "форум", dt.date(2023, 5, 20), None, "м. Чернігів", 120, None],
    ["Семінар з прозорості", "семінар", dt.date(2024, 6, 1), None, "Біла Церква", 18, 9],
    ["Вебінар з відкритих даних", "вебінар", dt.date(2024, 9, 15), None, "онлайн", 61, 41],
    ["Ще один тренінг", "тренінг", dt.date(2024, 10, 2), None, "у Луцьку", 30, 20],
]  # fmt: skip
INDICATORS = (
    "Програма,Період,Група,Показник,Одиниця,Ціль,Факт\n"
    "Програма розвитку громадянського суспільства Луцька 2023-2025,2023,продукт,"
    "Кількість проведених навчань,од.,10,8\n"
    "Програма розвитку громадянського суспільства Луцька 2023-2025,2023,продукт,"
    "Кількість учасників навчань,осіб,200,230\n"
    "Програма розвитку громадянського суспільства Луцька 2023-2025,2023,ефективності,"
    "Частка задоволених учасників,%,80,85\n"
)


def _xlsx(path: Path, header: list[str], rows: list[list[object]], title: str | None = None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Реєстр"
    if title:
        ws.append([title])  # a title row above the header, as officers make them
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)


def _build(data: Path, *args: str):
    return CliRunner().invoke(cli, ["build", "--data", str(data), "--lang", "uk", *args])


def _svg_texts(path: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))


def _outputs_line(output: str) -> list[Path]:
    line = next(x for x in output.splitlines() if x.startswith("outputs / результати: "))
    return [Path(p) for p in line.split(": ", 1)[1].split(", ")]


@pytest.mark.slow
def test_build_from_events_and_program_indicators_only(tmp_path: Path) -> None:
    data = tmp_path / "мої реєстри"
    data.mkdir()
    _xlsx(data / "Заходи.xlsx", EVENTS_HEADER, EVENTS, title="Реєстр заходів ГО, 2023–2024")
    (data / "indicators.csv").write_text(INDICATORS, encoding="utf-8")

    result = _build(data)
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output
    # the outputs go into the data folder by default, and the summary names only what exists
    for p in _outputs_line(result.output):
        assert p.exists(), p
    figures = data / "figures"
    built = sorted(p.name for p in figures.glob("*.png"))
    assert built == [
        "participants_by_dimension.uk.png",
        "participants_per_city.uk.png",
        "plan_vs_actual.uk.png",
    ]
    # by sex: the women the register gives, the rest of each place hatched as unknown
    by_sex = (figures / "participants_by_dimension.uk.csv").read_text(encoding="utf-8")
    assert "Луцьк,З них жінок,34" in by_sex and "Луцьк,не розподілено: дані не подано,21" in by_sex
    texts = _svg_texts(figures / "participants_per_city.uk.svg")
    assert {"Луцьк", "Чернігів", "Біла Церква"} <= set(texts)
    assert "55" in texts  # 25 + 30 in Луцьк (one written «у Луцьку»)
    plan = _svg_texts(figures / "plan_vs_actual.uk.svg")
    # the user's three indicators (two product, one efficiency), not the brochure's program
    rows = [t.split(":")[0] for t in plan if re.match(r"^(продукт|ефективність) \d+: ", t)]
    assert rows == ["продукт 1", "продукт 2", "ефективність 1"]
    # the gallery lists what was skipped and why, in the figure's language
    gallery = (figures / "index.html").read_text(encoding="utf-8")
    skipped = gallery.split('<section class="skipped"', 1)[1]
    for kind in ("cofinancing", "index_scores", "adoptions", "facts"):
        assert f"потрібен реєстр «{kind}»" in skipped
    assert "omitted" in result.output and "index_scores" in result.output
    # a second build has nothing to do, and still says what is omitted
    again = _build(data)
    assert again.exit_code == 0 and "Нічого робити" in again.output
    assert "omitted" in again.output


def _all_kinds(data: Path) -> None:
    data.mkdir()
    _xlsx(data / "events.xlsx", EVENTS_HEADER, EVENTS)
    (data / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    # the project reports in CAD (without it: UAH, the default reporting currency)
    (data / "promis.toml").write_text('[project]\ncurrency = "CAD"\n', encoding="utf-8")
    (data / "cofinancing.csv").write_text(
        "Фонд,Місто,Назва,Дата,Внесок проєкту,Валюта проєкту,Внесок партнера,Валюта партнера\n"
        "фонд демократичного врядування,Луцьк,Відкритий бюджет,2021-04-01,1200,CAD,2500,CAD\n"
        "фонд демократичного врядування,Чернігів,Школа активіста,2021-11-01,800,CAD,1000,CAD\n",
        encoding="utf-8",
    )
    (data / "index_scores.csv").write_text(
        "Індекс,Місто,Рік,Бал,Максимальний бал,Місце,Місце з\n"
        "Прозорі міста,Луцьк,2021,55,100,27,100\n"
        "Прозорі міста,Луцьк,2023,61.5,100,13,100\n"
        "Прозорі міста,Чернігів,2021,48,100,44,100\n"
        "Прозорі міста,Чернігів,2023,52,100,35,100\n",
        encoding="utf-8",
    )
    (data / "recommendations.csv").write_text(
        "Місто,Сфера,Рекомендація,Статус\n"
        + "".join(f"Луцьк,прозорість бюджету,Рекомендація {i},виконано\n" for i in range(3))
        + "".join(f"Луцьк,прозорість бюджету,Рекомендація {i},частково\n" for i in range(3, 5))
        + "".join(f"Чернігів,інше,Рекомендація {i},не виконано\n" for i in range(5, 9)),
        encoding="utf-8",
    )
    (data / "adoptions.csv").write_text(
        "Місто,Інструмент,Статус,Станом на\n"
        "Луцьк,бюджет участі,впроваджено,2022-12-31\n"
        "Чернігів,бюджет участі,в процесі,2022-12-31\n"
        "Луцьк,бюджет участі,впроваджено,2024-06-30\n"
        "Чернігів,бюджет участі,впроваджено,2024-06-30\n",
        encoding="utf-8",
    )


@pytest.mark.slow
def test_every_chart_draws_the_users_numbers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _all_kinds(data)
    validate = CliRunner().invoke(cli, ["validate", str(data)])
    assert validate.exit_code == 0, validate.output
    result = _build(data)
    assert result.exit_code == 0, result.output
    figures = data / "figures"

    # recommendations: the user's 9 (3 + 2 + 4), never the brochure's 383 / 168
    recs = _svg_texts(figures / "recommendation_uptake.uk.svg")
    assert {"Луцьк", "Чернігів"} <= set(recs)
    assert not {"383", "168"} & set(recs)
    uptake = json.loads((figures / "recommendation_uptake.uk.json").read_text(encoding="utf-8"))
    assert "брошура" not in uptake["source"]
    # co-financing: 2 000 CAD from the project, 3 500 CAD from partners, dated 2023–2024
    cof = _svg_texts(figures / "cofinancing.uk.svg")
    assert {"2,0", "3,5"} <= set(cof), cof
    assert any("2021" in t for t in cof)  # the rate's period comes from the rows
    # transparency: the user's two editions and ranks
    ranks = " ".join(_svg_texts(figures / "transparency_ranks.uk.svg"))
    assert "2021" in ranks and "2023" in ranks and "2018" not in ranks
    assert "+14" in ranks  # Луцьк 27th → 13th
    # adoptions: the user's two report dates
    progress = json.loads((figures / "adoption_progress.uk.json").read_text(encoding="utf-8"))
    assert "2022" in progress["title"] and "2024" in progress["title"]
    # participants and plan-vs-actual from the user's files
    assert "55" in _svg_texts(figures / "participants_per_city.uk.svg")
    # every chart drawn has the data behind it, named in its sidecar and in the gallery
    for png in figures.glob("*.png"):
        stem = png.name.removesuffix(".png")
        meta = json.loads((figures / f"{stem}.json").read_text(encoding="utf-8"))
        assert meta["data"] == f"{stem}.csv" and (figures / meta["data"]).is_file(), stem
        assert f'href="{stem}.csv"' in (figures / "index.html").read_text(encoding="utf-8")
    people = (figures / "participants_per_city.uk.csv").read_text(encoding="utf-8")
    assert people.startswith('Місце,Категорія,"Учасники, осіб"\n') and "Луцьк," in people
    # brochure views without brochure facts are listed as skipped, not drawn
    gallery = (figures / "index.html").read_text(encoding="utf-8")
    assert "потрібен реєстр «facts»" in gallery
    assert not (figures / "about_tiles.uk.png").exists()


@pytest.mark.slow
def test_init_fill_validate_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "моніторинг"
    init = CliRunner().invoke(cli, ["init", str(folder)])
    assert init.exit_code == 0, init.output
    names = {p.name for p in folder.iterdir()}
    assert {"events.xlsx", "indicators.xlsx", "promis.toml", "README.md", ".gitignore"} <= names
    assert "/figures/" in (folder / ".gitignore").read_text(encoding="utf-8")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "promis validate" in readme and "Fill the templates" in readme
    # unfilled templates count as absent
    empty = CliRunner().invoke(cli, ["validate", str(folder)])
    assert empty.exit_code == 0, empty.output
    assert "ПОРОЖНІЙ" in empty.output
    # fill the events template below its bilingual header
    wb = openpyxl.load_workbook(folder / "events.xlsx")
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    for i, row in enumerate(EVENTS, start=2):
        values = dict(zip(EVENTS_HEADER, row, strict=True))
        ws.cell(i, header.index("Назва / Title") + 1, values["Назва заходу"])
        ws.cell(i, header.index("Тип заходу / Event type") + 1, values["Тип"])
        ws.cell(i, header.index("Дата початку / Start date") + 1, values["Дата початку"])
        ws.cell(i, header.index("Місто / City") + 1, values["Місто"])
        count = header.index("Кількість учасників / Participants") + 1
        ws.cell(i, count, values["Кількість учасників"])
    wb.save(folder / "events.xlsx")
    filled = CliRunner().invoke(cli, ["validate", str(folder)])
    assert filled.exit_code == 0, filled.output
    # `promis build` inside the folder builds into it
    monkeypatch.chdir(folder)
    built = CliRunner().invoke(cli, ["build", "--lang", "uk"])
    assert built.exit_code == 0, built.output
    assert (folder / "figures" / "participants_per_city.uk.png").is_file()
    assert (folder / "figures" / "index.html").is_file()
    # init never overwrites
    again = CliRunner().invoke(cli, ["init", str(folder)])
    assert again.exit_code == 2 and "nothing was changed" in again.output


@pytest.fixture
def small_folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    return data


def _hold_lock(folder: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the build lock of ``folder`` for ``seconds``."""
    lock = folder / ".promis-cache" / "build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    code = (
        "import sys, time\nfrom filelock import FileLock\n"
        f"lock = FileLock({str(lock)!r})\nlock.acquire()\nprint('held', flush=True)\n"
        f"time.sleep({seconds})\nlock.release()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.mark.slow
def test_a_second_build_on_the_same_output_refuses_or_waits(small_folder: Path) -> None:
    holder = _hold_lock(small_folder, 30)
    try:
        refused = _build(small_folder, "--no-wait")
        assert refused.exit_code == 2
        assert "another build is running" in refused.output
        assert not (small_folder / "figures").exists()  # nothing was touched
    finally:
        holder.kill()
        holder.wait()

    holder = _hold_lock(small_folder, 1.5)
    t = time.perf_counter()
    waited = _build(small_folder)
    holder.wait()
    assert waited.exit_code == 0, waited.output
    assert "waiting for another build" in waited.output
    assert time.perf_counter() - t >= 1.0
    assert (small_folder / "figures" / "plan_vs_actual.uk.png").is_file()


def test_a_real_failure_is_one_paragraph_with_a_log(small_folder: Path, tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell('data_dir = "."\nfigures_dir = None\nlang = "uk"'),
        nbformat.v4.new_code_cell("{}['нема такого ключа']"),
    ]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["promis"] = {"registers": ["indicators"]}
    nbformat.write(nb, notebooks / "01_broken.ipynb")
    from promis_analytics.pipeline import BuildConfig, build

    config = BuildConfig(small_folder, small_folder, ("uk",), 1, notebooks)
    result = build(config)
    failed = result.by_status("failed")
    assert [o.name for o in failed] == ["notebook:01_broken.uk"]
    error = failed[0].error
    assert error.startswith("KeyError: ") and "\n" not in error
    assert "01_broken.ipynb [uk]" in error and "indicators ← indicators.csv" in error
    assert failed[0].log is not None and "Traceback" in failed[0].log.read_text(encoding="utf-8")
    # the gallery and the manifest are written all the same
    assert result.by_status("rebuilt")[-1].name == "manifest"
    assert (small_folder / "figures" / "index.html").is_file()


@pytest.mark.slow
def test_charts_the_data_cannot_support_are_skipped_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One ranking year, one report date: the build succeeds and the gallery says why."""
    folder = tmp_path / "one year"
    folder.mkdir()
    (folder / "index_scores.csv").write_text(
        "Індекс,Місто,Рік,Бал,Місце,Місце з\n"
        "Прозорі міста,Луцьк,2023,61.5,13,100\nПрозорі міста,Чернігів,2023,52,35,100\n",
        encoding="utf-8",
    )
    (folder / "adoptions.csv").write_text(
        "Місто,Інструмент,Статус,Станом на\n"
        "Луцьк,бюджет участі,впроваджено,2024-06-30\n"
        "Чернігів,електронні петиції,в процесі,2024-06-30\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(folder)  # a folder of registers: `promis build` builds it, into it
    result = CliRunner().invoke(cli, ["build", "--lang", "uk"])
    assert result.exit_code == 0, result.output
    figures = folder / "figures"
    assert (figures / "adoption_matrix.uk.png").is_file()
    for chart, reason in (
        ("transparency_ranks", "немає міста з місцем у рейтингу за два роки"),
        ("adoption_progress", "лише одна дата звіту"),
    ):
        assert not (figures / f"{chart}.uk.png").exists()
        meta = json.loads((figures / f"{chart}.uk.json").read_text(encoding="utf-8"))
        assert reason in meta["skipped"]
        assert reason in (figures / "index.html").read_text(encoding="utf-8")
