from django.urls import path

from . import views

app_name = "jobs"

# What staff and the enterprise record about an intern: attendance, evaluation, safety briefing, incident.
# One route each (reversed by the same name with ``action=``), so every route names only known parts.
RECORD_ACTIONS = ("diem-danh", "danh-gia", "an-toan", "su-co")

urlpatterns = [
    path("c/<slug:center_slug>/viec-lam/", views.dashboard, name="dashboard"),
    path("c/<slug:center_slug>/viec-lam/ung-tuyen/", views.placement_list, name="placement-list"),
    path("c/<slug:center_slug>/viec-lam/ung-tuyen/them/", views.placement_create, name="placement-create"),
    path("c/<slug:center_slug>/viec-lam/ung-tuyen/<int:pk>/", views.placement_detail, name="placement-detail"),
    path("c/<slug:center_slug>/viec-lam/ung-tuyen/<int:pk>/buoc/", views.placement_step, name="placement-step"),
    path("c/<slug:center_slug>/viec-lam/theo-doi/", views.followup_list, name="followup-list"),
    path("c/<slug:center_slug>/viec-lam/theo-doi/lap-lich/", views.followup_schedule, name="followup-schedule"),
    path("c/<slug:center_slug>/viec-lam/theo-doi/<int:pk>/gui/", views.followup_send, name="followup-send"),
    path("c/<slug:center_slug>/viec-lam/theo-doi/<int:pk>/goi/", views.followup_call, name="followup-call"),
    path("p/<slug:portal_slug>/khao-sat/<str:token>/", views.survey, name="survey"),
    path("c/<slug:center_slug>/thuc-tap/theo-doi/", views.internship_list, name="internship-list"),
    path("c/<slug:center_slug>/thuc-tap/theo-doi/<int:pk>/", views.internship_detail, name="internship-detail"),
    *[
        path(
            f"c/<slug:center_slug>/thuc-tap/theo-doi/<int:pk>/{action}/",
            views.internship_record,
            {"action": action},
            name="internship-record",
        )
        for action in RECORD_ACTIONS
    ],
    path("dn/<slug:enterprise_slug>/thuc-tap-sinh/", views.enterprise_interns, name="enterprise-interns"),
    path("dn/<slug:enterprise_slug>/thuc-tap-sinh/<int:pk>/", views.enterprise_intern, name="enterprise-intern"),
    *[
        path(
            f"dn/<slug:enterprise_slug>/thuc-tap-sinh/<int:pk>/{action}/",
            views.enterprise_intern_record,
            {"action": action},
            name="enterprise-intern-record",
        )
        for action in RECORD_ACTIONS
    ],
]
