"""Sign-in and tokens against an attacker: behind a proxy one client cannot lock everyone
out, one password sprayed over many accounts is stopped, a flood of bad tokens meets a limit,
tokens expire and keep to their scope, an idle session ends, and the admin site answers only
the addresses it is told."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from namro.access.middleware import SEEN
from namro.access.models import ApiToken
from namro.access.services import token_create
from namro.audit.models import AuditEvent
from namro.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mật-khẩu-rất-dài-2026"
PROXY = "10.0.0.1"


def _user(name: str):
    user = UserFactory(username=name)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, *, ip="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_behind_a_trusted_proxy_one_client_cannot_lock_out_another(client, settings):
    settings.NAMRO_TRUSTED_PROXIES = PROXY
    _user("canbo")
    for _ in range(settings.NAMRO_LOGIN_MAX_FAILURES + 2):
        _login(client, "canbo", "sai", ip=PROXY, forwarded="203.0.113.9")
    assert _login(client, "canbo", PASSWORD, ip=PROXY, forwarded="203.0.113.9").status_code == 200
    assert _login(client, "canbo", PASSWORD, ip=PROXY, forwarded="198.51.100.7").status_code == 302


def test_a_forwarded_header_from_an_untrusted_sender_is_ignored(client, settings):
    settings.NAMRO_TRUSTED_PROXIES = PROXY
    _user("canbo")
    for n in range(settings.NAMRO_LOGIN_MAX_FAILURES):
        _login(client, "canbo", "sai", ip="203.0.113.9", forwarded=f"192.0.2.{n}")
    # The attacker's own address is what counts: it is locked, whatever it claims to be.
    assert (
        _login(client, "canbo", PASSWORD, ip="203.0.113.9", forwarded="192.0.2.99").status_code
        == 200
    )


def test_spraying_one_password_over_many_accounts_locks_the_address(client, settings):
    settings.NAMRO_LOGIN_MAX_FAILURES_PER_ADDRESS = 10
    victim = _user("nan_nhan")
    for n in range(10):
        _login(client, f"tai_khoan_{n}", "Matkhau@123", ip="203.0.113.5")
    assert _login(client, victim.username, PASSWORD, ip="203.0.113.5").status_code == 200
    assert _login(client, victim.username, PASSWORD, ip="198.51.100.1").status_code == 302


def test_guessing_one_account_from_many_addresses_locks_the_account(client, settings):
    settings.NAMRO_LOGIN_MAX_FAILURES_PER_ACCOUNT = 12
    _user("lanh_dao")
    for n in range(12):
        _login(client, "lanh_dao", f"doan-{n}", ip=f"198.51.100.{n + 1}")
    assert _login(client, "lanh_dao", PASSWORD, ip="192.0.2.200").status_code == 200


def test_a_flood_of_bad_tokens_meets_a_limit(client, settings):
    settings.NAMRO_TOKEN_MAX_FAILURES = 20
    codes = [
        client.get("/api/v1/tasks?limit=1", HTTP_AUTHORIZATION=f"Bearer nmr_sai{n}").status_code
        for n in range(25)
    ]
    assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}
    user = _user("hop_le")
    _token, key = token_create(actor=None, user=user)
    other = client.get(
        "/api/v1/tasks?limit=1", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="198.51.100.3"
    )
    assert other.status_code == 200


def test_a_token_expires(client):
    user = _user("co_han")
    token, key = token_create(actor=None, user=user, days=30)
    assert token.expires_at is not None
    assert (
        client.get("/api/v1/tasks?limit=1", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert (
        client.get("/api/v1/tasks?limit=1", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    )


def test_a_read_token_may_read_and_may_not_write(client, personas):
    _token, key = token_create(actor=None, user=personas.user("reporter"), scope="read")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/tasks?limit=1", **auth).status_code == 200
    response = client.post(
        f"/api/v1/tasks/{personas.task.pk}/progress",
        {"progress": 10},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403 and "chỉ được đọc" in response.json()["detail"]


def test_a_token_used_from_a_new_address_is_noted_in_the_audit_log(client):
    user = _user("doi_dia_chi")
    _token, key = token_create(actor=None, user=user)
    for ip in ("198.51.100.1", "198.51.100.1", "198.51.100.2"):
        client.get("/api/v1/tasks?limit=1", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR=ip)
    events = AuditEvent.objects.filter(action="api_token.new_address").order_by("id")
    assert [e.after["ip"] for e in events] == ["198.51.100.1", "198.51.100.2"]


def test_an_idle_session_ends_and_asks_to_sign_in_again(client, settings):
    settings.NAMRO_IDLE_SECONDS = 600
    user = _user("ngoi_lau")
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SEEN] = int(time.time()) - 601
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert "_auth_user_id" not in client.session


def test_the_admin_answers_only_its_addresses(client, settings):
    admin = UserFactory(username="quan_tri", is_staff=True, is_superuser=True)
    client.force_login(admin)
    settings.NAMRO_ADMIN_ADDRESSES = "192.0.2.0/24"
    assert client.get("/admin/", REMOTE_ADDR="198.51.100.4").status_code == 404
    assert client.get("/admin/", REMOTE_ADDR="192.0.2.10").status_code == 200
