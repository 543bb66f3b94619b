"""`namro extract`: files of every accepted type, standard input, and hostile input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from namro.testing import PROJECT_ROOT, shared_case_json, shared_case_path

DIRECTIVE = (
    "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát trụ sở dôi dư, "
    "báo cáo UBND tỉnh trước ngày 30/6/2026."
)


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines``.

    The font is not embedded: each character is written as its UTF-16 code and a ToUnicode
    map gives it back, which is all a text-layer reader needs, Vietnamese included.
    """

    def utf16(s: str) -> str:
        return "<" + s.encode("utf-16-be").hex().upper() + ">"

    ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td", *(f"{utf16(t)} Tj T*" for t in lines), "ET"]
    content = "\n".join(ops).encode("ascii")
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"endstream",
    ]
    return pdf_of(objects)


def docx_with_text(path: Path, paragraphs: list[str]) -> Path:
    from docx import Document

    document = Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(str(path))
    return path


def run(*args: str, stdin: bytes | None = None, monkeypatch=None) -> str:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    out = io.StringIO()
    call_command("extract", *args, stdout=out)
    return out.getvalue()


def the_task(output: str) -> dict:
    data = json.loads(output)
    assert set(data) == {"tasks", "people", "documents", "visit"}
    [task] = data["tasks"]
    return task


def test_txt_file_gives_one_json_object_with_the_task(tmp_path):
    path = tmp_path / "chi-thi.txt"
    path.write_text(DIRECTIVE, encoding="utf-8")
    task = the_task(run("--json", str(path)))
    assert task["lead"] == "Sở Tài chính"
    assert task["coordinating"] == ["Sở Xây dựng"]
    assert task["deadline"] == "2026-06-30"
    assert task["recurrence"] == "none"


def test_json_keeps_vietnamese_letters_unescaped(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRECTIVE, encoding="utf-8")
    output = run("--json", str(path))
    assert "Sở Tài chính" in output and "\\u" not in output


def test_docx_file_is_read(tmp_path):
    path = docx_with_text(tmp_path / "ke-hoach.docx", ["KẾ HOẠCH", DIRECTIVE])
    assert the_task(run("--json", str(path)))["lead"] == "Sở Tài chính"


def test_pdf_with_a_text_layer_is_read(tmp_path):
    path = tmp_path / "chi-thi.pdf"
    path.write_bytes(pdf_with_text(["KẾ HOẠCH", DIRECTIVE]))
    task = the_task(run("--json", str(path)))
    assert task["lead"] == "Sở Tài chính" and task["deadline"] == "2026-06-30"


def test_standard_input_is_read_for_a_dash(monkeypatch):
    output = run("--json", "-", stdin=DIRECTIVE.encode(), monkeypatch=monkeypatch)
    assert the_task(output)["lead"] == "Sở Tài chính"


def test_date_fills_a_deadline_written_without_a_year(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Giao Sở Nội vụ xây dựng đề án, trình UBND tỉnh trước ngày 15/8.", "utf-8")
    assert the_task(run("--json", str(path)))["deadline"] is None
    dated = the_task(run("--json", "--date", "2026-03-01", str(path)))
    assert dated["deadline"] == "2026-08-15"


def test_without_json_prints_a_readable_table(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRECTIVE, encoding="utf-8")
    output = run(str(path))
    assert "NHIỆM VỤ (1)" in output
    assert "Sở Tài chính" in output and "30/06/2026" in output
    assert "CÁN BỘ (0)" in output and "BUỔI LÀM VIỆC" in output


def test_pdf_without_text_says_so(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_with_text([]))
    with pytest.raises(CommandError, match="không có lớp chữ"):
        run(str(path))


def test_empty_file_says_so(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="rỗng"):
        run(str(path))


def test_binary_junk_and_missing_file_and_bad_date_are_refused(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(CommandError, match="không phải văn bản"):
        run(str(junk))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run(str(tmp_path / "khong-co.txt"))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "15/08/2026", str(junk))


def test_console_script_reports_hostile_input_on_stderr_without_traceback(tmp_path):
    path = tmp_path / "rong.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    done = subprocess.run(
        [sys.executable, "-m", "namro.cli", "extract", str(path)],
        capture_output=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    stderr = done.stderr.decode()
    assert done.returncode != 0
    assert "Tệp Word bị hỏng" in stderr
    assert "Traceback" not in stderr and done.stdout == b""


def test_help_documents_the_options():
    done = subprocess.run(
        [sys.executable, "-m", "namro.cli", "extract", "--help"],
        capture_output=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    text = done.stdout.decode()
    assert done.returncode == 0
    assert "--json" in text and "--date" in text and "YYYY-MM-DD" in text


def test_seed_article_yields_the_expected_visit():
    expected = shared_case_json("seed_article_expected.json")
    output = run("--json", str(shared_case_path("seed_article_vi.txt")))
    data = json.loads(output)
    assert data["visit"] == expected["visit"]
    assert data["people"] == expected["people"]
    assert data["tasks"] == []


def console(*args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m namro.cli extract ARGS`` (or ``code`` run with ``-c``) in a subprocess."""
    command = ["-c", code] if code else ["-m", "namro.cli", "extract", *args]
    return subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PROJECT_ROOT,
        timeout=120,
    )


def test_console_script_prints_what_the_management_command_prints(tmp_path):
    path = tmp_path / "chi-thi.txt"
    path.write_text(DIRECTIVE + "\nGiao Sở Y tế tổng hợp số liệu, báo cáo hằng quý.", "utf-8")
    for options in (["--json"], [], ["--json", "--date", "2026-03-01"]):
        done = console(*options, str(path))
        assert done.returncode == 0, done.stderr
        assert done.stdout == run(*options, str(path))


def test_console_script_extracts_without_importing_django(tmp_path):
    path = tmp_path / "chi-thi.txt"
    path.write_text(DIRECTIVE, encoding="utf-8")
    code = (
        "import sys\n"
        "from namro.cli import main\n"
        "try:\n"
        f"    main(['extract', '--json', {str(path)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )
    done = console(code=code)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "[]"
    assert json.loads(done.stdout)["tasks"][0]["lead"] == "Sở Tài chính"


def test_console_script_says_a_bad_date_as_the_command_does(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRECTIVE, encoding="utf-8")
    done = console("--date", "15/08/2026", str(path))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("CommandError: Ngày «15/08/2026» không hợp lệ")
    missing = console(str(tmp_path / "khong-co.txt"))
    assert missing.returncode == 1
    assert missing.stderr == f"CommandError: Không tìm thấy tệp {tmp_path / 'khong-co.txt'}.\n"


def test_arguments_the_fast_path_does_not_know_go_to_the_command(tmp_path):
    from namro.intake.management.extracting import run as fast

    path = tmp_path / "a.txt"
    path.write_text(DIRECTIVE, encoding="utf-8")
    for argv in (["--help"], ["-v", "2", str(path)], ["--js", str(path)], []):
        assert fast(argv) is None
    out, err = io.StringIO(), io.StringIO()
    assert fast(["--json", str(path)], stdout=out, stderr=err) == 0
    assert out.getvalue() == run("--json", str(path)) and err.getvalue() == ""


@pytest.mark.django_db
def test_working_days_from_a_date_are_counted_on_the_holiday_calendar(tmp_path):
    from namro.intake.management.extracting import run as fast
    from namro.workdays.models import CalendarDay

    CalendarDay.objects.create(day=date(2026, 4, 30), is_day_off=True, name="Giải phóng")
    path = tmp_path / "a.txt"
    path.write_text(
        "Giao Sở Nội vụ xây dựng đề án, trình UBND tỉnh trong 3 ngày làm việc kể từ ngày ký.",
        "utf-8",
    )
    out = io.StringIO()
    assert fast(["--json", "--date", "2026-04-27", str(path)], stdout=out) == 0
    # 28, 29, (30 off), 1 May: the third working day after Monday 27 April.
    assert json.loads(out.getvalue())["tasks"][0]["deadline"] == "2026-05-01"
    assert out.getvalue() == run("--json", "--date", "2026-04-27", str(path))


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (numbered from 1; the first is the catalogue), with its
    cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
