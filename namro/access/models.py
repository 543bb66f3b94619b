"""Roles scoped to a unit and its subtree; API tokens, failed logins, password states,
recovery codes and the TOTP devices of the second factor."""

from __future__ import annotations

import base64
import time
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from . import sealing


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị")
    LEADER = "leader", _("Lãnh đạo")
    TRACKER = "tracker", _("Chuyên viên theo dõi")
    REPORTER = "reporter", _("Đơn vị báo cáo")
    VIEWER = "viewer", _("Chỉ xem")


class RoleAssignment(models.Model):
    """A user holds ``role`` over ``unit`` and every unit below it. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class TokenScope(models.TextChoices):
    READ = "read", _("Chỉ đọc")
    WRITE = "write", _("Đọc và ghi")


class ApiToken(models.Model):
    """A personal API token (``Authorization: Bearer <secret>``).

    Only the SHA-256 of the secret is stored: the secret is shown once, when it is made.
    ``prefix`` (the secret's first characters) lets its owner tell tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100, blank=True)
    prefix = models.CharField(_("tiền tố"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    scope = models.CharField(
        _("phạm vi"), max_length=8, choices=TokenScope.choices, default=TokenScope.WRITE
    )
    last_ip = models.CharField(_("địa chỉ dùng gần nhất"), max_length=45, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["user_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginFailure(models.Model):
    """One failed login for a username from an address; enough of them in a window lock
    that pair out for a while. Kept in the database so every app process sees them."""

    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("đăng nhập không thành công")
        verbose_name_plural = _("đăng nhập không thành công")
        indexes = [
            models.Index(fields=["username", "ip", "at"], name="login_failure_by_pair"),
            models.Index(fields=["at"], name="login_failure_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.at:%d/%m/%Y %H:%M}"


class PasswordState(models.Model):
    """When a user's password was last set, and whether they must change it at their next
    sign-in (an administrator made the account or set the password)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_state",
    )
    changed_at = models.DateTimeField(_("đổi mật khẩu lúc"))
    must_change = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    class Meta:
        verbose_name = _("tình trạng mật khẩu")
        verbose_name_plural = _("tình trạng mật khẩu")

    def __str__(self) -> str:
        return f"{self.user} {self.changed_at:%d/%m/%Y}"


class RecoveryCode(models.Model):
    """A single-use code that stands in for the second factor; only its keyed hash is kept
    (``namro.access.factor``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="recovery_codes",
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã khôi phục")
        verbose_name_plural = _("mã khôi phục")
        indexes = [models.Index(fields=["user", "code_hash"], name="recovery_code_by_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%d/%m/%Y}"


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app's TOTP device (a django-otp device, with its growing delay after
    wrong codes and its drift), whose secret is never stored as it is: ``key_id`` and
    ``sealed_secret`` hold it sealed under a key kept outside the database, bound to the
    account (``sealing``). The other fields are django-otp's TOTP parameters."""

    key_id = models.CharField(_("mã khóa niêm phong"), max_length=32)
    sealed_secret = models.TextField(_("khóa bí mật đã niêm phong"))
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("thiết bị xác thực hai lớp")
        verbose_name_plural = _("thiết bị xác thực hai lớp")

    def seal(self, secret: bytes, keys: sealing.FactorKeys | None = None) -> None:
        """Keep ``secret`` sealed under the current key, for the device's account (not saved
        here)."""
        if self.user_id is None:
            raise ValueError("a device's secret is sealed for its account: set the user first")
        sealed = (keys or sealing.factor_keys()).seal(secret, owner=self.user_id)
        self.key_id, self.sealed_secret = sealed.key_id, sealed.ciphertext

    def open(self, keys: sealing.FactorKeys | None = None) -> bytes:
        """The secret; ``sealing.SealBroken`` when it does not open."""
        return (keys or sealing.factor_keys()).open(
            sealing.Sealed(self.key_id, self.sealed_secret), owner=self.user_id
        )

    @property
    def bin_key(self) -> bytes:
        """The secret, as django-otp names it."""
        return self.open()

    def verify_token(self, token: Any) -> bool:
        """Whether ``token`` is a code of this device not taken before, within ``tolerance``
        steps of the clock and the device's drift (django-otp's TOTP plugin, with the secret
        opened from its seal). A wrong code makes the next try wait longer; a secret that does
        not open raises ``sealing.SealBroken``."""
        allowed, _reason = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            code = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(code, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                if getattr(settings, "OTP_TOTP_SYNC", True):
                    self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    @property
    def config_url(self) -> str:
        """The ``otpauth://`` address an authenticator app takes (the QR code's content)."""
        label = str(self.user.get_username())
        params = urlencode(
            {
                "secret": base64.b32encode(self.bin_key),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "") or "").replace(":", "")
        if issuer:
            label = f"{issuer}:{label}"
            params += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{params}"
