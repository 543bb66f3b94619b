"""Pages of the oversight app."""

from django.urls import path  # noqa: F401

app_name = "oversight"

urlpatterns: list = []
