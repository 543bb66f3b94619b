"""Roles scoped to a unit and its subtree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
