from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("c/<slug:center_slug>/so-diem/", views.gradebook, name="gradebook"),
    path("c/<slug:center_slug>/so-diem/lop/<int:pk>/", views.gradesheet, name="gradesheet"),
    path("c/<slug:center_slug>/so-diem/lop/<int:pk>/luu/", views.gradesheet_save, name="gradesheet-save"),
    path("c/<slug:center_slug>/so-diem/lop/<int:pk>/mo-dun/", views.module_sheet, name="module-sheet"),
    path("c/<slug:center_slug>/so-diem/lop/<int:pk>/mo-dun/luu/", views.module_sheet_save, name="module-sheet-save"),
    path("c/<slug:center_slug>/hoc-vien/<int:pk>/hoc-ba/", views.transcript, name="transcript"),
    path("c/<slug:center_slug>/hoc-vien/<int:pk>/hoc-ba.xlsx", views.transcript_xlsx_download, name="transcript-xlsx"),
    path("c/<slug:center_slug>/hoc-vien/<int:pk>/hoc-ba.pdf", views.transcript_pdf_download, name="transcript-pdf"),
]
