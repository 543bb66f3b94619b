"""Fast entry that helps: rows judged only when asked, an owner not recorded yet added in
place (once, audited, only by an office over the lead unit), a task without a deadline that
says so."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from namro.audit.models import AuditEvent
from namro.documents.models import Document
from namro.orgs.models import Person, Position
from namro.tasks.models import Task

from .test_pages import CLEAR_ROW, ENTRY, entry_data

pytestmark = pytest.mark.django_db

NEW = "Phạm Thị Mới"


@pytest.mark.parametrize("step", ["add_row", "paste"])
def test_adding_rows_judges_nothing_the_user_has_not_finished(client, personas, step):
    client.force_login(personas.users["tracker"])
    half_done = {"lead_unit": "so khong ton tai", "owner": "ai do"}  # no action yet
    data = {**entry_data(personas, [half_done], number="", title=""), "do": step}
    if step == "paste":
        data["paste"] = "Rà soát thủ tục\tso ke hoach\t30/06/2025"
    html = client.post(reverse(ENTRY), data).content.decode()
    assert "field-error" not in html
    assert 'aria-invalid="true"' not in html
    # Asked to check, the same rows are judged.
    data["do"] = "check"
    html = client.post(reverse(ENTRY), data).content.decode()
    assert "Nội dung nhiệm vụ không được để trống." in html
    assert "Không tìm thấy đơn vị «so khong ton tai»." in html
    assert 'id="id_title_error"' in html


def test_an_unknown_owner_is_named_with_the_way_to_add_them(client, personas):
    client.force_login(personas.users["tracker"])
    rows = [{**CLEAR_ROW, "owner": NEW}]
    response = client.post(reverse(ENTRY), {**entry_data(personas, rows), "do": "save"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Không tìm thấy cán bộ «{NEW}»." in html
    assert 'name="tasks-0-add_owner"' in html
    assert not Person.objects.filter(full_name=NEW).exists()


def test_a_known_owner_offers_no_adding(client, personas):
    client.force_login(personas.users["tracker"])
    data = {**entry_data(personas, [CLEAR_ROW], title=""), "do": "check"}
    html = client.post(reverse(ENTRY), data).content.decode()
    assert 'name="tasks-0-add_owner"' not in html


def test_ticking_add_makes_the_person_once_for_every_row_naming_them(client, personas):
    client.force_login(personas.users["tracker"])
    rows = [
        {**CLEAR_ROW, "owner": NEW, "add_owner": "on"},
        {**CLEAR_ROW, "action": "Tổng hợp báo cáo quý", "owner": NEW, "add_owner": "on"},
    ]
    response = client.post(reverse(ENTRY), {**entry_data(personas, rows), "do": "save"})
    assert response.status_code == 302
    person = Person.objects.get(full_name=NEW)
    tasks = Task.objects.filter(document__number="77-KH/TU")
    assert [t.owner for t in tasks] == [person, person]
    assert AuditEvent.objects.filter(action="person.create", object_id=str(person.pk)).count() == 1


def test_a_new_owner_given_a_post_holds_it_in_the_lead_unit_from_today(client, personas):
    client.force_login(personas.users["tracker"])
    rows = [
        {**CLEAR_ROW, "owner": NEW, "add_owner": "on", "owner_title": "  Chuyên viên  "},
        {**CLEAR_ROW, "action": "Tổng hợp báo cáo quý", "owner": NEW, "add_owner": "on"},
    ]
    response = client.post(reverse(ENTRY), {**entry_data(personas, rows), "do": "save"})
    assert response.status_code == 302
    person = Person.objects.get(full_name=NEW)
    post = Position.objects.get(person=person)
    lead = Task.objects.filter(document__number="77-KH/TU").first().lead_unit
    assert (post.title, post.unit, post.since, post.is_head) == (
        "Chuyên viên", lead, timezone.localdate(), False,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="position.create", object_id=str(post.pk)).exists()
    # The owner picker now labels them with the post.
    url = reverse("orgs:person_suggest")
    options = client.get(url, {"tasks-0-lead_unit": lead.name, "tasks-0-owner": "Mới"}).text
    assert NEW in options and "Chuyên viên" in options


def test_the_post_box_comes_with_the_add_box_and_is_kept_when_a_row_is_refused(client, personas):
    client.force_login(personas.users["tracker"])
    rows = [
        {**CLEAR_ROW, "owner": NEW, "add_owner": "on", "owner_title": "Phó trưởng phòng"},
        {**CLEAR_ROW, "due_on": "01/01/2025"},  # before the document: refused
    ]
    response = client.post(reverse(ENTRY), {**entry_data(personas, rows), "do": "save"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="tasks-0-owner_title"' in html and 'value="Phó trưởng phòng"' in html
    assert 'name="tasks-1-owner_title"' not in html  # a known owner: no adding, no post
    assert not Position.objects.filter(title="Phó trưởng phòng").exists()


def test_a_refused_save_adds_no_person(client, personas):
    client.force_login(personas.users["tracker"])
    rows = [
        {**CLEAR_ROW, "owner": NEW, "add_owner": "on"},
        {**CLEAR_ROW, "due_on": "01/01/2025"},  # before the document: refused
    ]
    response = client.post(reverse(ENTRY), {**entry_data(personas, rows), "do": "save"})
    assert response.status_code == 400
    assert not Person.objects.filter(full_name=NEW).exists()
    assert not Document.objects.filter(number="77-KH/TU").exists()


def test_a_new_owner_needs_a_lead_unit(client, personas):
    client.force_login(personas.users["tracker"])
    rows = [{**CLEAR_ROW, "lead_unit": "", "owner": NEW, "add_owner": "on"}]
    data = {**entry_data(personas, rows), "do": "save", "accept_unclear": "on"}
    response = client.post(reverse(ENTRY), data)
    assert response.status_code == 400
    assert "Hãy chọn đơn vị chủ trì trước khi thêm cán bộ mới." in response.content.decode()
    assert not Person.objects.filter(full_name=NEW).exists()


def test_only_an_office_over_the_lead_unit_adds_a_person(personas):
    from django.core.exceptions import PermissionDenied

    from namro.orgs.services import person_name_new

    with pytest.raises(PermissionDenied):
        person_name_new(
            actor=personas.users["tracker"], full_name=NEW, unit=personas.outside_department
        )
    for persona in ("leader", "reporter", "viewer", "norole"):
        with pytest.raises(PermissionDenied):
            person_name_new(actor=personas.users[persona], full_name=NEW, unit=personas.department)
    person = person_name_new(
        actor=personas.users["tracker"], full_name=f"  {NEW} ", unit=personas.department
    )
    assert person.full_name == NEW


def test_a_task_without_a_deadline_says_so(client, personas):
    Task.objects.filter(pk=personas.task.pk).update(due_on=None)
    client.force_login(personas.users["tracker"])
    html = client.get(reverse("documents:document", args=[personas.document.pk])).content.decode()
    assert "Chưa có thời hạn" in html
    html = client.get(reverse("tasks:list")).content.decode()
    assert "Chưa có thời hạn" in html
    assert "Có thời hạn" not in html
