"""Pages of the insights app."""

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("don-vi/<int:pk>/", views.dashboard, name="unit"),
    path("danh-gia/", views.evaluation, name="evaluation_home"),
    path("danh-gia/don-vi/<int:pk>/", views.evaluation, name="evaluation"),
    path("danh-gia/can-bo/<int:pk>/", views.person_evaluation, name="person_evaluation"),
]
