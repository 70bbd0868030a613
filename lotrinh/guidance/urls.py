from django.urls import path

from . import views

app_name = "guidance"

C = "c/<slug:center_slug>/"
urlpatterns = [
    path(C + "phan-luong/", views.streaming, name="streaming"),
    path(C + "phan-luong/chi-tieu/", views.target_list, name="target-list"),
    path(C + "phan-luong/chi-tieu/them/", views.target_create, name="target-create"),
    path(C + "phan-luong/chi-tieu/<int:pk>/", views.target_edit, name="target-edit"),
    path(C + "phan-luong/chi-tieu/<int:pk>/xoa/", views.target_delete, name="target-delete"),
    path(C + "phan-luong/truong/", views.school_list, name="school-list"),
    path(C + "phan-luong/truong/them/", views.school_create, name="school-create"),
    path(C + "phan-luong/truong/<int:pk>/", views.school_edit, name="school-edit"),
    path(C + "phan-luong/khoa/", views.cohort_list, name="cohort-list"),
    path(C + "phan-luong/khoa/them/", views.cohort_create, name="cohort-create"),
    path(C + "phan-luong/khoa/<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path(C + "phan-luong/khoa/<int:pk>/noi-hoc-tiep/", views.cohort_destinations, name="cohort-destinations"),
    path(C + "phan-luong/khoa/<int:pk>/nhap/", views.cohort_import, name="cohort-import"),
    path(C + "phan-luong/nhap/<int:pk>/", views.import_detail, name="import-detail"),
    path(C + "phan-luong/nhap/<int:pk>/luu/", views.import_commit, name="import-commit"),
    path(C + "tu-van/", views.counseling_list, name="counseling-list"),
    path(C + "tu-van/them/", views.counseling_create, name="counseling-create"),
    path(C + "tu-van/<int:pk>/", views.counseling_edit, name="counseling-edit"),
    path(C + "tu-van/<int:pk>/xong/", views.counseling_done, name="counseling-done"),
    path(C + "tu-van/hoc-vien/<int:pk>/", views.learner_counseling, name="learner-counseling"),
    path(C + "tuyen-truyen/", views.outreach_list, name="outreach-list"),
    path(C + "tuyen-truyen/them/", views.outreach_create, name="outreach-create"),
    path(C + "tuyen-truyen/<int:pk>/", views.outreach_detail, name="outreach-detail"),
    path(C + "tuyen-truyen/<int:pk>/tai-lieu/", views.outreach_material_add, name="outreach-material-add"),
    path(C + "tuyen-truyen/<int:pk>/nguoi-du/", views.outreach_attendees_add, name="outreach-attendees-add"),
    path(C + "tuyen-truyen/tai-lieu/<int:pk>/", views.outreach_material, name="outreach-material"),
]
