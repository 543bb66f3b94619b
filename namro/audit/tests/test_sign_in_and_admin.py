"""What no service writes is in the chain too: sign-in, failed sign-in, sign-out, password
changes, every add, change and delete through the admin site, and what a progress report
says with the hashes of its evidence."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from namro.audit.models import AuditEvent
from namro.audit.services import verify_chain
from namro.factories import UserFactory
from namro.tasks.services import task_report_progress

pytestmark = pytest.mark.django_db

PASSWORD = "mật-khẩu-đủ-dài-2026"


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


@pytest.fixture
def official():
    user = UserFactory(username="can_bo")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_sign_in_failure_and_sign_out_are_recorded(client, official):
    before = len(actions())
    client.post(reverse("login"), {"username": "can_bo", "password": "sai"})
    client.post(reverse("login"), {"username": "can_bo", "password": PASSWORD})
    client.post(reverse("logout"))
    events = list(AuditEvent.objects.order_by("id"))[before:]
    assert [e.action for e in events] == ["auth.sign_in_failed", "auth.sign_in", "auth.sign_out"]
    assert events[0].actor_name == "can_bo" and events[0].after == {"ip": "127.0.0.1"}
    assert events[1].actor_id == official.pk
    assert verify_chain().ok


def test_a_password_change_is_recorded_whatever_the_path(client, official):
    already = actions().count("auth.password_change")
    client.force_login(official)
    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mới-" + PASSWORD,
            "new_password2": "mới-" + PASSWORD,
        },
    )
    assert actions().count("auth.password_change") == already + 1
    official.refresh_from_db()
    official.set_password("khác-" + PASSWORD)
    official.save()
    assert actions().count("auth.password_change") == already + 2


def test_every_admin_add_change_and_delete_is_recorded(client):
    admin = UserFactory(username="quan_tri", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "moi",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content[:500]
    new = get_user_model().objects.get(username="moi")
    response = client.post(
        f"/admin/auth/user/{new.pk}/change/",
        {
            "username": "moi",
            "is_active": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content[:500]
    response = client.post(f"/admin/auth/user/{new.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    admin_events = AuditEvent.objects.filter(action__startswith="admin.").order_by("id")
    assert [e.action for e in admin_events] == ["admin.add", "admin.change", "admin.delete"]
    assert {e.object_type for e in admin_events} == {"auth.user"}
    assert all(e.actor_id == admin.pk for e in admin_events)
    assert "Superuser" in str(admin_events[1].after) or "superuser" in str(admin_events[1].after)
    assert verify_chain().ok


def test_a_progress_report_puts_its_narrative_and_evidence_hashes_in_the_chain(personas):
    content = b"%PDF-1.4 bien ban hop"
    task_report_progress(
        actor=personas.user("reporter"),
        task=personas.task,
        progress=40,
        narrative="Đã họp triển khai với các phòng.",
        evidence=[SimpleUploadedFile("bien-ban.pdf", content, content_type="application/pdf")],
    )
    event = AuditEvent.objects.filter(action="task.progress").latest("id")
    assert event.after["narrative"] == "Đã họp triển khai với các phòng."
    assert event.after["evidence"] == [
        {
            "name": "bien-ban.pdf",
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    ]
