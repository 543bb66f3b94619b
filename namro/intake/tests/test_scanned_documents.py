"""Scanned documents: a directive set on a page image (and that image in a PDF without a text
layer) is read by OCR and gives the same tasks as its text; the bounds hold without OCR.

The page image is drawn by ``pango-view`` in Liberation Serif (metric twin of Times New
Roman, the face of Vietnamese official documents) at 300 dpi. Tesseract reads its "quý III"
on an edge: the same page saved as JPEG at quality 95, or drawn by pdftoppm, reads "quý II",
a wrong deadline with nothing to show it (hence the page's advice to check the deadlines
against the original). The tests that run Tesseract take the ``ocr_tools`` fixture:
skipped where it cannot be installed, a failure when NAMRO_REQUIRE_OCR=1.
"""

from __future__ import annotations

import io
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from namro.intake import ocr_setup
from namro.intake.core import ExtractionError, extract, ocr
from namro.intake.core.readers import read_document, read_file

from .test_extract_command import pdf_of, pdf_with_text

TASKS_URL = reverse("intake:draft_tasks")

DIRECTIVE = (
    "ỦY BAN NHÂN DÂN TỈNH\n"
    "KẾ HOẠCH Số 12/KH-UBND về rà soát trụ sở\n"
    "1. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Phòng Tổng hợp rà soát trụ sở "
    "dôi dư, báo cáo UBND tỉnh trước ngày 30/6/2030.\n"
    "2. Giao Sở Xây dựng lập phương án sử dụng trụ sở, hoàn thành trong quý III/2030.\n"
    "3. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ đề xuất phương án xử lý tài sản, "
    "báo cáo trước ngày 15/9/2030.\n"
)


@pytest.fixture(scope="session")
def ocr_tools() -> None:
    """Tesseract (Vietnamese), pdftocairo and pango-view, installed by the test setup where apt
    allows it."""
    gaps = ocr_setup.ensure()
    if gaps:
        reason = f"{', '.join(gaps)} not installed and cannot be installed here"
        if ocr_setup.required():
            pytest.fail(reason)
        pytest.skip(reason)


LAYOUT = ["--font=Liberation Serif 13", "--dpi=300", "--width=480", "--wrap=word", "--margin=60"]


def page_image(text: str, path: Path) -> Path:
    """``text`` set on a page 600 pt wide (text 480 pt) in 13 pt Liberation Serif, 300 dpi."""
    source = path.with_suffix(".txt")
    source.write_text(text, encoding="utf-8")
    subprocess.run(
        ["pango-view", *LAYOUT, "-q", "-o", str(path), str(source)],
        check=True,
        timeout=60,
    )
    return path


def png_parts(data: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, colour channels and the compressed pixel data of an 8-bit PNG."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0 and colour in (0, 2), "an 8-bit grey or RGB PNG"
    return width, height, 3 if colour == 2 else 1, idat


def pdf_of_image(png: bytes) -> bytes:
    """A one-page PDF holding only ``png`` (at 300 dpi): a scan, with no text layer. PNG's
    compressed rows are what a PDF's Flate filter with the PNG predictor reads."""
    width, height, colours, idat = png_parts(png)
    w_pt, h_pt = width * 72 / 300, height * 72 / 300
    content = f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im0 Do Q".encode("ascii")
    space = b"/DeviceRGB" if colours == 3 else b"/DeviceGray"
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
        b"/BitsPerComponent 8 /Filter /FlateDecode "
        b"/DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d >> "
        b"/Length %d >>\nstream\n" % (width, height, space, colours, width, len(idat))
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>" % (w_pt, h_pt),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        image + idat + b"\nendstream",
    ]
    return pdf_of(objects)


def tasks_of(text: str) -> list[tuple[str, str | None, list[str], str | None]]:
    return [
        (" ".join(t.action.split()), t.lead, t.coordinating, t.deadline and t.deadline.isoformat())
        for t in extract(text).tasks
    ]


EXPECTED = [
    (
        "rà soát trụ sở dôi dư, báo cáo UBND tỉnh",
        "Sở Kế hoạch và Đầu tư",
        ["Phòng Tổng hợp"],
        "2030-06-30",
    ),
    ("lập phương án sử dụng trụ sở", "Sở Xây dựng", [], "2030-09-30"),
    ("đề xuất phương án xử lý tài sản, báo cáo", "Sở Tài chính", ["Sở Nội vụ"], "2030-09-15"),
]


def test_the_directive_text_itself_gives_three_tasks():
    assert tasks_of(DIRECTIVE) == EXPECTED


def test_a_scanned_page_image_gives_the_same_tasks_as_its_text(ocr_tools, tmp_path):
    image = page_image(DIRECTIVE, tmp_path / "chi-thi.png")
    reading = read_document(image)
    assert reading.ocr is not None and reading.ocr_used
    assert reading.ocr.pages == 1 and reading.ocr.words > 60
    assert reading.ocr.confidence > 85
    assert tasks_of(reading.text) == tasks_of(DIRECTIVE) == EXPECTED


def test_a_scanned_pdf_without_a_text_layer_gives_the_same_tasks(ocr_tools, tmp_path):
    from pypdf import PdfReader

    image = page_image(DIRECTIVE, tmp_path / "chi-thi.png")
    pdf = tmp_path / "chi-thi.pdf"
    pdf.write_bytes(pdf_of_image(image.read_bytes()))
    assert not PdfReader(pdf).pages[0].extract_text().strip()  # a scan: no text layer
    reading = read_document(pdf)
    assert reading.ocr is not None and reading.ocr.pages == 1
    assert reading.ocr.confidence > 85
    assert tasks_of(reading.text) == EXPECTED


def joined(*pdfs: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_scan_saved_as_jpeg_gives_the_same_tasks(ocr_tools, tmp_path):
    image = page_image(DIRECTIVE, tmp_path / "chi-thi.png")
    pdf = tmp_path / "chi-thi.pdf"
    pdf.write_bytes(pdf_of_image(image.read_bytes()))
    jpeg_options = ["-r", "300", "-jpeg", "-jpegopt", "quality=100", "-singlefile"]
    subprocess.run(
        ["pdftocairo", *jpeg_options, str(pdf), str(tmp_path / "chi-thi")], check=True, timeout=60
    )
    jpeg = tmp_path / "chi-thi.jpg"
    assert ocr.image_size(jpeg.read_bytes()[:65536]) == ocr.image_size(image.read_bytes()[:64])
    reading = read_document(jpeg)
    assert reading.ocr is not None and reading.ocr.confidence > 85
    assert tasks_of(reading.text) == EXPECTED


def test_a_typed_page_and_a_scanned_page_are_read_each_its_way(ocr_tools, tmp_path):
    header, tasks = DIRECTIVE.splitlines()[:2], "\n".join(DIRECTIVE.splitlines()[2:])
    image = page_image(tasks, tmp_path / "trang-2.png")
    pdf = tmp_path / "ke-hoach.pdf"
    pdf.write_bytes(joined(pdf_with_text(header), pdf_of_image(image.read_bytes())))
    reading = read_document(pdf)
    assert reading.ocr is not None and reading.ocr.pages == 1
    assert reading.text.startswith("ỦY BAN NHÂN DÂN TỈNH\nKẾ HOẠCH Số 12/KH-UBND")
    assert tasks_of(reading.text) == EXPECTED


def test_a_typed_pdf_with_many_blank_pages_keeps_its_text_without_ocr(tmp_path, monkeypatch):
    def no_ocr(*args: object) -> None:
        raise AssertionError("OCR was run")

    monkeypatch.setattr(ocr, "read_pdf_pages", no_ocr)
    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    typed = pdf_with_text(DIRECTIVE.splitlines())
    blank = pdf_with_text([])
    pages = 2
    pdf = tmp_path / "dai.pdf"
    pdf.write_bytes(joined(*[typed] * pages, *[blank] * pages))
    reading = read_document(pdf)
    assert reading.ocr is None
    assert len(extract(reading.text).tasks) == 3 * pages


def test_a_file_named_png_that_is_no_image_is_refused(tmp_path):
    junk = tmp_path / "scan.png"
    junk.write_bytes(b"GIF89a not a png")
    with pytest.raises(ExtractionError, match="không phải ảnh PNG, JPEG"):
        read_file(junk)


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def test_image_sizes_are_read_from_png_and_jpeg_headers():
    assert ocr.image_size(png_header(2480, 3508)) == (2480, 3508)
    assert ocr.image_size(jpeg_header(1654, 2339)) == (1654, 2339)
    assert ocr.image_size(b"\xff\xd8\xff\xe0") is None
    assert ocr.image_size(b"GIF89a") is None


@pytest.mark.parametrize("header", [png_header(60_000, 60_000), jpeg_header(65_000, 65_000)])
def test_a_decompression_bomb_is_refused_from_its_header(tmp_path, header):
    path = tmp_path / "bom.png"
    path.write_bytes(header + b"\x00" * 64)
    with pytest.raises(ExtractionError, match="quá lớn để nhận dạng chữ") as caught:
        read_file(path)
    assert "40 million pixels" in caught.value.message_en


def test_without_tesseract_a_scan_says_the_server_lacks_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    path = tmp_path / "scan.png"
    path.write_bytes(png_header(2480, 3508) + b"\x00" * 64)
    with pytest.raises(ExtractionError, match="Máy chủ chưa cài Tesseract để đọc bản quét"):
        read_file(path)
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(pdf_of_image(png_of_blank_page()))
    with pytest.raises(ExtractionError, match=r"không có lớp chữ.*chưa cài Tesseract"):
        read_file(pdf)


def png_of_blank_page(width: int = 300, height: int = 100) -> bytes:
    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_more_scanned_pages_than_the_limit_are_refused_before_reading(tmp_path):
    pages = [(n, 595.0, 842.0) for n in range(1, ocr.MAX_OCR_PAGES + 2)]
    with pytest.raises(ExtractionError, match=f"vượt giới hạn {ocr.MAX_OCR_PAGES} trang"):
        ocr.read_pdf_pages(tmp_path / "dai.pdf", pages)


def test_a_large_pdf_page_is_drawn_at_a_lower_resolution_and_a_huge_one_refused():
    assert ocr.pdf_page_dpi(595, 842) == 300  # A4
    a0 = ocr.pdf_page_dpi(2384, 3370)
    assert 100 <= a0 < 300
    assert (2384 / 72 * a0) * (3370 / 72 * a0) <= ocr.MAX_IMAGE_PIXELS
    with pytest.raises(ExtractionError, match="quá lớn"):
        ocr.pdf_page_dpi(14_400, 14_400)


def test_the_time_for_a_whole_scan_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "TOTAL_SECONDS", 0)
    path = tmp_path / "scan.png"
    path.write_bytes(png_header(2480, 3508) + b"\x00" * 64)
    with pytest.raises(ExtractionError, match="Đọc bản quét quá 0 giây"):
        read_file(path)


def test_word_confidences_come_from_tesseracts_tsv():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t96.5\tGiao\n"
        "5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t89.5\tSở\n"
        "5\t1\t1\t1\t1\t3\t0\t0\t10\t10\t95\t \n"
    )
    assert ocr.word_confidences(tsv) == [96.5, 89.5]


def test_a_page_image_through_the_page_shows_the_ocr_note_and_the_tasks(
    ocr_tools, client, personas, tmp_path
):
    client.force_login(personas.user("tracker"))
    image = page_image(DIRECTIVE, tmp_path / "chi-thi.png")
    upload = SimpleUploadedFile("chi-thi.png", image.read_bytes(), content_type="image/png")
    response = client.post(TASKS_URL, {"do": "extract", "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Văn bản được đọc bằng nhận dạng chữ (OCR), độ tin cậy trung bình" in page
    confidence = read_document(image).ocr
    assert confidence is not None
    shown = f"{confidence.confidence:.1f}".replace(".", ",").removesuffix(",0")
    assert f"độ tin cậy trung bình {shown}%" in page
    assert 'value="Sở Kế hoạch và Đầu tư"' in page and 'value="Sở Xây dựng"' in page
    assert "rà soát trụ sở dôi dư" in page and "đề xuất phương án xử lý tài sản" in page
    assert 'value="12/KH-UBND"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile("chi-thi.png", image.read_bytes(), content_type="image/png")
    page = client.post(TASKS_URL, {"do": "extract", "file": upload}).content.decode()
    english = f"{confidence.confidence:.1f}".removesuffix(".0")
    assert f"read by optical character recognition (OCR), average confidence {english}%" in page


NOTE = "Văn bản được đọc bằng nhận dạng chữ (OCR), độ tin cậy trung bình"


def test_a_scans_ocr_note_stays_through_the_check_and_a_refused_save(
    ocr_tools, client, personas, tmp_path
):
    from .test_intake_groups import form_data

    client.force_login(personas.user("tracker"))
    image = page_image(DIRECTIVE, tmp_path / "chi-thi.png")
    upload = SimpleUploadedFile("chi-thi.png", image.read_bytes(), content_type="image/png")
    response = client.post(TASKS_URL, {"do": "extract", "file": upload})
    assert NOTE in response.content.decode()
    data = form_data(response.context)
    assert data["ocr_pages"] == 1 and 85 < data["ocr_confidence"] <= 100
    shown = f"{data['ocr_confidence']:.1f}".replace(".", ",").removesuffix(",0")
    for step, fields in (("check", {}), ("save", {"title": ""})):  # a save refused: no title
        page = client.post(TASKS_URL, {**data, **fields, "do": step}).content.decode()
        assert f"{NOTE} {shown}%" in page, step


@pytest.mark.parametrize(
    ("pages", "confidence", "shown"),
    [("1", "91.5", True), ("", "", False), ("0", "91.5", False), ("1", "300", False)],
)
def test_the_check_step_shows_the_note_its_form_carries_and_no_forged_one(
    client, personas, pages, confidence, shown
):
    client.force_login(personas.user("tracker"))
    data = {
        "do": "check", "kind": "directive", "title": "Chỉ thị", "issuer": "", "issued_on": "",
        "ocr_pages": pages, "ocr_confidence": confidence, "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
    }  # fmt: skip
    page = client.post(TASKS_URL, data).content.decode()
    assert (f"{NOTE} 91,5%" in page) is shown


def test_a_refused_visit_keeps_the_note_of_its_scan(client, personas):
    client.force_login(personas.user("tracker"))
    data = {
        "do": "save", "kind": "working_session", "title": "", "ocr_pages": "2",
        "ocr_confidence": "88", "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0",
        "recs-TOTAL_FORMS": "0", "recs-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(reverse("intake:draft_visit"), data)
    assert response.status_code == 400
    assert f"{NOTE} 88% (từ 2 trang quét)" in response.content.decode()


def test_a_typed_text_shows_no_ocr_note(client, personas):
    client.force_login(personas.user("tracker"))
    response = client.post(TASKS_URL, {"do": "extract", "text": DIRECTIVE})
    assert response.status_code == 200
    assert "nhận dạng chữ (OCR)" not in response.content.decode()


def test_the_api_says_how_a_scan_was_read_and_a_typed_text_was_not(
    ocr_tools, client, personas, tmp_path
):
    client.force_login(personas.user("tracker"))
    image = page_image(DIRECTIVE, tmp_path / "chi-thi.png")
    upload = SimpleUploadedFile("chi-thi.png", image.read_bytes(), content_type="image/png")
    scanned = client.post("/api/v1/extract", {"file": upload})
    assert scanned.status_code == 200, scanned.content
    body = scanned.json()
    assert body["ocr"]["pages"] == 1 and body["ocr"]["words"] > 60
    assert 85 < body["ocr"]["confidence"] <= 100
    assert [t["lead"] for t in body["tasks"]] == [lead for _a, lead, _c, _d in EXPECTED]
    typed = client.post(
        "/api/v1/extract", {"text": DIRECTIVE}, content_type="application/json"
    ).json()
    assert typed["ocr"] is None and len(typed["tasks"]) == len(body["tasks"])


def test_tesseract_without_vietnamese_data_says_which_package_is_missing(
    ocr_tools, tmp_path, monkeypatch
):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    image = tmp_path / "trang.png"
    image.write_bytes(png_of_blank_page())
    with pytest.raises(ExtractionError, match=r"thiếu dữ liệu tiếng Việt.*tesseract-ocr-vie"):
        read_file(image)


def test_a_damaged_image_and_a_slow_page_are_refused_by_tesseract(ocr_tools, tmp_path, monkeypatch):
    damaged = tmp_path / "hong.png"
    damaged.write_bytes(png_header(800, 600) + b"\x00" * 512)
    with pytest.raises(ExtractionError, match="Không đọc được bản quét trang 1"):
        read_file(damaged)
    monkeypatch.setattr(ocr, "PAGE_SECONDS", 0.05)
    image = page_image(DIRECTIVE, tmp_path / "chi-thi.png")
    with pytest.raises(ExtractionError, match="Đọc bản quét trang 1 quá 0 giây"):
        read_file(image)
