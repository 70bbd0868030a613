"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so (CI runs both)."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # argon2 is slow on purpose
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
LOTRINH_FIELD_KEY = "bG90cmluaC10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGU="
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "CRITICAL"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The worker tests (bin/test-api) kill a real task worker running in another process: it must open the test
# database (on SQLite, a file rather than memory) and take its tasks from the database backend.
if env("LOTRINH_TEST_DB_FILE") and DATABASES["default"]["ENGINE"] == "lotrinh.core.sqlite":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": env("LOTRINH_TEST_DB_FILE")}  # noqa: F405
if env_bool("LOTRINH_TEST_TASKS_IN_DB"):
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
