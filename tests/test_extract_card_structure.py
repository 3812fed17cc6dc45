"""The card's event search by bisection gives what the plain scans gave (issue 31: linear time)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from promis_analytics.extract.card import monitoring_card
from promis_analytics.extract.card.structure import in_spans


@st.composite
def spans_and_position(draw: st.DrawFn) -> tuple[list[tuple[int, int]], int]:
    """Sorted spans that do not overlap (as ``quoted_spans`` finds them) and a position."""
    cuts = sorted(set(draw(st.lists(st.integers(0, 300), max_size=40))))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    return spans, draw(st.integers(-5, 310))


@given(spans_and_position())
def test_inside_by_bisection_equals_the_scan(case: tuple[list[tuple[int, int]], int]) -> None:
    spans, pos = case
    assert in_spans(pos, spans) == any(a < pos < b for a, b in spans)


def test_figures_in_one_sentence_and_quotes_keep_their_dates_and_titles() -> None:
    text = (
        "Дата попереднього моніторингу: 31.12.2018\nДата поточного моніторингу: 30.06.2019\n"
        "Проведено 2 тренінги «Бюджет участі (25 учасників) для громад»: 12.03.2019, "
        "м. Полтава (25 учасників), 14.03.2019, м. Суми (30 учасників).\n"
        + "".join(
            f"Проведено семінар «Тема {i}» {i + 1:02d}.04.2019, м. Полтава ({i + 10} учасників).\n"
            for i in range(20)
        )
    )
    x = monitoring_card(text)
    events = x.events
    assert len(events) == 22  # the figure inside the quoted title is no event
    assert events["participants"].tolist()[:2] == [25, 30]
    assert [d.isoformat() for d in events["date_start"][:3]] == [
        "2019-03-12",
        "2019-03-14",
        "2019-04-01",
    ]
    assert events["title"].tolist()[2] == "Тема 0"
    assert events["participants"].tolist()[-1] == 29
