"""The extraction pages: who may use them, the review table, saving all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from namro.documents.models import Document
from namro.factories import UnitFactory
from namro.oversight.models import Recommendation, Visit
from namro.tasks.models import Task
from namro.testing import shared_case_path

from .test_extract_command import docx_with_text, pdf_with_text

TASKS_URL = reverse("intake:draft_tasks")
VISIT_URL = reverse("intake:draft_visit")

DIRECTIVE = (
    "KẾ HOẠCH Số 12/KH-UBND về rà soát trụ sở\n"
    "1. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Phòng Tổng hợp rà soát trụ sở dôi dư, "
    "báo cáo UBND tỉnh trước ngày 30/6/2030.\n"
    "2. Giao Sở Xây dựng lập phương án sử dụng trụ sở, hoàn thành trong quý III/2030.\n"
)


def login(client, personas, name):
    user = personas.user(name)
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("admin", 200),
        ("tracker", 200),
        ("leader", 403),
        ("reporter", 403),
        ("viewer", 403),
        ("norole", 403),
    ],
)
def test_only_trackers_open_the_task_draft_page(client, personas, name, status):
    login(client, personas, name)
    assert client.get(TASKS_URL).status_code == status


def test_anonymous_is_sent_to_log_in(client, personas):
    response = client.get(TASKS_URL)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def extract_page(client, **data):
    return client.post(TASKS_URL, {"do": "extract", **data})


def test_pasted_text_gives_a_review_table_with_units_matched(client, personas):
    login(client, personas, "tracker")
    response = extract_page(client, text=DIRECTIVE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Sở Kế hoạch và Đầu tư"' in page
    assert "Trích: «Phòng Tổng hợp» — độ tin cậy 1,00" in page
    assert 'value="12/KH-UBND"' in page
    assert "rà soát trụ sở dôi dư" in page
    assert "Kiểm tra sáu rõ" in page


def test_an_outsiders_unit_is_shown_unmatched_never_matched(client, personas):
    UnitFactory(name="Sở Xây dựng", parent=personas.outside)
    login(client, personas, "tracker")
    page = extract_page(client, text=DIRECTIVE).content.decode()
    # The name stays in the row, with a warning; the outside unit is never offered.
    assert "«Sở Xây dựng» chưa khớp đơn vị nào" in page
    client.force_login(personas.user("admin"))
    page = extract_page(client, text=DIRECTIVE).content.decode()
    assert "«Sở Xây dựng» chưa khớp" not in page and "Trích: «Sở Xây dựng»" in page


def test_a_docx_upload_is_read(client, personas, tmp_path):
    login(client, personas, "tracker")
    path = docx_with_text(tmp_path / "kh.docx", DIRECTIVE.splitlines())
    upload = SimpleUploadedFile("kh.docx", path.read_bytes())
    page = extract_page(client, file=upload).content.decode()
    assert 'value="Sở Kế hoạch và Đầu tư"' in page


def test_a_pdf_without_text_is_refused_with_a_message(client, personas):
    login(client, personas, "tracker")
    upload = SimpleUploadedFile("scan.pdf", pdf_with_text([]))
    response = extract_page(client, file=upload)
    assert response.status_code == 400
    assert "không có lớp chữ" in response.content.decode()


def test_an_upload_of_another_type_or_too_large_is_refused_before_reading(
    client, personas, settings
):
    login(client, personas, "tracker")
    response = extract_page(client, file=SimpleUploadedFile("a.exe", b"MZ\x00\x00"))
    assert response.status_code == 400
    assert "chỉ nhận .txt, .docx, .pdf" in response.content.decode()
    settings.NAMRO_UPLOAD_MAX_BYTES = 100
    response = extract_page(client, file=SimpleUploadedFile("a.txt", DIRECTIVE.encode()))
    assert response.status_code == 400
    assert "vượt quá dung lượng" in response.content.decode()


def test_nothing_pasted_says_what_to_do(client, personas):
    login(client, personas, "tracker")
    response = extract_page(client, text="  ")
    assert response.status_code == 400
    assert "Hãy dán nội dung văn bản hoặc chọn một tệp" in response.content.decode()


def review_data(personas, rows, **header):
    data = {
        "kind": "plan",
        "number": "12/KH-UBND",
        "title": "Kế hoạch rà soát trụ sở",
        "issuer": personas.province.name,
        "issued_on": "2026-01-10",
        "body": DIRECTIVE,
        "tasks-TOTAL_FORMS": str(len(rows)),
        "tasks-INITIAL_FORMS": str(len(rows)),
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "500",
        **header,
    }
    for i, row in enumerate(rows):
        base = {"include": "on", "recurrence": "none", **row}
        for key, value in base.items():
            if value is not None:
                data[f"tasks-{i}-{key}"] = value
    return data


ROWS = [
    {
        "action": "Rà soát trụ sở dôi dư và báo cáo",
        "lead_unit": "Sở Kế hoạch và Đầu tư",
        "coordinating_units": "Phòng Tổng hợp",
        "due_on": "2030-06-30",
        "expected_output": "báo cáo",
        "owner": "Nguyễn Văn Trong",
    },
    {
        "action": "Xây dựng phương án sử dụng trụ sở",
        "lead_unit": "Sở Kế hoạch và Đầu tư",
        "due_on": "2030-09-30",
        "expected_output": "phương án",
    },
]


def test_tracker_saves_the_document_and_its_tasks_together(client, personas):
    login(client, personas, "tracker")
    response = client.post(TASKS_URL, {"do": "save", **review_data(personas, ROWS)})
    document = Document.objects.get(number="12/KH-UBND")
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:document", args=[document.pk])
    tasks = list(Task.objects.filter(document=document).order_by("order"))
    assert [t.lead_unit for t in tasks] == [personas.department, personas.department]
    assert list(tasks[0].coordinating_units.all()) == [personas.division]
    assert tasks[0].owner == personas.person and tasks[0].due_on == date(2030, 6, 30)
    assert tasks[1].authority == personas.province


def test_an_unticked_row_is_neither_checked_nor_saved(client, personas):
    login(client, personas, "tracker")
    rows = [ROWS[0], {**ROWS[1], "include": None, "lead_unit": "Không có đơn vị này"}]
    response = client.post(TASKS_URL, {"do": "save", **review_data(personas, rows)})
    assert response.status_code == 302
    assert Task.objects.filter(document__number="12/KH-UBND").count() == 1


def test_an_unmatched_unit_blocks_saving_with_the_error_on_its_row(client, personas):
    login(client, personas, "tracker")
    rows = [ROWS[0], {**ROWS[1], "lead_unit": "Sở Tài chính Bên ngoài"}]
    response = client.post(TASKS_URL, {"do": "save", **review_data(personas, rows)})
    assert response.status_code == 400
    assert "Không tìm thấy đơn vị «Sở Tài chính Bên ngoài»" in response.content.decode()
    assert not Document.objects.filter(number="12/KH-UBND").exists()


def test_a_row_the_service_refuses_leaves_nothing_written(client, personas):
    login(client, personas, "tracker")
    rows = [ROWS[0], {**ROWS[1], "due_on": "2025-01-01"}]  # before the document's date
    before = Task.objects.count()
    response = client.post(TASKS_URL, {"do": "save", **review_data(personas, rows)})
    assert response.status_code == 400
    assert "trước ngày ban hành văn bản" in response.content.decode()
    assert not Document.objects.filter(number="12/KH-UBND").exists()
    assert Task.objects.count() == before


def test_an_issuer_outside_the_trackers_scope_is_refused(client, personas):
    login(client, personas, "tracker")
    data = review_data(personas, ROWS, issuer=personas.outside.name)
    response = client.post(TASKS_URL, {"do": "save", **data})
    assert response.status_code == 400
    assert not Document.objects.filter(number="12/KH-UBND").exists()


def test_a_tracker_of_a_lower_unit_may_not_issue_for_the_province(client, personas):
    from namro.access.models import Role
    from namro.factories import UserFactory, grant

    user = UserFactory()
    grant(user, Role.TRACKER, personas.department)
    client.force_login(user)
    response = client.post(TASKS_URL, {"do": "save", **review_data(personas, ROWS)})
    assert response.status_code == 400
    assert "không được giao theo dõi văn bản của đơn vị này" in response.content.decode()
    assert not Document.objects.filter(number="12/KH-UBND").exists()


@pytest.mark.parametrize("name", ["reporter", "viewer", "leader"])
def test_reporters_viewers_and_leaders_cannot_save(client, personas, name):
    login(client, personas, name)
    response = client.post(TASKS_URL, {"do": "save", **review_data(personas, ROWS)})
    assert response.status_code == 403
    assert not Document.objects.filter(number="12/KH-UBND").exists()


def test_check_shows_clarity_per_row(client, personas):
    login(client, personas, "tracker")
    response = client.post(TASKS_URL, {"do": "check", **review_data(personas, ROWS)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 nhiệm vụ đủ, 1 nhiệm vụ còn thiếu" in page
    assert not Document.objects.filter(number="12/KH-UBND").exists()


def many_tasks(n):
    return "\n".join(
        f"{i}. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Phòng Tổng hợp xây dựng đề án "
        f"số {i}, trình UBND tỉnh trước ngày 30/6/2030."
        for i in range(1, n + 1)
    )


def test_review_costs_the_same_queries_for_few_or_many_tasks(
    client, personas, django_assert_max_num_queries
):
    login(client, personas, "tracker")
    with django_assert_max_num_queries(8):
        response = extract_page(client, text=many_tasks(2))
    assert 'name="tasks-TOTAL_FORMS" value="2"' in response.content.decode()
    with django_assert_max_num_queries(8):
        response = extract_page(client, text=many_tasks(30))
    assert 'name="tasks-TOTAL_FORMS" value="30"' in response.content.decode()
    rows = [{**ROWS[0], "owner": None} for _ in range(30)]
    with django_assert_max_num_queries(10):
        response = client.post(TASKS_URL, {"do": "check", **review_data(personas, rows)})
    assert response.status_code == 200


# ---------------------------------------------------------------- visits


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("admin", 200),
        ("tracker", 200),
        ("leader", 200),
        ("reporter", 403),
        ("viewer", 403),
        ("norole", 403),
    ],
)
def test_trackers_and_leaders_open_the_visit_draft_page(client, personas, name, status):
    login(client, personas, name)
    assert client.get(VISIT_URL).status_code == status


def test_seed_article_gives_the_expected_draft_visit(client, personas):
    text = shared_case_path("seed_article_vi.txt").read_text(encoding="utf-8")
    login(client, personas, "tracker")
    response = client.post(VISIT_URL, {"do": "extract", "text": text, "doc_date": "2025-04-13"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đoàn công tác số 1 của Ban Chỉ đạo Đề án Trung ương 6" in page
    assert "Ban Thường vụ Thành ủy Hà Nội" in page
    assert "Nghị quyết Trung ương 5 khóa X" in page
    assert 'value="2025-04-12"' in page
    assert "Trương Thị Mai" in page and "Đinh Tiến Dũng" in page
    assert "đẩy mạnh phân cấp, phân quyền" in page
    assert "sẽ xem xét cụ thể để tham mưu Trung ương" in page
    assert "chưa khớp đơn vị nào" in page  # no such units in this tree: shown, not invented


def test_a_text_without_a_visit_says_so(client, personas):
    login(client, personas, "tracker")
    response = client.post(VISIT_URL, {"do": "extract", "text": DIRECTIVE})
    assert response.status_code == 400
    assert "Không thấy buổi làm việc nào" in response.content.decode()


def visit_data(personas, **extra):
    return {
        "do": "save",
        "kind": "working_session",
        "title": "Làm việc với Đảng ủy xã Thử nghiệm",
        "visiting_unit": personas.province.name,
        "host_unit": personas.commune.name,
        "held_on": "2025-04-12",
        "agenda": "Nghị quyết Trung ương 5 khóa X",
        "minutes": "…",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "2",
        "members-0-include": "on",
        "members-0-person": personas.person.full_name,
        "members-0-role": "head",
        "members-0-source_name": personas.person.full_name,
        "members-1-person": "Người Chưa Có",
        "members-1-source_name": "Người Chưa Có",
        "recs-TOTAL_FORMS": "1",
        "recs-INITIAL_FORMS": "1",
        "recs-0-include": "on",
        "recs-0-raised_by": personas.commune.name,
        "recs-0-addressed_to": personas.province.name,
        "recs-0-subject": "đẩy mạnh phân cấp, phân quyền",
        "recs-0-answer": "sẽ xem xét cụ thể",
        "recs-0-state": "under_consideration",
        **extra,
    }


def test_tracker_records_the_visit_with_its_recommendation(client, personas):
    login(client, personas, "tracker")
    response = client.post(VISIT_URL, visit_data(personas))
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:visit", args=[visit.pk])
    assert visit.state == "held" and visit.host_unit == personas.commune
    assert [m.person for m in visit.members.all()] == [personas.person]
    rec = Recommendation.objects.get(visit=visit)
    assert rec.raised_by == personas.commune and rec.addressed_to == personas.province
    assert rec.state == "under_consideration"
    assert "sẽ xem xét cụ thể" in rec.detail


def test_a_bad_recommendation_leaves_no_visit(client, personas):
    login(client, personas, "tracker")
    data = visit_data(personas, **{"recs-0-addressed_to": personas.commune.name})
    response = client.post(VISIT_URL, data)
    assert response.status_code == 400
    assert not Visit.objects.exists()


@pytest.mark.parametrize("name", ["reporter", "viewer"])
def test_reporters_and_viewers_cannot_record_a_visit(client, personas, name):
    login(client, personas, name)
    assert client.post(VISIT_URL, visit_data(personas)).status_code == 403
    assert not Visit.objects.exists()
