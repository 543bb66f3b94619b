"""Pages of the oversight app."""

from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.visit_list, name="visits"),
    path("<int:pk>/", views.visit_detail, name="visit"),
    path("kien-nghi/", views.recommendation_list, name="recommendations"),
    path("kien-nghi/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("kien-nghi/<int:pk>/<slug:step>/", views.recommendation_step, name="recommendation_step"),
    path("so-ket/", views.review_list, name="reviews"),
    path("so-ket/<int:pk>/", views.review_detail, name="review"),
    path("so-ket/<int:pk>/tai-ve.docx", views.review_download, name="review_docx"),
    path("bao-phu/<int:document_pk>/", views.coverage_tree, name="coverage"),
]
