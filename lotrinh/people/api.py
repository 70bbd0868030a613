"""The learner API: the same services and selectors as the pages, the center in the path."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lotrinh.core import crypto
from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS, page_bounds
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import Commune
from lotrinh.core.schemas import Id
from lotrinh.core.tenancy import center_view

from . import selectors, services
from .models import Consent, Ethnicity, Guardian, HouseholdStatus, Learner, LearnerGuardian
from .schemas import (
    ConsentIn,
    ConsentOut,
    ConsentWithdrawIn,
    GuardianIn,
    GuardianOut,
    IdNumberOut,
    LearnerDetailOut,
    LearnerIn,
    LearnerPageOut,
    LearnerPatch,
)

router = Router(tags=["people"])

# Model fields that cannot be emptied through a PATCH (null means "leave out", not "clear").
REQUIRED_ON_PATCH = {"code", "full_name", "date_of_birth", "sex"}
NOT_NULL_ON_PATCH = {
    "phone": "",
    "street_address": "",
    "previous_school": "",
    "household_status": "",
    "is_working": False,
    "has_disability": False,
    "lives_in_disadvantaged_commune": False,
}


def _can(request, perm: str) -> bool:
    return request.membership.has_perm(perm)


def _learner(request, pk: int) -> Learner:
    queryset = selectors.learner_detail_queryset(with_ethnicity=_can(request, "learners.view_sensitive"))
    return get_object_or_404(queryset, pk=pk)


def _detail_out(request, learner: Learner) -> dict:
    today = timezone.localdate()
    visible = _can(request, "learners.view_sensitive")
    digits = crypto.decrypt(learner.id_number_encrypted)
    return {
        "id": learner.pk,
        "code": learner.code,
        "full_name": learner.full_name,
        "date_of_birth": learner.date_of_birth,
        "age": learner.age_on(today),
        "sex": learner.sex,
        "ethnicity_code": learner.ethnicity_id if visible else None,
        "ethnicity": learner.ethnicity.name if visible and learner.ethnicity else None,
        "ethnicity_visible": visible,
        "id_number_masked": crypto.mask(digits) or None,
        "id_number_is_legacy": learner.id_number_is_legacy,
        "phone": learner.phone,
        "street_address": learner.street_address,
        "commune_code": learner.commune_id,
        "commune": learner.commune.name if learner.commune else None,
        "distance_km": learner.distance_km,
        "previous_school": learner.previous_school,
        "is_working": learner.is_working,
        "household_status": learner.household_status,
        "household_certificate_valid_from": learner.household_certificate_valid_from,
        "household_certificate_valid_to": learner.household_certificate_valid_to,
        "household_certified_today": learner.household_certified_on(today),
        "has_disability": learner.has_disability,
        "lives_in_disadvantaged_commune": learner.lives_in_disadvantaged_commune,
        "has_photo": bool(learner.photo),
        "enrollments": [
            {
                "id": e.pk,
                "school_class": e.school_class.name,
                "school_year": e.school_class.school_year,
                "status": e.status,
                "status_label": str(e.get_status_display()),
                "enrolled_on": e.enrolled_on,
                "history": [
                    {
                        "status": step.status,
                        "status_label": str(step.get_status_display()),
                        "effective_on": step.effective_on,
                        "reason": step.reason,
                        "note": step.note,
                    }
                    for step in e.history
                ],
            }
            for e in learner.enrollment_list
        ],
    }


def _learner_fields(request, data: dict, *, partial: bool) -> tuple[dict, str | None]:
    """Turn a payload into service arguments: codes into objects, every problem into one 400 by field."""
    errors: dict[str, list[str]] = {}
    id_number = data.pop("id_number", None)
    if "ethnicity_code" in data:
        code = data.pop("ethnicity_code")
        if not _can(request, "learners.view_sensitive"):
            raise PermissionDenied  # only roles that may see the ethnic group may set it
        ethnicity = Ethnicity.objects.filter(pk=code).first() if code else None
        if code and ethnicity is None:
            errors["ethnicity_code"] = [_("Unknown ethnic group code.")]
        data["ethnicity"] = ethnicity
    if "commune_code" in data:
        code = data.pop("commune_code")
        commune = Commune.objects.filter(pk=code).first() if code else None
        if code and commune is None:
            errors["commune_code"] = [_("Unknown commune code.")]
        data["commune"] = commune
    if partial:
        for name in REQUIRED_ON_PATCH:
            if name in data and data[name] is None:
                errors.setdefault(name, []).append(_("This field cannot be emptied."))
        for name, empty in NOT_NULL_ON_PATCH.items():
            if name in data and data[name] is None:
                data[name] = empty
    if data.get("household_status") not in (None, *HouseholdStatus.values):
        errors.setdefault("household_status", []).append(_("Choose poor, near-poor or neither."))
    if data.get("distance_km") is not None and data["distance_km"] < 0:
        errors.setdefault("distance_km", []).append(_("The distance cannot be negative."))
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)
    return data, id_number


@router.get("/c/{center_slug}/learners", response={200: LearnerPageOut, **READ_ERRORS}, summary="Learners")
@center_view(perm="learners.view")
def learner_list(
    request,
    center_slug: str,
    q: str = "",
    class_id: Id | None = None,
    status: str = "",
    limit: int = 50,
    offset: int = 0,
):
    limit, offset = page_bounds(limit, offset)
    learners = selectors.learner_list(query=q, school_class_id=class_id, status=status)
    items = [
        {
            "id": x.pk,
            "code": x.code,
            "full_name": x.full_name,
            "date_of_birth": x.date_of_birth,
            "sex": x.sex,
            "commune": x.commune.name if x.commune else None,
            "classes": [e.school_class.name for e in x.active_enrollments],
        }
        for x in selectors.with_active_enrollments(learners[offset : offset + limit])
    ]
    return {"count": learners.count(), "items": items}


@router.post("/c/{center_slug}/learners", response={201: LearnerDetailOut, **WRITE_ERRORS}, summary="Add a learner")
@center_view(perm="learners.manage")
def learner_create(request, center_slug: str, payload: LearnerIn):
    fields, id_number = _learner_fields(request, payload.dict(), partial=False)
    learner = services.learner_create(center=request.center, actor=request.user, id_number=id_number or "", **fields)
    return Status(201, _detail_out(request, _learner(request, learner.pk)))


@router.get("/c/{center_slug}/learners/{pk}", response={200: LearnerDetailOut, **READ_ERRORS}, summary="One learner")
@center_view(perm="learners.view")
def learner_detail(request, center_slug: str, pk: int):
    return _detail_out(request, _learner(request, pk))


@router.patch(
    "/c/{center_slug}/learners/{pk}", response={200: LearnerDetailOut, **WRITE_ERRORS}, summary="Change a learner"
)
@center_view(perm="learners.manage")
def learner_update(request, center_slug: str, pk: int, payload: LearnerPatch):
    learner = _learner(request, pk)
    fields, id_number = _learner_fields(request, payload.dict(exclude_unset=True), partial=True)
    services.learner_update(learner=learner, actor=request.user, id_number=id_number, **fields)
    return _detail_out(request, _learner(request, pk))


@router.post(
    "/c/{center_slug}/learners/{pk}/id-number/reveal",
    response={200: IdNumberOut, **READ_ERRORS},
    summary="Reveal a learner's ID number (logged)",
)
@center_view(perm="learners.reveal_id")
def learner_id_reveal(request, center_slug: str, pk: int):
    learner = get_object_or_404(Learner.objects, pk=pk)
    value = services.learner_id_number_reveal(learner=learner, actor=request.user)
    return {"id_number": value, "is_legacy": learner.id_number_is_legacy}


def _guardian_out(link: LearnerGuardian) -> dict:
    guardian = link.guardian
    return {
        "link_id": link.pk,
        "guardian_id": guardian.pk,
        "full_name": guardian.full_name,
        "phone": guardian.phone,
        "email": guardian.email,
        "street_address": guardian.street_address,
        "relationship": link.relationship,
        "relationship_label": str(link.get_relationship_display()),
        "is_primary_contact": link.is_primary_contact,
    }


@router.get(
    "/c/{center_slug}/learners/{pk}/guardians", response={200: list[GuardianOut], **READ_ERRORS}, summary="Guardians"
)
@center_view(perm="learners.view")
def guardian_list(request, center_slug: str, pk: int):
    learner = get_object_or_404(Learner.objects, pk=pk)
    return [_guardian_out(link) for link in selectors.guardians_of_learner(learner)]


@router.post(
    "/c/{center_slug}/learners/{pk}/guardians",
    response={201: GuardianOut, **WRITE_ERRORS},
    summary="Add a guardian (new, or an existing guardian of the center)",
)
@center_view(perm="learners.manage")
def guardian_add(request, center_slug: str, pk: int, payload: GuardianIn):
    learner = get_object_or_404(Learner.objects, pk=pk)
    data = payload.dict()
    if data["guardian_id"] is not None:
        guardian = get_object_or_404(Guardian.objects, pk=data["guardian_id"])
        link = services.guardian_link(
            learner=learner,
            guardian=guardian,
            relationship=data["relationship"],
            is_primary_contact=data["is_primary_contact"],
            actor=request.user,
        )
    else:
        guardian = services.guardian_create(
            center=request.center,
            actor=request.user,
            learner=learner,
            full_name=data["full_name"],
            phone=data["phone"],
            email=data["email"],
            street_address=data["street_address"],
            relationship=data["relationship"],
            is_primary_contact=data["is_primary_contact"],
        )
        link = LearnerGuardian.objects.select_related("guardian").get(learner=learner, guardian=guardian)
    return Status(201, _guardian_out(link))


def _consent_out(consent: Consent) -> dict:
    today = timezone.localdate()
    return {
        "id": consent.pk,
        "purpose": consent.purpose,
        "purpose_label": str(consent.get_purpose_display()),
        "guardian_id": consent.guardian_id,
        "guardian": consent.guardian.full_name if consent.guardian else None,
        "learner_agreed": consent.learner_agreed,
        "given_on": consent.given_on,
        "evidence": consent.evidence,
        "recorded_by": consent.recorded_by.full_name or consent.recorded_by.username,
        "withdrawn_on": consent.withdrawn_on,
        "withdrawn_by": (consent.withdrawn_by.full_name or consent.withdrawn_by.username)
        if consent.withdrawn_by
        else None,
        "in_force": consent.given_on <= today and (consent.withdrawn_on is None or consent.withdrawn_on > today),
    }


@router.get(
    "/c/{center_slug}/learners/{pk}/consents",
    response={200: list[ConsentOut], **READ_ERRORS},
    summary="Consents, withdrawn ones included",
)
@center_view(perm="learners.view")
def consent_list(request, center_slug: str, pk: int):
    learner = get_object_or_404(Learner.objects, pk=pk)
    return [_consent_out(c) for c in selectors.consents_of_learner(learner)]


@router.post(
    "/c/{center_slug}/learners/{pk}/consents",
    response={201: ConsentOut, **WRITE_ERRORS},
    summary="Record a consent for one purpose",
)
@center_view(perm="consents.manage")
def consent_record(request, center_slug: str, pk: int, payload: ConsentIn):
    learner = get_object_or_404(Learner.objects, pk=pk)
    guardian = None
    if payload.guardian_id is not None:
        guardian = Guardian.objects.filter(pk=payload.guardian_id).first()
        if guardian is None:
            raise ApplicationError(_("Unknown guardian."), field="guardian_id")
    try:
        consent = services.consent_record(
            learner=learner,
            purpose=payload.purpose,
            given_on=payload.given_on,
            guardian=guardian,
            learner_agreed=payload.learner_agreed,
            evidence=payload.evidence,
            actor=request.user,
        )
    except ApplicationError as error:  # name the fields as this API does
        renamed = {("guardian_id" if k == "guardian" else k): v for k, v in error.errors.items()}
        raise ApplicationError(error.message, errors=renamed) from error
    return Status(201, _consent_out(consent))


@router.post(
    "/c/{center_slug}/consents/{pk}/withdraw",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="Record the withdrawal of a consent",
)
@center_view(perm="consents.manage")
def consent_withdraw(request, center_slug: str, pk: int, payload: ConsentWithdrawIn):
    consent = get_object_or_404(Consent.objects.select_related("guardian", "recorded_by"), pk=pk)
    consent = services.consent_withdraw(consent=consent, withdrawn_on=payload.withdrawn_on, actor=request.user)
    return _consent_out(Consent.objects.select_related("guardian", "recorded_by", "withdrawn_by").get(pk=consent.pk))
