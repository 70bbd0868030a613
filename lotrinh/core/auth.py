"""Log-in with lockout: enough failed attempts inside the window lock the username, or the client address.

A locked attempt gets the same answer as a wrong password and costs the same hashing work, so the page tells
nobody whether a username exists or is locked.
"""

import datetime as dt
import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from .models import LoginThrottle

Kind = LoginThrottle.Kind


def _username_key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def client_address(request) -> str:
    """The client's address as the throttle key: REMOTE_ADDR, or the header the trusted proxy sets.

    Behind nginx REMOTE_ADDR is nginx; nginx overwrites ``X-Real-IP`` with the address it saw
    (LOTRINH_CLIENT_ADDRESS_HEADER in production), and that header is believed only when the request came
    from one of LOTRINH_TRUSTED_PROXIES. X-Forwarded-For is never read: a client can prepend anything to it.
    An IPv6 client is keyed by its /64, which one subscriber usually holds whole.
    """
    meta = request.META if request is not None else {}
    address = meta.get("REMOTE_ADDR", "")
    header = settings.LOTRINH_CLIENT_ADDRESS_HEADER
    if header and address in settings.LOTRINH_TRUSTED_PROXIES and meta.get(header):
        address = meta[header]
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _keys(username: str, address: str) -> list[tuple[str, str]]:
    keys = [(Kind.USERNAME, _username_key(username))]
    if address:
        keys.append((Kind.ADDRESS, address))
    return keys


def _limit(kind: str) -> int:
    return settings.LOGIN_FAILURE_LIMIT if kind == Kind.USERNAME else settings.LOGIN_ADDRESS_FAILURE_LIMIT


def login_is_locked(username: str, address: str = "") -> bool:
    """Whether the username, or the address, is locked now."""
    now = timezone.now()
    for kind, key in _keys(username, address):
        throttle = LoginThrottle.objects.filter(kind=kind, key=key).first()
        if throttle and throttle.locked_until and throttle.locked_until > now:
            return True
    return False


@transaction.atomic
def login_failure_record(username: str, address: str = "") -> None:
    """Count one failure against the username and the address; lock either at its limit inside the window."""
    now = timezone.now()
    window = dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    for kind, key in _keys(username, address):
        throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(kind=kind, key=key)
        if throttle.first_failure_at is None or now - throttle.first_failure_at > window:
            throttle.failures, throttle.first_failure_at = 0, now
        throttle.failures += 1
        if throttle.failures >= _limit(kind):
            throttle.locked_until = now + window
        throttle.save(update_fields=["failures", "first_failure_at", "locked_until"])


def login_success_record(username: str) -> None:
    """Forget the username's failures. The address keeps its count: one good account must not reset a spray."""
    LoginThrottle.objects.filter(kind=Kind.USERNAME, key=_username_key(username)).delete()


class LockoutModelBackend(ModelBackend):
    """The model backend, refusing while the username or the address is locked (even with the right password)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        address = client_address(request)
        if login_is_locked(username, address):
            # The hashing a wrong password would cost (as ModelBackend does for an unknown username).
            get_user_model()().set_password(password)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(username, address)
        else:
            login_success_record(username)
        return user
