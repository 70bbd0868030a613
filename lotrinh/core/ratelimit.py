"""Rate limits for public forms (the career test, the application): hits per client per fixed window.

A public form is open to anyone, so each client address may submit it only so often. The count lives in the
database (``RateLimitWindow``) so that all web processes share it; one row per (action, client, window).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .auth import client_address
from .models import RateLimitWindow


def _window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def rate_limit_hit(*, scope: str, key: str, limit: int, per_seconds: int) -> bool:
    """Count one hit of ``key`` on ``scope``; True while the window holds at most ``limit`` hits."""
    start = _window_start(timezone.now(), per_seconds)
    key = key[:64]
    with transaction.atomic():
        updated = RateLimitWindow.objects.filter(scope=scope, key=key, window_start=start).update(hits=F("hits") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitWindow.objects.create(scope=scope, key=key, window_start=start, hits=1)
            except IntegrityError:  # another process opened the window first
                RateLimitWindow.objects.filter(scope=scope, key=key, window_start=start).update(hits=F("hits") + 1)
            # The client's earlier windows are over: nothing reads them again.
            RateLimitWindow.objects.filter(scope=scope, key=key, window_start__lt=start).delete()
        hits = RateLimitWindow.objects.filter(scope=scope, key=key, window_start=start).values_list("hits", flat=True)
        return (hits.first() or 0) <= limit


def request_allowed(request, *, scope: str, limit: int, per_seconds: int = 3600) -> bool:
    """One hit of this request's client address on a public action (see auth.client_address)."""
    return rate_limit_hit(scope=scope, key=client_address(request) or "unknown", limit=limit, per_seconds=per_seconds)
