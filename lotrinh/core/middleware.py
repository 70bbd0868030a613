import hashlib
import logging
import time

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from .models import ApiToken, Membership, SupervisorMembership

log = logging.getLogger("lotrinh.request")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest) -> HttpResponse:
    """The same answer for "no such center" and "not your center", so membership does not leak."""
    from .errors_views import not_found as render_not_found

    return render_not_found(request)


def rendered(response: HttpResponse) -> HttpResponse:
    """Render a lazy TemplateResponse now, while the scope is still on: the admin's lists and
    facets query the database from their templates, after process_view has returned."""
    if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
        response.render()
    return response


class RequestLogMiddleware:
    """One structured log line per request: method, path, status, duration, user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class ApiTokenMiddleware:
    """``Authorization: Bearer <key>`` on /api/ logs the token's user in for this request only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if is_api(request) and header.startswith("Bearer "):
            key_hash = hashlib.sha256(header.removeprefix("Bearer ").strip().encode()).hexdigest()
            token = (
                ApiToken.objects.select_related("user")
                .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
                .first()
            )
            if token is None:
                return JsonResponse({"detail": _("The API token is not valid."), "code": "unauthorized"}, status=401)
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
            request.user = token.user
            # A bearer token is not sent by browsers on their own, so CSRF does not apply.
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class CenterTenancyMiddleware:
    """Resolves the center (or supervising body) in the URL once and runs the view inside its scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/admin/"):
            # Platform administrators only (Django admin checks is_staff); they see across centers.
            with scopes_disabled():
                return rendered(view_func(request, *view_args, **view_kwargs))
        center_slug = view_kwargs.get("center_slug")
        body_slug = view_kwargs.get("body_slug")
        if center_slug is None and body_slug is None:
            return None
        if not request.user.is_authenticated:
            if is_api(request):
                return JsonResponse({"detail": _("Please log in."), "code": "unauthorized"}, status=401)
            return redirect_to_login(request.get_full_path())

        if center_slug is not None:
            with scopes_disabled():
                membership = (
                    Membership.objects.select_related("center", "user")
                    .filter(center__slug=center_slug, user=request.user, is_active=True)
                    .first()
                )
            if membership is None:
                return not_found(request)
            request.membership = membership
            request.center = membership.center
            with scope(center=membership.center):
                return rendered(view_func(request, *view_args, **view_kwargs))

        supervision = (
            SupervisorMembership.objects.select_related("body")
            .filter(body__slug=body_slug, user=request.user, is_active=True)
            .first()
        )
        if supervision is None:
            return not_found(request)
        request.supervision = supervision
        request.supervising_body = supervision.body
        with scope(center=[]):  # a supervisor reads centers only through cross_center()
            return rendered(view_func(request, *view_args, **view_kwargs))
