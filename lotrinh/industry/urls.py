from django.urls import path

from . import views

app_name = "industry"

urlpatterns: list = [
    path("c/<slug:center_slug>/doanh-nghiep/", views.enterprise_list, name="enterprise-list"),
    path("c/<slug:center_slug>/doanh-nghiep/them/", views.enterprise_create, name="enterprise-create"),
    path("c/<slug:center_slug>/doanh-nghiep/<int:pk>/", views.enterprise_detail, name="enterprise-detail"),
    path("c/<slug:center_slug>/doanh-nghiep/thoa-thuan/", views.agreement_list, name="agreement-list"),
    path(
        "c/<slug:center_slug>/doanh-nghiep/thoa-thuan/chi-tieu/<int:pk>/",
        views.agreement_quota_deliver,
        name="agreement-quota-deliver",
    ),
    path(
        "c/<slug:center_slug>/doanh-nghiep/thoa-thuan/<int:pk>/van-ban/",
        views.agreement_document_upload,
        name="agreement-document-upload",
    ),
    path(
        "c/<slug:center_slug>/doanh-nghiep/thoa-thuan/van-ban/<int:pk>/",
        views.agreement_document,
        name="agreement-document",
    ),
    path("c/<slug:center_slug>/doanh-nghiep/dat-hang/", views.order_list, name="order-list"),
    path("c/<slug:center_slug>/doanh-nghiep/dat-hang/<int:pk>/", views.order_update, name="order-update"),
    path("c/<slug:center_slug>/doanh-nghiep/tuyen-dung/", views.opening_list, name="opening-list"),
    path("c/<slug:center_slug>/nhu-cau-lao-dong/", views.demand, name="demand"),
    path("dn/<slug:enterprise_slug>/", views.portal_home, name="portal-home"),
    path("dn/<slug:enterprise_slug>/tuyen-dung/", views.portal_openings, name="portal-openings"),
    path("dn/<slug:enterprise_slug>/dat-hang/<int:pk>/", views.portal_order, name="portal-order"),
]
