"""The exception types every part of promis_analytics raises (one home for error classes)."""

from __future__ import annotations


class PromisError(Exception):
    """Base class of all errors raised on purpose by promis_analytics."""


class ParseError(PromisError, ValueError):
    """Text could not be read as the number, amount, percent or date that was expected.

    The message quotes the input and says what was expected.
    """

    def __init__(self, text: object, expected: str, detail: str | None = None) -> None:
        self.text = text
        self.expected = expected
        self.detail = detail
        msg = f"cannot read {text!r}: expected {expected}"
        if detail:
            msg += f" ({detail})"
        super().__init__(msg)


class UnknownPlaceError(PromisError, ValueError):
    """A place name is not in the reference alias table; the message lists the closest names."""

    def __init__(self, text: object, suggestions: list[str] | tuple[str, ...] = ()) -> None:
        self.text = text
        self.suggestions = list(suggestions)
        msg = f"unknown place {text!r}"
        if self.suggestions:
            msg += "; closest known names: " + ", ".join(self.suggestions)
        else:
            msg += "; no similar known name"
        super().__init__(msg)


class AmbiguousPlaceError(UnknownPlaceError):
    """A place name fits several places of the codifier and nothing in the text tells which.

    ``.candidates`` lists each as «name (category), hromada, raion, oblast [code]».
    """

    def __init__(self, text: object, candidates: list[str] | tuple[str, ...]) -> None:
        PromisError.__init__(
            self,
            f"ambiguous place {text!r}: {len(candidates)} places have this name — "
            + "; ".join(candidates)
            + " (add «с.»/«м.», the hromada, raion or oblast)",
        )
        self.text = text
        self.suggestions = list(candidates)
        self.candidates = list(candidates)


class FxError(PromisError, ValueError):
    """An exchange-rate lookup or conversion could not be done as asked."""


class ChartError(PromisError, ValueError):
    """A chart cannot be drawn as asked (missing font, input table without needed columns)."""


class NotEnoughData(ChartError):
    """The data cannot support a chart (no rows, one year only …): not a mistake, a reason.

    Notebooks draw through ``charts.chart_or_skip``, which turns this into a skipped chart
    that the gallery lists with ``reason_uk`` / ``reason_en``.
    """

    def __init__(self, chart: str, reason_uk: str, reason_en: str) -> None:
        super().__init__(f"{chart}: {reason_en}")
        self.chart, self.reason_uk, self.reason_en = chart, reason_uk, reason_en


class IndicatorError(PromisError, ValueError):
    """An indicator could not be computed as asked (missing columns, bad option, unknown code).

    The message names the function, what was found and what was expected.
    """


class RegisterError(PromisError, ValueError):
    """A register file has problems; ``.report`` (a ``ValidationReport``) lists every one.

    The message is a readable summary: the first 20 problems, then "N more".
    """

    def __init__(self, message: str, report: object = None) -> None:
        self.report = report
        super().__init__(message)


class ReconciliationError(PromisError, ValueError):
    """Row counts or totals do not reconcile between two steps (raw → processed → indicators).

    ``.mismatches`` lists (table, what, found, expected); the message names every one.
    """

    def __init__(self, mismatches: list[tuple[str, str, object, object]]) -> None:
        self.mismatches = list(mismatches)
        lines = [
            f"{table}: {what}: found {found}, expected {expected}"
            for table, what, found, expected in self.mismatches
        ]
        super().__init__("row counts do not reconcile:\n" + "\n".join(lines))


class ExportError(PromisError, ValueError):
    """An export would write a file the receiving format refuses; ``.problems`` lists every
    reason (Ukrainian / English), and nothing is written."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)
