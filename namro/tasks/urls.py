"""Pages of the tasks app."""

from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/bao-cao-tien-do/", views.task_progress, name="progress"),
    path("<int:pk>/bao-cao-hoan-thanh/", views.task_claim, name="claim"),
    path("<int:pk>/de-nghi-gia-han/", views.task_extension_request, name="extension"),
    path("<int:pk>/quyet-dinh-gia-han/", views.task_extension_decide, name="decide"),
    path("<int:pk>/xac-nhan/", views.task_confirm, name="confirm"),
    path("<int:pk>/tra-lai/", views.task_send_back, name="send_back"),
    path("<int:pk>/phan-cap/", views.task_delegate, name="delegate"),
    path("<int:pk>/yeu-cau-giai-trinh/", views.task_explanation_ask, name="ask_explanation"),
    path("<int:pk>/giai-trinh/", views.task_explanation_answer, name="answer_explanation"),
    path("<int:pk>/xem-xet-giai-trinh/", views.task_explanation_review, name="review_explanation"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
]
