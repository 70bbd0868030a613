from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("c/<slug:center_slug>/ho-tro/", views.policy_list, name="policy-list"),
    path(
        "c/<slug:center_slug>/ho-tro/chinh-sach-tinh/them/", views.province_policy_create, name="province-policy-create"
    ),
    path(
        "c/<slug:center_slug>/ho-tro/chinh-sach-tinh/<int:pk>/them-quy-dinh/",
        views.province_rule_add,
        name="province-rule-add",
    ),
    path("c/<slug:center_slug>/ho-tro/uoc-tinh/", views.estimator, name="estimator"),
    path("c/<slug:center_slug>/ho-tro/hoc-vien/<int:pk>/", views.learner_eligibility, name="learner-eligibility"),
    path("c/<slug:center_slug>/ho-tro/hoc-vien/<int:pk>/thong-tin/", views.facts_edit, name="facts-edit"),
]
