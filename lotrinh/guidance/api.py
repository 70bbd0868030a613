"""Catchment cohorts, graduates' destinations, streaming, counseling sessions. Same services as the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS, page_bounds
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import Commune, User
from lotrinh.core.schemas import Id
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Guardian, Learner

from . import selectors, services
from .models import Cohort, CohortGraduate, CounselingSession, Destination, LowerSecondarySchool
from .schemas import (
    CohortIn,
    CohortOut,
    CounselingIn,
    CounselingOut,
    CounselingPageOut,
    DestinationIn,
    GraduateOut,
    SchoolIn,
    SchoolOut,
    StreamingOut,
    StreamingTargetIn,
    StreamingTargetOut,
)

router = Router(tags=["guidance"])
LABELS = dict(Destination.choices)


def _school_out(s: LowerSecondarySchool) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "code": s.code,
        "commune_code": s.commune_id,
        "commune_name": s.commune.name,
        "in_disadvantaged_area": s.in_disadvantaged_area,
        "is_active": s.is_active,
    }


@router.get("/c/{center_slug}/schools", response={200: list[SchoolOut], **READ_ERRORS}, summary="Catchment schools")
@center_view(perm="guidance.view")
def school_list(request, center_slug: str):
    return [_school_out(s) for s in selectors.school_list()]


@router.post("/c/{center_slug}/schools", response={201: SchoolOut, **WRITE_ERRORS}, summary="Add a catchment school")
@center_view(perm="guidance.manage")
def school_create(request, center_slug: str, payload: SchoolIn):
    school = services.school_create(
        center=request.center,
        name=payload.name,
        commune=Commune.objects.filter(pk=payload.commune_code).first() if payload.commune_code < 2**31 else None,
        code=payload.code[:20],
        in_disadvantaged_area=payload.in_disadvantaged_area,
        actor=request.user,
    )
    return Status(201, _school_out(school))


def _cohort_out(c: Cohort) -> dict:
    return {
        "id": c.pk,
        "school_id": c.school_id,
        "school_name": c.school.name,
        "graduation_year": c.graduation_year,
        "graduates": c.graduate_count,
        "destinations_known": c.known_count,
    }


@router.get("/c/{center_slug}/cohorts", response={200: list[CohortOut], **READ_ERRORS}, summary="Grade-9 cohorts")
@center_view(perm="guidance.view")
def cohort_list(request, center_slug: str, school_id: Id | None = None, year: int | None = None):
    if year is not None and not 0 < year < 10_000:
        year = -1
    return [_cohort_out(c) for c in selectors.cohort_list(school_id=school_id, year=year)]


@router.post("/c/{center_slug}/cohorts", response={201: CohortOut, **WRITE_ERRORS}, summary="Open a grade-9 cohort")
@center_view(perm="guidance.manage")
def cohort_create(request, center_slug: str, payload: CohortIn):
    school = LowerSecondarySchool.objects.filter(pk=payload.school_id).first()
    if school is None:
        raise ApplicationError(_("The school is not in the catchment."), field="school_id")
    cohort = services.cohort_create(school=school, graduation_year=payload.graduation_year, actor=request.user)
    return Status(201, _cohort_out(selectors.cohort_list().get(pk=cohort.pk)))


def _graduate_out(g: CohortGraduate) -> dict:
    return {
        "id": g.pk,
        "full_name": g.full_name,
        "date_of_birth": g.date_of_birth,
        "sex": g.sex,
        "class_name": g.class_name,
        "learner_id": g.learner_id,
        "destination": g.destination,
        "destination_label": str(LABELS[g.destination]),
        "destination_source": g.destination_source,
        "destination_on": g.destination_on,
    }


@router.get(
    "/c/{center_slug}/cohorts/{pk}/graduates",
    response={200: list[GraduateOut], **READ_ERRORS},
    summary="A cohort's graduates with their current destination",
)
@center_view(perm="guidance.view")
def graduate_list(request, center_slug: str, pk: Id):
    cohort = get_object_or_404(Cohort.objects.all(), pk=pk)
    return [_graduate_out(g) for g in selectors.cohort_graduates(cohort)]


@router.post(
    "/c/{center_slug}/graduates/{pk}/destination",
    response={200: GraduateOut, **WRITE_ERRORS},
    summary="Record a graduate's destination (history kept)",
)
@center_view(perm="guidance.manage")
def destination_record(request, center_slug: str, pk: Id, payload: DestinationIn):
    graduate = get_object_or_404(CohortGraduate.objects.select_related("cohort"), pk=pk)
    graduate = services.destination_record(
        graduate=graduate,
        destination=payload.destination,
        source=payload.source,
        recorded_on=payload.recorded_on,
        actor=request.user,
    )
    return _graduate_out(graduate)


def _breakdown_out(b) -> dict:
    return {
        "total": b.total,
        "vet": b.vet,
        "vet_percent": float(b.vet_percent) if b.vet_percent is not None else None,
        "target_percent": float(b.target) if b.target is not None else None,
        "meets_target": b.meets_target,
        "shares": [
            {
                "destination": s.destination,
                "label": str(LABELS[s.destination]),
                "count": s.count,
                "percent": float(s.percent) if s.percent is not None else None,
            }
            for s in b.shares
        ],
    }


def _target_out(t) -> dict | None:
    return None if t is None else {"percent": float(t.percent), "citation": t.citation, "is_national": t.is_national}


@router.get(
    "/c/{center_slug}/streaming",
    response={200: StreamingOut, **READ_ERRORS},
    summary="Streaming figures: destinations per year and school, the VET share against the target",
)
@center_view(perm="guidance.view")
def streaming(request, center_slug: str, year: int | None = None, school_id: Id | None = None):
    data = selectors.streaming_dashboard(year=year, school_id=school_id)
    return {
        "years": data.years,
        "year": data.year,
        "total": _breakdown_out(data.total),
        "target": _target_out(data.target),
        "schools": [
            {
                "school_id": r.school.pk,
                "school_name": r.school.name,
                "figures": _breakdown_out(r.data),
                "target": _target_out(r.target),
            }
            for r in data.schools
        ],
        "trend": [{"year": y, "figures": _breakdown_out(b)} for y, b in data.trend],
    }


@router.post(
    "/c/{center_slug}/streaming/targets",
    response={201: StreamingTargetOut, **WRITE_ERRORS},
    summary="Set the center's own VET target for some years (replaces the national one)",
)
@center_view(perm="plans.manage")
def target_create(request, center_slug: str, payload: StreamingTargetIn):
    school = None
    if payload.school_id is not None:
        school = LowerSecondarySchool.objects.filter(pk=payload.school_id).first()
        if school is None:
            raise ApplicationError(_("The school is not in the catchment."), field="school_id")
    target = services.streaming_target_create(
        center=request.center,
        school=school,
        from_year=payload.from_year,
        to_year=payload.to_year,
        min_percent=str(payload.min_percent),
        citation=payload.citation,
        actor=request.user,
    )
    return Status(
        201,
        {
            "id": target.pk,
            "school_id": target.school_id,
            "from_year": target.from_year,
            "to_year": target.to_year,
            "min_percent": float(target.min_percent),
            "citation": target.citation,
        },
    )


def _session_out(s: CounselingSession) -> dict:
    return {
        "id": s.pk,
        "learner_id": s.learner_id,
        "learner_name": s.learner.full_name,
        "held_on": s.held_on,
        "counselor_id": s.counselor_id,
        "counselor_name": s.counselor.full_name,
        "guardian_present": s.guardian_present,
        "guardian_id": s.guardian_id,
        "topics": list(s.topics),
        "notes": s.notes,
        "follow_up": s.follow_up,
        "follow_up_due": s.follow_up_due,
        "follow_up_done": s.follow_up_done,
    }


@router.get(
    "/c/{center_slug}/counseling-sessions",
    response={200: CounselingPageOut, **READ_ERRORS},
    summary="Counseling sessions, newest first",
)
@center_view(perm="guidance.view")
def counseling_list(
    request, center_slug: str, learner_id: Id | None = None, follow_up: str = "", limit: int = 50, offset: int = 0
):
    """``follow_up``: due (open), overdue, done; empty for all."""
    limit, offset = page_bounds(limit, offset)
    sessions = selectors.counseling_list(
        today=timezone.localdate(), follow_up=follow_up if follow_up in selectors.FOLLOW_UP_CHOICES else ""
    )
    if learner_id is not None:
        sessions = sessions.filter(learner_id=learner_id)
    return {"count": sessions.count(), "items": [_session_out(s) for s in sessions[offset : offset + limit]]}


def _pk_or_none(model, pk: int | None):
    return model.objects.filter(pk=pk).first() if pk is not None else None


@router.post(
    "/c/{center_slug}/counseling-sessions",
    response={201: CounselingOut, **WRITE_ERRORS},
    summary="Log a counseling session",
)
@center_view(perm="guidance.manage")
def counseling_create(request, center_slug: str, payload: CounselingIn):
    learner = _pk_or_none(Learner, payload.learner_id)
    if learner is None:
        raise ApplicationError(_("No such learner."), field="learner_id")
    guardian = _pk_or_none(Guardian, payload.guardian_id)
    if payload.guardian_id is not None and guardian is None:
        raise ApplicationError(_("No such guardian."), field="guardian_id")
    session = services.counseling_session_create(
        learner=learner,
        held_on=payload.held_on,
        counselor=_pk_or_none(User, payload.counselor_id),
        topics=payload.topics,
        guardian_present=payload.guardian_present,
        guardian=guardian,
        notes=payload.notes,
        follow_up=payload.follow_up[:300],
        follow_up_due=payload.follow_up_due,
        actor=request.user,
    )
    return Status(201, _session_out(session))
