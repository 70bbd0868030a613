"""One JSON API for the whole project: a ninja Router per app, the center in the path (habit 9)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from lotrinh.core.errors import ApplicationError
from lotrinh.core.tenancy import PERM_ATTR, SCOPE_ATTR


class BearerToken(HttpBearer):
    """Documents the bearer scheme; ApiTokenMiddleware has already resolved the token to request.user."""

    def authenticate(self, request, token):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(
    title="Lộ Trình API",
    version="1",
    description="API JSON của Lộ Trình. Mọi dữ liệu của trung tâm nằm dưới /api/c/{center_slug}/.",
    auth=[SessionAuth(), BearerToken()],
    urls_namespace="api",
)


def _error(request, status: int, detail: str, code: str, **extra):
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(ApplicationError)
def on_application_error(request, exc: ApplicationError):
    errors = [{"field": name, "message": message} for name, messages in exc.errors.items() for message in messages]
    return _error(request, 400, exc.message, "invalid", field=exc.field, errors=errors)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return _error(request, 403, _("You do not have permission to do this."), "forbidden")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, _("Not found."), "not_found")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja's own refusals, mostly a body it cannot parse, in the same shape and language as every other error."""
    if exc.status_code == 400:
        return _error(request, 400, _("The request body is not valid JSON."), "invalid_json")
    return _error(request, exc.status_code, _("The request could not be handled."), "error")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _error(request, 401, _("Please log in."), "unauthorized")


_TYPE_MESSAGES = {
    "missing": "This field is required.",
    "string_type": "Enter text.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "date_from_datetime_parsing": "Enter a valid date.",
    "date_parsing": "Enter a valid date.",
    "json_invalid": "The request body is not valid JSON.",
}


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query", "path")]
        message = _TYPE_MESSAGES.get(error.get("type", ""), "This value is not valid.")
        errors.append({"field": ".".join(location), "message": _(message)})
    return _error(request, 422, _("The data sent is not valid."), "validation_error", errors=errors)


def _nul_characters(request):
    """No text holds the NUL character, and PostgreSQL refuses it in any string (a 500 if it got that far): a query
    value or a JSON body with one is a 422, on every database (JSON can only carry it escaped, as \\u0000)."""
    fields = [name for name, values in request.GET.lists() if any("\x00" in v for v in [name, *values])]
    if request.content_type == "application/json" and b"\\u0000" in request.body:
        fields.append("")
    if not fields:
        return None
    errors = [{"field": name, "message": _("Text cannot contain the NUL character.")} for name in fields]
    return _error(request, 422, _("The data sent is not valid."), "validation_error", errors=errors)


def _is_enterprise_contact(request, kwargs) -> bool:
    from lotrinh.industry.access import enterprise_contact_for

    return enterprise_contact_for(request.user, kwargs.get("enterprise_slug") or "") is not None


def permission_before_validation(run):
    """ninja reads and validates the body before it calls the operation, where the permission is checked; so
    that a role that may not do something gets 403 whatever it sent (not 422 with the schema's complaints), the
    operation's declared permission is checked first. Non-members were already answered 404 by the middleware.
    """
    view = run.__self__.view_func
    perm, scope = getattr(view, PERM_ATTR, None), getattr(view, SCOPE_ATTR, None)
    holder = {"center": "membership", "supervisor": "supervision"}.get(scope)
    reads_input = 422 in run.__self__.response_models

    @wraps(run)
    def checked(request, **kwargs):
        granted_by = getattr(request, holder, None) if holder else None
        if granted_by is not None and not granted_by.has_perm(perm):
            return on_permission_denied(request, PermissionDenied())
        if scope == "enterprise" and request.user.is_authenticated and not _is_enterprise_contact(request, kwargs):
            # enterprise_view resolves the contact itself, after validation: someone else's enterprise is a 404
            # whatever the body says, not a 422 that would confirm the enterprise exists.
            return on_not_found(request, Http404())
        # Operations that declare no 422 read nothing from the query or a body.
        if reads_input and (refused := _nul_characters(request)):
            return refused
        return run(request, **kwargs)

    return checked


api.add_decorator(permission_before_validation, mode="view")
api.add_router("", "lotrinh.core.api.router")
api.add_router("", "lotrinh.people.api.router")
api.add_router("", "lotrinh.people.import_api.router")
api.add_router("", "lotrinh.academics.api.router")
api.add_router("", "lotrinh.assessment.api.router")
api.add_router("", "lotrinh.retention.api.router")
api.add_router("", "lotrinh.guidance.api.router")
api.add_router("", "lotrinh.interests.api.router")
api.add_router("", "lotrinh.careers.api.router")
api.add_router("", "lotrinh.support.api.router")
api.add_router("", "lotrinh.admissions.api.router")
api.add_router("", "lotrinh.industry.api.router")
api.add_router("", "lotrinh.internships.api.router")
api.add_router("", "lotrinh.jobs.api.router")
