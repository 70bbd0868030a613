from django.urls import path

from . import views

app_name = "careers"

urlpatterns = [
    path("c/<slug:center_slug>/nghe/", views.trade_list, name="trade-list"),
    path("c/<slug:center_slug>/nghe/<int:pk>/ma/", views.trade_override, name="trade-override"),
    path("c/<slug:center_slug>/nghe/<int:pk>/ma/xoa/", views.trade_override_remove, name="trade-override-remove"),
    path("c/<slug:center_slug>/nghe/nhu-cau/", views.demand_list, name="demand-list"),
    path("c/<slug:center_slug>/nghe/nhu-cau/<int:pk>/", views.demand_row, name="demand-row"),
    path("c/<slug:center_slug>/nghe/nhu-cau/<int:pk>/sua/", views.demand_edit, name="demand-edit"),
    path("c/<slug:center_slug>/nghe/nhu-cau/<int:pk>/xoa/", views.demand_delete, name="demand-delete"),
    path("c/<slug:center_slug>/nghe/khoa-hoc/", views.offer_list, name="offer-list"),
    path("c/<slug:center_slug>/nghe/khoa-hoc/them/", views.offer_create, name="offer-create"),
    path("c/<slug:center_slug>/nghe/khoa-hoc/<int:pk>/sua/", views.offer_edit, name="offer-edit"),
    path("c/<slug:center_slug>/nghe/khoa-hoc/<int:pk>/xoa/", views.offer_delete, name="offer-delete"),
    path("c/<slug:center_slug>/huong-nghiep/hoc-vien/<int:pk>/", views.learner_guidance, name="learner-guidance"),
    path(
        "c/<slug:center_slug>/huong-nghiep/hoc-vien/<int:pk>/bao-cao-gia-dinh.pdf",
        views.family_report,
        name="family-report",
    ),
]
