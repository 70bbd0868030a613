"""The tenant comes from the URL, is resolved once, and every center route declares its permission.

``CenterTenancyMiddleware`` (middleware.py) resolves ``center_slug`` / ``body_slug`` into
``request.membership`` / ``request.supervision`` and answers 404 to non-members. The decorators here
declare and check the permission; ``checks.py`` refuses to start when a route lacks one.
"""

from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_scopes import scopes_disabled

from .roles import PERMISSIONS

PERM_ATTR = "lotrinh_perm"
SCOPE_ATTR = "lotrinh_scope"  # "center", "supervisor", "user" or "public"


def _declare(view: Callable, scope: str, perm: str | None) -> Callable:
    setattr(view, PERM_ATTR, perm)
    setattr(view, SCOPE_ATTR, scope)
    return view


def center_view(*, perm: str) -> Callable:
    """A page or API operation under /c/<center_slug>/ that needs ``perm`` from the member's role."""
    if perm not in PERMISSIONS:
        raise ValueError(f"Unknown permission {perm!r}; add it to lotrinh.core.roles.PERMISSIONS")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None:  # the middleware did not resolve a center: fail closed
                raise Http404
            if not membership.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declare(wrapped, "center", perm)

    return decorator


def supervisor_view(*, perm: str) -> Callable:
    """A page or API operation under /so/<body_slug>/ for supervisors of that body."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            supervision = getattr(request, "supervision", None)
            if supervision is None:
                raise Http404
            if not supervision.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declare(wrapped, "supervisor", perm)

    return decorator


def user_view(view: Callable) -> Callable:
    """Any logged-in user, about their own account; no center data."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _declare(wrapped, "user", None)


def public_view(view: Callable) -> Callable:
    """Deliberately open to anyone (log-in page, health check, public portal)."""
    return _declare(view, "public", None)


@contextmanager
def cross_center():
    """The one escape hatch for reads across centers (supervisor dashboards, the public portal)."""
    with scopes_disabled():
        yield


def portal_view(view: Callable) -> Callable:
    """A public page of one center under /p/<portal_slug>/ (the career test, the application): no account.

    The center comes from the URL as for members, and the view runs inside its scope, so a public form can
    only ever read and write that center's rows. An unknown slug is a 404.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        from django_scopes import scope

        from .models import Center, CenterRecord

        slug = kwargs.get("portal_slug")
        # The center and its records (its name, its commune) in one query: every public page shows the name.
        with scopes_disabled():
            records = list(CenterRecord.objects.filter(center__slug=slug).select_related("center"))
            center = records[0].center if records else Center.objects.filter(slug=slug).first()
        if center is None:
            raise Http404
        center._records = records
        request.center = center
        with scope(center=center):
            return view(request, *args, **kwargs)

    return _declare(wrapped, "portal", None)
