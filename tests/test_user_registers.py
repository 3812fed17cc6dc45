"""Registers kept the way a Ukrainian M&E officer keeps them load with nothing rejected:
title and «Відповідальна» lines, «№ з/п» and «Примітки» columns, no ID/source/locator,
everyday words, a vertical merge, a range in one date cell, «н/д», a «Разом» row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from doc_builders import write_xlsx
from profiles import promis_codes

from promis_analytics.cli import cli
from promis_analytics.dataset import load_dataset
from promis_analytics.errors import RegisterError
from promis_analytics.registers import load


def _workbook(
    path: Path, sheet: str, rows: list[list[object]], merges: tuple[str, ...] = ()
) -> Path:
    return write_xlsx(path, rows, sheet=sheet, merges=merges)


def events_register(path: Path) -> Path:
    """Rows 1–2: title and the responsible person; 3: header; 4–8: events; 9: «Разом»."""
    return _workbook(
        path,
        "Заходи 2019",
        [
            ["Реєстр заходів проєкту, 2019 рік"],
            ["Відповідальна: О. Коваленко, фахівчиня з МіО"],
            [
                "№ з/п",
                "Назва заходу",
                "Вид заходу",
                "Дата",
                "Місто",
                "Учасників",
                "з них жінок",
                "Примітки",
            ],
            [
                1,
                "Бюджет участі: старт",
                "навчання",
                "18-19.09.2019",
                "Луцьк",
                25,
                14,
                "онлайн-трансляція",
            ],
            [2, "Робоча група МСП", "засідання", dt.datetime(2019, 10, 3), None, 12, "н/д", None],
            [3, "Брендинг міста", "воркшоп", "12.03.19", "Полтава", 30, 20, "перенесено з лютого"],
            [4, "Звітна конференція", "Конференція", "березень 2019", "онлайн", 80, "—", None],
            [
                5,
                "Круглий стіл «Бізнес і влада»",
                "тренінг-семінар",
                "30.05–01.06.2019",
                "м. Кременчук",
                40,
                18,
                None,
            ],
            ["Разом", None, None, None, None, 187, None, None],
        ],
        merges=("E4:E5",),  # one city for the first two events
    )


def test_events_register_as_kept(tmp_path: Path) -> None:
    path = events_register(tmp_path / "Реєстр заходів 2019.xlsx")
    reg = load("events", path)
    r = reg.report
    assert (r.rows_read, r.accepted, r.rejected, r.totals) == (6, 5, 0, 1)
    d = reg.data
    assert list(d["event_id"]) == [f"Реєстр заходів 2019-{n}" for n in range(4, 9)]
    assert set(d["source"]) == {"Реєстр заходів 2019.xlsx"}
    assert list(d["locator"]) == [f"Заходи 2019!A{n}" for n in range(4, 9)]
    assert list(d["event_type"]) == ["training", "meeting", "training", "conference", "training"]
    assert list(d["city"]) == [
        "UA07080170010083384",  # Луцьк
        "UA07080170010083384",  # merged E4:E5
        "poltava",
        "online",
        "kremenchuk",
    ]
    assert list(d["date_start"].dt.date) == [
        dt.date(2019, 9, 18),
        dt.date(2019, 10, 3),
        dt.date(2019, 3, 12),
        dt.date(2019, 3, 1),
        dt.date(2019, 5, 30),
    ]
    assert [None if pd.isna(x) else x.date() for x in d["date_end"]] == [
        dt.date(2019, 9, 19),
        None,
        None,
        dt.date(2019, 3, 31),
        dt.date(2019, 6, 1),
    ]
    assert [None if pd.isna(x) else x for x in d["date_precision"]] == [
        "day",
        None,
        None,
        "month",
        "day",
    ]
    assert d["women"].isna().tolist() == [False, True, False, True, False]
    assert list(d["extra:№ з/п"]) == ["1", "2", "3", "4", "5"]
    assert list(d["extra:Примітки"].fillna("")) == [
        "онлайн-трансляція",
        "",
        "перенесено з лютого",
        "",
        "",
    ]
    notes = {e.code for e in r.entries if e.severity == "note"}
    assert {"above_header", "extra_column", "auto_column", "merged_filled", "totals_row"} <= notes


def test_number_column_with_codes_is_the_id(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "recs.xlsx",
        "Рекомендації",
        [
            ["№", "Місто", "Сфера", "Статус", "Рекомендація", "Коментар"],
            ["Р-01", "Долина", "ЦНАП", "частково", "Подовжити години прийому", "уточнити"],
            ["Р-02", "Долина", "бізнес-клімат", "в процесі", "Створити раду підприємців", None],
            ["Р-03", "Коломия", "прозорість бюджету", None, "Оприлюднювати бюджет", None],
            ["Р-04", "Коломия", "ЦНАП", "не актуально", "Відкрити віддалене робоче місце", None],
            ["Р-05", "Яремче", "інше", "Частково виконано", "Оновити сайт", None],
        ],
    )
    reg = load("recommendations", path)
    d = reg.data
    assert list(d["recommendation_id"]) == ["Р-01", "Р-02", "Р-03", "Р-04", "Р-05"]
    assert [None if pd.isna(s) else s for s in d["status"]] == [
        "partially_implemented",
        "in_progress",
        None,  # empty: counted as unknown
        "not_applicable",
        "partially_implemented",
    ]
    assert d["text"].iloc[0] == "Подовжити години прийому"
    assert "extra:Коментар" in d.columns
    from promis_analytics.indicators import recommendation_uptake

    total = recommendation_uptake(d).iloc[-1]
    assert (total["given"], total["in_progress"], total["unknown"], total["not_applicable"]) == (
        4,
        1,
        1,
        1,
    )


def test_budget_program_indicator_groups(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "indicators.xlsx",
        "Показники",
        [
            ["Програма", "Рік", "Група показників", "Показник", "Од. виміру", "План", "Факт"],
            ["Програма розвитку МСП", 2019, "затрат", "Обсяг видатків", "тис. грн", 100, 95],
            ["Програма розвитку МСП", 2019, "Показники продукту", "Кількість форумів", "од.", 4, 2],
            [
                "Програма розвитку МСП",
                2019,
                "ефективності",
                "Витрати на один форум",
                "тис. грн",
                5,
                "н/д",
            ],
            ["Програма розвитку МСП", 2019, "показники якості", "Задоволеність", "%", 80, 85],
        ],
    )
    d = load("indicators", path).data
    assert list(d["group"]) == ["cost", "product", "efficiency", "quality"]
    assert pd.isna(d.loc[2, "actual"])


def test_unknown_word_lists_ukrainian_words(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "events.xlsx",
        "Заходи",
        [["Назва", "Тип заходу", "Дата", "Учасники"], ["Захід", "пікнік", "01.03.2019", 5]],
    )
    reg = load("events", path, strict=False)
    (e,) = reg.report.errors
    assert e.code == "not_allowed" and (e.row, e.column_letter) == (2, "B")
    assert "тренінг, семінар, вебінар" in e.expected("uk")
    assert "training" not in e.expected("uk") and "_" not in e.expected("uk")
    assert "training, seminar, webinar" in e.expected("en")


@pytest.mark.parametrize(
    ("vocabulary", "code", "synonym"),
    [
        (r["vocabulary"], r["code"], r["synonym"])
        for r in __import__(
            "promis_analytics.registers.schema.vocab", fromlist=["synonym_rows"]
        ).synonym_rows()
    ],
)
def test_every_synonym(vocabulary: str, code: str, synonym: str) -> None:
    """Each synonym of the table is read as its code, also in capitals and another order."""
    from promis_analytics.registers.schema.schemas import SCHEMAS
    from promis_analytics.registers.schema.vocab import lookup, vocabulary_of

    fields = [
        s.field(c) for s in SCHEMAS.values() for c in s.columns if s.field(c).allowed is not None
    ]
    f = next(f for f in fields if vocabulary_of(f) == vocabulary)
    assert lookup(f, synonym) == code
    assert lookup(f, synonym.upper()) == code
    words = synonym.split()
    if len(words) > 1:
        assert lookup(f, " ".join(reversed(words))) == code


# --- folders -----------------------------------------------------------------------------


def test_folder_with_nothing_recognised_fails(tmp_path: Path) -> None:
    events_register(tmp_path / "Реєстр_заходів_2019.xlsx")
    res = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert res.exit_code != 0
    assert "events.xlsx" in res.output and "promis.toml" in res.output
    assert "Traceback" not in res.output


def test_two_candidates_fail_everywhere(tmp_path: Path) -> None:
    events_register(tmp_path / "events.xlsx")
    (tmp_path / "events.csv").write_text(
        "Назва,Тип заходу,Дата,Учасники\nА,семінар,2019-03-01,5\n", encoding="utf-8"
    )
    res = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert res.exit_code != 0 and "events.csv" in res.output and "events.xlsx" in res.output
    with pytest.raises(RegisterError, match=r"events\.csv.*events\.xlsx|events\.xlsx.*events\.csv"):
        load_dataset(tmp_path)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        cli, ["build", "--data", str(tmp_path), "--out", str(out), "--lang", "uk"]
    )
    assert res.exit_code != 0 and "events.csv" in res.output and "events.xlsx" in res.output
    assert "Traceback" not in res.output


def test_mapping_file_works_in_validate_load_and_build(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    events_register(data / "Реєстр_заходів_2019.xlsx")
    (data / "promis.toml").write_text(
        '[registers.events]\nfile = "Реєстр_заходів_2019.xlsx"\nsheet = "Заходи 2019"\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(cli, ["validate", str(data)])
    assert res.exit_code == 0, res.output
    assert "Реєстр_заходів_2019.xlsx" in res.output
    ds = load_dataset(data)
    assert len(ds["events"]) == 5 and ds.files["events"].name == "Реєстр_заходів_2019.xlsx"
    from promis_analytics.pipeline import BuildConfig, plan_build, run_steps

    config = BuildConfig(data_dir=data, out_dir=tmp_path / "out", langs=("uk",))
    steps, _ = plan_build(config)
    chosen = [s for s in steps if s.name in ("validate", "processed:events")]
    result = run_steps(chosen, root=config.out_dir, data_dir=data, state_path=config.state_path)
    assert all(o.status != "failed" for o in result.outcomes), result.outcomes
    processed = pd.read_parquet(config.processed_dir / "events.parquet")
    assert len(processed) == 5 and processed["city_oblast"].iloc[0] == "Волинська область"
    assert "extra:Примітки" in processed.columns


def test_extra_columns_reach_the_workbook_tables(tmp_path: Path) -> None:
    from promis_analytics.indicators import indicator_tables

    data = tmp_path / "data"
    data.mkdir()
    events_register(data / "events.xlsx")
    ds = load_dataset(data)
    sources = indicator_tables(ds)["register_sources"]
    row = sources[sources["register"] == "events"].iloc[0]
    assert row["extra_columns"] == "№ з/п; Примітки"
    assert row["rows"] == 5 and row["source"] == "events.xlsx"


def test_extra_columns_are_listed_in_the_workbook(tmp_path: Path) -> None:
    from promis_analytics.indicators import indicator_tables
    from promis_analytics.pipeline.workbook import write_indicator_report

    data = tmp_path / "data"
    data.mkdir()
    events_register(data / "events.xlsx")
    out = tmp_path / "indicators.xlsx"
    write_indicator_report(indicator_tables(load_dataset(data)), out)
    ws = openpyxl.load_workbook(out)["Джерела · Sources"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "№ з/п; Примітки" in cells


# Registers of the other kinds, kept as people keep them: a title row, no ID/source/locator,
# a «Примітки» column, everyday words. (kind, sheet, header, rows, column → expected values)
OTHER_KINDS = [
    (
        "cofinancing",
        "Співфінансування",
        ["№ з/п", "Фонд", "Місто", "Назва проєкту", "Внесок ПРОМІС", "Валюта", "Примітки"],
        [
            [
                1,
                "Фонд підтримки ініціатив із демократичного врядування та розвитку",
                "Долина",
                "Відкритий бюджет",
                "15 тис.",
                "канадський долар",
                "перший транш",
            ],
            [2, "Фонд розвитку МСП", "Коломия", "Бізнес-хаб", "453,3 тис.", "грн", None],
        ],
        {
            "fund": ["dg_fund", "sme_fund"],
            "project_currency": ["CAD", "UAH"],
            "project_amount": [15000.0, 453300.0],
        },
    ),
    (
        "index_scores",
        "Рейтинги",
        ["Індекс", "Місто", "Рік", "Бал", "Місце", "Примітки"],
        [
            ["Прозорі міста", "Полтава", 2019, "62,5", 12, "н/д"],
            ["рейтинг прозорості", "м. Кременчук", 2020, "71", "н/д", "дані TI Україна"],
        ],
        {
            "index": ["transparent_cities", "transparent_cities"],
            "city": ["poltava", "kremenchuk"],
            "rank": [12, None],
        },
    ),
    (
        "adoptions",
        "Інструменти",
        ["Місто", "Інструмент", "Статус", "Станом на", "Коментар"],
        [
            ["Вінниця", "громадський бюджет", "впроваджено", "31.12.2019", "з 2016"],
            ["у Жмеринці", "е-петиції", "в процесі", "31.12.2019 р.", None],
        ],
        {
            "status": ["adopted", "in_progress"],
            "instrument": ["participatory_budget", "e_petitions"],
            "city": ["vinnytsia", "zhmerynka"],
        },
    ),
]


@pytest.mark.parametrize(
    ("kind", "sheet", "header", "rows", "expected"), OTHER_KINDS, ids=[k[0] for k in OTHER_KINDS]
)
def test_other_registers_as_kept(
    tmp_path: Path, kind: str, sheet: str, header: list, rows: list, expected: dict
) -> None:
    path = _workbook(tmp_path / f"{kind}.xlsx", sheet, [[f"Реєстр «{sheet}», 2019"], header, *rows])
    promis_codes(tmp_path)  # a PROMIS folder: its funds are codes
    reg = load(kind, path)
    d = reg.data
    assert reg.report.rejected == 0 and len(d) == len(rows)
    assert set(d["source"]) == {f"{kind}.xlsx"}
    assert list(d["locator"]) == [f"{sheet}!A{n}" for n in range(3, 3 + len(rows))]
    for column, values in expected.items():
        got = [None if pd.isna(v) else v for v in d[column]]
        assert got == values, column
    extra = [c for c in d.columns if c.startswith("extra:")]
    assert extra and not d[extra[-1]].isna().all()
    if "project_id" in d.columns:
        assert list(d["project_id"]) == [f"{kind}-3", f"{kind}-4"]
