"""Pages of the intake app."""

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("trich-xuat/", views.draft_tasks, name="draft_tasks"),
    path("buoi-lam-viec/", views.draft_visit, name="draft_visit"),
    path("excel/<int:pk>/", views.excel_import, name="excel_import"),
]
