"""Reading .txt, .docx (paragraphs and tables) and .pdf (text layer) files into text.

Bad files get an ``ExtractionError`` naming the problem: too large, empty, not text, a
damaged Word or PDF file, a PDF without a text layer. Table rows come out as "a | b | c"
lines, which the task reader understands.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from namro.core.bounds import Refused, check_zip, count_docx_paragraphs, run_bounded

from .errors import ExtractionError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 2_000


def _too_large(size: int) -> ExtractionError:
    mb = size / (1024 * 1024)
    return ExtractionError(
        f"Tệp quá lớn ({mb:.1f} MB, tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB).",
        f"File too large ({mb:.1f} MB, limit {MAX_FILE_BYTES // (1024 * 1024)} MB).",
    )


def decode_text(data: bytes) -> str:
    """Bytes of a text file as a string (UTF-8, UTF-16 with BOM, else Windows-1258)."""
    if not data.strip():
        raise ExtractionError("Tệp rỗng, không có nội dung.", "The file is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        if b"\x00" in data[:4096]:
            raise ExtractionError(
                "Tệp không phải văn bản (dữ liệu nhị phân).", "The file is not text (binary data)."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    bad = text[:4096].count("\ufffd")
    if (controls + bad) > max(8, len(text[:4096]) // 20):
        raise ExtractionError("Tệp không phải văn bản đọc được.", "The file is not readable text.")
    return text


def _docx_text(path: Path) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        check_zip(str(path))
        count_docx_paragraphs(str(path))
    except Refused as exc:
        if exc.damaged:
            raise ExtractionError(
                "Tệp Word bị hỏng hoặc không đúng định dạng .docx.",
                "The Word file is damaged or not a .docx file.",
            ) from exc
        raise ExtractionError(exc.vi, exc.en) from exc
    except KeyError as exc:  # no word/document.xml
        raise ExtractionError(
            "Tệp Word bị hỏng hoặc không đúng định dạng .docx.",
            "The Word file is damaged or not a .docx file.",
        ) from exc
    try:
        document = Document(str(path))
    except (
        PackageNotFoundError,
        SyntaxError,  # lxml reports a damaged part with XMLSyntaxError, a SyntaxError
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
    ) as exc:
        raise ExtractionError(
            "Tệp Word bị hỏng hoặc không đúng định dạng .docx.",
            "The Word file is damaged or not a .docx file.",
        ) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                lines.append(" | ".join(cells))
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    """The PDF's text layer, read in a child process with bounded memory and time (a PDF's
    streams can expand without limit and the parser cannot be stopped from inside)."""
    import pypdf  # noqa: F401  (loaded here, not under the child's memory limit)

    try:
        return run_bounded(_pdf_text_unbounded, str(path), what=("tệp PDF", "PDF file"))
    except Refused as exc:
        raise ExtractionError(exc.vi, exc.en) from exc


def _pdf_text_unbounded(path: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Refused(
                f"Tệp PDF có {len(reader.pages):,} trang, vượt giới hạn {MAX_PDF_PAGES:,}.",
                f"The PDF has {len(reader.pages):,} pages, over the limit of {MAX_PDF_PAGES:,}.",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        if isinstance(exc, Refused):
            raise
        raise Refused(
            "Tệp PDF bị hỏng hoặc không đọc được.", "The PDF file is damaged or unreadable."
        ) from exc
    text = "\n".join(pages)
    if len(text) > MAX_TEXT_CHARS:
        raise Refused(
            f"Văn bản quá dài ({len(text):,} ký tự, tối đa {MAX_TEXT_CHARS:,}).",
            f"Text too long ({len(text):,} characters, limit {MAX_TEXT_CHARS:,}).",
        )
    if not text.strip():
        raise Refused(
            "Tệp PDF không có lớp chữ (bản scan); cần nhận dạng ký tự trước.",
            "The PDF has no text layer (a scan); run OCR first.",
        )
    return text


def read_file(path: str | Path) -> str:
    """The text of a .txt, .docx or .pdf file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(
            f"Không mở được tệp {path.name}.", f"Cannot open the file {path.name}."
        ) from exc
    if size > MAX_FILE_BYTES:
        raise _too_large(size)
    if size == 0:
        raise ExtractionError("Tệp rỗng, không có nội dung.", "The file is empty.")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text = _docx_text(path)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    elif suffix in (".txt", ".text", ".md", ""):
        text = decode_text(path.read_bytes())
    else:
        raise ExtractionError(
            f"Định dạng tệp {suffix} không được hỗ trợ (chỉ .txt, .docx, .pdf).",
            f"File type {suffix} is not supported (only .txt, .docx, .pdf).",
        )
    if not text.strip():
        raise ExtractionError("Tệp không có nội dung chữ.", "The file contains no text.")
    return text


def check_text(text: str) -> None:
    """Refuse text too long to extract from in reasonable time."""
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionError(
            f"Văn bản quá dài ({len(text):,} ký tự, tối đa {MAX_TEXT_CHARS:,}).",
            f"Text too long ({len(text):,} characters, limit {MAX_TEXT_CHARS:,}).",
        )
