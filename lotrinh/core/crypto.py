"""Encryption at rest for values such as the personal ID number (Fernet: AES-128-CBC + HMAC)."""

import base64
import hashlib
import logging
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

log = logging.getLogger("lotrinh.crypto")


@cache
def _fernet(key: str, secret_key: str) -> Fernet:
    if key:
        return Fernet(key.encode())
    # Development only (production refuses to start without LOTRINH_FIELD_KEY): derive from SECRET_KEY.
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret_key.encode()).digest()))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet(settings.LOTRINH_FIELD_KEY, settings.SECRET_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(settings.LOTRINH_FIELD_KEY, settings.SECRET_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        # Encrypted with another key (a restored backup with the wrong LOTRINH_FIELD_KEY?): say so loudly.
        log.error("field decryption failed: the value was encrypted with another key")
        return ""


def mask(value: str) -> str:
    """Show only the last three digits: '045203001234' → '•••••••••234'."""
    return "•" * max(len(value) - 3, 0) + value[-3:] if value else ""
