"""Log-in with lockout: enough failed attempts inside the window lock the username for a while."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from .models import LoginThrottle


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def login_is_locked(username: str) -> bool:
    throttle = LoginThrottle.objects.filter(username_key=_key(username)).first()
    return bool(throttle and throttle.locked_until and throttle.locked_until > timezone.now())


@transaction.atomic
def login_failure_record(username: str) -> None:
    """Count one failure; lock when the limit is reached inside the window."""
    now = timezone.now()
    window = dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username_key=_key(username))
    if throttle.first_failure_at is None or now - throttle.first_failure_at > window:
        throttle.failures, throttle.first_failure_at = 0, now
    throttle.failures += 1
    if throttle.failures >= settings.LOGIN_FAILURE_LIMIT:
        throttle.locked_until = now + window
    throttle.save(update_fields=["failures", "first_failure_at", "locked_until"])


def login_success_record(username: str) -> None:
    LoginThrottle.objects.filter(username_key=_key(username)).delete()


class LockoutModelBackend(ModelBackend):
    """The model backend, refusing while the username is locked (even with the right password)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and login_is_locked(username):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if username is not None:
            if user is None:
                login_failure_record(username)
            else:
                login_success_record(username)
        return user
