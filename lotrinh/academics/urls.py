from django.urls import path

from . import views

app_name = "academics"

urlpatterns = [
    path("c/<slug:center_slug>/lop/", views.class_list, name="class-list"),
    path("c/<slug:center_slug>/lop/moi/", views.class_create, name="class-create"),
    path("c/<slug:center_slug>/lop/<int:pk>/", views.class_detail, name="class-detail"),
    path("c/<slug:center_slug>/lop/<int:pk>/sua/", views.class_edit, name="class-edit"),
    path("c/<slug:center_slug>/lop/<int:pk>/ghi-danh/", views.class_enroll, name="class-enroll"),
    path("c/<slug:center_slug>/lop/<int:pk>/tiet-hoc/", views.slot_create, name="slot-create"),
    path("c/<slug:center_slug>/tiet-hoc/<int:pk>/ket-thuc/", views.slot_end, name="slot-end"),
    path("c/<slug:center_slug>/thoi-khoa-bieu/", views.timetable_week, name="timetable-week"),
    path("c/<slug:center_slug>/thoi-khoa-bieu/tao-buoi-hoc/", views.timetable_generate, name="timetable-generate"),
    path("c/<slug:center_slug>/lich-hoc/", views.session_today, name="session-today"),
    path("c/<slug:center_slug>/diem-danh/", views.roll_today, name="roll-today"),
    path("c/<slug:center_slug>/diem-danh/chua-diem-danh/", views.roll_missing, name="roll-missing"),
    path("c/<slug:center_slug>/diem-danh/<int:pk>/", views.roll_take, name="roll-take"),
]
