"""The codes an authenticator app would show, computed for the tests, and an account enrolled
as the enrolment page would do it."""

from __future__ import annotations

import time
from typing import Any

from django_otp.oath import TOTP

from namro.access import factor
from namro.access.models import SealedTOTPDevice


def code_for(device: SealedTOTPDevice, steps_ahead: int | None = None) -> str:
    """The device's code now, or ``steps_ahead`` steps of 30 s later. The device accepts one
    step either side and each step's code once; by default the first step it still takes
    (now, or the next one when now's code was used)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if steps_ahead is None:
        steps_ahead = max(0, device.last_t + 1 - totp.t())
    totp.time += steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled(user: Any) -> tuple[SealedTOTPDevice, list[str]]:
    """Give ``user`` a confirmed device and recovery codes, as the enrolment page would."""
    waiting = factor.enrol_begin(user=user)
    codes = factor.enrol_confirm(request=None, user=user, code=code_for(waiting))
    assert codes is not None
    return SealedTOTPDevice.objects.get(user=user, confirmed=True), codes


def unthrottled(device: SealedTOTPDevice) -> SealedTOTPDevice:
    """django-otp makes a device wait 1, 2, 4… s after each wrong code; a person takes that
    long to type the next one, a test does not."""
    SealedTOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    return device
