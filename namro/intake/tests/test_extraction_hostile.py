"""Bad input gets a clear ExtractionError or an empty result, never a crash or a hang."""

import time
import zipfile
from datetime import date

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from namro.intake.core import ExtractionError, extract, read_file
from namro.intake.core.readers import MAX_FILE_BYTES, decode_text


def test_empty_text_gives_an_empty_result():
    assert extract("").to_dict() == {"tasks": [], "people": [], "documents": [], "visit": None}
    assert extract("   \n\t ").tasks == []


def test_non_text_input_is_refused():
    with pytest.raises(ExtractionError):
        extract(b"Giao S\xe1\xbb\x9f".decode("latin-1").encode())  # type: ignore[arg-type]


def test_huge_text_is_refused_with_a_bilingual_message():
    with pytest.raises(ExtractionError) as caught:
        extract("Giao Sở Y tế kiểm tra. " * 200_000)
    assert "quá dài" in str(caught.value) and "too long" in str(caught.value)


def test_broken_unicode_does_not_crash():
    text = "Giao Sở Y tế \ud800 kiểm tra\x00, hoàn thành trước ngày 30/4/2026.\ufffd"
    assert extract(text).tasks[0].lead == "Sở Y tế"


TABLE_CELL_PER_LINE = """PHỤ LỤC
|
TT
|
Nhiệm vụ
|
Cơ quan chủ trì
|
Thời gian hoàn thành
|
|
1
|
Rà soát quy trình tiếp nhận hồ sơ
|
Sở Nội vụ
|
Quý IV/2026
|
|
2
|
Xây dựng cơ sở dữ liệu cán bộ
|
Sở Tài chính
|
Năm 2027
|
"""


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_lines_ended_by_cr_lf_or_cr_read_as_lines_ended_by_lf(end):
    """A browser posts a text box's lines ended by CR LF; a file may end them either way."""
    plain = extract(TABLE_CELL_PER_LINE, doc_date=date(2026, 9, 1))
    assert [t.lead for t in plain.tasks] == ["Sở Nội vụ", "Sở Tài chính"]
    posted = extract(TABLE_CELL_PER_LINE.replace("\n", end), doc_date=date(2026, 9, 1))
    assert [(t.action, t.lead, t.deadline, t.span) for t in posted.tasks] == [
        (t.action, t.lead, t.deadline, t.span) for t in plain.tasks
    ]


def test_long_line_without_punctuation_stays_fast():
    started = time.perf_counter()
    extract("giao Sở Y tế trước ngày " * 20_000)
    assert time.perf_counter() - started < 10


def test_empty_and_binary_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ExtractionError, match="rỗng"):
        read_file(empty)
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ExtractionError, match="not text"):
        read_file(junk)


def test_too_large_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ExtractionError, match="too large"):
        read_file(big)


def test_damaged_docx_and_pdf(tmp_path):
    fake_docx = tmp_path / "fake.docx"
    fake_docx.write_bytes(b"not a zip")
    with pytest.raises(ExtractionError, match="Word"):
        read_file(fake_docx)
    zipped = tmp_path / "empty.docx"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "x")
    with pytest.raises(ExtractionError):
        read_file(zipped)
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(ExtractionError, match="PDF"):
        read_file(fake_pdf)


def test_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ExtractionError, match="text layer"):
        read_file(path)


def test_unsupported_type(tmp_path):
    path = tmp_path / "a.xls"
    path.write_bytes(b"x")
    with pytest.raises(ExtractionError, match="not supported"):
        read_file(path)


def test_docx_paragraphs_and_tables_are_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("Giao Sở Y tế kiểm tra các trạm y tế, hoàn thành trước ngày 30/4/2026.")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(
        table.rows[0].cells, ["Nội dung", "Cơ quan chủ trì", "Thời gian"], strict=True
    ):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["Rà soát quy hoạch", "Sở Xây dựng", "Quý III/2026"], strict=True
    ):
        cell.text = text
    path = tmp_path / "plan.docx"
    document.save(str(path))
    text = read_file(path)
    leads = [t.lead for t in extract(text).tasks]
    assert leads == ["Sở Y tế", "Sở Xây dựng"]


def test_txt_in_windows_1258_or_utf16_is_decoded():
    assert "Giao" in decode_text("Giao Sở Y tế".encode("utf-16"))
    assert decode_text(b"Giao So Y te") == "Giao So Y te"


VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("GiaoSởYtếUBNDcácxã,phường;:.()-|/0123456789 \nđồngchíTrầnVăn")),
    max_size=400,
)


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(VIETNAMESE)
def test_fuzz_vietnamese_like_text_never_crashes(text):
    started = time.perf_counter()
    result = extract(text).to_dict()
    assert isinstance(result["tasks"], list)
    assert time.perf_counter() - started < 2


@settings(max_examples=200, deadline=2000)
@given(st.text(max_size=300))
def test_fuzz_any_text_never_crashes(text):
    result = extract(text)
    for task in result.tasks:
        assert 0 <= task.span[0] <= task.span[1]
