"""An adoption statement may give a count of cities the source does not name."""

from __future__ import annotations

from pathlib import Path

from promis_analytics import registers

HEADER = "Місто,Інструмент,Статус,Станом на,Кількість міст без назв,Джерело,Локатор\n"


def _load(tmp_path: Path, body: str, **options):
    path = tmp_path / "адопції.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return registers.load("adoptions", path, **options)


def test_a_row_without_a_city_but_with_a_count_is_accepted(tmp_path: Path) -> None:
    reg = _load(
        tmp_path,
        ",ProZorro.Продажі,запроваджено,31.12.2018,8,картка моніторингу,с. 3\n"
        "Вінниця,ProZorro.Продажі,запроваджено,31.03.2021,,брошура,с. 12\n",
    )
    assert reg.report.errors == []
    assert reg.data["cities_count"].tolist()[0] == 8
    assert reg.data["city"].isna().tolist() == [True, False]


def test_a_row_without_a_city_and_without_a_count_names_both(tmp_path: Path) -> None:
    reg = _load(tmp_path, ",ProZorro.Продажі,запроваджено,31.12.2018,,картка,с. 3\n", strict=False)
    (error,) = reg.report.errors
    assert (error.code, error.row, error.column_letter) == ("required", 2, "A")
    assert "кількість міст без назв" in error.params["expected_uk"]
    assert "cities (count, not named)" in error.params["expected_en"]
