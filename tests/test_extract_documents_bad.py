"""No traceback, ever: every document reader, and the card and program-report readers above
them, fed the bad-document corpus, ends with a ``DocumentError`` (file, what was found, what to
do, in Ukrainian and English) or a result; no other exception escapes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bad_inputs.documents import BAD_DOCUMENTS

from promis_analytics.extract import monitoring_card
from promis_analytics.extract.documents import DocumentError, read_document
from promis_analytics.extract.program_report import program_report

#: one file ending per reader (the office reader is LibreOffice: slow, tried on its own)
ENDINGS = (".txt", ".docx", ".pdf", ".png", ".tiff")
OFFICE = (".odt", ".rtf", ".doc")


def _as(path: Path, ending: str) -> Path:
    target = path.with_name(f"{path.stem}_{ending[1:]}{ending}")
    shutil.copyfile(path, target)
    return target


def _no_traceback(read, path: Path) -> None:
    try:
        read(path)
    except DocumentError as exc:
        for lang in ("uk", "en"):
            message = exc.message(lang)
            assert message.startswith(path.name) and "Traceback" not in message


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("name", sorted(BAD_DOCUMENTS))
def test_every_reader_ends_with_a_document_error(name: str, ending: str, tmp_path: Path) -> None:
    path = _as(BAD_DOCUMENTS[name](tmp_path), ending)
    for read in (read_document, monitoring_card, program_report):
        _no_traceback(read, path)


@pytest.mark.slow
@pytest.mark.parametrize("ending", OFFICE)
@pytest.mark.parametrize("name", ["random_bytes", "zip_not_docx", "empty_file"])
def test_office_reader_ends_with_a_document_error(name: str, ending: str, tmp_path: Path) -> None:
    path = _as(BAD_DOCUMENTS[name](tmp_path), ending)
    _no_traceback(read_document, path)
