"""A Word document to PDF through LibreOffice headless (``soffice --convert-to pdf``)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from . import libreoffice_setup

TIMEOUT = 180


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed, or the conversion failed (the message says which)."""


def docx_to_pdf(docx: bytes, *, name: str = "bao-cao") -> bytes:
    """The PDF LibreOffice makes of ``docx``, converted in a private temporary profile so
    that conversions running side by side do not share LibreOffice's lock."""
    soffice = libreoffice_setup.soffice()
    if soffice is None:
        raise PdfUnavailable("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="namro-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"{name}.docx"
        source.write_bytes(docx)
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        target = folder / f"{name}.pdf"
        if result.returncode != 0 or not target.exists():
            raise PdfUnavailable(
                f"LibreOffice could not convert the document: {result.stderr.strip()}"
            )
        return target.read_bytes()
