from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "lotrinh.academics"
    label = "academics"
    verbose_name = _("Classes and timetable")
