"""The second factor: who must use it, each step of a sign-in with it, enrolment, recovery
codes, removal, and the wrong codes counted with the failed sign-ins."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from namro.access import factor
from namro.access.models import LoginFailure, RecoveryCode, SealedTOTPDevice
from namro.access.services import hash_secret, token_create
from namro.access.tests.personas import PERSONAS
from namro.audit.models import AuditEvent
from namro.audit.services import verify_chain
from namro.factories import UserFactory

from .otp import code_for, enrolled, unthrottled

pytestmark = pytest.mark.django_db

PASSWORD = "namro-test-password"
REQUIRED = {"admin", "leader"}


def sign_in(client, user, ip="127.0.0.1", next_url=""):
    return client.post(
        reverse("login") + (f"?next={next_url}" if next_url else ""),
        {"username": user.username, "password": PASSWORD, "next": next_url},
        REMOTE_ADDR=ip,
    )


def actions(user):
    return list(
        AuditEvent.objects.filter(object_type="auth.user", object_id=str(user.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_leaders_and_administrators_must_enrol_the_others_may(client, personas, persona):
    user = personas.user(persona)
    assert factor.required(user) is (persona in REQUIRED)
    response = sign_in(client, user)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    if persona in REQUIRED:
        assert home.status_code == 302
        assert home.url.startswith(reverse("second_factor_manage"))
    else:
        assert home.status_code == 200


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_each_persona_opens_its_own_second_factor_page(client, personas, persona):
    client.force_login(personas.user(persona))
    response = client.get(reverse("second_factor_manage"))
    assert response.status_code == 200
    assert "Xác thực hai lớp" in response.content.decode()


def test_the_second_factor_pages_ask_an_anonymous_visitor_to_sign_in(client):
    for name in ["second_factor_manage", "second_factor"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_staff_and_superusers_must_enrol_and_the_setting_can_say_all_or_none(settings):
    staff = UserFactory(is_staff=True)
    superuser = UserFactory(is_superuser=True)
    plain = UserFactory()
    assert factor.required(staff) and factor.required(superuser)
    assert not factor.required(plain)
    settings.NAMRO_OTP_REQUIRED = "all"
    assert factor.required(plain)
    settings.NAMRO_OTP_REQUIRED = "none"
    assert not factor.required(staff) and not factor.required(superuser)


def test_required_but_not_enrolled_reaches_nothing_but_the_enrolment(client, personas):
    leader = personas.user("leader")
    _token, secret = token_create(actor=None, user=leader)
    sign_in(client, leader, next_url=reverse("inbox:inbox"))
    for path in [reverse("home"), reverse("tasks:task", args=[personas.task.pk]), "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("second_factor_manage")), path
    # The session API answers as to an anonymous caller; a personal token is unaffected.
    assert client.get("/api/v1/tasks").status_code == 401
    with_token = client.get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert with_token.status_code == 200

    page = client.get(reverse("second_factor_manage"))
    assert "bắt buộc dùng xác thực hai lớp" in page.content.decode()
    page = client.post(reverse("second_factor_manage"), {"action": "start"})
    waiting = SealedTOTPDevice.objects.get(user=leader, confirmed=False)
    text = page.content.decode()
    assert factor.secret_of(waiting) in text
    assert "<svg" in text and "otpauth://totp/" in text
    # A reload shows the same secret.
    again = client.post(reverse("second_factor_manage"), {"action": "start"})
    assert factor.secret_of(waiting) in again.content.decode()
    assert SealedTOTPDevice.objects.filter(user=leader).count() == 1

    wrong = client.post(reverse("second_factor_manage"), {"action": "confirm", "code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    assert LoginFailure.objects.filter(username=leader.username).count() == 1

    done = client.post(
        reverse("second_factor_manage"),
        {"action": "confirm", "code": code_for(unthrottled(waiting)), "next": "/viec-can-xu-ly/"},
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == settings.NAMRO_OTP_RECOVERY_CODES == 10
    assert len(set(codes)) == 10
    assert all(c in done.content.decode() for c in codes)
    stored = set(RecoveryCode.objects.filter(user=leader).values_list("code_hash", flat=True))
    # Kept keyed with the site's key and salted with the account: not the codes' bare SHA-256.
    assert stored == {factor._code_hashes(leader, c.replace("-", ""))[0] for c in codes}
    assert not stored & {hash_secret(c.replace("-", "")) for c in codes}
    assert not any(c.replace("-", "") in h for c in codes for h in stored)
    assert SealedTOTPDevice.objects.get(user=leader).confirmed
    assert client.get(reverse("inbox:inbox")).status_code == 200
    assert client.get("/api/v1/tasks").status_code == 200
    assert "auth.second_factor_failed" in actions(leader)
    assert "auth.second_factor_enrol" in actions(leader)
    assert verify_chain().ok


def test_an_enrolled_user_gives_the_code_after_the_password(client, personas):
    reporter = personas.user("reporter")
    device, _codes = enrolled(reporter)
    response = sign_in(client, reporter, next_url=reverse("inbox:inbox"))
    assert response.status_code == 302
    step = client.get(response.url)
    assert step.status_code == 302
    assert step.url.startswith(reverse("second_factor"))
    assert client.get(reverse("home")).url.startswith(reverse("second_factor"))

    wrong = client.post(reverse("second_factor"), {"code": "123456", "next": "/viec-can-xu-ly/"})
    assert wrong.status_code == 200
    assert "Mã không đúng" in wrong.content.decode()
    assert LoginFailure.objects.filter(username=reporter.username).count() == 1

    right = client.post(
        reverse("second_factor"),
        {"code": code_for(unthrottled(device), 1), "next": reverse("inbox:inbox")},
    )
    assert right.status_code == 302
    assert right.url == reverse("inbox:inbox")
    assert client.get(reverse("home")).status_code == 200
    # A right code clears the failures counted for this account and address.
    assert not LoginFailure.objects.filter(username=reporter.username).exists()
    events = actions(reporter)
    assert events[-3:] == ["auth.sign_in", "auth.second_factor_failed", "auth.second_factor"]


def test_a_code_is_taken_once(client, personas):
    viewer = personas.user("viewer")
    device, _codes = enrolled(viewer)
    code = code_for(device, 1)
    sign_in(client, viewer)
    assert client.post(reverse("second_factor"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    sign_in(client, viewer)
    again = client.post(reverse("second_factor"), {"code": code})
    assert again.status_code == 200


def test_a_recovery_code_works_once(client, personas):
    leader = personas.user("leader")
    _device, codes = enrolled(leader)
    sign_in(client, leader)
    used = client.post(reverse("second_factor"), {"code": codes[0].upper()})
    assert used.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert factor.codes_left(leader) == 9
    assert "auth.recovery_code_used" in actions(leader)
    client.post(reverse("logout"))

    sign_in(client, leader)
    refused = client.post(reverse("second_factor"), {"code": codes[0]})
    assert refused.status_code == 200
    assert client.get(reverse("home")).status_code == 302
    other = client.post(reverse("second_factor"), {"code": codes[1].replace("-", "")})
    assert other.status_code == 302


def test_recovery_codes_open_only_their_own_account_and_survive_a_key_rotation(
    client, personas, settings
):
    leader = personas.user("leader")
    tracker = personas.user("tracker")
    _device, codes = enrolled(leader)
    enrolled(tracker)
    sign_in(client, tracker)
    assert client.post(reverse("second_factor"), {"code": codes[0]}).status_code == 200
    client.post(reverse("logout"))

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new key, after rotation, long enough to be one"
    sign_in(client, leader)
    assert client.post(reverse("second_factor"), {"code": codes[0]}).status_code == 302
    client.post(reverse("logout"))

    settings.SECRET_KEY_FALLBACKS = []
    sign_in(client, leader)
    assert client.post(reverse("second_factor"), {"code": codes[1]}).status_code == 200


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, personas):
    tracker = personas.user("tracker")
    device, _codes = enrolled(tracker)
    sign_in(client, tracker)
    for _ in range(settings.NAMRO_LOGIN_MAX_FAILURES):
        client.post(reverse("second_factor"), {"code": "999999"})
    assert LoginFailure.objects.filter(username=tracker.username).count() == 5
    locked = client.post(reverse("second_factor"), {"code": code_for(unthrottled(device), 1)})
    assert locked.status_code == 200
    assert "sai quá nhiều lần" in locked.content.decode()
    assert client.get(reverse("home")).status_code == 302
    # The password step is locked out too.
    client.post(reverse("logout"))
    assert sign_in(client, tracker).status_code == 200


def test_removal_is_refused_when_required_and_audited_when_allowed(client, personas):
    leader = personas.user("leader")
    device, _codes = enrolled(leader)
    client.force_login(leader)
    page = client.get(reverse("second_factor_manage"))
    assert "không tắt được" in page.content.decode()
    refused = client.post(
        reverse("second_factor_manage"), {"action": "disable", "code": code_for(device, 1)}
    )
    assert "bắt buộc" in refused.content.decode()
    assert SealedTOTPDevice.objects.filter(user=leader).exists()

    reporter = personas.user("reporter")
    device, _codes = enrolled(reporter)
    client.force_login(reporter)
    wrong = client.post(reverse("second_factor_manage"), {"action": "disable", "code": "111111"})
    assert "Mã không đúng" in wrong.content.decode()
    assert SealedTOTPDevice.objects.filter(user=reporter).exists()
    done = client.post(
        reverse("second_factor_manage"),
        {"action": "disable", "code": code_for(unthrottled(device), 1)},
    )
    assert done.status_code == 302
    assert not SealedTOTPDevice.objects.filter(user=reporter).exists()
    assert not RecoveryCode.objects.filter(user=reporter).exists()
    assert "auth.second_factor_disable" in actions(reporter)
    client.post(reverse("logout"))
    sign_in(client, reporter)
    assert client.get(reverse("home")).status_code == 200


def test_new_recovery_codes_replace_the_old(client, personas):
    tracker = personas.user("tracker")
    _device, old = enrolled(tracker)
    client.force_login(tracker)
    response = client.post(reverse("second_factor_manage"), {"action": "codes"})
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert "auth.recovery_codes_regenerate" in actions(tracker)
    client.post(reverse("logout"))
    sign_in(client, tracker)
    assert client.post(reverse("second_factor"), {"code": old[0]}).status_code == 200
    assert client.post(reverse("second_factor"), {"code": new[0]}).status_code == 302


def test_the_admin_sign_in_asks_for_the_second_factor_too(client):
    root = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    device, _codes = enrolled(root)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "quantri", "password": PASSWORD}
    )
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin.url.startswith(reverse("second_factor"))
    client.post(reverse("second_factor"), {"code": code_for(device, 1)})
    assert client.get("/admin/").status_code == 200


def test_sign_out_and_the_language_stay_open_during_a_step(client, personas):
    leader = personas.user("leader")
    sign_in(client, leader)
    assert client.post(reverse("set_language"), {"language": "vi", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_step_page_does_not_send_the_person_elsewhere(client, personas):
    leader = personas.user("leader")
    sign_in(client, leader)
    evil = client.get(reverse("second_factor_manage") + "?next=https://example.com/")
    assert evil.context["next"] == reverse("home")


def test_the_operator_resets_a_lost_device_and_the_leader_enrols_again(client, personas, capsys):
    leader = personas.user("leader")
    enrolled(leader)
    call_command("factor", "status", leader.username)
    assert "Đã thiết lập: có" in capsys.readouterr().out
    call_command("factor", "reset", leader.username)
    assert "phải thiết lập lại" in capsys.readouterr().out
    assert factor.device(leader) is None and factor.codes_left(leader) == 0
    assert "auth.second_factor_reset" in actions(leader)
    sign_in(client, leader)
    assert client.get(reverse("home")).url.startswith(reverse("second_factor_manage"))


def test_during_a_step_the_page_shows_no_navigation_and_fragments_get_nothing(client, personas):
    sign_in(client, personas.user("leader"))
    page = client.get(reverse("second_factor_manage")).content.decode()
    assert "main-nav" not in page and "bell-slot" not in page
    bell = client.get(reverse("reminders:unread"), HTTP_HX_REQUEST="true")
    assert bell.status_code == 403 and bell.content == b""


def test_the_second_factor_page_speaks_english_when_chosen(client, personas):
    client.force_login(personas.user("reporter"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("second_factor_manage")).content.decode()
    assert "Two-step verification is off" in text and "Start setting up" in text
