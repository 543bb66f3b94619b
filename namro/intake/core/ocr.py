"""Reading scanned pages (a .png or .jpg image, or the pages of a PDF without a text layer)
with Tesseract's Vietnamese model.

A PDF page is first turned into a 300 dpi greyscale image by ``pdftocairo`` (poppler-utils;
Tesseract reads its drawing of a scanned page as it reads the scan itself, where it misread
``pdftoppm``'s resampled one). Each image is read by ``tesseract … -l vie txt tsv``, whose TSV output gives every word's
confidence (0–100): the report's confidence is their mean over the words read. Both tools
run as child processes with a time limit per page, a limit for the whole file and a cap on
their memory; an image is refused from its header when it has too many pixels (a
decompression bomb), before any tool decodes it.

Pure: no Django; errors are ``ExtractionError`` with the reason in Vietnamese and English.
"""

from __future__ import annotations

import math
import os
import shutil
import struct
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import ExtractionError

LANGUAGE = "vie"
DPI = 300
MIN_DPI = 100
MAX_OCR_PAGES = 10
MAX_IMAGE_PIXELS = 40_000_000
PAGE_SECONDS = 30
TOTAL_SECONDS = 50
TOOL_MEMORY = 1024 * 1024 * 1024

# JPEG start-of-frame markers (they carry the image's size); C4, C8 and CC are not frames.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class OcrReport:
    """How a scan was read: the pages read by OCR, the mean word confidence (0–100) and the
    seconds it took."""

    pages: int
    confidence: float
    seconds: float
    words: int


def _not_installed(tool: str, package: str) -> ExtractionError:
    return ExtractionError(
        f"Máy chủ chưa cài {tool} để đọc bản quét (gói {package}): hãy báo quản trị viên, "
        "hoặc gửi tệp có lớp chữ (.docx, .pdf xuất từ Word).",
        f"The server has no {tool} to read scans (package {package}): ask the administrator, "
        "or send a file with a text layer (.docx, a PDF saved from Word).",
    )


def tesseract() -> str:
    """The path of ``tesseract``, or the error saying it is not installed."""
    found = shutil.which("tesseract")
    if not found:
        raise _not_installed("Tesseract", "tesseract-ocr, tesseract-ocr-vie")
    return found


def available() -> bool:
    """Whether scans can be read here (``tesseract`` and ``pdftocairo`` are installed)."""
    return bool(shutil.which("tesseract") and shutil.which("pdftocairo"))


def image_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG from its first bytes, None when they do not say."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if not head.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD9)):  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", head[at + 2 : at + 4])
        if marker in _JPEG_FRAMES:
            if at + 9 > len(head):
                return None
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return int(width), int(height)
        at += 2 + length
    return None


def _check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ExtractionError(
            "Tệp ảnh bị hỏng (kích thước bằng 0).", "The image is damaged (its size is zero)."
        )
    if width * height > MAX_IMAGE_PIXELS:
        limit = MAX_IMAGE_PIXELS // 1_000_000
        raise ExtractionError(
            f"Ảnh {width:,}×{height:,} điểm ảnh quá lớn để nhận dạng chữ "
            f"(tối đa {limit} triệu điểm ảnh).",
            f"The image of {width:,}×{height:,} pixels is too large to read "
            f"(limit {limit} million pixels).",
        )


class _Clock:
    """The time left for one file: each page gets at most ``PAGE_SECONDS`` of it."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def budget(self, page: int) -> float:
        left = TOTAL_SECONDS - (time.monotonic() - self.start)
        if left <= 1:
            raise ExtractionError(
                f"Đọc bản quét quá {TOTAL_SECONDS} giây (dừng ở trang {page}): hãy gửi ít trang "
                "hơn hoặc tệp có lớp chữ.",
                f"Reading the scan took over {TOTAL_SECONDS} s (stopped at page {page}): send "
                "fewer pages or a file with a text layer.",
            )
        return min(PAGE_SECONDS, left)

    def elapsed(self) -> float:
        return time.monotonic() - self.start


def _run(command: list[str], seconds: float, page: int) -> subprocess.CompletedProcess[str]:
    """``command`` with a memory cap (``prlimit``, where installed) and a time limit."""
    capped = command
    if shutil.which("prlimit"):
        capped = ["prlimit", f"--as={TOOL_MEMORY}", "--", *command]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per reader
    try:
        return subprocess.run(
            capped, capture_output=True, text=True, timeout=seconds, check=False, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(
            f"Đọc bản quét trang {page} quá {seconds:.0f} giây: dừng lại.",
            f"Reading page {page} of the scan took over {seconds:.0f} s: stopped.",
        ) from exc


def word_confidences(tsv: str) -> list[float]:
    """The confidence of each word in Tesseract's TSV output (level 5 rows with text)."""
    found: list[float] = []
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if confidence >= 0:
            found.append(confidence)
    return found


def _read_image(
    image: Path, *, page: int, seconds: float, dpi: int | None
) -> tuple[str, list[float]]:
    """The text of one image and its words' confidences."""
    with tempfile.TemporaryDirectory(prefix="namro-ocr-") as work:
        base = Path(work) / "page"
        command = [tesseract(), str(image), str(base), "-l", LANGUAGE]
        if dpi:
            command += ["--dpi", str(dpi)]
        done = _run([*command, "txt", "tsv"], seconds, page)
        if done.returncode != 0:
            if "Failed loading language" in done.stderr or "Error opening data file" in done.stderr:
                raise ExtractionError(
                    "Máy chủ đã cài Tesseract nhưng thiếu dữ liệu tiếng Việt để đọc bản quét "
                    "(gói tesseract-ocr-vie): hãy báo quản trị viên.",
                    "Tesseract is installed without its Vietnamese data to read scans "
                    "(package tesseract-ocr-vie): ask the administrator.",
                )
            raise ExtractionError(
                f"Không đọc được bản quét trang {page}: ảnh bị hỏng hoặc quá lớn.",
                f"Cannot read page {page} of the scan: the image is damaged or too large.",
            )
        text = (base.with_suffix(".txt")).read_text(encoding="utf-8", errors="replace")
        tsv = (base.with_suffix(".tsv")).read_text(encoding="utf-8", errors="replace")
    return text.replace("\f", "\n").strip(), word_confidences(tsv)


def _report(pages: int, confidences: list[float], clock: _Clock) -> OcrReport:
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrReport(
        pages=pages, confidence=round(mean, 1), seconds=clock.elapsed(), words=len(confidences)
    )


def _nothing_read() -> ExtractionError:
    return ExtractionError(
        "Không nhận ra chữ nào trên bản quét.", "No text was recognised on the scan."
    )


def read_image(path: Path) -> tuple[str, OcrReport]:
    """The text of a scanned page saved as .png or .jpg."""
    with path.open("rb") as handle:
        head = handle.read(256 * 1024)
    size = image_size(head)
    if size is None:
        raise ExtractionError(
            f"Tệp {path.name} bị hỏng hoặc không phải ảnh PNG, JPEG.",
            f"The file {path.name} is damaged or not a PNG or JPEG image.",
        )
    _check_pixels(*size)
    clock = _Clock()
    text, confidences = _read_image(path, page=1, seconds=clock.budget(1), dpi=None)
    if not text.strip():
        raise _nothing_read()
    return text, _report(1, confidences, clock)


def pdf_page_dpi(width_pt: float, height_pt: float) -> int:
    """The resolution to draw a page of this size at: 300 dpi, less for a page so large that
    300 dpi would pass the pixel limit; refused below 100 dpi."""
    area = (width_pt / 72) * (height_pt / 72)
    dpi = (
        DPI
        if area * DPI * DPI <= MAX_IMAGE_PIXELS
        else math.floor(math.sqrt(MAX_IMAGE_PIXELS / area))
    )
    if dpi < MIN_DPI:
        raise ExtractionError(
            f"Trang PDF khổ {width_pt / 72 * 25.4:,.0f}×{height_pt / 72 * 25.4:,.0f} mm quá lớn "
            "để nhận dạng chữ.",
            f"The PDF page of {width_pt / 72 * 25.4:,.0f}×{height_pt / 72 * 25.4:,.0f} mm is "
            "too large to read.",
        )
    return dpi


def read_pdf_pages(
    path: Path, pages: list[tuple[int, float, float]]
) -> tuple[dict[int, str], OcrReport]:
    """The text of the given PDF pages (number from 1, width and height in points), each
    drawn by ``pdftocairo`` and read by Tesseract."""
    if len(pages) > MAX_OCR_PAGES:
        raise ExtractionError(
            f"Bản quét có {len(pages):,} trang cần nhận dạng chữ, vượt giới hạn "
            f"{MAX_OCR_PAGES} trang: hãy tách tệp hoặc gửi tệp có lớp chữ.",
            f"The scan has {len(pages):,} pages to read, over the limit of {MAX_OCR_PAGES}: "
            "split the file or send one with a text layer.",
        )
    tesseract()
    pdftocairo = shutil.which("pdftocairo")
    if not pdftocairo:
        raise _not_installed("pdftocairo", "poppler-utils")
    dpis = [pdf_page_dpi(width, height) for _, width, height in pages]
    clock = _Clock()
    texts: dict[int, str] = {}
    confidences: list[float] = []
    with tempfile.TemporaryDirectory(prefix="namro-pdf-") as work:
        for (number, _, _), dpi in zip(pages, dpis, strict=True):
            base = Path(work) / f"page-{number}"
            page = ["-f", str(number), "-l", str(number), "-singlefile"]
            drawn = _run(
                [pdftocairo, "-r", str(dpi), "-gray", "-png", *page, str(path), str(base)],
                clock.budget(number),
                number,
            )
            image = base.with_suffix(".png")
            if drawn.returncode != 0 or not image.exists():
                raise ExtractionError(
                    f"Không vẽ được trang {number} của tệp PDF để nhận dạng chữ.",
                    f"Cannot draw page {number} of the PDF to read it.",
                )
            text, found = _read_image(image, page=number, seconds=clock.budget(number), dpi=dpi)
            image.unlink()
            texts[number] = text
            confidences += found
    if not any(t.strip() for t in texts.values()):
        raise ExtractionError(
            "Tệp PDF không có lớp chữ và không nhận ra chữ nào trên trang quét.",
            "The PDF has no text layer and no text was recognised on its scanned pages.",
        )
    return texts, _report(len(pages), confidences, clock)
