"""A printed percent checked against plan and actual at the precision it is printed with."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

__all__ = [
    "FLAGGED_VERDICTS",
    "PERCENT_VERDICTS",
    "percent_at_precision",
    "register_percent_verdict",
]


#: Verdicts of a printed percent (:func:`percent_at_precision`), and those that are an
#: audit item (``ok`` and ``rounded`` are a correctly printed percent: never flagged).
PERCENT_VERDICTS: tuple[str, ...] = (
    "ok", "rounded", "truncated", "mismatch", "no_plan", "no_actual",
)  # fmt: skip
FLAGGED_VERDICTS: tuple[str, ...] = ("truncated", "mismatch", "no_plan", "no_actual")


def percent_at_precision(
    planned: Decimal | None, actual: Decimal | None, reported: Decimal
) -> tuple[str, Decimal | None, Decimal | None]:
    """The audit's one verdict on a printed percent, at the precision it is printed with:
    ``(status, recomputed_pct, difference_pp)`` — the CLI audit, ``indicators.achievement``
    and the plan-vs-actual chart all show this verdict.

    recomputed = 100 × actual ÷ planned (exact decimals); the printed precision is kept
    («97,0» has one decimal, «116» none). Status ``ok``: the printed figure is the recomputed
    one rounded half up *and* cut (they agree); ``rounded``: it equals the rounded one (115
    for 114,81 — correct, never flagged); ``truncated``: only the cut one (116,67 → 116: an
    item of its own); ``mismatch``: neither (838,5 of 865 is 96,94 % — printed 97,0 it is
    wrong); ``no_plan``: planned empty or 0; ``no_actual``: actual empty.
    """
    if planned is None or planned == 0:
        return "no_plan", None, None
    if actual is None:
        return "no_actual", None, None
    recomputed = actual / planned * 100
    exponent = reported.as_tuple().exponent
    step = Decimal(1).scaleb(min(int(exponent), 0)) if isinstance(exponent, int) else Decimal(1)
    rounded = recomputed.quantize(step, ROUND_HALF_UP)
    cut = recomputed.quantize(step, ROUND_DOWN)
    diff = reported - recomputed
    if reported == rounded == cut:
        return "ok", recomputed, diff
    if reported == rounded:
        return "rounded", recomputed, diff
    if reported == cut:
        return "truncated", recomputed, diff
    return "mismatch", recomputed, diff


def _decimal(value: object) -> Decimal | None:
    """A stored number as an exact decimal; None for None, NaN and pandas NA."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # None, pd.NA, text
        return None
    return None if number != number else Decimal(str(number))


def register_percent_verdict(
    target: object, actual: object, reported: object, decimals: object = None
) -> tuple[str, Decimal | None, Decimal | None, bool]:
    """:func:`percent_at_precision` of a register row (numbers stored as floats):
    ``(status, recomputed_pct, difference_pp, precision_known)``; status ``""`` when no
    percent is reported.

    ``decimals`` = the decimals the report prints the percent with (``reported_decimals``:
    1 for «97,0»). A float forgets them (97,0 and 97 are one number): without ``decimals``
    the stored value's own decimals are used and ``precision_known`` is False.
    """
    printed = _decimal(reported)
    if printed is None:
        return "", None, None, False
    given = _decimal(decimals)
    known = given is not None
    places = (
        int(given) if given is not None else max(0, -int(printed.normalize().as_tuple().exponent))
    )
    printed = printed.quantize(Decimal(1).scaleb(-places))
    status, recomputed, diff = percent_at_precision(_decimal(target), _decimal(actual), printed)
    return status, recomputed, diff, known
