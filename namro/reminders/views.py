"""Pages: a person's notifications (read on opening), their notification preferences, their
calendar feeds; the feeds themselves and a task's .ics file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from namro.access import policy
from namro.core.forms import apply_errors
from namro.core.pages import paginate, render_page

from . import selectors, services
from .calendar import calendar_of
from .forms import FeedForm, PreferenceForm


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, unread first; the page shown is marked read."""
    page = paginate(request, selectors.inbox(request.user))
    shown = [n.pk for n in page.object_list if n.read_at is None]
    unread_shown = set(shown)
    if shown:
        services.notifications_mark_read(
            actor=request.user, notifications=selectors.inbox(request.user).filter(pk__in=shown)
        )
    return render_page(
        request,
        "reminders/notifications.html",
        None,
        {"page": page, "unread_shown": unread_shown},
    )


@login_required
def unread(request: HttpRequest) -> HttpResponse:
    """The bell's count, fetched by the bell after the page has loaded (and every few
    minutes), so no page pays a query for it."""
    response = render(
        request, "reminders/_bell_count.html", {"count": selectors.unread_count(request.user)}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """The user's own preferences: which kinds, which channels, what hour."""
    pref = services.preference_of(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                services.preference_update(
                    actor=request.user, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu cài đặt thông báo."))
                return redirect("reminders:preferences")
    else:
        form = PreferenceForm(
            initial={
                "in_app": pref.in_app,
                "email": pref.email,
                "kinds": pref.kinds,
                "digest_hour": pref.digest_hour,
            }
        )
    status = 400 if request.method == "POST" else 200
    return render_page(
        request, "reminders/preferences.html", None, {"form": form, "pref": pref}, status=status
    )


# --- calendars ------------------------------------------------------------------------------


def _ics(body: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # The address is the key: no browser, proxy or shared cache keeps a copy of the answer.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    """A calendar feed at its secret address, no session needed: 404 for an unknown or
    revoked secret; what it holds is what its user may see now (``selectors.feed_tasks``)."""
    found = selectors.feed_by_secret(secret)
    if found is None:
        raise Http404
    tasks = selectors.feed_tasks(found)
    services.feed_seen(feed=found)
    body = calendar_of((selectors.deadline_of(t) for t in tasks), name=selectors.feed_name(found))
    return _ics(body, filename="namro.ics", attachment=False)


@login_required
@require_GET
def task_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One task's deadline as an .ics file, to those who may see the task (404 otherwise,
    and for a task without a single deadline)."""
    qs = policy.visible_tasks(request.user).filter(due_on__isnull=False)
    task = get_object_or_404(qs.select_related("lead_unit", "document"), pk=pk)
    body = calendar_of([selectors.deadline_of(task)], name=_("Nhiệm vụ"))
    return _ics(body, filename=f"nhiem-vu-{task.pk}.ics", attachment=True)


def _feed_url(secret: str) -> str:
    return settings.NAMRO_SITE_URL + reverse("calendar_feed", args=[secret])


@login_required
@require_http_methods(["GET", "POST"])
def calendars(request: HttpRequest) -> HttpResponse:
    """The user's calendar feeds: make one (its address is shown this once), see those in
    use, revoke one."""
    user = request.user
    form = FeedForm(request.POST or None, units=selectors.feed_units(user))
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made, secret = services.feed_create(actor=user, unit=form.cleaned_data["unit"])
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            except PermissionDenied as exc:
                form.add_error("unit", str(exc))
                status = 400
            else:
                context["made"] = made
                context["made_url"] = _feed_url(secret)
                context["form"] = FeedForm(units=selectors.feed_units(user))
                status = 200
        else:
            status = 400
    context["feeds"] = list(selectors.own_feeds(user))
    response = render_page(request, "reminders/calendars.html", None, context, status=status)
    return response


@login_required
@require_POST
def calendar_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of one's own feeds (404 for anyone else's)."""
    found = get_object_or_404(selectors.own_feeds(request.user), pk=pk)
    try:
        services.feed_revoke(actor=request.user, feed=found)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã thu hồi lịch; địa chỉ cũ không còn dùng được."))
    return redirect("reminders:calendars")
