"""Pages: a person's notifications (read on opening) and their notification preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from namro.core.forms import apply_errors
from namro.core.pages import paginate, render_page

from . import selectors, services
from .forms import PreferenceForm


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
