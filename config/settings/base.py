"""Settings shared by every environment; the thin modules beside it only override.

Everything that differs between machines comes from an environment variable (habit 12).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("LOTRINH_SECRET_KEY", "dev-only-insecure-key-change-me-for-production-0123456789")
DEBUG = env_bool("LOTRINH_DEBUG", False)
ALLOWED_HOSTS = env_list("LOTRINH_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("LOTRINH_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "lotrinh.core.background_tasks_app.BackgroundTasksConfig",  # django_tasks_db, named in Vietnamese
    "lotrinh.core",
    "lotrinh.people",
    "lotrinh.academics",
    "lotrinh.assessment",
    "lotrinh.retention",
    "lotrinh.guidance",
    "lotrinh.interests",
    "lotrinh.careers",
    "lotrinh.support",
    "lotrinh.admissions",
    "lotrinh.industry",
    "lotrinh.internships",
    "lotrinh.jobs",
    "lotrinh.planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lotrinh.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lotrinh.core.middleware.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lotrinh.core.middleware.CenterTenancyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotrinh.core.context_processors.navigation",
            ],
            "builtins": ["lotrinh.core.templatetags.vn"],
        },
    }
]

# SQLite is the embedded default so a newcomer needs nothing; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'lotrinh.sqlite3'}"),
        conn_max_age=int(env("LOTRINH_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite, with writers that queue instead of polling (see lotrinh/core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "lotrinh.core.sqlite"
    # WAL lets the web process and the task worker read and write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["lotrinh.core.auth.LockoutModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout: this many failures inside the window lock the account for the window.
LOGIN_FAILURE_LIMIT = int(env("LOTRINH_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(env("LOTRINH_LOGIN_LOCKOUT_MINUTES", "15"))
# One client address trying many usernames is locked at this many failures (higher: a center's staff share
# one NAT address).
LOGIN_ADDRESS_FAILURE_LIMIT = int(env("LOTRINH_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
# Where the client address comes from: REMOTE_ADDR, unless the request came from a trusted proxy that sets
# this header (production: nginx's X-Real-IP). The proxies are the ones gunicorn trusts.
LOTRINH_CLIENT_ADDRESS_HEADER = env("LOTRINH_CLIENT_ADDRESS_HEADER") or None
LOTRINH_TRUSTED_PROXIES = env_list("LOTRINH_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "lotrinh_session"
CSRF_COOKIE_NAME = "lotrinh_csrftoken"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script, handler or style attribute anywhere (core/tests/test_security_headers.py walks the
# templates): page behaviour lives in static/js/ and reads data attributes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
# Ours first; then the strings Django 6.1 ships without Vietnamese (its admin, validators, calendar).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "lotrinh" / "core" / "django_locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Stock Django reads 05/12/2025 as 12 May under "vi"; our formats module says otherwise.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("LOTRINH_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def mailers(default_backend: str) -> dict:
    """Django 6.1 MAILERS: console in development, SMTP (settings from the environment) in production."""
    backend = env("LOTRINH_EMAIL_BACKEND", default_backend)
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env("LOTRINH_EMAIL_HOST", "localhost"),
            "port": int(env("LOTRINH_EMAIL_PORT", "587")),
            "username": env("LOTRINH_EMAIL_USER", ""),
            "password": env("LOTRINH_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("LOTRINH_EMAIL_USE_TLS", True),
            "timeout": 20,
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers("django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("LOTRINH_FROM_EMAIL", "Lộ Trình <no-reply@lotrinh.local>")

# The address written in e-mailed links (password set-up and reset).
LOTRINH_SITE_DOMAIN = env("LOTRINH_SITE_DOMAIN", "127.0.0.1:8000")
LOTRINH_SITE_HTTPS = env_bool("LOTRINH_SITE_HTTPS", False)

# A learner with this many unexcused absences in a row: the homeroom teacher and the guardian are told.
LOTRINH_ABSENCE_STREAK = int(env("LOTRINH_ABSENCE_STREAK", "3"))
# Uploaded learner lists larger than this are refused before they are read.
LOTRINH_IMPORT_MAX_BYTES = int(env("LOTRINH_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# A sheet with more rows than this is refused before its cells are read (a zip that unpacks to more than
# 100 MB is refused too: people/importing/reader.py).
LOTRINH_IMPORT_MAX_ROWS = int(env("LOTRINH_IMPORT_MAX_ROWS", "100000"))

# Personal ID numbers are stored encrypted with this key (Fernet, 32 url-safe base64 bytes).
LOTRINH_FIELD_KEY = env("LOTRINH_FIELD_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lotrinh.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env("LOTRINH_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# Public forms (the career test, the application): submissions per client address per hour (core/ratelimit.py).
LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR = int(env("LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR", "30"))
