"""Login protection: lockout after repeated failures, across processes (in the database)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from namro.access.models import LoginFailure
from namro.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "namro-test-password"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failures_lock_the_username_from_that_address_with_a_clear_message(client):
    UserFactory(username="canbo")
    for _ in range(settings.NAMRO_LOGIN_MAX_FAILURES):
        assert _login(client, "canbo", "sai-mat-khau").status_code == 200
    response = _login(client, "canbo", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "sai quá nhiều lần" in response.content.decode()


def test_the_lockout_is_per_address_and_counted_in_the_database(client):
    UserFactory(username="canbo")
    for _ in range(settings.NAMRO_LOGIN_MAX_FAILURES):
        _login(client, "canbo", "sai-mat-khau")
    assert LoginFailure.objects.filter(username="canbo").count() == 5
    response = _login(client, "canbo", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302


def test_a_success_before_the_limit_clears_the_count(client):
    UserFactory(username="canbo")
    for _ in range(settings.NAMRO_LOGIN_MAX_FAILURES - 1):
        _login(client, "canbo", "sai-mat-khau")
    assert _login(client, "canbo", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="canbo").exists()


def test_old_failures_no_longer_count(client, settings):
    UserFactory(username="canbo")
    for _ in range(settings.NAMRO_LOGIN_MAX_FAILURES):
        _login(client, "canbo", "sai-mat-khau")
    settings.NAMRO_LOGIN_LOCKOUT_SECONDS = 0
    assert _login(client, "canbo", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too(client):
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    for _ in range(settings.NAMRO_LOGIN_MAX_FAILURES):
        client.post(
            "/admin/login/", {"username": "quantri", "password": "x"}, REMOTE_ADDR="1.2.3.4"
        )
    client.post(
        "/admin/login/", {"username": "quantri", "password": PASSWORD}, REMOTE_ADDR="1.2.3.4"
    )
    assert "_auth_user_id" not in client.session


def test_sessions_expire_and_passwords_are_validated():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert len(settings.AUTH_PASSWORD_VALIDATORS) >= 4
