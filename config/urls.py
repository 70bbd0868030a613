from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("lotrinh.core.urls")),
    path("", include("lotrinh.people.urls")),
    path("", include("lotrinh.academics.urls")),
    path("", include("lotrinh.assessment.urls")),
    path("", include("lotrinh.retention.urls")),
    path("", include("lotrinh.guidance.urls")),
    path("", include("lotrinh.interests.urls")),
    path("", include("lotrinh.careers.urls")),
    path("", include("lotrinh.support.urls")),
    path("", include("lotrinh.admissions.urls")),
    path("", include("lotrinh.industry.urls")),
    path("", include("lotrinh.internships.urls")),
    path("", include("lotrinh.jobs.urls")),
    path("", include("lotrinh.planning.urls")),
]

handler403 = "lotrinh.core.errors_views.forbidden"
handler404 = "lotrinh.core.errors_views.not_found"
