"""Pages of the oversight app."""

from django.urls import path

from . import edit_views, views

app_name = "oversight"

urlpatterns = [
    path("", views.visit_list, name="visits"),
    path("moi/", edit_views.visit_create, name="visit_create"),
    path("<int:pk>/", views.visit_detail, name="visit"),
    path("<int:pk>/thanh-vien/", edit_views.visit_member_add, name="visit_member_add"),
    path(
        "<int:pk>/thanh-vien/<int:person_pk>/bo/",
        edit_views.visit_member_remove,
        name="visit_member_remove",
    ),
    path("<int:pk>/da-lam-viec/", edit_views.visit_hold, name="visit_hold"),
    path("<int:pk>/ket-luan/", edit_views.visit_conclude, name="visit_conclude"),
    path("<int:pk>/tep/", edit_views.visit_attach, name="visit_attach"),
    path("kien-nghi/", views.recommendation_list, name="recommendations"),
    path("kien-nghi/moi/", edit_views.recommendation_raise, name="recommendation_raise"),
    path("kien-nghi/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path(
        "kien-nghi/<int:pk>/giao-nhiem-vu/",
        edit_views.recommendation_spawn_task,
        name="recommendation_spawn_task",
    ),
    path("kien-nghi/<int:pk>/<slug:step>/", views.recommendation_step, name="recommendation_step"),
    path("so-ket/", views.review_list, name="reviews"),
    path("so-ket/moi/", edit_views.review_create, name="review_create"),
    path("so-ket/<int:pk>/", views.review_detail, name="review"),
    path("bao-phu/<int:document_pk>/", views.coverage_tree, name="coverage"),
]
