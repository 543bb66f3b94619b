"""Pages of the reports app."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.periodic, name="periodic"),
    path("dinh-ky.docx", views.periodic_docx_download, name="periodic_docx"),
    path("dinh-ky.pdf", views.periodic_pdf_download, name="periodic_pdf"),
    path("so-ket/<int:pk>/tai-ve.docx", views.review_download, name="review_docx"),
]
