"""Pages of the orgs app."""

from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("<int:pk>/", views.unit_detail, name="unit"),
    path("goi-y/", views.unit_suggest, name="suggest"),
    path("goi-y-can-bo/", views.person_suggest, name="person_suggest"),
]
