"""Gates in front of the pages: an idle session ends, the admin site answers only the addresses
it is told to, and a sign-in reaches nothing before its steps are done."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from namro.core.clients import client_address, within

from . import factor

SEEN = "_namro_seen"
# The session is written at most this often to note activity, not on every request.
RESOLUTION = 60


def note_sign_in(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """A new session starts its idle clock at sign-in (so its first page writes nothing)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN] = int(time.time())


class IdleTimeoutMiddleware:
    """Sign out a session that has not been used for ``NAMRO_IDLE_SECONDS``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        idle = int(settings.NAMRO_IDLE_SECONDS)
        user = getattr(request, "user", None)
        if idle and user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            seen = request.session.get(SEEN)
            if seen is not None and now - int(seen) > idle:
                logout(request)
                messages.info(
                    request,
                    _("Phiên làm việc đã hết hạn sau %(m)s phút không thao tác; mời đăng nhập lại.")
                    % {"m": idle // 60},
                )
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if seen is None or now - int(seen) >= RESOLUTION:
                request.session[SEEN] = now
        return self.get_response(request)


class AdminAddressMiddleware:
    """Answer the admin site only to ``NAMRO_ADMIN_ADDRESSES`` (404 to anyone else, so its
    existence is not shown)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        allowed = settings.NAMRO_ADMIN_ADDRESSES
        if (
            allowed
            and request.path.startswith("/admin/")
            and not within(client_address(request), allowed)
        ):
            raise Http404
        return self.get_response(request)


class SignInStepsMiddleware:
    """Until the steps of a sign-in are done (``namro.access.factor``: the second factor's
    code, its enrolment, a password change that is due), a signed-in session reaches only the
    page of the next step, sign-out and the language switch. The session API sees it as
    anonymous; personal tokens are not affected. Reads only the session: no query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        steps = session.get(factor.STEPS) if session is not None else None
        if steps and request.user.is_authenticated:
            if request.path.startswith("/api/"):
                request.user = AnonymousUser()
                return self.get_response(request)
            target = reverse(STEP_PAGES.get(steps[0], "logout"))
            if request.path not in {target, reverse("logout"), reverse("set_language")}:
                if request.headers.get("HX-Request"):
                    # A fragment a page asks for (the bell): nothing to swap in.
                    return HttpResponse(status=403)
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


STEP_PAGES = {
    factor.VERIFY: "second_factor",
    factor.ENROL: "second_factor_manage",
    factor.PASSWORD: "password_change",
}
