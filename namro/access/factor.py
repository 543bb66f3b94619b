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
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from namro.audit.services import record
from namro.core.actors import Actor
from namro.core.clients import client_address

from . import lockout, passwords, policy
from .models import RecoveryCode

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


class Locked(Exception):
    """Too many failed sign-ins lately for this account or address."""


# --- who, and what is left to do ------------------------------------------------------------


def required(user: Any) -> bool:
    """Whether ``user`` must sign in with a second factor."""
    mode = settings.NAMRO_OTP_REQUIRED
    if mode == "none":
        return False
    if mode == "all":
        return True
    return bool(user.is_staff or user.is_superuser) or policy.leads_or_administers(user)


def device(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


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


def secret_of(device: TOTPDevice) -> str:
    """The device's key as the base32 text an authenticator app takes."""
    return base64.b32encode(device.bin_key).decode("ascii")


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


def _failed(request: HttpRequest | None, user: Any, what: str) -> None:
    lockout.note_failure(user.get_username(), request)
    with transaction.atomic():
        record(
            actor=user,
            action="auth.second_factor_failed",
            obj=user,
            after={"ip": client_address(request), "step": what},
        )


def _refuse_if_locked(request: HttpRequest | None, user: Any) -> None:
    if lockout.is_locked(user.get_username(), request):
        raise Locked


def check_code(*, request: HttpRequest | None, user: Any, code: str) -> str | None:
    """``TOTP`` or ``RECOVERY`` when ``code`` is the device's current code or an unused
    recovery code (which is then spent); None, counted and audited, when it is neither.
    Raises ``Locked`` when the account or address is locked out."""
    _refuse_if_locked(request, user)
    code = _normal(code)
    ip = client_address(request)
    with transaction.atomic():
        found = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if found is not None and code.isdigit() and found.verify_token(code):
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
    _failed(request, user, "code")
    return None


# --- enrolment and removal ------------------------------------------------------------------


def enrol_begin(*, user: Any) -> TOTPDevice:
    """A new, unconfirmed device with a fresh secret (the same one until it is confirmed)."""
    with transaction.atomic():
        waiting = device(user, confirmed=False)
        if waiting is not None:
            return waiting
        return TOTPDevice.objects.create(user=user, name="namro", confirmed=False)


def enrol_confirm(*, request: HttpRequest | None, user: Any, code: str) -> list[str] | None:
    """Confirm the waiting device with a code from the app: it replaces any earlier device,
    and ten new recovery codes are made and returned (shown once). None when the code is
    wrong (counted and audited)."""
    _refuse_if_locked(request, user)
    with transaction.atomic():
        waiting = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-id")
            .first()
        )
        if waiting is None:
            raise ValidationError(_("Chưa bắt đầu thiết lập xác thực hai lớp."))
        ok = _normal(code).isdigit() and waiting.verify_token(_normal(code))
        if ok:
            TOTPDevice.objects.filter(user=user).exclude(pk=waiting.pk).delete()
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
    _failed(request, user, "enrol")
    return None


def enrol_with_secret(*, actor: Actor, user: Any, secret: str) -> TOTPDevice:
    """Give ``user`` a confirmed device with a known base32 ``secret`` (the demo's accounts,
    whose secret ``namro demo`` prints)."""
    key = base64.b32decode(secret.upper()).hex()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        found = TOTPDevice.objects.create(user=user, name="namro", confirmed=True, key=key)
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
        TOTPDevice.objects.filter(user=user).delete()
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
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        record(actor=actor, action="auth.second_factor_reset", obj=user)
