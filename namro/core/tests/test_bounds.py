"""Bounded parsing: a zip bomb, a docx of a million paragraphs, a PDF whose parser would run
away and an executable named .pdf are each refused, within 5 s and 300 MB, with a message
that says why."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from namro.core.bounds import (
    CHILD_MEMORY,
    Refused,
    check_zip,
    count_docx_paragraphs,
    run_bounded,
    sniff,
)
from namro.core.files import check_uploads
from namro.intake.core import ExtractionError, read_file
from namro.intake.excel import SheetError, read_rows
from namro.tasks.services import task_errors

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Budget:
    """Time and peak Python memory of the block, asserted on exit."""

    def __init__(self, seconds: float = 5, megabytes: int | None = 300) -> None:
        self.seconds, self.megabytes = seconds, megabytes

    def __enter__(self) -> Budget:
        if self.megabytes is not None:
            tracemalloc.start()
        self.began = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        elapsed = time.perf_counter() - self.began
        if self.megabytes is not None:
            _now, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert peak < self.megabytes * 1024 * 1024, f"peaked at {peak / 1048576:.0f} MB"
        assert elapsed < self.seconds, f"took {elapsed:.1f} s"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def xlsx_bomb() -> bytes:
    """A workbook of a few hundred kilobytes whose sheet expands to 240 MB."""
    zeros = b"0" * (8 * 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(30):
                sheet.write(zeros)
    return buffer.getvalue()


def test_a_zip_bomb_workbook_is_refused_on_its_directory(xlsx_bomb):
    assert len(xlsx_bomb) < 5 * 1024 * 1024
    with Budget(), pytest.raises(SheetError) as refused:
        read_rows(xlsx_bomb)
    message = str(refused.value.row_errors[0])
    assert "giải nén" in message or "bom nén" in message


def test_an_entry_that_expands_a_thousand_times_is_refused():
    data = _zip({"word/document.xml": b"<w:p>" * 2_000_000})
    with pytest.raises(Refused, match="bom nén"):
        check_zip(io.BytesIO(data))


def test_a_docx_of_a_million_paragraphs_is_refused_within_budget(tmp_path):
    body = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 1_000_000
    path = tmp_path / "trieu-doan.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": body}))
    with Budget(), pytest.raises(ExtractionError):
        read_file(path)


def test_paragraphs_are_counted_across_chunk_boundaries_and_limited(tmp_path):
    body = b"<w:body>" + b"<w:p><w:r/></w:p><w:p/>" * 30_000 + b"</w:body>"
    assert (
        count_docx_paragraphs(io.BytesIO(_zip({"word/document.xml": body})), limit=10**6) == 60_000
    )
    with pytest.raises(Refused, match="đoạn văn"):
        count_docx_paragraphs(io.BytesIO(_zip({"word/document.xml": body})), limit=50_000)


def _hog_memory() -> int:
    blocks = []
    for _ in range(64):
        blocks.append(bytearray(64 * 1024 * 1024))
    return len(blocks)


def _spin() -> None:
    while True:
        pass


def test_a_parser_that_would_take_all_memory_is_stopped_in_its_child():
    with Budget(megabytes=None), pytest.raises(Refused, match="bộ nhớ"):
        run_bounded(_hog_memory)


def test_a_parser_that_would_run_forever_is_stopped_in_its_child():
    with Budget(seconds=10), pytest.raises(Refused):
        run_bounded(_spin, seconds=1)


def test_a_pdf_whose_stream_expands_without_end_is_refused(tmp_path):
    import zlib

    stream = zlib.compress(b"0" * (400 * 1024 * 1024), 1)
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(stream)}/Filter/FlateDecode>>stream\n".encode()
        + stream
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    )
    path = tmp_path / "bom.pdf"
    path.write_bytes(pdf)
    # The parse runs in a child whose memory is capped below 300 MB (the test above holds the
    # cap); tracing the parent's allocations would only slow the child's start.
    assert CHILD_MEMORY <= 300 * 1024 * 1024
    with Budget(megabytes=None), pytest.raises(ExtractionError):
        read_file(path)


@pytest.mark.parametrize(
    ("head", "names", "kind"),
    [
        (b"%PDF-1.7", None, "pdf"),
        (b"PK\x03\x04", frozenset({"word/document.xml"}), "docx"),
        (b"PK\x03\x04", frozenset({"xl/workbook.xml"}), "xlsx"),
        (b"PK\x03\x04", frozenset({"a.exe"}), "zip"),
        (PNG, None, "png"),
        (b"\xff\xd8\xff\xe0", None, "jpeg"),
        ("Báo cáo tiến độ".encode(), None, "text"),
        (b"MZ\x90\x00\x03\x00\x00\x00", None, ""),
    ],
)
def test_sniff_names_a_file_by_its_first_bytes(head, names, kind):
    assert sniff(head, names) == kind


def test_an_executable_named_pdf_is_refused_as_evidence():
    exe = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "application/pdf")
    with pytest.raises(ValidationError) as refused:
        check_uploads([exe])
    assert "không phải .pdf" in str(refused.value)


def test_the_stored_content_type_is_the_sniffed_one():
    image = SimpleUploadedFile("anh.png", PNG, content_type="text/html")
    check_uploads([image])
    assert image.content_type == "image/png"


def test_one_post_carries_at_most_the_configured_number_of_files(settings):
    settings.NAMRO_MAX_FILES_PER_REQUEST = 3
    files = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(4)]
    with pytest.raises(ValidationError, match="tối đa 3 tệp"):
        check_uploads(files)


def test_an_imported_action_obeys_the_apis_length_limit():
    errors = task_errors(
        action="x" * 20_000_000,
        lead_unit_id=None,
        coordinating_unit_ids=[],
        recurrence="none",
        due_on=None,
        issued_on=None,
        expected_output="y" * 600,
    )
    assert "tối đa 5.000" in errors["action"][0]
    assert "tối đa 500" in errors["expected_output"][0]
