from django.urls import path

from . import views

app_name = "internships"

urlpatterns = [
    path("c/<slug:center_slug>/thuc-tap/", views.round_list, name="round-list"),
    path("c/<slug:center_slug>/thuc-tap/<int:pk>/", views.round_detail, name="round-detail"),
    path("c/<slug:center_slug>/thuc-tap/<int:pk>/cho/", views.slot_create, name="slot-create"),
    path("c/<slug:center_slug>/thuc-tap/<int:pk>/nguyen-vong/", views.preference_save, name="preference-save"),
    path("c/<slug:center_slug>/thuc-tap/<int:pk>/ghim/", views.pair_rule, name="pair-rule"),
    path("c/<slug:center_slug>/thuc-tap/<int:pk>/xep/", views.run, name="run"),
    path("c/<slug:center_slug>/thuc-tap/<int:pk>/cong-bo/", views.publish, name="publish"),
    path("c/<slug:center_slug>/thuc-tap/<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("dn/<slug:enterprise_slug>/thuc-tap/", views.enterprise_home, name="enterprise"),
    path("dn/<slug:enterprise_slug>/thuc-tap/cho/", views.enterprise_slot_create, name="enterprise-slot-create"),
    path("p/<slug:portal_slug>/thuc-tap/<str:token>/", views.learner_page, name="learner"),
]
