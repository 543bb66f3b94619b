"""The TOTP secrets are kept sealed under keys held outside the database: no column holds a
secret in any form, old keys still open after a rotation that seals everything again, an
altered seal refuses the sign-in with a message (never a server error), production refuses to
start without a key, and the devices made before the seals are sealed by the migration."""

from __future__ import annotations

import base64
import importlib
import logging
import secrets
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from namro.access import checks, factor, sealing
from namro.access.models import LoginFailure, SealedTOTPDevice
from namro.audit import keys as audit_keys
from namro.audit.models import AuditEvent
from namro.audit.services import verify_chain

from .otp import code_for, enrolled, unthrottled

pytestmark = pytest.mark.django_db

PASSWORD = "namro-test-password"
migration = importlib.import_module("namro.access.migrations.0006_seal_totp_secrets")


@pytest.fixture(autouse=True)
def factor_keys_in_tmp(settings, tmp_path, monkeypatch):
    """Each test seals under a key file of its own, made on first use."""
    monkeypatch.delenv("NAMRO_FACTOR_KEYS", raising=False)
    settings.NAMRO_FACTOR_KEY_FILE = tmp_path / "factor.keys"
    return settings.NAMRO_FACTOR_KEY_FILE


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def forms_of(secret: bytes) -> list[bytes]:
    """Every spelling of ``secret`` a copy of the database could give away."""
    b32 = base64.b32encode(secret)
    spelled = [
        secret.hex().encode(),
        b32,
        b32.rstrip(b"="),
        base64.b64encode(secret),
        base64.urlsafe_b64encode(secret).rstrip(b"="),
    ]
    return [secret] + [s for form in spelled for s in (form, form.lower(), form.upper())]


def device_rows() -> list[tuple]:
    table = connection.ops.quote_name(SealedTOTPDevice._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return cursor.fetchall()


def as_bytes(value) -> bytes:
    if isinstance(value, bytes | memoryview):
        return bytes(value)
    return str(value).encode("utf-8")


def test_no_column_holds_the_secret_in_any_form(personas):
    leader = personas.user("leader")
    device, _codes = enrolled(leader)
    waiting = factor.enrol_begin(user=personas.user("tracker"))
    found = {
        d.pk: d.open() for d in SealedTOTPDevice.objects.filter(pk__in=[device.pk, waiting.pk])
    }
    assert len(found) == 2
    cells = [as_bytes(cell) for row in device_rows() for cell in row]
    for secret in found.values():
        assert not [form for form in forms_of(secret) for cell in cells if form in cell]
    if connection.vendor == "sqlite":
        # Nor anywhere else in the database (the audit log, the sessions…).
        dump = "\n".join(connection.connection.iterdump()).encode("utf-8")
        for secret in found.values():
            assert not [form for form in forms_of(secret)[1:] if form in dump]
    assert "otp_totp_totpdevice" not in connection.introspection.table_names()


def test_a_right_code_signs_in_and_a_wrong_one_does_not(client, personas):
    reporter = personas.user("reporter")
    device, _codes = enrolled(reporter)
    assert device.key_id == "k1"
    sign_in(client, reporter)
    wrong = client.post(reverse("second_factor"), {"code": "000000"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302
    right = client.post(reverse("second_factor"), {"code": code_for(unthrottled(device), 1)})
    assert right.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_after_a_rotation_old_devices_verify_and_are_sealed_again(personas, capsys, settings):
    leader, tracker = personas.user("leader"), personas.user("tracker")
    old, _codes = enrolled(leader)
    assert old.key_id == "k1"
    assert sealing.add_key() == "k2"
    newer, _codes = enrolled(tracker)
    assert newer.key_id == "k2"
    # A secret sealed under an older key still opens, and its code is taken.
    assert factor.check_code(request=None, user=leader, code=code_for(old)) == factor.TOTP

    before = dict(SealedTOTPDevice.objects.values_list("pk", "sealed_secret"))
    call_command("factor", "rotate-key")
    out = capsys.readouterr().out
    assert "Đã thêm khóa k3" in out and "Đã niêm phong lại 2 khóa bí mật bằng khóa k3" in out
    after = dict(SealedTOTPDevice.objects.values_list("pk", "sealed_secret"))
    assert set(SealedTOTPDevice.objects.values_list("key_id", flat=True)) == {"k3"}
    assert all(after[pk] != before[pk] for pk in before)
    for user, device in [(leader, old), (tracker, newer)]:
        assert factor.check_code(request=None, user=user, code=code_for(device)) == factor.TOTP
    keys = settings.NAMRO_FACTOR_KEY_FILE.read_text()
    assert [line.split()[0] for line in keys.splitlines()[1:]] == ["k1", "k2", "k3"]
    event = AuditEvent.objects.filter(action="auth.second_factor_reseal").get()
    assert event.after == {"key_id": "k3", "devices": 2, "from": {"k1": 1, "k2": 1}}
    assert verify_chain().ok

    call_command("factor", "check")
    assert "OK: 2 khóa bí mật đều mở được" in capsys.readouterr().out


def test_keys_from_the_environment_reseal_under_their_last(personas, monkeypatch, capsys):
    first, second = secrets.token_hex(32), secrets.token_hex(32)
    monkeypatch.setenv("NAMRO_FACTOR_KEYS", f"a:{first}")
    device, _codes = enrolled(personas.user("viewer"))
    assert device.key_id == "a"
    monkeypatch.setenv("NAMRO_FACTOR_KEYS", f"a:{first},b:{second}")
    with pytest.raises(Exception, match="NAMRO_FACTOR_KEYS"):
        call_command("factor", "rotate-key")
    call_command("factor", "reseal")
    assert "bằng khóa b (1 từ khóa a)" in capsys.readouterr().out
    device.refresh_from_db()
    assert device.key_id == "b"
    monkeypatch.setenv("NAMRO_FACTOR_KEYS", f"b:{second}")
    assert factor.check_code(request=None, user=device.user, code=code_for(device)) == factor.TOTP


def _flip_a_byte(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[-1] ^= 1
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("alteration", ["ciphertext", "unknown key id", "other key id", "moved"])
def test_an_altered_seal_refuses_the_sign_in_with_a_message(client, personas, caplog, alteration):
    tracker = personas.user("tracker")
    device, codes = enrolled(tracker)
    code = code_for(device, 1)
    if alteration == "ciphertext":
        changed = {"sealed_secret": _flip_a_byte(device.sealed_secret)}
    elif alteration == "unknown key id":
        changed = {"key_id": "k9"}
    elif alteration == "other key id":
        sealing.add_key()
        changed = {"key_id": "k2"}
    else:  # another account's sealed secret copied onto this one's device
        other, _codes = enrolled(personas.user("viewer"))
        changed = {"key_id": other.key_id, "sealed_secret": other.sealed_secret}
        code = code_for(other, 1)
    SealedTOTPDevice.objects.filter(pk=device.pk).update(**changed)

    sign_in(client, tracker)
    with caplog.at_level(logging.ERROR, logger="namro.access.factor"):
        refused = client.post(reverse("second_factor"), {"code": code})
    assert refused.status_code == 200
    assert "khóa bí mật của thiết bị xác thực không mở được" in refused.content.decode()
    assert client.get(reverse("home")).status_code == 302
    assert LoginFailure.objects.filter(username=tracker.username).count() == 1
    assert f"device #{device.pk} of {tracker.username} does not open" in caplog.text
    failed = AuditEvent.objects.filter(action="auth.second_factor_failed").latest("id")
    assert failed.after["unreadable"] is True
    with pytest.raises(sealing.SealBroken):
        SealedTOTPDevice.objects.get(pk=device.pk).open()
    # A recovery code still opens the account.
    assert client.post(reverse("second_factor"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    with pytest.raises(Exception, match="1 thiết bị không mở được"):
        call_command("factor", "check")


def test_a_waiting_secret_that_no_longer_opens_is_replaced(client, personas):
    leader = personas.user("leader")
    sign_in(client, leader)
    client.post(reverse("second_factor_manage"), {"action": "start"})
    waiting = SealedTOTPDevice.objects.get(user=leader, confirmed=False)
    SealedTOTPDevice.objects.filter(pk=waiting.pk).update(key_id="k9")
    page = client.get(reverse("second_factor_manage"))
    assert page.status_code == 200
    assert "đang chờ xác nhận không mở được" in page.content.decode()
    confirm = client.post(reverse("second_factor_manage"), {"action": "confirm", "code": "123456"})
    assert confirm.status_code == 200
    assert "đang chờ xác nhận không mở được" in confirm.content.decode()
    client.post(reverse("second_factor_manage"), {"action": "start"})
    fresh = SealedTOTPDevice.objects.get(user=leader, confirmed=False)
    assert fresh.pk != waiting.pk and fresh.key_id == "k1"
    done = client.post(
        reverse("second_factor_manage"), {"action": "confirm", "code": code_for(fresh)}
    )
    assert done.status_code == 200 and len(done.context["codes"]) == 10


def test_a_reseal_stops_at_a_secret_that_does_not_open(personas):
    broken, _codes = enrolled(personas.user("tracker"))
    fine, _codes = enrolled(personas.user("viewer"))
    SealedTOTPDevice.objects.filter(pk=broken.pk).update(key_id="k9")
    sealing.add_key()
    with pytest.raises(Exception, match="namro factor reset"):
        call_command("factor", "reseal")
    fine.refresh_from_db()
    assert fine.key_id == "k1"  # nothing was sealed again: it is one transaction


def test_production_without_a_factor_key_refuses_to_start(settings, tmp_path, capsys):
    audit_keys.keyring()  # the audit key file, which production requires too, is there
    settings.NAMRO_ENV = "production"
    settings.NAMRO_FACTOR_KEY_FILE = tmp_path / "none" / "factor.keys"
    with pytest.raises(ImproperlyConfigured, match="namro factor rotate-key"):
        sealing.factor_keys()
    [error] = checks.factor_keys()
    assert error.id == "access.E001" and "does not exist" in error.msg
    assert not settings.NAMRO_FACTOR_KEY_FILE.exists()
    # The operator makes the key file with the command the message names.
    call_command("factor", "rotate-key")
    assert "Đã thêm khóa k1" in capsys.readouterr().out
    assert checks.factor_keys() == []
    assert oct(settings.NAMRO_FACTOR_KEY_FILE.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("k1:abc", "not hexadecimal"),
        (f"k1:{'ab' * 16}", "shorter than 32 bytes"),
        (f"k1:{'ab' * 40}", "not 32 bytes"),
    ],
)
def test_a_malformed_factor_key_is_refused(monkeypatch, value, message):
    monkeypatch.setenv("NAMRO_FACTOR_KEYS", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        sealing.factor_keys()


LEGACY_TABLE = """
CREATE TABLE otp_totp_totpdevice (
    id integer PRIMARY KEY, user_id integer NOT NULL, name varchar(64) NOT NULL,
    confirmed boolean NOT NULL, "key" varchar(80) NOT NULL, step smallint NOT NULL,
    t0 bigint NOT NULL, digits smallint NOT NULL, tolerance smallint NOT NULL,
    drift smallint NOT NULL, last_t bigint NOT NULL, throttling_failure_timestamp {ts} NULL,
    throttling_failure_count integer NOT NULL, created_at {ts} NULL, last_used_at {ts} NULL
)
"""


def test_the_migration_seals_the_devices_made_before(personas):
    leader = personas.user("leader")
    secret = secrets.token_bytes(20)
    made = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    stamp = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    with connection.cursor() as cursor:
        cursor.execute(LEGACY_TABLE.format(ts=stamp))
    legacy = migration._legacy_model(connection)
    legacy.objects.create(
        id=7,
        user_id=leader.pk,
        name="điện thoại",
        confirmed=True,
        key=secret.hex(),
        step=30,
        t0=0,
        digits=6,
        tolerance=1,
        drift=1,
        last_t=-1,
        throttling_failure_timestamp=None,
        throttling_failure_count=2,
        created_at=made,
        last_used_at=made,
    )

    assert migration.seal_legacy_devices(SealedTOTPDevice, connection) == 1

    assert "otp_totp_totpdevice" not in connection.introspection.table_names()
    device = SealedTOTPDevice.objects.get(user=leader)
    assert device.open() == secret and device.key_id == "k1"
    assert (device.name, device.confirmed, device.drift) == ("điện thoại", True, 1)
    assert device.throttling_failure_count == 2
    assert device.created_at == made and device.last_used_at == made
    assert not [
        form
        for form in forms_of(secret)
        for row in device_rows()
        for cell in row
        if form in as_bytes(cell)
    ]
    assert factor.check_code(request=None, user=leader, code=code_for(unthrottled(device))) == (
        factor.TOTP
    )
    # A database made after the change has no such table: nothing to do.
    assert migration.seal_legacy_devices(SealedTOTPDevice, connection) == 0
