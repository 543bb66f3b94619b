"""Pages of the programs app."""

from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("moi/", views.program_create, name="create"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/them/", views.item_add, name="item_add"),
    path("<int:pk>/noi-dung/<int:item_pk>/gan/", views.item_link, name="item_link"),
]
