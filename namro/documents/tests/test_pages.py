"""The document page and fast entry of a document with many tasks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from namro.documents.models import Document
from namro.documents.services import goal_create, indicator_create
from namro.factories import DocumentFactory, TaskFactory, UnitFactory, UserFactory, grant
from namro.tasks.models import Task

pytestmark = pytest.mark.django_db

ENTRY = "documents:entry"


def test_document_page_shows_links_goals_indicators_and_tasks(client, personas):
    doc = personas.document
    higher = DocumentFactory(
        number="15-NQ/TW", title="Nghị quyết cấp trên", issuer=personas.province
    )
    doc.implements.add(higher)
    lower = DocumentFactory(number="09-KH/SKH", title="Kế hoạch của Sở", issuer=personas.department)
    lower.implements.add(doc)
    goal_create(actor=None, document=doc, text="Hoàn thành chuyển đổi số cấp tỉnh")
    indicator_create(
        actor=None, document=doc, name="Tỷ lệ hồ sơ trực tuyến", target=80, unit_of_measure="%"
    )
    TaskFactory(
        document=doc,
        lead_unit=personas.department,
        section="II.1",
        action="Làm",
        expected_output="",
    )
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("documents:document", args=[doc.pk])).content.decode()
    for text in [
        "15-NQ/TW",
        "09-KH/SKH",
        "Hoàn thành chuyển đổi số cấp tỉnh",
        "Tỷ lệ hồ sơ trực tuyến",
        "Mục II.1",
        personas.task.action,
    ]:
        assert text in html
    assert "Thiếu: Rõ người, Rõ việc" in html


def test_document_out_of_scope_is_404(client, personas):
    client.force_login(personas.users["reporter"])
    assert (
        client.get(reverse("documents:document", args=[personas.outside_document.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("size", [10, 500])
def test_document_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    unit = UnitFactory(name="Sở Tải")
    user = UserFactory(username=f"docload{size}")
    grant(user, "tracker", unit)
    doc = DocumentFactory(issuer=unit)
    for n in range(size):
        TaskFactory(
            document=doc, lead_unit=unit, section=f"{n % 5}", action=f"Nhiệm vụ số {n} của văn bản"
        )
    client.force_login(user)
    # with the tops of the trees (the user holds one) and the top bar's count of what waits
    with django_assert_num_queries(12):
        assert client.get(reverse("documents:document", args=[doc.pk])).status_code == 200


def entry_data(personas, rows, **doc):
    data = {
        "kind": "plan",
        "number": "77-KH/TU",
        "title": "Kế hoạch thực hiện chuyển đổi số",
        "issuer": "Tỉnh ủy Thử nghiệm",
        "issued_on": "15/01/2025",
        "tasks-TOTAL_FORMS": str(len(rows)),
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "500",
        **doc,
    }
    for i, row in enumerate(rows):
        data[f"tasks-{i}-recurrence"] = "none"
        for key, value in row.items():
            data[f"tasks-{i}-{key}"] = value
    return data


CLEAR_ROW = {
    "action": "Xây dựng kế hoạch chuyển đổi số của Sở",
    "lead_unit": "so ke hoach",
    "owner": "Nguyễn Văn Trong",
    "due_on": "30/06/2025",
    "expected_output": "Kế hoạch",
}


def test_fast_entry_saves_document_and_all_rows(client, personas):
    client.force_login(personas.users["tracker"])
    rows = [
        CLEAR_ROW,
        {
            **CLEAR_ROW,
            "action": "Tổng hợp số liệu của các xã",
            "lead_unit": "dang uy xa thu nghiem",
        },
        {
            **CLEAR_ROW,
            "action": "Báo cáo sơ kết sáu tháng đầu năm",
            "coordinating_units": "phong tong hop",
        },
    ]
    response = client.post(reverse(ENTRY), {**entry_data(personas, rows), "do": "save"})
    assert response.status_code == 302
    doc = Document.objects.get(number="77-KH/TU")
    tasks = list(Task.objects.filter(document=doc).order_by("order"))
    assert [t.lead_unit for t in tasks] == [
        personas.department,
        personas.commune,
        personas.department,
    ]
    assert tasks[0].owner == personas.person
    assert tasks[0].authority == personas.province
    assert list(tasks[2].coordinating_units.all()) == [personas.division]


def test_fast_entry_shows_clarity_before_saving(client, personas):
    client.force_login(personas.users["tracker"])
    rows = [CLEAR_ROW, {"action": "Triển khai", "lead_unit": "so ke hoach"}]
    response = client.post(reverse(ENTRY), {**entry_data(personas, rows), "do": "save"})
    html = response.content.decode()
    assert "Dòng 2 còn thiếu: Rõ người, Rõ việc, Rõ tiến độ, Rõ hiệu quả" in html
    assert not Document.objects.filter(number="77-KH/TU").exists()
    response = client.post(
        reverse(ENTRY), {**entry_data(personas, rows), "do": "save", "accept_unclear": "on"}
    )
    assert response.status_code == 302
    assert Task.objects.filter(document__number="77-KH/TU").count() == 2


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"action": ""}, "action", "Nội dung nhiệm vụ không được để trống."),
        (
            {"lead_unit": "so khong ton tai"},
            "lead_unit",
            "Không tìm thấy đơn vị «so khong ton tai».",
        ),
        (
            {"due_on": "01/01/2025"},
            "due_on",
            "Thời hạn 01/01/2025 trước ngày ban hành văn bản 15/01/2025.",
        ),
    ],
)
def test_fast_entry_bad_row_saves_nothing(client, personas, row, field, message):
    client.force_login(personas.users["tracker"])
    rows = [CLEAR_ROW, {**CLEAR_ROW, "expected_output": "Báo cáo", **row}]
    response = client.post(
        reverse(ENTRY), {**entry_data(personas, rows), "do": "save", "accept_unclear": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_tasks-1-{field}_error"' in html
    assert message in html
    assert not Document.objects.filter(number="77-KH/TU").exists()
    assert not Task.objects.filter(action=CLEAR_ROW["action"]).exists()


def test_fast_entry_duplicate_number_rolls_back_everything(client, personas):
    DocumentFactory(number="77-KH/TU", issuer=personas.province)
    client.force_login(personas.users["tracker"])
    response = client.post(reverse(ENTRY), {**entry_data(personas, [CLEAR_ROW]), "do": "save"})
    assert response.status_code == 400
    assert 'id="id_number_error"' in response.content.decode()
    assert not Task.objects.filter(action=CLEAR_ROW["action"]).exists()


def test_fast_entry_paste_makes_rows(client, personas):
    client.force_login(personas.users["tracker"])
    pasted = "Rà soát thủ tục hành chính\tso ke hoach\t30/06/2025\tBáo cáo\nSố hóa hồ sơ lưu trữ | phong tong hop | 31/12/2025 | Cơ sở dữ liệu"
    data = {**entry_data(personas, [{}]), "paste": pasted, "do": "paste"}
    del data["tasks-0-recurrence"]
    response = client.post(reverse(ENTRY), data)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.total_form_count() == 2
    html = response.content.decode()
    assert "Rà soát thủ tục hành chính" in html
    assert 'value="phong tong hop"' in html


def test_fast_entry_add_row(client, personas):
    client.force_login(personas.users["tracker"])
    response = client.post(reverse(ENTRY), {**entry_data(personas, [CLEAR_ROW]), "do": "add_row"})
    assert response.context["formset"].total_form_count() == 2


def test_fast_entry_for_other_issuer_is_refused(client, personas):
    client.force_login(personas.users["tracker"])
    data = {**entry_data(personas, [CLEAR_ROW], issuer="Tỉnh ủy Bên ngoài"), "do": "save"}
    response = client.post(reverse(ENTRY), data)
    assert response.status_code == 400
    assert not Document.objects.filter(number="77-KH/TU").exists()


def test_reporter_cannot_open_fast_entry(client, personas):
    client.force_login(personas.users["reporter"])
    assert client.get(reverse(ENTRY)).status_code == 403


def test_fast_entry_adds_tasks_to_an_existing_document(client, personas):
    client.force_login(personas.users["tracker"])
    data = entry_data(personas, [CLEAR_ROW])
    response = client.post(
        reverse("documents:add_tasks", args=[personas.document.pk]), {**data, "do": "save"}
    )
    assert response.status_code == 302
    assert personas.document.tasks.count() == 2
