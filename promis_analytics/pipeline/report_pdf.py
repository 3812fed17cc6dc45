"""DOCX → PDF with LibreOffice headless (``soffice``), with a timeout, without run dates and ids."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from promis_analytics.pipeline.results_report import ReportError

__all__ = ["PDF_TIMEOUT", "find_soffice", "to_pdf"]

#: Seconds LibreOffice may take for one document (a cold start takes ~10 s).
PDF_TIMEOUT = 180
_INSTALL = "apt-get install libreoffice-writer-nogui (tools/system-deps.sh)"
_DATES = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)([^)]*)(\))")
_XMP_DATES = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(<)")
_IDS = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")
_FIXED = b"20211231000000"


def find_soffice() -> str | None:
    """The LibreOffice program (``soffice`` or ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _fixed_digits(value: bytes) -> bytes:
    """``value`` with each digit replaced by the fixed date's (same length: offsets stay)."""
    out, k = bytearray(), 0
    for byte in value:
        if 48 <= byte <= 57:
            out.append(_FIXED[k] if k < len(_FIXED) else 48)
            k += 1
        else:
            out.append(byte)
    return bytes(out)


def stable_pdf(data: bytes) -> bytes:
    """A LibreOffice PDF without the run's dates, checksum and identifiers (each replaced by
    fixed text of the same length, so the cross-reference offsets stay valid)."""
    data = _DATES.sub(lambda m: m[1] + _fixed_digits(m[2]) + m[3], data)
    data = _XMP_DATES.sub(lambda m: m[1] + _fixed_digits(m[2]) + m[3], data)
    data = _CHECKSUM.sub(lambda m: m[1] + b"0" * len(m[2]), data)  # a digest of the dates
    return _IDS.sub(lambda m: m[1] + b"0" * len(m[2]) + m[3] + b"0" * len(m[4]) + m[5], data)


def to_pdf(docx: Path, pdf: Path, timeout: int = PDF_TIMEOUT) -> Path:
    """Convert ``docx`` to ``pdf`` with LibreOffice headless (a private profile, so a running
    LibreOffice does not block it); ``ReportError`` (uk/en, with what to do) when LibreOffice
    is missing, fails or takes longer than ``timeout`` seconds."""
    office = find_soffice()
    if office is None:
        raise ReportError(
            f"LibreOffice не встановлено: PDF не створено, DOCX є ({docx.name}); встановіть: "
            f"{_INSTALL} / LibreOffice is not installed: no PDF made, the DOCX is there "
            f"({docx.name}); install it: {_INSTALL}"
        )
    with tempfile.TemporaryDirectory(prefix="promis-pdf-") as tmp:
        env = {**os.environ, "HOME": tmp}
        profile = Path(tmp, "profile").as_uri()
        cmd = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", tmp, str(docx)]  # fmt: skip
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise ReportError(
                f"LibreOffice не впорався за {timeout} с: PDF з {docx.name} не створено / "
                f"LibreOffice took longer than {timeout} s: no PDF made from {docx.name}"
            ) from None
        made = Path(tmp) / f"{docx.stem}.pdf"
        if run.returncode != 0 or not made.is_file():
            said = (run.stderr or run.stdout).decode("utf-8", "replace").strip()[:300]
            raise ReportError(
                f"LibreOffice не зміг перетворити {docx.name} на PDF ({said}) / "
                f"LibreOffice could not convert {docx.name} to PDF ({said})"
            )
        from promis_analytics.export import atomic_write

        data = stable_pdf(made.read_bytes())
        return atomic_write(pdf, lambda t: t.write_bytes(data))
