from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndustryConfig(AppConfig):
    name = "lotrinh.industry"
    label = "industry"
    verbose_name = _("Enterprises and labour demand")
