"""The pages of signing in beyond the password: the second factor's step, the account's second
factor page, and the password reset by e-mail."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from namro.audit.services import record
from namro.core.clients import client_address

from . import factor, sealing
from .forms import CodeForm, ResetRequestForm

LOCKED = gettext_lazy("Đã nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.")
UNREADABLE = gettext_lazy(
    "Không kiểm tra được mã: khóa bí mật của thiết bị xác thực không mở được (dữ liệu đã bị "
    "thay đổi hoặc thiếu khóa niêm phong). Hãy dùng một mã khôi phục, hoặc nhờ quản trị hệ "
    "thống gỡ xác thực hai lớp để thiết lập lại."
)
UNREADABLE_WAITING = gettext_lazy(
    "Khóa bí mật đang chờ xác nhận không mở được. Hãy bấm bắt đầu lại để nhận khóa mới."
)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _after_step(request: HttpRequest) -> HttpResponse:
    """On to the next step of the sign-in, or where the person was going."""
    return redirect(_next(request))


@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """The second step of a sign-in: the code from the app, or a recovery code."""
    if factor.VERIFY not in factor.pending(request):
        return _after_step(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            used = factor.check_code(
                request=request, user=request.user, code=form.cleaned_data["code"]
            )
        except factor.Locked:
            form.add_error(None, LOCKED)
        except factor.Unreadable:
            form.add_error(None, UNREADABLE)
        else:
            if used is None:
                form.add_error("code", _("Mã không đúng hoặc đã hết hạn."))
            else:
                factor.done(request, factor.VERIFY)
                if used == factor.TOTP:
                    otp_login(request, factor.device(request.user))
                else:
                    left = factor.codes_left(request.user)
                    messages.warning(
                        request,
                        _(
                            "Bạn đã dùng một mã khôi phục; còn %(n)d mã. "
                            "Hãy tạo bộ mã mới trong trang Xác thực hai lớp."
                        )
                        % {"n": left},
                    )
                return _after_step(request)
    return render(request, "access/second_factor.html", {"form": form, "next": _next(request)})


def _qr_svg(url: str) -> str:
    # Drawn here, not by a service on the internet: the secret never leaves the server.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, title=_("Mã QR")))


@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_manage(request: HttpRequest) -> HttpResponse:
    """The account's second factor: enrol (scan or type the secret, confirm with a code),
    new recovery codes, and removal (refused when the factor is required)."""
    user = request.user
    enrolling = factor.ENROL in factor.pending(request)
    if factor.pending(request) and not enrolling:
        return _after_step(request)
    action = request.POST.get("action", "")
    form = CodeForm(request.POST or None) if action in {"confirm", "disable"} else CodeForm()
    codes: list[str] | None = None
    if request.method == "POST":
        if action == "start":
            factor.enrol_begin(user=user)
        elif action == "confirm" and form.is_valid():
            try:
                codes = factor.enrol_confirm(
                    request=request, user=user, code=form.cleaned_data["code"]
                )
            except factor.Locked:
                form.add_error(None, LOCKED)
            except factor.Unreadable:
                pass  # the waiting device is found unreadable below, and the page says so
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if codes is None:
                    form.add_error("code", _("Mã không đúng; kiểm tra giờ trên điện thoại."))
                else:
                    factor.done(request, factor.ENROL)
                    otp_login(request, factor.device(user))
        elif action == "codes":
            try:
                codes = factor.codes_regenerate(request=request, user=user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
        elif action == "disable" and form.is_valid():
            try:
                if factor.disable(request=request, user=user, code=form.cleaned_data["code"]):
                    messages.success(request, _("Đã tắt xác thực hai lớp."))
                    return redirect("second_factor_manage")
                form.add_error("code", _("Mã không đúng hoặc đã hết hạn."))
            except factor.Locked:
                form.add_error(None, LOCKED)
            except factor.Unreadable:
                form.add_error(None, UNREADABLE)
            except ValidationError as error:
                form.add_error(None, error)
    confirmed = factor.device(user)
    waiting = None if confirmed else factor.device(user, confirmed=False)
    secret = ""
    if waiting is not None:
        try:
            secret = factor.secret_of(waiting)
        except sealing.SealBroken:
            waiting = None
            messages.error(request, UNREADABLE_WAITING)
    context: dict[str, Any] = {
        "form": form,
        "codes": codes,
        "confirmed": confirmed,
        "waiting": waiting,
        "required": factor.required(user),
        "enrolling": enrolling,
        "codes_left": factor.codes_left(user) if confirmed else 0,
        "next": _next(request),
    }
    if waiting is not None:
        form.fields["code"].help_text = _("Sáu chữ số ứng dụng xác thực hiện ra.")
        context["secret"] = secret
        context["config_url"] = waiting.config_url
        context["qr"] = _qr_svg(waiting.config_url)
    return render(request, "access/second_factor_manage.html", context)


# --- password reset by e-mail ---------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm  # type: ignore[assignment]
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        with transaction.atomic():
            record(
                actor=form.user,
                action="auth.password_reset",
                obj=form.user,
                after={"ip": client_address(self.request)},
            )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
