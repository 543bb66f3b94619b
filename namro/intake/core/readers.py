"""Reading .txt, .docx (paragraphs and tables), .pdf and scanned (.png, .jpg) files into text.

A PDF's text layer is read first; its pages with (next to) no text on them are scans, read
by OCR (``ocr``), as are images. ``read_document`` says whether OCR was used and how sure it
was; ``read_file`` gives the text alone.

Bad files get an ``ExtractionError`` naming the problem: too large, empty, not text, a
damaged Word, PDF or image file, a scan that cannot be read here. Table rows come out as
"a | b | c" lines, which the task reader understands.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from namro.core.bounds import Refused, check_zip, count_docx_paragraphs, run_bounded, sniff

from . import ocr
from .errors import ExtractionError
from .ocr import OcrReport

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 2_000
# A PDF page whose text layer holds fewer letters and digits than this is a scan.
MIN_PAGE_CHARS = 16
IMAGE_TYPES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class Reading:
    """A file's text and, when some of it was read from a scan, how (``ocr``)."""

    text: str
    ocr: OcrReport | None = None

    @property
    def ocr_used(self) -> bool:
        return self.ocr is not None


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


def _pdf_pages(path: Path) -> list[tuple[str, float, float]]:
    """Each page's text layer and size in points, read in a child process with bounded
    memory and time (a PDF's streams can expand without limit and the parser cannot be
    stopped from inside)."""
    import pypdf  # noqa: F401  (loaded here, not under the child's memory limit)

    try:
        return run_bounded(_pdf_pages_unbounded, str(path), what=("tệp PDF", "PDF file"))
    except Refused as exc:
        raise ExtractionError(exc.vi, exc.en) from exc


def _pdf_pages_unbounded(path: str) -> list[tuple[str, float, float]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Refused(
                f"Tệp PDF có {len(reader.pages):,} trang, vượt giới hạn {MAX_PDF_PAGES:,}.",
                f"The PDF has {len(reader.pages):,} pages, over the limit of {MAX_PDF_PAGES:,}.",
            )
        pages = []
        for page in reader.pages:
            unit = float(page.user_unit or 1)
            box = page.mediabox
            width, height = float(box.width) * unit, float(box.height) * unit
            if page.rotation % 180:
                width, height = height, width
            pages.append((page.extract_text() or "", abs(width), abs(height)))
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        if isinstance(exc, Refused):
            raise
        raise Refused(
            "Tệp PDF bị hỏng hoặc không đọc được.", "The PDF file is damaged or unreadable."
        ) from exc
    total = sum(len(text) for text, _, _ in pages)
    if total > MAX_TEXT_CHARS:
        raise Refused(
            f"Văn bản quá dài ({total:,} ký tự, tối đa {MAX_TEXT_CHARS:,}).",
            f"Text too long ({total:,} characters, limit {MAX_TEXT_CHARS:,}).",
        )
    return pages


def _is_scanned(text: str) -> bool:
    return sum(1 for ch in text if ch.isalnum()) < MIN_PAGE_CHARS


def _pdf_reading(path: Path) -> Reading:
    """The text layer of a PDF, its scanned pages read by OCR where that is installed."""
    pages = _pdf_pages(path)
    layer = "\n".join(text for text, _, _ in pages)
    scanned = [(n, w, h) for n, (text, w, h) in enumerate(pages, start=1) if _is_scanned(text)]
    if not scanned or (len(scanned) > ocr.MAX_OCR_PAGES and 2 * len(scanned) <= len(pages)):
        # No scan; or a typed document with many pages of pictures or blanks: its text.
        return Reading(layer)
    if not ocr.available():
        if layer.strip():
            return Reading(layer)
        if not shutil.which("tesseract"):
            raise ExtractionError(
                "Tệp PDF không có lớp chữ (bản quét) mà máy chủ chưa cài Tesseract để đọc bản "
                "quét (gói tesseract-ocr, tesseract-ocr-vie): hãy báo quản trị viên, hoặc gửi "
                "tệp có lớp chữ.",
                "The PDF has no text layer (a scan) and the server has no Tesseract to read "
                "scans (package tesseract-ocr, tesseract-ocr-vie): ask the administrator, or "
                "send a file with a text layer.",
            )
    read, report = ocr.read_pdf_pages(path, scanned)
    text = "\n".join(read.get(n) or t for n, (t, _, _) in enumerate(pages, start=1))
    return Reading(text, report)


def _image_reading(path: Path) -> Reading:
    with path.open("rb") as handle:
        kind = sniff(handle.read(16))
    if kind not in ("png", "jpeg"):
        raise ExtractionError(
            f"Tệp {path.name} bị hỏng hoặc không phải ảnh PNG, JPEG.",
            f"The file {path.name} is damaged or not a PNG or JPEG image.",
        )
    text, report = ocr.read_image(path)
    return Reading(text, report)


def read_document(path: str | Path) -> Reading:
    """The text of a .txt, .docx, .pdf, .png or .jpg file, and whether OCR read it."""
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
        reading = Reading(_docx_text(path))
    elif suffix == ".pdf":
        reading = _pdf_reading(path)
    elif suffix in IMAGE_TYPES:
        reading = _image_reading(path)
    elif suffix in (".txt", ".text", ".md", ""):
        reading = Reading(decode_text(path.read_bytes()))
    else:
        raise ExtractionError(
            f"Định dạng tệp {suffix} không được hỗ trợ (chỉ .txt, .docx, .pdf, .png, .jpg).",
            f"File type {suffix} is not supported (only .txt, .docx, .pdf, .png, .jpg).",
        )
    if not reading.text.strip():
        raise ExtractionError("Tệp không có nội dung chữ.", "The file contains no text.")
    check_text(reading.text)
    return reading


def read_file(path: str | Path) -> str:
    """The text of a .txt, .docx, .pdf, .png or .jpg file."""
    return read_document(path).text


def check_text(text: str) -> None:
    """Refuse text too long to extract from in reasonable time."""
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionError(
            f"Văn bản quá dài ({len(text):,} ký tự, tối đa {MAX_TEXT_CHARS:,}).",
            f"Text too long ({len(text):,} characters, limit {MAX_TEXT_CHARS:,}).",
        )
