"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so (CI runs both)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # argon2 is slow on purpose
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
LOTRINH_FIELD_KEY = "bG90cmluaC10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGU="
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "CRITICAL"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
