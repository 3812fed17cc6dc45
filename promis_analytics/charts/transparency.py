"""Chart: transparency ranks of partner cities in two editions (dumbbell) and top-three lists."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from promis_analytics.charts.annotate import describe_sources
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_columns, require_spec
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import label
from promis_analytics.charts.theme import PALETTE
from promis_analytics.errors import ChartError, NotEnoughData
from promis_analytics.formatting import check_lang, format_number, format_signed

__all__ = ["GAINS_COLUMNS", "TOP_THREE_COLUMNS", "transparency_ranks"]

#: Columns read from ``indicators.transparency_gains``.
GAINS_COLUMNS: tuple[str, ...] = (
    "city",
    "index",
    "from_year",
    "to_year",
    "score_from",
    "score_to",
    "rank_from",
    "rank_to",
    "rank_of_from",
    "rank_of_to",
)
#: Columns of the top-three statements (index_scores register rows).
TOP_THREE_COLUMNS: tuple[str, ...] = ("index", "city", "year", "rank", "rank_of")


def _int_or_none(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def _check_gains(gains: pd.DataFrame) -> None:
    require_spec(gains, "transparency", GAINS_COLUMNS, "transparency_ranks", what="gains table")
    if gains.empty or (gains["rank_from"].isna() & gains["rank_to"].isna()).all():
        raise NotEnoughData(
            "transparency_ranks",
            "немає міста з місцем у рейтингу за два роки",
            "no city has a rank in two years of one index",
        )
    problems: list[str] = []
    for column in ("index", "from_year", "to_year"):
        values = gains[column].dropna().unique()
        if len(values) > 1:
            problems.append(f"one {column} expected, found {sorted(map(str, values))}")
    for i, row in gains.iterrows():
        for end in ("from", "to"):
            rank, of = row[f"rank_{end}"], row[f"rank_of_{end}"]
            if pd.isna(rank):
                continue
            if rank < 1:
                problems.append(f"row {i}: rank_{end} {rank} is below 1")
            if pd.isna(of):
                problems.append(f"row {i}: rank_{end} {rank} without rank_of_{end}")
            elif rank > of:
                problems.append(f"row {i}: rank_{end} {rank} is beyond rank_of_{end} {of}")
    if problems:
        raise ChartError("transparency_ranks: " + "; ".join(problems))


def _check_top_three(top: pd.DataFrame) -> None:
    require_columns(top, TOP_THREE_COLUMNS, "transparency_ranks", what="top_three table")
    problems = [f"top_three row {i}: empty 'rank_of'" for i in top.index[top["rank_of"].isna()]]
    sizes = top.groupby(["index", "year"]).size()
    problems += [
        f"top_three: {n} cities for {idx} {year}, at most 3 expected"
        for (idx, year), n in sizes.items()
        if n > 3
    ]
    if problems:
        raise ChartError("transparency_ranks: " + "; ".join(problems))


#: Ranks closer than this are drawn apart (the earlier marker NUDGE rows down, the later up).
CLOSE_RANKS, NUDGE = 4, 0.16


def transparency_ranks(
    gains: pd.DataFrame,
    *,
    top_three: pd.DataFrame | None = None,
    lang: str = "uk",
    ax: Axes | None = None,
    source: str | None = None,
    illustrative: bool = False,
) -> Figure:
    """Dumbbell of each city's rank in two editions of one ranking, plus top-three statements.

    ``gains``: ``indicators.transparency_gains`` for one index and one pair of years. Per city
    with a rank: a hollow grey dot at ``rank_from``, a filled dot at ``rank_to`` joined by a
    line (x axis reversed, so moving right = a better place); the rank change
    (``rank_from − rank_to``, positive = up) and, where both scores exist, the score change
    ("бал 70,3 → 76,7 (+6,4)") are written beside the row; a city ranked in one edition only
    keeps its single dot and says which year. ``top_three``: index_scores rows of published
    "top three" statements (``rank`` blank unless the source says which city is first,
    ``rank_of`` the number of cities compared), listed under the chart in the highlight
    colour. Returns the Figure.
    """
    check_lang(lang)
    _check_gains(gains)
    if top_three is not None:
        _check_top_three(top_three)
    rows = gains[gains["rank_from"].notna() | gains["rank_to"].notna()].reset_index(drop=True)
    index = str(rows["index"].iloc[0])
    first, last = int(rows["from_year"].iloc[0]), int(rows["to_year"].iloc[0])
    groups = [] if top_three is None else list(top_three.groupby(["index", "year"], sort=False))
    rank_of = max(int(v) for v in pd.concat([rows["rank_of_from"], rows["rank_of_to"]]).dropna())

    with canvas(lang, ax=ax, illustrative=illustrative) as c:
        if ax is None:
            height = 1.5 + 0.42 * len(rows) + 0.62 * len(groups)
            fig = c.figure((6.3, height))
            if groups:
                ax, text_ax = fig.subplots(
                    2, 1, height_ratios=[0.42 * len(rows) + 0.6, 0.62 * len(groups)]
                )
            else:
                ax, text_ax = fig.add_subplot(), None
        else:
            fig, text_ax = ax.get_figure(), None  # type: ignore[assignment]
        for y, row in rows.iterrows():
            _rank_row(ax, int(y), row, first, last, lang)
        _rank_axes(ax, rows, rank_of, index, (first, last), lang)
        if text_ax is not None:
            _draw_top_three(text_ax, groups, lang)
        if source is None:
            if "source" not in gains.columns:
                raise ChartError(
                    "transparency_ranks: the gains table has no 'source' column; pass source="
                )
            parts = [gains] if top_three is None else [gains, top_three]
            source = describe_sources(pd.concat([p["source"] for p in parts]), lang)
        c.source(source)
        c.data = _drawn(rows, first, last, lang)
    return c.fig


def _rank_row(ax: Axes, y: int, row: pd.Series, first: int, last: int, lang: str) -> None:
    """One city: a hollow dot at the first rank, a filled one at the last, the line between
    them, and the rank and score changes written right of the axes."""
    city = str(row["city"])
    r_from, r_to = _int_or_none(row["rank_from"]), _int_or_none(row["rank_to"])
    # markers closer than CLOSE_RANKS would hide each other: the earlier one moves
    # down and the later one up, each keeping its own label
    dy = 0.0
    if r_from is not None and r_to is not None:
        dy = NUDGE if abs(r_from - r_to) < CLOSE_RANKS else 0.0
        ax.plot(
            [r_from, r_to], [y + dy, y - dy], color=PALETTE["grey"], linewidth=2,
            zorder=1, gid=f"link:{city}",
        )  # fmt: skip
    if r_from is not None:
        ax.scatter(
            [r_from], [y + dy], s=70, facecolor="white", edgecolor=PALETTE["grey_dark"],
            linewidth=1.5, zorder=2, gid=f"rank_from:{city}",
        )  # fmt: skip
        ax.annotate(
            format_number(r_from, lang), (r_from, y + dy), xytext=(0, -8),
            textcoords="offset points", ha="center", va="top", fontsize=8,
            color=PALETTE["grey_dark"], gid=f"rank_from_label:{city}",
        )  # fmt: skip
    if r_to is not None:
        ax.scatter([r_to], [y - dy], s=70, color=PALETTE["1000"], zorder=3, gid=f"rank_to:{city}")
        ax.annotate(
            format_number(r_to, lang), (r_to, y - dy), xytext=(0, 7),
            textcoords="offset points", ha="center", va="bottom", fontsize=8,
            fontweight="bold", color=PALETTE["1000"], gid=f"rank_to_label:{city}",
        )  # fmt: skip
    ax.annotate(
        _changes_text(row, r_from, r_to, first, last, lang), (1, y),
        xycoords=("axes fraction", "data"), xytext=(6, 0), textcoords="offset points",
        ha="left", va="center", fontsize=8, color=PALETTE["text"], gid=f"change:{city}",
    )  # fmt: skip


def _changes_text(
    row: pd.Series, r_from: int | None, r_to: int | None, first: int, last: int, lang: str
) -> str:
    """«+3; бал 70,3 → 76,7 (+6,4)»: the rank change (``rank_from − rank_to``, or the one
    year ranked) and, where both scores exist, the score change."""
    notes = []
    if r_from is not None and r_to is not None:
        notes.append(format_signed(r_from - r_to, lang))
    else:
        notes.append(label("note.only_year", lang, year=first if r_to is None else last))
    if pd.notna(row["score_from"]) and pd.notna(row["score_to"]):
        s_from = Decimal(repr(float(row["score_from"])))
        s_to = Decimal(repr(float(row["score_to"])))
        notes.append(
            label(
                "note.score_change", lang, first=format_number(s_from, lang, 1),
                last=format_number(s_to, lang, 1), gain=format_signed(s_to - s_from, lang, 1),
            )
        )  # fmt: skip
    return "; ".join(notes)


def _rank_axes(
    ax: Axes, rows: pd.DataFrame, rank_of: int, index: str, years: tuple[int, int], lang: str
) -> None:
    """City ticks, the reversed rank axis (1 … ``rank_of``), title and the years' legend."""
    first, last = years
    ax.set_yticks(range(len(rows)), [label(f"city.{c}", lang) for c in rows["city"]])
    ax.set_ylim(len(rows) - 0.4, -0.8)
    ax.set_xlim(rank_of + 2, -1)
    step = 20 if rank_of > 40 else 5
    ax.set_xticks([1, *range(step, rank_of + 1, step)])
    ax.set_xlabel(label("axis.rank_better_right", lang, n=format_number(rank_of, lang)))
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.set_title(
        label(
            "title.transparency_ranks", lang, index=label(f"index.{index}", lang),
            first=first, last=last,
        )
    )  # fmt: skip
    ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                   markeredgecolor=PALETTE["grey_dark"], label=str(first)),
            Line2D([], [], marker="o", linestyle="", color=PALETTE["1000"], label=str(last)),
        ],
        loc="upper left", ncols=2, fontsize=8,
    )  # fmt: skip


def _drawn(rows: pd.DataFrame, first: int, last: int, lang: str) -> pd.DataFrame:
    """The dots and score changes drawn: per city its ranks and scores in the two years."""
    drawn = [
        (label(f"city.{r['city']}", lang), _int_or_none(r["rank_from"]),
         _int_or_none(r["rank_to"]), r["score_from"], r["score_to"])
        for _, r in rows.iterrows()
    ]  # fmt: skip
    years = [("data.rank_in", {"year": y}) for y in (first, last)]
    years += [("data.score_in", {"year": y}) for y in (first, last)]
    return drawn_table(drawn, ["axis.city", *years], lang)


def _draw_top_three(ax: Axes, groups: list, lang: str) -> None:
    """One line per (index, year): heading in grey, then the cities in the highlight colour."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(len(groups), 0)
    for k, ((index, year), table) in enumerate(groups):
        heading = (
            f"{label(f'index.{index}', lang)}: "
            + label("note.top_three", lang, n=format_number(int(table["rank_of"].iloc[0]), lang),
                    year=int(year))
        )  # fmt: skip
        ax.text(
            0, k + 0.05, heading, ha="left", va="top", fontsize=8.5,
            color=PALETTE["grey_dark"], gid=f"top_three_heading:{index}:{year}",
        )  # fmt: skip
        names = []
        for _, row in table.iterrows():
            name = label(f"city.{row['city']}", lang)
            if pd.notna(row["rank"]) and int(row["rank"]) == 1:
                name = label("note.top_three_first", lang, name=name)
            names.append((str(row["city"]), name))
        text = " · ".join(n for _, n in names)
        ax.text(
            0, k + 0.5, text, ha="left", va="top", fontsize=10, fontweight="bold",
            color=PALETTE["highlight"], gid=f"top_three:{index}:{year}",
        )  # fmt: skip
