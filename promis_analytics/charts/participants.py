"""Chart: event participants per city, stacked by event type or component, unallocated apart."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from promis_analytics import project_codes
from promis_analytics.charts.annotate import (
    describe_sources,
)
from promis_analytics.charts.canvas import canvas
from promis_analytics.charts.checks import require_rows, require_spec
from promis_analytics.charts.figure_data import drawn_table
from promis_analytics.charts.labels import chart_title, count_label, label, place_sort_key
from promis_analytics.charts.theme import PALETTE, component_colour
from promis_analytics.errors import ChartError
from promis_analytics.formatting import check_lang, format_number
from promis_analytics.metadata.codes import added_colours, colours

__all__ = ["EVENT_TYPE_COLOURS", "participants_by_city", "participants_caption"]

#: One colour per event type (``metadata/vocab/event_type.csv``, in its order); no grey, which
#: is kept for participants not allocated to a city.
EVENT_TYPE_COLOURS: Mapping[str, str] = colours("event_type")

_TOTAL = "(total)"
_UNALLOCATED = "(unallocated)"
_NONE = "(none)"
_ROW_KINDS = ("group", "unallocated", "total")
#: Column of ``participants_per_city`` with the participants of events dated outside their
#: document's reporting period, and the hatch that marks them in a bar.
_OUTSIDE = "outside_participants"
_HATCH = "////"


def _stack_column(table: pd.DataFrame) -> str:
    for column in ("event_type", "component"):
        if column in table.columns:
            return column
    raise ChartError(
        "participants_by_city: table has neither 'event_type' nor 'component' to stack by; "
        f"found {list(table.columns)} (use participants_per_city(events, by=('city', "
        "'event_type')))"
    )


def _category_colour(stack: str, value: str) -> str:
    if value == _NONE:
        return PALETTE["grey_dark"]
    if stack == "event_type":
        return EVENT_TYPE_COLOURS.get(value) or _added_type_colour(value)
    return component_colour(value)


#: colours of the event types a data folder adds (``event_types.csv``), by their sorted order
#: (``metadata/added_colours.csv``)
_ADDED_TYPE_COLOURS = added_colours("event_type")


def _added_type_colour(value: str) -> str:
    """A folder's own event type: its colour by the sorted order of the types the folder
    adds (the same in every chart); KeyError for a type the folder does not declare."""
    added = sorted(set(project_codes.EVENT_TYPE_TITLES) - set(EVENT_TYPE_COLOURS))
    if value not in added:
        raise KeyError(value)  # neither built in nor the folder's
    return _ADDED_TYPE_COLOURS[added.index(value) % len(_ADDED_TYPE_COLOURS)]


def _category_label(stack: str, value: str, lang: str) -> str:
    if value == _NONE:
        return label("legend.category_none", lang)
    if stack == "component":
        return label(f"component.{value}.short", lang)
    return label(f"event_type.{value}", lang)


def _check(table: pd.DataFrame, stack: str) -> None:
    # the stacking column (``_stack_column``) is the ``by`` the caller grouped by
    require_spec(table, "participants", ("city", "participants", "row_kind"), _CHART)
    from promis_analytics import reference

    problems: list[str] = []
    for i, row in table.iterrows():
        kind, city, category = row["row_kind"], row["city"], row[stack]
        if kind not in _ROW_KINDS:
            problems.append(f"row {i}: row_kind {kind!r}, expected one of {list(_ROW_KINDS)}")
        value = row["participants"]  # NA: unknown (no event of the group gives it)
        if not pd.isna(value) and value < 0:
            problems.append(f"row {i}: negative participants {value}")
        if kind != "group":
            pass
        elif pd.isna(city) or not str(city).strip():
            problems.append(f"row {i}: empty 'city' in a group row")
        else:
            try:
                reference.city(str(city))
            except (KeyError, ValueError):
                problems.append(f"row {i}: unknown city key {city!r}")
        outside = row.get(_OUTSIDE, 0)
        if not pd.isna(value) and not pd.isna(outside) and not 0 <= outside <= value:
            problems.append(f"row {i}: {_OUTSIDE} {outside} is not within 0…{value}")
        if kind == "total" or pd.isna(category) or category == _NONE:
            continue
        try:
            _category_colour(stack, str(category))
        except (KeyError, ChartError):
            problems.append(f"row {i}: unknown {stack} {category!r}")
    for key in table.attrs.get("partners") or ():
        try:
            reference.city(str(key))
        except (KeyError, ValueError):
            problems.append(f"attrs['partners']: unknown city key {key!r}")
    if not problems:
        parts = table[table["row_kind"] != "total"]
        totals = table[(table["row_kind"] == "total") & (table[stack] == _TOTAL)]
        said = totals["participants"].iloc[0] if len(totals) == 1 else None
        if said is not None and not pd.isna(said) and int(parts["participants"].sum()) != int(said):
            problems.append(
                f"the rows sum to {int(parts['participants'].sum())} participants but the "
                f"totals row says {int(totals['participants'].iloc[0])}"
            )
    if problems:
        raise ChartError("participants_by_city: " + "; ".join(problems))


_CHART = "participants_by_city"


def participants_by_city(
    table: pd.DataFrame,
    *,
    lang: str = "uk",
    ax: Axes | None = None,
    source: str | None = None,
    illustrative: bool = False,
    period: str | None = None,
) -> Figure:
    """Horizontal stacked bars of event participants per place, one segment per category.

    ``table``: the result of ``indicators.participants_per_city(events, by=("city",
    "event_type"))`` (or ``("city", "component")``): columns ``city``, the stacking column,
    ``participants``, ``row_kind``. Bars, top to bottom: the project's partner places
    (``table.attrs["partners"]``, as ``participants_per_city`` records the folder's
    declaration; in their declared order, a place without events gets an empty bar labelled
    0) under a header, other places as ordered in the table (under their own header when
    there are partners), then the participants of events without a city as their own grey
    bar — never spread over cities. Segment width = Σ ``participants`` of the (place,
    category) (a place whose count is unknown — NA — gets no bar and «невідомо» / "unknown" at
    its end); the part
    of it in ``outside_participants`` (events dated outside their document's reporting period,
    when the table has the column) is drawn hatched in the same colour at the segment's end,
    with a legend entry. The bar's total (all participants) is written at its end. A totals
    row, if present, must equal the sum of the other rows.
    Returns the Figure.
    ``period``: the period the data cover, appended to the title
    (``periods.period_text``).
    """
    check_lang(lang)
    if "row_kind" in table.columns and "participants" in table.columns:
        require_rows(
            table[(table["row_kind"] != "total") & table["participants"].notna()],
            "participants_by_city",
        )
    stack = _stack_column(table)
    _check(table, stack)
    parts = table[table["row_kind"] != "total"].copy()
    parts[stack] = parts[stack].fillna(_NONE).astype(str)
    order = _category_order(parts, stack)
    groups = parts[parts["row_kind"] == "group"]
    has_unallocated = bool((parts["row_kind"] == "unallocated").any())
    rows = _chart_rows(tuple(table.attrs.get("partners") or ()), groups, has_unallocated)

    height = 1.4 + 0.23 * len(rows)
    with canvas(lang, (6.3, height), ax=ax, illustrative=illustrative) as c:
        tick_labels = []
        has_outside = False
        drawn: list[tuple[str, str, int | None]] = []  # (place, category, participants): CSV
        longest = float(parts.groupby("city")["participants"].sum().max() or 0)
        for y, (kind, key) in enumerate(rows):
            if kind in ("header", "gap"):  # no bar: a bold header or an empty line
                tick_labels.append(label(key, lang) if kind == "header" else "")
                continue
            mine = parts[parts["row_kind"] == "unallocated"] if kind == "unallocated" else (
                groups[groups["city"] == key]
            )  # fmt: skip
            place = label("legend.unallocated" if kind == "unallocated" else f"city.{key}", lang)
            tick_labels.append(place)
            has_outside = _bar(c.ax, y, (kind, key), place, mine, order, stack, drawn, lang) or (
                has_outside
            )  # fmt: skip
        _style_axes(c.ax, rows, tick_labels, longest, lang)
        c.title(chart_title("title.participants_per_city", lang, period))
        handles = _legend_handles(order, stack, has_unallocated, has_outside, lang)
        c.ax.legend(handles=handles, loc="upper right", fontsize=8)
        c.source(_source_text(table, source, lang))
        c.data = drawn_table(drawn, ["data.place", "data.category", "axis.participants"], lang)
    return c.fig


def _category_order(parts: pd.DataFrame, stack: str) -> list[str]:
    """Stacking order: event types in the colour table's order (else the categories sorted),
    then any others as they come."""
    present = [str(c) for c in parts[stack].unique()]
    if stack == "event_type":
        order = [c for c in EVENT_TYPE_COLOURS if c in present]
    else:
        order = sorted(c for c in present if c != _NONE)
    return order + [c for c in present if c not in order]


def _chart_rows(
    partners: tuple[str, ...], groups: pd.DataFrame, has_unallocated: bool
) -> list[tuple[str, str]]:
    """Rows of the chart: (kind, key) — headers carry no bar; partner places only when the
    project declares them (every one, with or without events), never another project's;
    other places by oblast, then name (charts.labels.place_sort_key)."""
    others = sorted(
        (c for c in dict.fromkeys(groups["city"]) if c not in partners), key=place_sort_key
    )
    rows: list[tuple[str, str]] = []
    if partners:
        rows += [("header", "group.partner_cities")] + [("city", k) for k in partners]
    if others:
        rows += [("header", "group.other_places")] if partners else []
        rows += [("city", k) for k in others]
    if has_unallocated:
        rows += [("gap", ""), ("unallocated", _UNALLOCATED)]
    return rows


def _segments(
    ax: Axes,
    y: int,
    row: tuple[str, str],
    place: str,
    mine: pd.DataFrame,
    order: list[str],
    stack: str,
    drawn: list[tuple[str, str, int | None]],
    lang: str,
) -> tuple[int, bool]:
    """The segments of one bar (a place's rows ``mine``), the part dated outside the period
    hatched at each segment's end; returns the bar's length and whether any part is hatched.
    Each segment is added to ``drawn`` under the bar's tick label ``place``."""
    kind, key = row
    left, any_outside = 0, False
    for category in order:
        cell = mine[mine[stack] == category]
        width = int(cell["participants"].sum())  # unknown counts draw nothing
        if width == 0:
            continue
        outside = int(cell[_OUTSIDE].sum()) if _OUTSIDE in cell.columns else 0
        any_outside = any_outside or outside > 0
        drawn.append((place, _category_label(stack, category, lang), width))
        colour = (
            PALETTE["unallocated"] if kind == "unallocated" else _category_colour(stack, category)
        )
        if width > outside:
            ax.barh(
                y, width - outside, left=left, height=0.7, color=colour,
                edgecolor="white", linewidth=0.6, gid=f"segment:{key}:{category}",
            )  # fmt: skip
        if outside:  # dated outside the document's period: same colour, hatched
            ax.barh(
                y, outside, left=left + width - outside, height=0.7, facecolor=colour,
                edgecolor="white", linewidth=0.6, hatch=_HATCH,
                gid=f"outside:{key}:{category}",
            )  # fmt: skip
        left += width
    return left, any_outside


def _bar(
    ax: Axes,
    y: int,
    row: tuple[str, str],
    place: str,
    mine: pd.DataFrame,
    order: list[str],
    stack: str,
    drawn: list[tuple[str, str, int | None]],
    lang: str,
) -> bool:
    """One place's bar (:func:`_segments`) with its total — «невідомо» / "unknown" when every
    count is NA — written at its end; returns whether any part is hatched."""
    kind, key = row
    left, outside = _segments(ax, y, row, place, mine, order, stack, drawn, lang)
    unknown = len(mine) > 0 and bool(mine["participants"].isna().all())
    if left == 0:
        drawn.append((place, "", None if unknown else 0))
    ax.annotate(
        label("annot.count_unknown", lang) if unknown else format_number(left, lang),
        (left, y), xytext=(3, 0), textcoords="offset points",
        ha="left", va="center", fontsize=8,
        fontweight="bold" if kind == "unallocated" else "normal",
        color=PALETTE["text"], gid=f"total:{key}",
    )  # fmt: skip
    return outside


def _style_axes(
    ax: Axes, rows: list[tuple[str, str]], tick_labels: list[str], longest: float, lang: str
) -> None:
    """Place ticks (headers in bold), the participants axis with 12 % room for the totals."""
    ax.set_yticks(range(len(rows)), tick_labels)
    for tick, (kind, _) in zip(ax.get_yticklabels(), rows, strict=True):
        if kind == "header":
            tick.set_fontweight("bold")
            tick.set_color(PALETTE["text"])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_xlim(0, longest * 1.12 if longest else 1)
    ax.xaxis.set_major_formatter(lambda v, _pos: format_number(int(v), lang))
    ax.set_xlabel(label("axis.participants", lang))
    ax.grid(axis="x")
    ax.set_axisbelow(True)


def _source_text(table: pd.DataFrame, source: str | None, lang: str) -> str:
    """``source``, else the sources of the table's ``source`` column; ChartError when neither."""
    if source is None and "source" in table.columns:
        source = describe_sources(table["source"], lang)
    if source is None:
        raise ChartError(
            "participants_by_city: no source text; pass source= (e.g. the register file)"
        )
    return source


def _legend_handles(
    order: list[str], stack: str, has_unallocated: bool, has_outside: bool, lang: str
) -> list[Patch]:
    """A patch per category, then «without a place» and «dated outside the period» when drawn."""
    handles = [
        Patch(color=_category_colour(stack, c), label=_category_label(stack, c, lang))
        for c in order
    ]
    if has_unallocated:
        handles.append(Patch(color=PALETTE["unallocated"], label=label("legend.unallocated", lang)))
    if has_outside:
        handles.append(
            Patch(
                facecolor=PALETTE["grey"], edgecolor="white", hatch=_HATCH,
                label=label("legend.outside_period", lang),
            )
        )  # fmt: skip
    return handles


def participants_caption(dating: dict[str, int], lang: str = "uk") -> str:
    """The participants chart's caption, with a sentence for events dated outside their
    document's reporting period and one for events dated only to a month or period
    (``indicators.event_dating``) — each only when there are such events."""
    check_lang(lang)
    parts = [label("caption.fig_participants", lang)]
    for kind in ("outside_period", "imprecise_dates"):
        key = "outside" if kind == "outside_period" else "imprecise"
        if dating.get(f"{key}_events"):
            parts.append(
                label(
                    f"caption.events_{kind}",
                    lang,
                    events=format_number(dating[f"{key}_events"], lang),
                    events_word=count_label("unit.events", dating[f"{key}_events"], lang),
                    participants=format_number(dating[f"{key}_participants"], lang),
                    participants_word=count_label(
                        "unit.participants", dating[f"{key}_participants"], lang
                    ),
                )
            )
    return " ".join(parts)
