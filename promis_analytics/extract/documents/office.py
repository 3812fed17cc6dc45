""".doc, .rtf, .odt: converted to .docx by LibreOffice (``soffice --headless``) when installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from promis_analytics.extract.documents.model import Document, DocumentError
from promis_analytics.extract.documents.word import read_docx

__all__ = ["read_office"]


def read_office(path: Path, style: str = "rows") -> Document:
    """Convert with LibreOffice into a temporary .docx and read that (locators keep the
    original file's name)."""
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
    with tempfile.TemporaryDirectory(prefix="promis-doc-") as tmp:
        run = subprocess.run(
            [soffice, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
            capture_output=True,
            check=False,
            timeout=300,
            env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
        )
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
