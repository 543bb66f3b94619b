"""Pages of notifications."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("cai-dat/", views.preferences, name="preferences"),
    path("chua-doc/", views.unread, name="unread"),
    path("lich/", views.calendars, name="calendars"),
    path("lich/<int:pk>/thu-hoi/", views.calendar_revoke, name="calendar_revoke"),
    path("lich/nhiem-vu/<int:pk>.ics", views.task_ics, name="task_ics"),
]
