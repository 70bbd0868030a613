"""django-tasks-db's app under a Vietnamese name in the admin (its own name is a plain English string).

A module of its own: a second AppConfig in core/apps.py would stop Django picking CoreConfig by itself.
"""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
