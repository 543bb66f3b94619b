"""Pages of the inbox: the list, and the small actions a row takes in place."""

from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("xac-nhan/<int:pk>/", views.claim_confirm, name="confirm"),
    path("tra-lai/<int:pk>/", views.claim_send_back, name="send_back"),
    path("gia-han/<int:pk>/", views.extension_decide, name="decide"),
    path("giai-trinh/<int:pk>/", views.explanation_answer, name="answer"),
    path("xem-xet-giai-trinh/<int:pk>/", views.explanation_review, name="review"),
]
