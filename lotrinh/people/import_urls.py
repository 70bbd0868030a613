"""Learner list imports and the learner export (included from people/urls.py, namespace "people")."""

from django.urls import path

from . import import_views as views

urlpatterns: list = [
    path("c/<slug:center_slug>/hoc-vien/nhap/", views.import_list, name="import-list"),
    path("c/<slug:center_slug>/hoc-vien/nhap/tai-len/", views.import_create, name="import-create"),
    path("c/<slug:center_slug>/hoc-vien/nhap/mau.xlsx", views.import_template, name="import-template"),
    path("c/<slug:center_slug>/hoc-vien/nhap/<int:pk>/", views.import_detail, name="import-detail"),
    path("c/<slug:center_slug>/hoc-vien/nhap/<int:pk>/luu/", views.import_commit, name="import-commit"),
    path("c/<slug:center_slug>/hoc-vien/nhap/<int:pk>/loi.xlsx", views.import_errors, name="import-errors"),
    path("c/<slug:center_slug>/hoc-vien/xuat-excel/", views.learner_export, name="learner-export"),
]
