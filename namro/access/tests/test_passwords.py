"""The password policy: its rules, the change period, the change an administrator's password
forces, and the reset by e-mail (one use, expiry, no telling which addresses exist, throttled,
audited)."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from namro.access import factor, passwords
from namro.access.models import PasswordState
from namro.access.tests.personas import PERSONAS
from namro.audit.models import AuditEvent
from namro.factories import UserFactory

from .otp import code_for

pytestmark = pytest.mark.django_db

PASSWORD = "namro-test-password"
NEW = "trong-dong-dong-son-1945"


def sign_in(client, username, password=PASSWORD, ip="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def change(client, old=PASSWORD, new=NEW):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def age(user, days):
    PasswordState.objects.update_or_create(
        user=user, defaults={"changed_at": timezone.now() - timedelta(days=days)}
    )


# --- the rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["ngan-qua", "password1234", "1234567890123", "canbo_phuong_ba_dinh"],
    ids=["short", "common", "numeric", "like-the-username"],
)
def test_the_rules_refuse_weak_passwords(password):
    user = UserFactory(username="canbo_phuong_ba_dinh")
    with pytest.raises(ValidationError):
        validate_password(password, user)
    validate_password(NEW, user)


def test_the_minimum_length_is_ten_by_default_and_the_password_in_use_cannot_come_back(client):
    user = UserFactory(username="canbo")
    with pytest.raises(ValidationError, match="10"):
        validate_password("x7#kq2!mz", user)
    client.force_login(user)
    response = change(client, new=PASSWORD)
    assert response.status_code == 200
    assert "khác mật khẩu đang dùng" in response.content.decode()


def test_every_saved_password_records_its_date():
    user = UserFactory()
    assert not PasswordState.objects.filter(user=user).exists()
    user.set_password(NEW)
    user.save()
    state = PasswordState.objects.get(user=user)
    assert timezone.now() - state.changed_at < timedelta(minutes=1)
    assert not state.must_change


# --- the change period ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["tracker", "reporter", "viewer", "norole"])
def test_an_old_password_must_be_changed_before_anything_else(client, personas, persona):
    user = personas.user(persona)
    age(user, 91)
    assert sign_in(client, user.username).status_code == 302
    for path in [reverse("home"), reverse("inbox:inbox")]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("password_change"))
    page = client.get(reverse("password_change"))
    assert "đã dùng quá thời hạn" in page.content.decode()
    assert change(client).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert passwords.change_due(user) is None


def test_the_period_is_configurable_and_zero_turns_it_off(client, settings):
    user = UserFactory()
    age(user, 40)
    settings.NAMRO_PASSWORD_MAX_AGE_DAYS = 30
    assert passwords.change_due(user) == passwords.EXPIRED
    settings.NAMRO_PASSWORD_MAX_AGE_DAYS = 0
    age(user, 4000)
    assert passwords.change_due(user) is None
    sign_in(client, user.username)
    assert client.get(reverse("home")).status_code == 200


def test_a_young_password_is_left_alone(client):
    user = UserFactory()
    age(user, 89)
    sign_in(client, user.username)
    assert client.get(reverse("home")).status_code == 200


def test_the_code_comes_before_the_password_change(client, personas):
    leader = personas.user("leader")
    waiting = factor.enrol_begin(user=leader)
    factor.enrol_confirm(request=None, user=leader, code=code_for(waiting))
    age(leader, 200)
    sign_in(client, leader.username)
    assert client.get(reverse("home")).url.startswith(reverse("second_factor"))
    client.post(reverse("second_factor"), {"code": code_for(waiting, 1)})
    assert client.get(reverse("home")).url.startswith(reverse("password_change"))
    change(client)
    assert client.get(reverse("home")).status_code == 200


# --- an account an administrator made -------------------------------------------------------


def test_an_account_made_in_the_admin_changes_its_password_at_first_sign_in(client):
    root = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "moi", "password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert response.status_code == 302
    new = get_user_model().objects.get(username="moi")
    assert PasswordState.objects.get(user=new).must_change
    assert AuditEvent.objects.filter(action="auth.password_change_required").exists()
    client.post(reverse("logout"))

    sign_in(client, "moi", NEW)
    response = client.get(reverse("home"))
    assert response.url.startswith(reverse("password_change"))
    assert "do quản trị viên đặt" in client.get(reverse("password_change")).content.decode()
    assert change(client, old=NEW, new="mot-mat-khau-rieng-2026").status_code == 302
    assert not PasswordState.objects.get(user=new).must_change
    assert client.get(reverse("home")).status_code == 200


def test_a_password_the_admin_sets_must_be_changed_too(client):
    root = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    user = UserFactory(username="canbo")
    client.force_login(root)
    response = client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert passwords.change_due(user) == passwords.FIRST


# --- reset by e-mail ------------------------------------------------------------------------


# The worker closes a connection left outside autocommit, as it must between jobs; the tests
# that run it therefore commit for real instead of inside one rolled-back transaction.
with_worker = pytest.mark.django_db(transaction=True)


def ask_reset(client, email, ip="127.0.0.1"):
    """Ask, then let the worker send what the request queued."""
    response = client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    return response


def link_in(message) -> str:
    found = re.search(r"https?://\S+/dat-lai-mat-khau/\S+/", message.body)
    assert found, message.body
    return found.group(0)


@with_worker
def test_the_answer_is_the_same_whether_or_not_the_address_exists(client, settings):
    settings.NAMRO_SITE_URL = "https://namro.example.gov.vn"
    UserFactory(username="canbo", email="canbo@example.test")
    known = ask_reset(client, "canbo@example.test")
    unknown = ask_reset(client, "khong-co@example.test")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["canbo@example.test"]
    assert link_in(mail.outbox[0]).startswith("https://namro.example.gov.vn/dat-lai-mat-khau/")
    assert "đặt lại mật khẩu" in mail.outbox[0].subject
    events = AuditEvent.objects.filter(action="auth.password_reset_request").order_by("id")
    assert [e.after["sent"] for e in events] == [1, 0]


@with_worker
def test_the_request_queues_the_mail_and_the_queue_holds_no_working_link(client):
    user = UserFactory(username="canbo", email="canbo@example.test")
    for email in ("canbo@example.test", "khong-co@example.test"):
        client.post(reverse("password_reset"), {"email": email})
    assert mail.outbox == []  # nothing is sent while the request waits
    jobs = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [j.args_kwargs["args"][0] for j in jobs] == [[user.pk], []]  # one job either way
    assert "token" not in str([j.args_kwargs for j in jobs])
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["canbo@example.test"]]
    assert [r.return_value for r in DBTaskResult.objects.order_by("enqueued_at")] == [1, 0]


@with_worker
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_a_reset_link_works_once(client, personas, persona):
    user = personas.user(persona)
    ask_reset(client, user.email)
    link = link_in(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path)
    assert form.status_code == 302  # Django swaps the token for a session and a set-password URL
    set_url = form.url
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert AuditEvent.objects.filter(action="auth.password_reset", actor=user).exists()
    again = client.get("/" + path, follow=True)
    assert "không còn hiệu lực" in again.content.decode()


@with_worker
def test_a_reset_link_expires(client, settings, monkeypatch):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    user = UserFactory(email="canbo@example.test")
    ask_reset(client, user.email)
    path = "/" + link_in(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    later = PasswordResetTokenGenerator._now(PasswordResetTokenGenerator()) + timedelta(hours=2)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    response = client.get(path, follow=True)
    assert "không còn hiệu lực" in response.content.decode()


@with_worker
def test_reset_requests_are_throttled_per_address_and_per_mailbox(client, settings):
    settings.NAMRO_PASSWORD_RESET_MAX = 3
    UserFactory(email="canbo@example.test")
    for n in range(3):
        assert ask_reset(client, f"nguoi{n}@example.test").status_code == 302
    refused = ask_reset(client, "canbo@example.test")
    assert refused.status_code == 200
    assert "quá nhiều yêu cầu" in refused.content.decode()
    assert mail.outbox == []
    # From many addresses, one mailbox gets at most three letters.
    for n in range(5):
        assert ask_reset(client, "canbo@example.test", ip=f"10.0.1.{n}").status_code == 302
    assert len(mail.outbox) == 3
    # The requests do not count as failed sign-ins of the address.
    user = UserFactory(username="khac")
    assert sign_in(client, user.username).status_code == 302
