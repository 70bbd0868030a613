from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("quen-mat-khau/", views.password_reset, name="password-reset"),
    path("quen-mat-khau/da-gui/", views.password_reset_done, name="password-reset-done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("dat-lai-mat-khau/xong/", views.password_reset_complete, name="password-reset-complete"),
    path("tai-khoan/", views.account, name="account"),
    path("nen-tang/", views.platform_overview, name="platform"),
    path("c/<slug:center_slug>/", views.center_home, name="center-home"),
    path("c/<slug:center_slug>/ho-so/", views.center_profile, name="center-profile"),
    path("c/<slug:center_slug>/ho-so/thay-doi/", views.center_record_change, name="center-record-change"),
    path("c/<slug:center_slug>/nhan-su/", views.staff_list, name="staff-list"),
    path("c/<slug:center_slug>/nhan-su/them/", views.staff_add, name="staff-add"),
    path("c/<slug:center_slug>/nhan-su/<int:membership_id>/", views.staff_detail, name="staff-detail"),
    path(
        "c/<slug:center_slug>/nhan-su/<int:membership_id>/vai-tro/",
        views.staff_role_change,
        name="staff-role",
    ),
    path(
        "c/<slug:center_slug>/nhan-su/<int:membership_id>/ho-so/",
        views.staff_profile_update,
        name="staff-profile",
    ),
    path(
        "c/<slug:center_slug>/nhan-su/<int:membership_id>/ket-thuc/",
        views.staff_deactivate,
        name="staff-deactivate",
    ),
    path(
        "c/<slug:center_slug>/nhan-su/<int:membership_id>/xem-cccd/",
        views.staff_id_reveal,
        name="staff-id-reveal",
    ),
    path("c/<slug:center_slug>/nhat-ky/", views.audit_list, name="audit-list"),
]
