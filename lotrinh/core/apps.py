from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lotrinh.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models import fields

        from . import checks  # noqa: F401  (registers the route-permission check)

        # Django 6.1's empty choice, "- Select an option -", has no Vietnamese in Django's own catalogue yet;
        # Django asks apps to set it here.
        fields.BLANK_CHOICE_LABEL = _("— choose —")
