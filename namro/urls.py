"""URL routes: the pages of each app, the admin and the API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from namro.access import views as access_views
from namro.access.forms import LoginForm
from namro.api import api
from namro.core import views as core_views
from namro.reminders import views as reminders_views
from namro.web import views as web_views

admin.site.site_header = "namro — quản trị"
admin.site.site_title = "namro"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-nhap/ma-xac-thuc/", access_views.second_factor, name="second_factor"),
    path(
        "tai-khoan/xac-thuc-hai-lop/",
        access_views.second_factor_manage,
        name="second_factor_manage",
    ),
    path("quen-mat-khau/", access_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        access_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        access_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        access_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("namro.web.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("don-vi/", include("namro.orgs.urls")),
    path("van-ban/", include("namro.documents.urls")),
    path("nhiem-vu/", include("namro.tasks.urls")),
    path("chuong-trinh/", include("namro.programs.urls")),
    path("giam-sat/", include("namro.oversight.urls")),
    path("tong-hop/", include("namro.insights.urls")),
    path("nhap-lieu/", include("namro.intake.urls")),
    path("bao-cao/", include("namro.reports.urls")),
    path("phan-quyen/", include("namro.access.urls")),
    path("thong-bao/", include("namro.reminders.urls")),
    path("lich/<str:secret>.ics", reminders_views.feed, name="calendar_feed"),
    path("viec-can-xu-ly/", include("namro.inbox.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
