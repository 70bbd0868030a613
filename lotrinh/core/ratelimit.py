"""Rate limits for public forms (the career test, the application): hits per client per fixed window.

A public form is open to anyone, so each client address may submit it only so often. The count lives in the
database (``RateLimitWindow``) so that all web processes share it; one row per (action, client, window).
"""

import datetime as dt

from django.db import connection, transaction
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
    table = connection.ops.quote_name(RateLimitWindow._meta.db_table)
    # One statement, atomic on both databases: a public form pays for one write, and two processes
    # counting the same client at once cannot lose a hit (SQLite ≥ 3.35 and PostgreSQL speak the same upsert).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, key, window_start, hits) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (scope, key, window_start) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [scope, key, connection.ops.adapt_datetimefield_value(start)],
        )
        (hits,) = cursor.fetchone()
        if hits == 1:  # a new window: the client's earlier ones are over and nothing reads them again
            RateLimitWindow.objects.filter(scope=scope, key=key, window_start__lt=start).delete()
    return hits <= limit


def request_allowed(request, *, scope: str, limit: int, per_seconds: int = 3600) -> bool:
    """One hit of this request's client address on a public action (see auth.client_address)."""
    return rate_limit_hit(scope=scope, key=client_address(request) or "unknown", limit=limit, per_seconds=per_seconds)
