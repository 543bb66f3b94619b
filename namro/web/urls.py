"""Pages of the core app: search and the password change."""

from django.urls import path

from . import views

urlpatterns = [
    path("tim-kiem/", views.search, name="search"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
