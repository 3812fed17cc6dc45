"""``write_demo``: synthetic, schema-valid registers of any size, every row marked ``synthetic``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from promis_analytics import paths, project_codes
from promis_analytics.export import atomic_write, neutralise
from promis_analytics.export import write as export_write
from promis_analytics.project import project_settings
from promis_analytics.reference import PARTNER_KEYS
from promis_analytics.registers.schema.codes import (
    ADOPTION_STATUSES,
    EVENT_TYPES,
    INDEXES,
    INDICATOR_GROUPS,
    INSTRUMENTS,
    REC_AREAS,
    REC_STATUSES,
)
from promis_analytics.registers.schema.schemas import SCHEMAS

__all__ = ["FORMATS", "SYNTHETIC", "demo_registers", "is_synthetic", "write_demo"]

#: The ``source`` of every synthetic row (charts drawn from such rows are marked illustrative).
SYNTHETIC = "synthetic"
#: File formats ``write_demo`` writes.
FORMATS: tuple[str, ...] = ("csv", "xlsx")

# Title parts, combined per row: «<topic>: <angle>» (written for this module).
_TOPICS = (
    "Бюджет участі",
    "Гендерно орієнтоване бюджетування",
    "Електронні петиції",
    "Стратегія розвитку громади",
    "Маркетинг міста",
    "Підтримка малого та середнього підприємництва",
    "Прозорість місцевого бюджету",
    "Якість адміністративних послуг",
    "Енергоефективність у громаді",
    "Залучення молоді",
    "Інвестиційний паспорт міста",
    "Відкриті дані",
)
_ANGLES = (
    "досвід міст-партнерів",
    "практичні кроки",
    "планування на рік",
    "обмін досвідом",
    "інструменти та методи",
    "робота з громадськістю",
)


def _period() -> tuple[pd.Timestamp, int]:
    """The embedded profile's period (``data/raw/promis.toml`` ``[project]`` start/end): its
    first day and its length in days (last allowed day = first + days)."""

    period = project_settings(paths.raw_dir()).period
    if period is None:
        raise ValueError(
            "демо-дані потребують [project] start/end у data/raw/promis.toml / "
            "the demo data need [project] start/end in data/raw/promis.toml"
        )
    start = pd.Timestamp(period[0])
    return start, (pd.Timestamp(period[1]) - start).days


def random_dates(rng: np.random.Generator, n: int, *, max_extra: int = 0) -> tuple[pd.Series, ...]:
    """``n`` start dates in the project period, and end dates 0…max_extra days later (capped)."""
    first, days = _period()
    offset = rng.integers(0, days + 1, n)
    start = first + pd.to_timedelta(offset, unit="D")
    if not max_extra:
        return (pd.Series(start),)
    end_off = np.minimum(offset + rng.integers(0, max_extra + 1, n), days)
    return pd.Series(start), pd.Series(first + pd.to_timedelta(end_off, unit="D"))


def random_picks(
    rng: np.random.Generator, values: tuple[str, ...] | list[str], n: int
) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.integers(0, len(values), n)]


def _prov(n: int, kind: str) -> dict[str, object]:
    return {"source": SYNTHETIC, "locator": [f"promis demo {kind} row {i + 1}" for i in range(n)]}


def random_titles(rng: np.random.Generator, n: int) -> list[str]:
    t, a = random_picks(rng, _TOPICS, n), random_picks(rng, _ANGLES, n)
    return [f"{x}: {y}" for x, y in zip(t, a, strict=True)]


def _embedded(field: str) -> tuple[str, ...]:
    """The codes of ``field`` the embedded dataset declares (``project_codes``)."""
    return tuple(project_codes.folder_codes(paths.raw_dir()).allowed.get(field, {}))


def _events(rng: np.random.Generator, n: int) -> pd.DataFrame:
    start, end = random_dates(rng, n, max_extra=2)
    participants = rng.integers(5, 201, n)
    women = (participants * rng.uniform(0.2, 0.8, n)).astype(int)
    women_col = pd.array(women, dtype="Int64")
    women_col[rng.random(n) < 0.2] = pd.NA  # some events do not report women
    component = random_picks(rng, [*_embedded("component"), ""], n)
    return pd.DataFrame(
        {
            "event_id": [f"demo-e{i + 1:07d}" for i in range(n)],
            "title": random_titles(rng, n),
            "event_type": random_picks(rng, tuple(EVENT_TYPES), n),
            "component": component,
            "date_start": start.dt.date,
            "date_end": end.dt.date,
            "city": random_picks(rng, PARTNER_KEYS, n),
            "country": "",
            "participants": participants,
            "women": women_col,
            **_prov(n, "events"),
        }
    )


def _cofinancing(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Project money in the embedded profile's currency, partner money in its local one."""
    (date,) = random_dates(rng, n)
    profile = project_settings(paths.raw_dir())
    return pd.DataFrame(
        {
            "project_id": [f"demo-p{i + 1:07d}" for i in range(n)],
            "fund": random_picks(rng, tuple(_embedded("fund")), n),
            "city": random_picks(rng, PARTNER_KEYS, n),
            "title": random_titles(rng, n),
            "theme": random_picks(rng, ("governance", "economy", "gender"), n),
            "date": date.dt.date,
            "project_amount": rng.integers(5, 60, n) * 1000,
            "project_currency": profile.currency,
            "partner_amount": rng.integers(50, 2000, n) * 1000,
            "partner_currency": profile.local_currency,
            **_prov(n, "cofinancing"),
        }
    )


def _index_scores(rng: np.random.Generator, n: int) -> pd.DataFrame:
    # every (index, city, year) at most once: take the first n of a shuffled grid
    grid = [(i, c, y) for i in INDEXES for c in PARTNER_KEYS for y in range(2000, 2031)]
    order = rng.permutation(len(grid))[:n]
    rows = [grid[k] for k in sorted(order)]
    m = len(rows)
    rank_of = rng.integers(50, 101, m)
    return pd.DataFrame(
        {
            "index": [r[0] for r in rows],
            "city": [r[1] for r in rows],
            "year": [r[2] for r in rows],
            "score": np.round(rng.uniform(10, 95, m), 1),
            "max_score": 100.0,
            "rank": np.minimum(rng.integers(1, 101, m), rank_of),
            "rank_of": rank_of,
            **_prov(m, "index_scores"),
        }
    )


def _recommendations(rng: np.random.Generator, n: int) -> pd.DataFrame:
    (date,) = random_dates(rng, n)
    return pd.DataFrame(
        {
            "recommendation_id": [f"demo-r{i + 1:07d}" for i in range(n)],
            "city": random_picks(rng, PARTNER_KEYS, n),
            "area": random_picks(rng, tuple(REC_AREAS), n),
            "year_given": rng.integers(2015, 2022, n),
            "status": random_picks(rng, tuple(REC_STATUSES), n),
            "status_date": date.dt.date,
            **_prov(n, "recommendations"),
        }
    )


def _indicators(rng: np.random.Generator, n: int) -> pd.DataFrame:
    target = rng.integers(10, 500, n).astype(float)
    actual = np.round(target * rng.uniform(0.5, 1.2, n), 1)
    return pd.DataFrame(
        {
            "program": "Демонстраційна програма розвитку громади",
            "period": [str(2016 + i % 5) for i in range(n)],
            "group": random_picks(rng, tuple(INDICATOR_GROUPS), n),
            "indicator": [f"Показник {i + 1}: {t}" for i, t in enumerate(random_titles(rng, n))],
            "unit": "count",
            "baseline": "",
            "target": target,
            "actual": actual,
            "reported_pct": np.round(100 * actual / target, 1),
            **_prov(n, "indicators"),
        }
    )


def _adoptions(rng: np.random.Generator, n: int) -> pd.DataFrame:
    (date,) = random_dates(rng, n)
    df = pd.DataFrame(
        {
            "city": random_picks(rng, PARTNER_KEYS, n),
            "instrument": random_picks(rng, tuple(INSTRUMENTS), n),
            "status": random_picks(rng, tuple(ADOPTION_STATUSES), n),
            "as_of": date.dt.date,
        }
    )
    df = df.drop_duplicates(["city", "instrument", "as_of"]).reset_index(drop=True)
    return df.assign(**_prov(len(df), "adoptions"))


def _facts(rng: np.random.Generator, n: int) -> pd.DataFrame:
    start, end = random_dates(rng, n, max_extra=365)
    value = rng.integers(1, 1000, n)
    return pd.DataFrame(
        {
            "fact_id": [f"demo-f{i + 1:07d}" for i in range(n)],
            "section": "demo",
            "metric": random_picks(
                rng, ("events_held", "participants_trained", "projects_funded"), n
            ),
            "value": value,
            "unit": "count",
            "period_start": start.dt.date,
            "period_end": end.dt.date,
            "cities": random_picks(rng, PARTNER_KEYS, n),
            "as_printed": [str(v) for v in value],
            **_prov(n, "facts"),
        }
    )


_DEMO_INDICATORS = (
    ("1100", "immediate_outcome", "Міста, що застосовують інструменти відкритого врядування",
     "Cities applying open-governance tools", "міст", "unit"),
    ("1100", "immediate_outcome", "Частка жінок серед учасників навчань",
     "Share of women among trainees", "%", "percentage"),
    ("2110", "output", "Проведені навчання для МСП", "Trainings held for SMEs", "навчань", "unit"),
    ("2100", "intermediate_outcome", "Програми підтримки МСП, ухвалені радами",
     "SME support programmes adopted by councils", "програм", "unit"),
    ("3110", "output", "Посадовці, що пройшли курс з МЕР", "Officials trained in LED",
     "осіб", "unit"),
    ("3000", "ultimate_outcome", "Середній бал прозорості міст-партнерів",
     "Mean transparency score of partner cities", "балів", "unit"),
)  # fmt: skip


def _results(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """An illustrative framework: the demo indicators × years 2016…2020 × (project-wide, then
    partner cities) × sex, ``n`` rows."""
    years = range(2016, 2021)
    combos = [
        (d, y, place, sex)
        for place in (None, *PARTNER_KEYS)
        for d in range(len(_DEMO_INDICATORS))
        for y in years
        for sex in ("all", "women", "men")
    ]
    rows, drawn = [], {}
    for d, year, place, sex in combos[:n]:
        result_id, level, uk, en, unit, measure = _DEMO_INDICATORS[d]
        if (d, year, place) not in drawn:  # one draw per group: women + men = all
            top = 100 if measure == "percentage" else int(rng.integers(20, 400))
            drawn[(d, year, place)] = (top * rng.uniform(0.6, 1.0), rng.uniform(0.4, 1.2))
        total, ratio = drawn[(d, year, place)]
        target, actual = round(total, 1), float(round(total * ratio * 0.95))
        if measure == "unit" and sex != "all":  # women + men = all, after rounding too
            w_target, w_actual = round(target * 0.55, 1), float(round(actual * 0.55))
            target, actual = (
                (w_target, w_actual)
                if sex == "women"
                else (round(target - w_target, 1), actual - w_actual)
            )
        rows.append({
            "result_id": result_id, "result_title": f"Очікуваний результат {result_id}",
            "level": level, "indicator_id": f"{result_id}.{d + 1}", "indicator": uk,
            "indicator_en": en, "unit": unit, "measure": measure, "direction": "ascending",
            "baseline_year": 2015, "baseline": round(target * 0.2, 1),
            "period_start": pd.Timestamp(year, 1, 1).date(),
            "period_end": pd.Timestamp(year, 12, 31).date(),
            "target": target, "actual": actual,
            "place": place, "sex": sex, "comment": "",
        })  # fmt: skip
    df = pd.DataFrame(rows, columns=list(SCHEMAS["results"].columns)[:-2])
    if len(df):
        pct = df["measure"] == "percentage"
        df.loc[pct, "actual"] = df.loc[pct, "actual"].clip(upper=100)
    return df.assign(**_prov(len(df), "results"))


_MAKERS: dict[str, Callable[[np.random.Generator, int], pd.DataFrame]] = {
    "events": _events,
    "cofinancing": _cofinancing,
    "index_scores": _index_scores,
    "recommendations": _recommendations,
    "indicators": _indicators,
    "adoptions": _adoptions,
    "facts": _facts,
    "results": _results,
}


def demo_registers(rows: int, seed: int = 0, kinds: tuple[str, ...] = tuple(SCHEMAS)) -> dict:
    """Synthetic registers: ``{kind: DataFrame}`` with the schema's columns, ``rows`` rows each.

    Deterministic per ``seed`` (one ``numpy`` generator per register, seeded by ``seed`` and the
    register's position). Every row has ``source = "synthetic"``, cities are partner-city keys,
    dates lie in the project period. Registers whose key limits the rows get fewer:
    ``index_scores`` at most one row per (index, partner city, year 2000…2030), ``adoptions``
    drops repeated (city, instrument, date).
    """
    if rows < 0:
        raise ValueError(f"rows must be ≥ 0, got {rows}")
    out = {}
    for k, kind in enumerate(kinds):
        rng = np.random.default_rng([seed, k])
        df = _MAKERS[kind](rng, rows)
        out[kind] = df.reindex(columns=list(SCHEMAS[kind].columns))
    return out


def _write_xlsx(df: pd.DataFrame, path: Path, sheet: str) -> Path:
    """Stream ``df`` to an .xlsx with openpyxl's write-only mode (constant memory)."""
    from openpyxl import Workbook

    def _save(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(sheet)
        ws.append(list(df.columns))
        cols = [df[c].tolist() for c in df.columns]
        for row in zip(*cols, strict=True):
            ws.append([None if (v is pd.NA or v == "") else neutralise(v) for v in row])
        wb.save(tmp)

    return atomic_write(path, _save)


def write_demo(
    out_dir: str | Path, *, rows: int, seed: int = 0, fmt: str = "csv", kinds=tuple(SCHEMAS)
) -> list[Path]:
    """Write ``demo_registers(rows, seed)`` to ``out_dir/<kind>.<fmt>``; return the paths.

    CSV goes through ``export.write``; .xlsx is streamed (openpyxl write-only), so registers
    of a million rows fit in memory. Existing files are replaced atomically.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {FORMATS}")
    folder = Path(out_dir)
    written = []
    for kind, df in demo_registers(rows, seed, tuple(kinds)).items():
        target = folder / f"{kind}.{fmt}"
        if fmt == "csv":
            export_write(df, target)
        else:
            _write_xlsx(df, target, kind)
        written.append(target)
    return written


def is_synthetic(df: pd.DataFrame) -> bool:
    """True when any row of ``df`` has ``source == "synthetic"`` (False without a source column).

    Charts use it to add the "ілюстративні дані / illustrative data" mark automatically.
    """
    if "source" not in getattr(df, "columns", ()):
        return False
    return bool((df["source"].astype("string") == SYNTHETIC).any())
