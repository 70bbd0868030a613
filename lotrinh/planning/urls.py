from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("so/<slug:body_slug>/", views.body_dashboard, name="body-dashboard"),
]
