from django.urls import path

from . import views

app_name = "interests"

urlpatterns = [
    path("p/<slug:portal_slug>/trac-nghiem/", views.public_test, name="public-test"),
    path("p/<slug:portal_slug>/trac-nghiem/ket-qua/<str:token>/", views.public_result, name="public-result"),
    path("p/<slug:portal_slug>/trac-nghiem/lop/<str:join_code>/", views.class_join, name="class-join"),
    path("c/<slug:center_slug>/trac-nghiem/", views.session_list, name="session-list"),
    path("c/<slug:center_slug>/trac-nghiem/mo/", views.session_open, name="session-open"),
    path("c/<slug:center_slug>/trac-nghiem/<int:pk>/", views.session_detail, name="session-detail"),
    path("c/<slug:center_slug>/trac-nghiem/<int:pk>/dong/", views.session_close, name="session-close"),
    path("c/<slug:center_slug>/trac-nghiem/<int:pk>/phieu/", views.paper_sheet, name="paper-sheet"),
]
