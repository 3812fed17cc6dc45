"""One paragraph for a user's bad input on the command line (never a traceback): exit code 2."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from promis_analytics.extract.documents import DocumentError

__all__ = ["DocumentProblem", "UserProblem", "document_problem"]


class UserProblem(click.ClickException):
    """A problem with the user's files, said as it is (no English "Error:" in front): exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


class DocumentProblem(UserProblem):
    """A document that cannot be read, said in one paragraph in the chosen language."""


def document_problem(exc: DocumentError, lang: str) -> DocumentProblem:
    """The CLI error for ``exc`` in ``lang`` ("uk" or "en")."""
    return DocumentProblem(exc.message(lang))
