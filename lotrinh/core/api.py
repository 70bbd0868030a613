from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from . import selectors, services
from .errors import ApplicationError
from .roles import Role
from .schemas import (
    AuditPageOut,
    CenterOut,
    CenterRowOut,
    ErrorOut,
    MeOut,
    StaffIn,
    StaffOut,
    ValidationErrorOut,
)
from .tenancy import center_view, supervisor_view, user_view
from .validators import validate_phone

router = Router(tags=["core"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# A read with a query or a typed path value (an id, a number, a date, a yes/no) answers 422 to one that does not
# parse or holds a NUL character; a write also answers 400 to a body it cannot read or a rule it breaks.
READ_ERRORS = {**ERRORS, 422: ValidationErrorOut}
WRITE_ERRORS = {**ERRORS, 400: ErrorOut, 422: ValidationErrorOut}

# Past any list, and within what every database takes in OFFSET (SQLite refuses a number past 64 bits).
MAX_OFFSET = 2**31 - 1


def page_bounds(limit: int, offset: int) -> tuple[int, int]:
    """A page of 1 to 200 rows from 0 to MAX_OFFSET, whatever was asked: a page past the end is only empty."""
    return max(1, min(limit, 200)), max(0, min(offset, MAX_OFFSET))


def _staff_out(m) -> dict:
    return {
        "id": m.pk,
        "username": m.user.username,
        "full_name": m.user.full_name,
        "email": m.user.email,
        "phone": m.user.phone,
        "role": m.role,
        "role_label": str(m.get_role_display()),
        "is_active": m.is_active,
    }


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The logged-in user and their centers")
@user_view
def me(request):
    memberships = selectors.memberships_of_user(request.user)
    return {
        "username": request.user.username,
        "full_name": request.user.full_name,
        "email": request.user.email,
        "memberships": [
            {
                "center_slug": m.center.slug,
                "center_name": m.center.name,
                "role": m.role,
                "role_label": str(m.get_role_display()),
            }
            for m in memberships
        ],
        "supervises": [s.body.slug for s in selectors.supervisions_of_user(request.user)],
    }


@router.get("/c/{center_slug}/", response={200: CenterOut, **ERRORS}, summary="A center and its figures today")
@center_view(perm="center.view")
def center_detail(request, center_slug: str):
    overview = selectors.center_overview(membership=request.membership, today=timezone.localdate())
    record = request.center.current_record
    return {
        "slug": request.center.slug,
        "code": request.center.code,
        "name": record.name,
        "kind": record.kind,
        "commune": record.commune.name,
        "province": record.commune.province.name,
        "supervising_body": record.supervising_body.name,
        "learners": overview.learners,
        "classes": overview.classes,
        "staff": overview.staff,
        "sessions_today": len(overview.sessions_today),
    }


@router.get("/c/{center_slug}/staff", response={200: list[StaffOut], **READ_ERRORS}, summary="The center's staff")
@center_view(perm="staff.view")
def staff_list(request, center_slug: str, q: str = "", role: str = ""):
    return [_staff_out(m) for m in selectors.staff_list(center=request.center, query=q, role=role)]


@router.post("/c/{center_slug}/staff", response={201: StaffOut, **WRITE_ERRORS}, summary="Add a staff member")
@center_view(perm="staff.manage")
def staff_add(request, center_slug: str, payload: StaffIn):
    data = payload.dict()
    if data["role"] not in Role.values:
        raise ApplicationError(_("The role is not valid."), field="role")
    if data["phone"]:
        try:
            data["phone"] = validate_phone(data["phone"])
        except ValidationError as error:
            raise ApplicationError(error.messages[0], field="phone") from error
    membership = services.staff_add(center=request.center, actor=request.user, **data)
    return Status(201, _staff_out(membership))


@router.get("/c/{center_slug}/audit", response={200: AuditPageOut, **READ_ERRORS}, summary="The audit log")
@center_view(perm="audit.view")
def audit_list(request, center_slug: str, action: str = "", object_type: str = "", limit: int = 50, offset: int = 0):
    limit, offset = page_bounds(limit, offset)
    events = selectors.audit_list(action=action, object_type=object_type)
    items = [
        {
            "id": e.pk,
            "created_at": e.created_at,
            "actor": str(e.actor) if e.actor else None,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object_repr": e.object_repr,
            "changes": e.changes,
        }
        for e in events[offset : offset + limit]
    ]
    return {"count": events.count(), "items": items}


@router.get(
    "/so/{body_slug}/centers",
    response={200: list[CenterRowOut], **ERRORS},
    summary="Every center under a supervising body, side by side",
)
@supervisor_view(perm="supervision.view")
def body_centers(request, body_slug: str):
    rows = selectors.centers_under_body(body=request.supervising_body, day=timezone.localdate())
    return [
        {
            "slug": r.center.slug,
            "name": r.record.name,
            "kind": r.record.kind,
            "commune": r.record.commune.name,
            "learners": r.learners,
            "classes": r.classes,
            "staff": r.staff,
            "sessions_today": r.sessions_today,
            "dropouts": r.dropouts,
        }
        for r in rows
    ]
