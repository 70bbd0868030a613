from django.urls import path

from . import views

app_name = "admissions"

C = "c/<slug:center_slug>/tuyen-sinh/"
P = "p/<slug:portal_slug>/"

urlpatterns = [
    path(f"{P}dang-ky/", views.apply, name="apply"),
    path(f"{P}tra-cuu/", views.lookup, name="lookup"),
    path(C, views.dashboard, name="dashboard"),
    path(f"{C}ke-hoach/", views.plan_edit, name="plan"),
    path(f"{C}ho-so/", views.application_list, name="application-list"),
    path(f"{C}ho-so/trung-tuyen/", views.applications_admit, name="applications-admit"),
    path(f"{C}ho-so/<int:pk>/", views.application_detail, name="application-detail"),
    path(f"{C}ho-so/<int:pk>/nhap-hoc/", views.application_enrol, name="application-enrol"),
    *[
        path(f"{C}ho-so/<int:pk>/{slug}/", views.application_transition, {"action": slug}, name=f"application-{name}")
        for slug, name in (
            ("xac-minh", "verify"),
            ("trung-tuyen", "admit"),
            ("du-bi", "waitlist"),
            ("tu-choi", "reject"),
        )
    ],
    path(f"{C}tai-lieu/<int:pk>/", views.document, name="document"),
]
