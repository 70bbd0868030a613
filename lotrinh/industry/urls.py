from django.urls import path

from . import views

app_name = "industry"

urlpatterns: list = [
    path("dn/<slug:enterprise_slug>/", views.portal_home, name="portal-home"),
]
