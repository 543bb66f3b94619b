"""Pages of notifications."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("cai-dat/", views.preferences, name="preferences"),
    path("chua-doc/", views.unread, name="unread"),
]
