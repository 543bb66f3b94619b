"""The second factor: a TOTP device (django-otp) and single-use recovery codes, and the steps
a sign-in must finish before any page opens.

Who must use it is ``NAMRO_OTP_REQUIRED``: ``roles`` (leaders, administrators, staff and
superusers, as the gate says), ``all`` or ``none``; anyone else may. Every ``login()`` — the
site's form, the admin's, any other — leaves its steps in the session (``begin_sign_in``, on
``user_logged_in``): the code of a confirmed device, the enrolment of a required one, the
password change that is due. ``SignInStepsMiddleware`` opens nothing else until each is done,
so no page and no session API call is reached with the password alone.

A wrong code counts as a failed sign-in (``namro.access.lockout``), on top of django-otp's own
growing delay. Enrolment, removal, wrong codes, a recovery code used and a new set of codes are
each audited.

The device's secret is kept sealed under a key held outside the database (``sealing``). A
secret that does not open (its ciphertext, key id or account changed, or its key missing) is
refused like a wrong code, logged as an error, and said to the person (``Unreadable``): a
recovery code still opens the account. ``secrets_reseal`` seals every secret again under the
current key, after a new one is added (``namro factor rotate-key``).
"""

from __future__ import annotations

import base64
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from namro.audit.services import record
from namro.core.actors import Actor
from namro.core.clients import client_address

from . import lockout, passwords, policy, sealing
from .models import RecoveryCode, SealedTOTPDevice

STEPS = "_namro_steps"
VERIFY = "verify"  # give the code of the confirmed device (or a recovery code)
ENROL = "enrol"  # set up the device the account must have
PASSWORD = "password"  # change the password (set by an administrator, or too old)

TOTP = "totp"
RECOVERY = "recovery"
# Recovery codes: 10 characters of 31 that cannot be mistaken for each other (49 bits), shown
# as xxxxx-xxxxx.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10
RECOVERY_SALT = "namro.access.factor.recovery-code"
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends and django-otp makes them

logger = logging.getLogger(__name__)


class Locked(Exception):
    """Too many failed sign-ins lately for this account or address."""


class Unreadable(Exception):
    """The device's sealed secret does not open, so no code of it can be checked (the
    attempt was refused and counted); a recovery code, or a reset by the operator, is left."""


# --- who, and what is left to do ------------------------------------------------------------


def required(user: Any) -> bool:
    """Whether ``user`` must sign in with a second factor."""
    mode = settings.NAMRO_OTP_REQUIRED
    if mode == "none":
        return False
    if mode == "all":
        return True
    return bool(user.is_staff or user.is_superuser) or policy.leads_or_administers(user)


def device(user: Any, *, confirmed: bool = True) -> SealedTOTPDevice | None:
    return SealedTOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def codes_left(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def steps_for(user: Any) -> list[str]:
    steps = []
    if device(user) is not None:
        steps.append(VERIFY)
    elif required(user):
        steps.append(ENROL)
    if passwords.change_due(user):
        steps.append(PASSWORD)
    return steps


def begin_sign_in(sender: object, request: HttpRequest, user: Any, **kwargs: object) -> None:
    """On every ``login()``: note in the session what the sign-in must still do."""
    session = getattr(request, "session", None)
    if session is None:
        return
    steps = steps_for(user)
    if steps:
        session[STEPS] = steps
    else:
        session.pop(STEPS, None)


def pending(request: HttpRequest) -> list[str]:
    session = getattr(request, "session", None)
    return list(session.get(STEPS, [])) if session is not None else []


def done(request: HttpRequest, step: str) -> None:
    """``step`` is done; the session gets a new key, as at the password (what it may reach
    has grown)."""
    left = [s for s in pending(request) if s != step]
    if left:
        request.session[STEPS] = left
    else:
        request.session.pop(STEPS, None)
    request.session.cycle_key()


# --- codes ----------------------------------------------------------------------------------


def secret_of(device: SealedTOTPDevice) -> str:
    """The device's key as the base32 text an authenticator app takes
    (``sealing.SealBroken`` when it does not open)."""
    return base64.b32encode(device.bin_key).decode("ascii")


def _new_device(user: Any, *, confirmed: bool, secret: bytes | None = None) -> SealedTOTPDevice:
    found = SealedTOTPDevice(user=user, name="namro", confirmed=confirmed)
    found.seal(secret if secret is not None else secrets.token_bytes(SECRET_BYTES))
    found.save()
    return found


def _broken(found: SealedTOTPDevice, error: sealing.SealBroken) -> None:
    logger.error(
        "second factor device #%s of %s does not open (key %s): %s",
        found.pk,
        found.user.get_username(),
        found.key_id,
        error,
    )


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _code_hashes(user: Any, code: str) -> list[str]:
    """What a recovery code is kept as: an HMAC-SHA-256 keyed with the site's secret key and
    salted with the account, so that a copy of the table alone does not give the codes away
    (49 bits of a bare SHA-256 can be searched) and two accounts' codes never compare. The
    first is the current key's; the rest are those of ``SECRET_KEY_FALLBACKS``, so that codes
    made before a key rotation still open."""
    value = f"{user.pk}:{code}"
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac(RECOVERY_SALT, value, secret=key, algorithm="sha256").hexdigest()
        for key in keys
    ]


def _new_codes(user: Any) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        for _ in range(int(settings.NAMRO_OTP_RECOVERY_CODES))
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_code_hashes(user, code)[0]) for code in codes
    )
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def _failed(request: HttpRequest | None, user: Any, what: str, *, unreadable: bool = False) -> None:
    lockout.note_failure(user.get_username(), request)
    after: dict[str, Any] = {"ip": client_address(request), "step": what}
    if unreadable:
        after["unreadable"] = True
    with transaction.atomic():
        record(actor=user, action="auth.second_factor_failed", obj=user, after=after)


def _refuse_if_locked(request: HttpRequest | None, user: Any) -> None:
    if lockout.is_locked(user.get_username(), request):
        raise Locked


def check_code(*, request: HttpRequest | None, user: Any, code: str) -> str | None:
    """``TOTP`` or ``RECOVERY`` when ``code`` is the device's current code or an unused
    recovery code (which is then spent); None, counted and audited, when it is neither.
    Raises ``Locked`` when the account or address is locked out, and ``Unreadable`` (after
    counting the attempt) when it is not a recovery code and the device's secret does not
    open."""
    _refuse_if_locked(request, user)
    code = _normal(code)
    ip = client_address(request)
    broken: sealing.SealBroken | None = None
    with transaction.atomic():
        found = (
            SealedTOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        )
        if found is not None and code.isdigit():
            try:
                verified = found.verify_token(code)
            except sealing.SealBroken as error:
                _broken(found, error)
                broken, verified = error, False
            if verified:
                lockout.clear_failures(user.get_username(), request)
                record(actor=user, action="auth.second_factor", obj=user, after={"ip": ip})
                return TOTP
        spare = (
            RecoveryCode.objects.select_for_update()
            .filter(user=user, code_hash__in=_code_hashes(user, code), used_at__isnull=True)
            .first()
            if len(code) == CODE_LENGTH
            else None
        )
        if spare is not None:
            spare.used_at = timezone.now()
            spare.save(update_fields=["used_at"])
            lockout.clear_failures(user.get_username(), request)
            record(
                actor=user,
                action="auth.recovery_code_used",
                obj=user,
                after={"ip": ip, "left": codes_left(user)},
            )
            return RECOVERY
    _failed(request, user, "code", unreadable=broken is not None)
    if broken is not None:
        raise Unreadable from broken
    return None


# --- enrolment and removal ------------------------------------------------------------------


def enrol_begin(*, user: Any) -> SealedTOTPDevice:
    """A new, unconfirmed device with a fresh secret (the same one until it is confirmed; one
    whose secret no longer opens is replaced)."""
    with transaction.atomic():
        waiting = device(user, confirmed=False)
        if waiting is not None:
            try:
                waiting.open()
            except sealing.SealBroken as error:
                _broken(waiting, error)
                waiting.delete()
            else:
                return waiting
        return _new_device(user, confirmed=False)


def enrol_confirm(*, request: HttpRequest | None, user: Any, code: str) -> list[str] | None:
    """Confirm the waiting device with a code from the app: it replaces any earlier device,
    and ten new recovery codes are made and returned (shown once). None when the code is
    wrong (counted and audited); ``Unreadable`` when the waiting device's secret does not
    open (enrolment starts again)."""
    _refuse_if_locked(request, user)
    broken: sealing.SealBroken | None = None
    with transaction.atomic():
        waiting = (
            SealedTOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-id")
            .first()
        )
        if waiting is None:
            raise ValidationError(_("Chưa bắt đầu thiết lập xác thực hai lớp."))
        try:
            ok = _normal(code).isdigit() and waiting.verify_token(_normal(code))
        except sealing.SealBroken as error:
            _broken(waiting, error)
            broken, ok = error, False
        if ok:
            SealedTOTPDevice.objects.filter(user=user).exclude(pk=waiting.pk).delete()
            waiting.confirmed = True
            waiting.save(update_fields=["confirmed"])
            codes = _new_codes(user)
            record(
                actor=user,
                action="auth.second_factor_enrol",
                obj=user,
                after={"ip": client_address(request), "recovery_codes": len(codes)},
            )
            return codes
    _failed(request, user, "enrol", unreadable=broken is not None)
    if broken is not None:
        raise Unreadable from broken
    return None


def enrol_with_secret(*, actor: Actor, user: Any, secret: str) -> SealedTOTPDevice:
    """Give ``user`` a confirmed device with a known base32 ``secret`` (the demo's accounts,
    whose secret ``namro demo`` prints)."""
    key = base64.b32decode(secret.upper())
    with transaction.atomic():
        SealedTOTPDevice.objects.filter(user=user).delete()
        found = _new_device(user, confirmed=True, secret=key)
        record(actor=actor, action="auth.second_factor_enrol", obj=user, after={"given": True})
    return found


def disable(*, request: HttpRequest | None, user: Any, code: str) -> bool:
    """Remove the user's device and recovery codes, on a current code; refused when the
    factor is required. False when the code is wrong."""
    if required(user):
        raise ValidationError(_("Tài khoản của bạn bắt buộc dùng xác thực hai lớp."))
    if check_code(request=request, user=user, code=code) is None:
        return False
    with transaction.atomic():
        SealedTOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        record(
            actor=user,
            action="auth.second_factor_disable",
            obj=user,
            after={"ip": client_address(request)},
        )
    return True


def codes_regenerate(*, request: HttpRequest | None, user: Any) -> list[str]:
    """New recovery codes for a user with a device; the old ones stop working."""
    with transaction.atomic():
        if device(user) is None:
            raise ValidationError(_("Chưa thiết lập xác thực hai lớp."))
        codes = _new_codes(user)
        record(
            actor=user,
            action="auth.recovery_codes_regenerate",
            obj=user,
            after={"ip": client_address(request), "recovery_codes": len(codes)},
        )
    return codes


def reset(*, actor: Actor, user: Any) -> None:
    """An administrator removes a user's device and codes (a lost phone); a user who must use
    the factor enrols again at their next sign-in."""
    with transaction.atomic():
        SealedTOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        record(actor=actor, action="auth.second_factor_reset", obj=user)


# --- the keys that seal the secrets ---------------------------------------------------------


def secrets_reseal(*, actor: Actor) -> dict[str, int]:
    """Seal again, in one transaction, every device's secret that is sealed under another key
    than the current one; return how many were under each old key id. A secret that does not
    open stops it all, naming its account (reset that account's factor, then run it again)."""
    keys = sealing.factor_keys()
    with transaction.atomic():
        found = list(
            SealedTOTPDevice.objects.select_for_update().exclude(key_id=keys.current).order_by("id")
        )
        moved: dict[str, int] = {}
        for each in found:
            try:
                secret = each.open(keys)
            except sealing.SealBroken as error:
                raise ValidationError(
                    _(
                        "Không mở được khóa bí mật của thiết bị #%(id)s (tài khoản «%(user)s»): "
                        "%(error)s. Gỡ xác thực hai lớp của tài khoản này "
                        "(namro factor reset) rồi chạy lại."
                    )
                    % {"id": each.pk, "user": each.user.get_username(), "error": error}
                ) from error
            moved[each.key_id] = moved.get(each.key_id, 0) + 1
            each.seal(secret, keys)
        SealedTOTPDevice.objects.bulk_update(found, ["key_id", "sealed_secret"])
        record(
            actor=actor,
            action="auth.second_factor_reseal",
            object_type=SealedTOTPDevice._meta.label_lower,
            object_repr=keys.current,
            after={"key_id": keys.current, "devices": len(found), "from": moved},
        )
    return moved


def unreadable_devices() -> list[SealedTOTPDevice]:
    """The devices whose secret does not open under the keys in force (after a restore with
    the wrong key file, or a row changed in the database)."""
    keys = sealing.factor_keys()
    broken = []
    for each in SealedTOTPDevice.objects.select_related("user").order_by("id"):
        try:
            each.open(keys)
        except sealing.SealBroken:
            broken.append(each)
    return broken
