""".doc, .rtf, .odt: converted to .docx by LibreOffice (``soffice --headless``) when installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from promis_analytics.extract.documents.guard import CONVERT_TIMEOUT, check_package, timed_out
from promis_analytics.extract.documents.model import Document, DocumentError
from promis_analytics.extract.documents.word import read_docx
from promis_analytics.registers.io.limits import active

__all__ = ["read_office"]


def read_office(path: Path, style: str = "rows") -> Document:
    """Convert with LibreOffice into a temporary .docx and read that (locators keep the
    original file's name). An .odt is checked like a .docx first (``guard.check_package``);
    the conversion may run ``guard.CONVERT_TIMEOUT`` seconds; the .docx made is checked again."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(
            path,
            f"формат {path.suffix} читається лише через LibreOffice, якого не встановлено",
            f"{path.suffix} files are read through LibreOffice, which is not installed",
            "відкрийте документ у Word чи LibreOffice і збережіть як .docx (або встановіть "
            "LibreOffice: apt-get install libreoffice-writer)",
            "open it in Word or LibreOffice and save as .docx (or install LibreOffice: "
            "apt-get install libreoffice-writer)",
        )
    if path.suffix.lower() == ".odt":
        check_package(path, active())
    if not _has_writer(soffice):
        raise DocumentError(
            path,
            f"формат {path.suffix} читається через LibreOffice Writer, якого не встановлено "
            "(є лише інші частини LibreOffice)",
            f"{path.suffix} files are read through LibreOffice Writer, which is not installed "
            "(only other LibreOffice parts are)",
            "збережіть документ як .docx або встановіть Writer: apt-get install "
            "libreoffice-writer-nogui",
            "save it as .docx, or install Writer: apt-get install libreoffice-writer-nogui",
        )
    with tempfile.TemporaryDirectory(prefix="promis-doc-") as tmp:
        try:
            run = subprocess.run(
                [soffice, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                capture_output=True,
                check=False,
                timeout=CONVERT_TIMEOUT,
                env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
            )
        except subprocess.TimeoutExpired:
            raise timed_out(path, "LibreOffice") from None
        converted = Path(tmp) / (path.stem + ".docx")
        if run.returncode != 0 or not converted.is_file():
            raise DocumentError(
                path,
                "LibreOffice не зміг перетворити документ",
                "LibreOffice could not convert the document",
                "відкрийте його у Word чи LibreOffice і збережіть як .docx",
                "open it in Word or LibreOffice and save as .docx",
            )
        doc = read_docx(converted, style)
    doc.path = path
    doc.kind = "docx"
    return doc


def _has_writer(soffice: str) -> bool:
    """Whether LibreOffice's Writer module (``libswlo``) sits beside ``soffice``; True when
    the program folder cannot be told (the conversion then says what went wrong)."""
    program = Path(soffice).resolve().parent
    if not any(program.glob("*lo.*")):
        return True  # not a recognisable LibreOffice program folder
    return any(program.glob("*swlo.*"))
