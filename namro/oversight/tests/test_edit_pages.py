"""The pages that write, for the owner (the city's tracker, or the central tracker where the
right is the visiting body's), a colleague in scope without the right (a viewer) and an
outsider (a tracker of another province): the owner's post is saved, the others get 404, and
bad input comes back with its message next to the field and nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from namro.audit.models import AuditEvent
from namro.documents.models import Document
from namro.oversight import services
from namro.oversight.models import (
    Recommendation,
    RecommendationState,
    Review,
    Visit,
    VisitAttachment,
    VisitMember,
    VisitState,
)
from namro.tasks.models import Task

from .scenario import play_scenario

FUTURE = "2999-01-01"


@pytest.fixture
def seeded(world):
    visit, _plan, rec, review = play_scenario(world)
    return world, visit, rec, review


def _login(client, world, who):
    client.force_login(world.users[who])


def _written():
    return (
        Visit.objects.count(),
        VisitMember.objects.count(),
        VisitAttachment.objects.count(),
        Recommendation.objects.count(),
        Review.objects.count(),
        Document.objects.count(),
        Task.objects.count(),
        AuditEvent.objects.count(),
    )


def _field_error(response, text):
    """The message is shown in the field's own error block."""
    page = response.content.decode()
    start = page.index('class="field-error"')
    return text in page[start : start + 600]


def _visit_form(world, **over):
    data = {
        "kind": "inspection",
        "title": "Kiểm tra việc thực hiện quy chế làm việc",
        "visiting_unit": "Thành ủy Hà Nội",
        "host_unit": "Đảng ủy phường Mẫu 1",
        "held_on": "2024-03-01",
        "place": "Trụ sở Đảng ủy phường",
        "state": "held",
        "subject_documents": [world.programme.pk],
        "agenda": "1. Báo cáo\n2. Thảo luận",
        "minutes": "",
    }
    data.update(over)
    return data


# -- Visits --------------------------------------------------------------------------------


def test_owner_records_a_visit_with_its_files(client, seeded):
    world, *_ = seeded
    _login(client, world, "city")
    assert client.get(reverse("oversight:visit_create")).status_code == 200
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf")
    response = client.post(reverse("oversight:visit_create"), _visit_form(world, attachments=pdf))
    visit = Visit.objects.latest("pk")
    assert response.status_code == 302 and response.url == reverse(
        "oversight:visit", args=[visit.pk]
    )
    assert (visit.host_unit, visit.state) == (world.communes[0], VisitState.HELD)
    assert list(visit.subject_documents.all()) == [world.programme]
    assert [a.name for a in visit.attachments.all()] == ["bao-cao.pdf"]


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"held_on": FUTURE}, "held_on", "tương lai"),
        ({"host_unit": "Thành ủy Hà Nội"}, "host_unit", "khác đoàn công tác"),
        ({"host_unit": "Sở Tài chính Không Có"}, "host_unit", "Không tìm thấy"),
        ({"title": ""}, "title", "không được để trống"),
    ],
)
def test_a_bad_visit_is_refused_by_its_field_and_nothing_is_written(
    client, seeded, over, field, message
):
    world, *_ = seeded
    _login(client, world, "city")
    before = _written()
    response = client.post(reverse("oversight:visit_create"), _visit_form(world, **over))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert _field_error(response, message)
    assert _written() == before


def test_a_file_of_a_forbidden_type_is_refused_before_anything_is_saved(client, seeded):
    world, *_ = seeded
    _login(client, world, "city")
    before = _written()
    exe = SimpleUploadedFile("chuong-trinh.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post(reverse("oversight:visit_create"), _visit_form(world, attachments=exe))
    assert response.status_code == 400
    assert "chuong-trinh.exe" in " ".join(response.context["form"].errors["attachments"])
    assert _written() == before


def test_a_visit_between_units_outside_the_users_right_is_refused(client, seeded):
    world, *_ = seeded
    _login(client, world, "outsider")
    before = _written()
    response = client.post(reverse("oversight:visit_create"), _visit_form(world))
    assert response.status_code == 400 and _written() == before


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_who_may_not_manage_the_visit_gets_404_on_its_pages(client, seeded, who):
    world, visit, *_ = seeded
    _login(client, world, who)
    for name in ("visit_member_add", "visit_attach", "visit_conclude"):
        assert client.get(reverse(f"oversight:{name}", args=[visit.pk])).status_code == 404
    before = _written()
    url = reverse("oversight:visit_member_remove", args=[visit.pk, world.mai.pk])
    assert client.post(url).status_code == 404
    assert _written() == before


def test_colleague_without_any_right_cannot_open_the_create_pages(client, seeded):
    world, *_ = seeded
    _login(client, world, "colleague")
    for name in ("visit_create", "recommendation_raise", "review_create"):
        assert client.get(reverse(f"oversight:{name}")).status_code == 404


def test_owner_adds_and_removes_a_delegation_member(client, seeded):
    world, visit, *_ = seeded
    _login(client, world, "city")
    url = reverse("oversight:visit_member_add", args=[visit.pk])
    response = client.post(url, {"person": "Đinh Tiến Dũng", "role": "invited"})
    assert response.status_code == 302
    member = visit.members.get(person=world.dung)
    assert (member.role, member.position_title) == ("invited", "Bí thư Thành ủy Hà Nội")
    page = client.get(reverse("oversight:visit", args=[visit.pk])).text
    assert "Đại biểu mời" in page and "Bỏ khỏi đoàn" in page
    remove = reverse("oversight:visit_member_remove", args=[visit.pk, world.dung.pk])
    assert client.post(remove).status_code == 302
    assert not visit.members.filter(person=world.dung).exists()


def test_a_member_outside_the_visiting_body_without_a_role_is_refused_by_the_role(client, seeded):
    world, visit, *_ = seeded
    _login(client, world, "city")
    before = _written()
    url = reverse("oversight:visit_member_add", args=[visit.pk])
    response = client.post(url, {"person": "Đinh Tiến Dũng", "role": ""})
    assert response.status_code == 400
    assert _field_error(response, "phải nêu vai trò")
    assert "role" in response.context["form"].errors
    assert _written() == before


def test_a_member_already_in_the_delegation_is_refused(client, seeded):
    world, visit, *_ = seeded
    _login(client, world, "city")
    url = reverse("oversight:visit_member_add", args=[visit.pk])
    response = client.post(url, {"person": "Trương Thị Mai", "role": "member"})
    assert response.status_code == 400 and "đã có" in " ".join(
        response.context["form"].errors["person"]
    )


def test_holding_a_planned_visit_through_the_page(client, seeded):
    world, *_ = seeded
    visit = services.visit_create(
        actor=None,
        kind="survey",
        title="Khảo sát",
        visiting_unit=world.hanoi,
        host_unit=world.communes[1],
        held_on=date(2024, 5, 1),
    )
    _login(client, world, "city")
    url = reverse("oversight:visit_hold", args=[visit.pk])
    before = _written()
    refused = client.post(url, {"held_on": FUTURE, "minutes": "x"})
    assert refused.status_code == 400 and _field_error(refused, "tương lai")
    assert _written() == before
    assert client.post(url, {"held_on": "2024-05-02", "minutes": "Đã làm việc"}).status_code == 302
    visit.refresh_from_db()
    assert (visit.state, visit.held_on, visit.minutes) == (
        VisitState.HELD,
        date(2024, 5, 2),
        "Đã làm việc",
    )
    assert client.get(url).status_code == 404  # already held


def _held_visit(world):
    return services.visit_create(
        actor=None,
        kind="working_session",
        title="Làm việc lần hai",
        visiting_unit=world.delegation,
        host_unit=world.standing,
        held_on=date(2024, 6, 1),
        state=VisitState.HELD,
    )


def test_the_host_cannot_issue_the_visiting_bodys_conclusion(client, seeded):
    world, *_ = seeded
    visit = _held_visit(world)
    _login(client, world, "city")
    assert client.get(reverse("oversight:visit_conclude", args=[visit.pk])).status_code == 404


def test_the_visiting_body_concludes_then_enters_tasks_on_the_fast_entry_page(client, seeded):
    world, *_ = seeded
    visit = _held_visit(world)
    _login(client, world, "central")
    page = client.get(reverse("oversight:visit", args=[visit.pk])).text
    assert reverse("oversight:visit_conclude", args=[visit.pk]) in page
    response = client.post(
        reverse("oversight:visit_conclude", args=[visit.pk]),
        {"number": "02-TB/ĐCT", "title": "Thông báo kết luận lần hai", "issued_on": "2024-06-05"},
    )
    visit.refresh_from_db()
    assert visit.conclusion is not None and visit.conclusion.kind == "conclusion_notice"
    assert response.url == reverse("documents:add_tasks", args=[visit.conclusion.pk])
    assert client.get(response.url).status_code == 200
    page = client.get(reverse("oversight:visit", args=[visit.pk])).text
    assert reverse("documents:add_tasks", args=[visit.conclusion.pk]) in page


def test_a_conclusion_dated_before_the_visit_is_refused_and_nothing_is_issued(client, seeded):
    world, *_ = seeded
    visit = _held_visit(world)
    _login(client, world, "central")
    before = _written()
    response = client.post(
        reverse("oversight:visit_conclude", args=[visit.pk]),
        {"title": "Thông báo kết luận", "issued_on": "2024-05-01"},
    )
    assert response.status_code == 400 and _field_error(response, "trước ngày làm việc")
    assert _written() == before


def test_concluding_a_planned_visit_is_refused_with_the_reason(client, seeded):
    world, *_ = seeded
    visit = services.visit_create(
        actor=None,
        kind="working_session",
        title="Dự kiến",
        visiting_unit=world.delegation,
        host_unit=world.standing,
        held_on=date(2024, 6, 1),
    )
    _login(client, world, "central")
    before = _written()
    response = client.post(
        reverse("oversight:visit_conclude", args=[visit.pk]),
        {"title": "Thông báo kết luận", "issued_on": "2024-06-02"},
    )
    assert response.status_code == 400 and "đã diễn ra" in response.text
    assert _written() == before


def test_attaching_files_checks_type_and_size_first(client, seeded, settings):
    world, visit, *_ = seeded
    settings.NAMRO_UPLOAD_MAX_BYTES = 10
    _login(client, world, "city")
    url = reverse("oversight:visit_attach", args=[visit.pk])
    before = _written()
    big = SimpleUploadedFile("bien-ban.pdf", b"%PDF" + b"x" * 100, content_type="application/pdf")
    response = client.post(url, {"attachments": big})
    assert response.status_code == 400 and _field_error(response, "vượt quá dung lượng")
    assert _written() == before
    settings.NAMRO_UPLOAD_MAX_BYTES = 10_000
    ok = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert client.post(url, {"attachments": ok}).status_code == 302
    assert "bien-ban.pdf" in client.get(reverse("oversight:visit", args=[visit.pk])).text


# -- Recommendations -----------------------------------------------------------------------


def test_the_city_raises_a_recommendation_from_the_visit(client, seeded):
    world, visit, *_ = seeded
    _login(client, world, "city")
    url = reverse("oversight:recommendation_raise") + f"?visit={visit.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "raised_by": "Ban Thường vụ Thành ủy Hà Nội",
            "addressed_to": "Ban Chấp hành Trung ương Đảng",
            "responsible_unit": "Ban Tổ chức Trung ương",
            "subject": "Giao thêm thẩm quyền về tổ chức bộ máy cho Thành phố",
            "raised_on": "2023-04-13",
            "answer_due_on": "2023-09-30",
        },
    )
    rec = Recommendation.objects.latest("pk")
    assert response.status_code == 302
    assert (rec.visit, rec.responsible_unit, rec.state) == (
        visit,
        world.organisation,
        RecommendationState.RAISED,
    )


def test_a_recommendation_to_a_lower_body_is_refused_by_its_field(client, seeded):
    world, *_ = seeded
    _login(client, world, "city")
    before = _written()
    response = client.post(
        reverse("oversight:recommendation_raise"),
        {
            "raised_by": "Ban Thường vụ Thành ủy Hà Nội",
            "addressed_to": "Đảng ủy phường Mẫu 1",
            "subject": "Sai cấp",
            "raised_on": "2023-04-13",
        },
    )
    assert response.status_code == 400 and _field_error(response, "cấp trên")
    assert _written() == before


def test_a_unit_outside_the_users_right_cannot_raise(client, seeded):
    world, *_ = seeded
    _login(client, world, "city")
    before = _written()
    response = client.post(
        reverse("oversight:recommendation_raise"),
        {
            "raised_by": "Ban Tổ chức Trung ương",
            "addressed_to": "Ban Chấp hành Trung ương Đảng",
            "subject": "Không phải của Thành phố",
            "raised_on": "2023-04-13",
        },
    )
    assert response.status_code == 400 and "raised_by" in response.context["form"].errors
    assert _written() == before


def test_a_step_page_shows_the_refusal_next_to_the_date(client, seeded):
    world, _, rec, _ = seeded
    _login(client, world, "central")
    url = reverse("oversight:recommendation_step", args=[rec.pk, "answer"])
    assert client.get(url).status_code == 200
    before = _written()
    response = client.post(
        url, {"answer-on": "2023-04-01", "answer-outcome": "accepted", "answer-note": "Tiếp thu."}
    )
    assert response.status_code == 400 and _field_error(response, "trước bước trước đó")
    assert _written() == before


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_who_may_not_handle_a_recommendation_gets_404_on_its_step_pages(client, seeded, who):
    world, _, rec, _ = seeded
    _login(client, world, who)
    for step in ("receive", "consider", "answer", "close"):
        url = reverse("oversight:recommendation_step", args=[rec.pk, step])
        assert client.get(url).status_code == 404
    url = reverse("oversight:recommendation_spawn_task", args=[rec.pk])
    assert client.get(url).status_code == 404


def test_an_accepted_recommendation_gives_a_task_through_the_page(client, seeded):
    world, _, rec, _ = seeded
    central = world.users["central"]
    spawn = reverse("oversight:recommendation_spawn_task", args=[rec.pk])
    _login(client, world, "central")
    assert client.get(spawn).status_code == 404  # not answered yet
    services.recommendation_answer(
        actor=central,
        recommendation=rec,
        outcome="accepted",
        answer="Tiếp thu.",
        on=date(2023, 7, 15),
    )
    page = client.get(reverse("oversight:recommendation", args=[rec.pk])).text
    assert spawn in page
    data = {
        "document": world.resolution.pk,
        "action": "Xây dựng đề án phân cấp cho Thành phố",
        "lead_unit": "Ban Tổ chức Trung ương",
        "due_on": "2023-12-31",
    }
    before = _written()
    refused = client.post(spawn, {**data, "lead_unit": ""})
    assert refused.status_code == 400 and _written() == before
    assert client.post(spawn, data).status_code == 302
    task = rec.tasks.get()
    assert (task.lead_unit, task.document, task.authority) == (
        world.organisation,
        world.resolution,
        world.organisation,
    )


def test_the_raising_side_cannot_give_tasks_from_the_answer(client, seeded):
    world, _, rec, _ = seeded
    services.recommendation_answer(
        actor=None, recommendation=rec, outcome="accepted", answer="Tiếp thu.", on=date(2023, 7, 15)
    )
    _login(client, world, "city")
    url = reverse("oversight:recommendation_spawn_task", args=[rec.pk])
    assert client.get(url).status_code == 404


# -- Reviews -------------------------------------------------------------------------------


def test_owner_opens_a_review_for_a_document_and_period(client, seeded):
    world, *_ = seeded
    _login(client, world, "city")
    url = reverse("oversight:review_create") + f"?document={world.programme.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "final",
            "document": world.programme.pk,
            "unit": "Thành ủy Hà Nội",
            "period_start": "2022-01-01",
            "period_end": "2023-12-31",
        },
    )
    review = Review.objects.latest("pk")
    assert response.url == reverse("oversight:review", args=[review.pk])
    assert review.title.startswith("Tổng kết")
    assert "nhiệm vụ gốc" in client.get(response.url).text


def test_a_review_period_ending_before_it_starts_is_refused_by_its_field(client, seeded):
    world, *_ = seeded
    _login(client, world, "city")
    before = _written()
    response = client.post(
        reverse("oversight:review_create"),
        {
            "kind": "interim",
            "document": world.programme.pk,
            "unit": "Thành ủy Hà Nội",
            "period_start": "2023-12-31",
            "period_end": "2023-01-01",
        },
    )
    assert response.status_code == 400 and _field_error(response, "trước ngày bắt đầu")
    assert _written() == before


def test_a_review_of_a_unit_outside_the_users_right_is_refused(client, seeded):
    world, *_ = seeded
    _login(client, world, "city")
    response = client.post(
        reverse("oversight:review_create"),
        {
            "kind": "interim",
            "document": world.resolution.pk,
            "unit": "Ban Tổ chức Trung ương",
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
        },
    )
    assert response.status_code == 400 and "unit" in response.context["form"].errors


# -- Query budgets -------------------------------------------------------------------------


def test_the_visit_page_costs_the_same_for_a_larger_delegation(
    client, seeded, django_assert_max_num_queries
):
    world, visit, *_ = seeded
    _login(client, world, "city")
    url = reverse("oversight:visit", args=[visit.pk])
    client.get(url)
    for person in (world.dung, world.tuyen):
        services.visit_member_add(actor=None, visit=visit, person=person, role="invited")
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
