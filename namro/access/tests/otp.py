"""The codes an authenticator app would show, computed for the tests."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice, steps_ahead: int | None = None) -> str:
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
