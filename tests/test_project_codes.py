"""A data folder's own components and funds (components.csv, funds.csv, vocabularies.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from promis_analytics import project_codes
from promis_analytics.registers import load
from promis_analytics.registers.out.cache import cache_key

COMPONENTS = (
    "code,level,parent,title_uk,title_en\n"
    "1,component,,Доступні послуги,Accessible services\n"
    "1.1,output,1,ЦНАП у громадах,Service centres in hromadas\n"
    "1.2,output,1,Цифрові послуги,Digital services\n"
)
FUNDS = "code,title_uk,title_en\nmicro,мікрогранти громадам,micro-grants to hromadas\n"
WORDS = "vocabulary,code,synonym,lang\nfund,micro,ФМГ,uk\nfund,micro,мікрогранти,uk\n"
EVENTS = (
    "Назва,Тип заходу,Продукт проєкту,Дата початку,Місто,Кількість учасників\n"
    "Семінар,семінар,1.1,2023-03-01,Охтирка,20\n"
    "Вебінар,вебінар,1.2 Цифрові послуги,2023-04-01,онлайн,50\n"
    "Тренінг,тренінг,1100,2023-05-01,Суми,15\n"
)


def _folder(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_folder_without_code_files_takes_any_component_as_text(tmp_path: Path) -> None:
    _folder(tmp_path, events=EVENTS)
    data = load("events", tmp_path / "events.csv").data
    assert list(data["component"]) == ["1.1", "1.2 Цифрові послуги", "1100"]


def test_the_folders_components_are_its_codes(tmp_path: Path) -> None:
    _folder(tmp_path, events=EVENTS, components=COMPONENTS)
    reg = load("events", tmp_path / "events.csv", strict=False)
    assert list(reg.data["component"]) == ["1.1", "1.2"]  # «1.2 Цифрові послуги» is its label
    (problem,) = reg.report.errors
    assert (problem.code, problem.row, problem.value) == ("not_allowed", 4, "1100")
    assert "1.1 ЦНАП у громадах" in problem.expected("uk")  # a group («1») is no register code
    assert "1 Доступні послуги" not in problem.expected("uk")


@pytest.mark.parametrize("typed", ["мікрогранти громадам", "micro-grants to hromadas", "ФМГ"])
def test_the_folders_funds_and_their_words(tmp_path: Path, typed: str) -> None:
    _folder(
        tmp_path,
        funds=FUNDS,
        vocabularies=WORDS,
        cofinancing=f"Фонд,Місто,Назва\n{typed},Мена,Медіашкола\n",
    )
    assert list(load("cofinancing", tmp_path / "cofinancing.csv").data["fund"]) == ["micro"]


def test_every_problem_of_the_code_files_at_once(tmp_path: Path) -> None:
    _folder(
        tmp_path,
        components="code,title_uk\n1.1,ЦНАП\n",
        funds="code,title_uk,title_en\nmicro,мікрогранти,micro\nmicro,ще раз,again\nx,,\n",
        vocabularies="vocabulary,code,synonym,lang\nfund,youth,молодь,uk\n",
    )
    with pytest.raises(project_codes.FolderCodesError) as info:
        project_codes.folder_codes(tmp_path)
    text = str(info.value)
    assert "components.csv: немає стовпців title_en" in text and "missing columns" in text
    assert "funds.csv рядок 4: порожні title_uk, title_en" in text
    assert "funds.csv рядок 3: код 'micro' уже є вище" in text
    assert "vocabularies.csv рядок 2: код 'youth' не оголошено" in text


def test_a_changed_code_file_is_read_again_and_changes_the_cache_key(tmp_path: Path) -> None:
    _folder(tmp_path, events=EVENTS, components=COMPONENTS)
    key = cache_key("events", tmp_path / "events.csv")
    first = project_codes.folder_codes(tmp_path)
    (tmp_path / "components.csv").write_text(COMPONENTS + "1.3,output,1,Нове,New\n", "utf-8")
    assert "1.3" in project_codes.folder_codes(tmp_path).allowed["component"]
    assert "1.3" not in first.allowed["component"]
    assert cache_key("events", tmp_path / "events.csv") != key


def test_chart_labels_name_the_folders_codes(tmp_path: Path) -> None:
    from promis_analytics.charts import label

    _folder(tmp_path, components=COMPONENTS, funds=FUNDS)
    with project_codes.using(tmp_path):
        assert label("component.1.2", "en") == "Digital services"
        assert label("fund.micro", "uk") == "мікрогранти громадам"


def test_a_template_offers_the_folders_components(tmp_path: Path) -> None:
    import openpyxl
    from click.testing import CliRunner

    from promis_analytics.cli import cli

    _folder(tmp_path, components=COMPONENTS)
    out = tmp_path / "events.xlsx"
    result = CliRunner().invoke(cli, ["template", "events", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lists = openpyxl.load_workbook(out)["lists"]
    words = {str(c.value) for row in lists.iter_rows() for c in row if c.value is not None}
    assert {"1.1 ЦНАП у громадах", "1.2 Цифрові послуги"} <= words
    assert not any(w.startswith(("1100 ", "2100 ")) for w in words)  # no PROMIS output


EVENT_TYPES = "code,title_uk,title_en\nhackathon,хакатон,hackathon\nfair,ярмарок,fair\n"
TYPED_EVENTS = (
    "Назва,Тип заходу,Дата початку,Місто,Кількість учасників\n"
    "Хакатон «Цифрова громада»,хакатон,2023-03-01,Суми,40\n"
    "Ярмарок послуг,Ярмарок,2023-04-01,Охтирка,120\n"
    "Тренінг для ЦНАП,тренінг,2023-05-01,Мена,15\n"
    "Хакатон для школярів,хакатонн,2023-06-01,Суми,30\n"
)


def test_a_folders_event_types_join_the_built_in_ones(tmp_path: Path) -> None:
    _folder(tmp_path, events=TYPED_EVENTS, event_types=EVENT_TYPES)
    reg = load("events", tmp_path / "events.csv", strict=False)
    assert list(reg.data["event_type"]) == ["hackathon", "fair", "training"]
    (problem,) = reg.report.errors  # a misspelt type is refused, never guessed
    assert (problem.code, problem.row, problem.value) == ("not_allowed", 5, "хакатонн")
    assert "хакатон" in problem.expected("uk") and "тренінг" in problem.expected("uk")


def test_without_the_file_a_projects_own_type_is_refused(tmp_path: Path) -> None:
    _folder(tmp_path, events=TYPED_EVENTS)
    reg = load("events", tmp_path / "events.csv", strict=False)
    assert [(e.code, e.row) for e in reg.report.errors] == [("not_allowed", r) for r in (2, 3, 5)]


def test_a_folders_event_types_are_labelled_and_coloured(tmp_path: Path) -> None:
    from promis_analytics.charts import participants_by_city
    from promis_analytics.charts.labels import label
    from promis_analytics.indicators import participants_per_city

    _folder(tmp_path, events=TYPED_EVENTS.rsplit("\n", 2)[0] + "\n", event_types=EVENT_TYPES)
    events = load("events", tmp_path / "events.csv").data
    with project_codes.using(tmp_path):
        assert (label("event_type.hackathon", "uk"), label("event_type.fair", "en")) == (
            "хакатон",
            "fair",
        )
        table = participants_per_city(events, by=("city", "event_type"))
        fig = participants_by_city(table, lang="uk", source="журнал заходів")
        legends = [lg for a in fig.axes if (lg := a.get_legend())] + fig.legends
        legend = {t.get_text() for lg in legends for t in lg.get_texts()}
        colours = {p.get_facecolor() for a in fig.axes for p in a.patches}
    assert {"хакатон", "ярмарок", "тренінг"} <= legend
    assert len(colours) >= 3  # each type its own colour
