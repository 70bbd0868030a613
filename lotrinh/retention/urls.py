from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("c/<slug:center_slug>/duy-tri-si-so/", views.dashboard, name="dashboard"),
    path("c/<slug:center_slug>/duy-tri-si-so/nguy-co/", views.risk_list, name="risk-list"),
    path("c/<slug:center_slug>/duy-tri-si-so/hoc-vien/<int:pk>/", views.learner_detail, name="learner-detail"),
    path("c/<slug:center_slug>/can-thiep/", views.intervention_list, name="intervention-list"),
    path("c/<slug:center_slug>/can-thiep/them/", views.intervention_create, name="intervention-create"),
    path("c/<slug:center_slug>/can-thiep/<int:pk>/", views.intervention_detail, name="intervention-detail"),
    path("c/<slug:center_slug>/can-thiep/<int:pk>/dong/", views.intervention_close, name="intervention-close"),
    path("c/<slug:center_slug>/can-thiep/<int:pk>/huy/", views.intervention_cancel, name="intervention-cancel"),
]
