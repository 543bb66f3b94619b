"""Pages of the documents app."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", views.document_detail, name="document"),
    path("nhap-nhanh/", views.task_entry, name="entry"),
    path("<int:pk>/them-nhiem-vu/", views.task_entry, name="add_tasks"),
    path("<int:pk>/ngay-den/", views.document_received, name="received"),
]
