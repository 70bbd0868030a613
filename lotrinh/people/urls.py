from django.urls import path

from . import import_urls, views

app_name = "people"

C = "c/<slug:center_slug>/hoc-vien/"

urlpatterns = [
    *import_urls.urlpatterns,
    path(C, views.learner_list, name="learner-list"),
    path(f"{C}them/", views.learner_create, name="learner-create"),
    path(f"{C}<int:pk>/", views.learner_detail, name="learner-detail"),
    path(f"{C}<int:pk>/sua/", views.learner_edit, name="learner-edit"),
    path(f"{C}<int:pk>/so-dinh-danh/", views.learner_id_reveal, name="learner-id-reveal"),
    path(f"{C}<int:pk>/anh/", views.learner_photo, name="learner-photo"),
    path(f"{C}<int:pk>/anh/doi/", views.learner_photo_set, name="learner-photo-set"),
    path(f"{C}<int:pk>/nguoi-giam-ho/tim/", views.guardian_search, name="guardian-search"),
    path(f"{C}<int:pk>/nguoi-giam-ho/them/", views.guardian_add, name="guardian-add"),
    path(f"{C}<int:pk>/nguoi-giam-ho/lien-ket/", views.guardian_link, name="guardian-link"),
    path(f"{C}nguoi-giam-ho/<int:pk>/sua/", views.guardian_edit, name="guardian-edit"),
    path(f"{C}nguoi-giam-ho/<int:pk>/bo/", views.guardian_unlink, name="guardian-unlink"),
    path(f"{C}<int:pk>/dong-y/", views.consent_record, name="consent-record"),
    path(f"{C}dong-y/<int:pk>/rut/", views.consent_withdraw, name="consent-withdraw"),
    path(f"{C}ghi-danh/<int:pk>/trang-thai/", views.enrollment_status_change, name="enrollment-status-change"),
]
