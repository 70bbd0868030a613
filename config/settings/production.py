"""Production: PostgreSQL, SMTP, HTTPS behind nginx. Refuses to start without its secrets and its database.

Every value still comes from the environment (see docs/DEPLOY.md); this module only changes defaults
(SMTP, hashed static files, HTTPS and secure cookies) and adds the start-up refusals.
"""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, mailers

DEBUG = False
SECRET_KEY = env("LOTRINH_SECRET_KEY") or ""
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("LOTRINH_SECRET_KEY must be set to a long random value in production.")
if not LOTRINH_FIELD_KEY:  # noqa: F405
    raise ImproperlyConfigured("LOTRINH_FIELD_KEY must be set in production (see docs/DEPLOY.md).")
try:
    # A mistyped key would otherwise surface only as errors when an ID number is first saved.
    Fernet(LOTRINH_FIELD_KEY.encode())  # noqa: F405
except ValueError as error:
    raise ImproperlyConfigured(
        "LOTRINH_FIELD_KEY is not a valid Fernet key (32 url-safe base64-encoded bytes; see docs/DEPLOY.md)."
    ) from error
if not env("DATABASE_URL"):
    # Without it base.py falls back to a SQLite file in var/: the site would run, look healthy and keep data
    # in a file nobody backs up.
    raise ImproperlyConfigured("DATABASE_URL must be set in production (postgres://user@host:5432/name).")

if not env("LOTRINH_SITE_DOMAIN"):
    # E-mailed password links would otherwise point at 127.0.0.1:8000.
    raise ImproperlyConfigured("LOTRINH_SITE_DOMAIN must be set in production (e.g. lotrinh.example.vn).")

MAILERS = mailers("django.core.mail.backends.smtp.EmailBackend")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx overwrites X-Real-IP with the address it saw; REMOTE_ADDR is nginx (log-in lockout per address).
LOTRINH_CLIENT_ADDRESS_HEADER = env("LOTRINH_CLIENT_ADDRESS_HEADER") or "HTTP_X_REAL_IP"
SECURE_SSL_REDIRECT = env_bool("LOTRINH_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("LOTRINH_HSTS_SECONDS", "31536000") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("LOTRINH_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# E-mailed links (password set-up and reset) point at the HTTPS site; LOTRINH_SITE_DOMAIN names it.
LOTRINH_SITE_HTTPS = env_bool("LOTRINH_SITE_HTTPS", True)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HSTS preload stays an explicit opt-in (LOTRINH_HSTS_PRELOAD=1): the preload list is a commitment for the
# whole registrable domain and all its subdomains that takes months to undo, and a center usually runs on a
# subdomain of a provincial or school domain it does not own. So check --deploy's reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
