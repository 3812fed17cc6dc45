"""What the narrative audit reads of a programme report: its records and its text."""

from __future__ import annotations

from typing import Protocol

__all__ = ["ReportContent"]


class ReportContent(Protocol):
    """The parts of a read report the audit modules use (``model.ProgramReport`` has them).

    The audit modules (``alignment``, ``contradictions``, ``narrative``, ``arithmetic`` …)
    are typed against this protocol, not against ``ProgramReport``, so that the model can
    call them without an import circle: ``model`` → ``narrative`` → ``contradictions`` →
    ``alignment`` → ``content`` (nothing imports back up).
    """

    @property
    def period(self) -> str: ...

    @property
    def _measure_records(self) -> list[dict]: ...

    @property
    def _total_records(self) -> list[dict]: ...

    @property
    def _indicator_records(self) -> list[dict]: ...

    @property
    def _assessment_records(self) -> list[dict]: ...

    @property
    def _text(self) -> str: ...

    def _percent_checks(self) -> list[dict]: ...
