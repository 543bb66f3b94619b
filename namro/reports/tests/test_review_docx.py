"""The review draft as a Word document: it opens with python-docx and LibreOffice converts it
to a PDF whose text keeps the Vietnamese diacritics."""

from __future__ import annotations

import subprocess
from io import BytesIO

import docx
from pypdf import PdfReader

from namro.oversight.review_data import review_draft
from namro.oversight.tests.scenario import play_scenario
from namro.reports.review_docx import review_docx

PHRASES = [
    "BÁO CÁO SƠ KẾT",
    "Đẩy mạnh phân cấp, phân quyền nhằm phát huy tính chủ động của địa phương",
    "Tình hình thực hiện nhiệm vụ",
    "Sở Nội vụ Hà Nội",
]


def _docx(world) -> bytes:
    *_, review = play_scenario(world)
    return review_docx(review_draft(review))


def test_review_docx_opens_with_python_docx_in_vietnamese(world):
    document = docx.Document(BytesIO(_docx(world)))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for phrase in PHRASES:
        assert phrase in text, phrase


def test_review_docx_converts_to_pdf_with_libreoffice_keeping_diacritics(world, soffice, tmp_path):
    source = tmp_path / "so-ket.docx"
    source.write_bytes(_docx(world))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "so-ket.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    for phrase in PHRASES:
        assert phrase in flat, phrase


def test_review_docx_lists_overdue_tasks_and_their_explanation(world):
    from namro.tasks.services import explanation_answer, explanation_ask

    *_, review = play_scenario(world)
    [row] = review_draft(review).overdue
    request = explanation_ask(actor=None, task=row.task, question="Vì sao?", on=row.task.due_on)
    explanation_answer(
        actor=None,
        request=request,
        reason="Chờ hướng dẫn của Bộ Nội vụ",
        remedy="Làm việc trực tiếp với Bộ",
        on=row.task.due_on,
    )
    document = docx.Document(BytesIO(review_docx(review_draft(review))))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    text += "\n".join(p.text for p in document.paragraphs)
    assert "Nhiệm vụ quá hạn và giải trình của đơn vị" in text
    assert "Chờ hướng dẫn của Bộ Nội vụ" in text and "Làm việc trực tiếp với Bộ" in text
