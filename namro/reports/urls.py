"""Pages of the reports app."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("so-ket/<int:pk>/tai-ve.docx", views.review_download, name="review_docx"),
]
