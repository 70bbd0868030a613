"""The support API: the policy tables, a learner's outcomes, the quick estimate. Same selectors as the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS
from lotrinh.core.schemas import Id
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import eligibility, selectors
from .eligibility import Course, Facts
from .schemas import CourseIn, EstimateIn, EstimateOut, PolicyOut

router = Router(tags=["support"])


def _policy_out(policy, day) -> dict:
    return {
        "id": policy.pk,
        "code": policy.code,
        "version": policy.version,
        "title": policy.title,
        "citation": policy.citation,
        "issuing_body": policy.issuing_body,
        "province": policy.province.name if policy.province_id else None,
        "kind": policy.kind,
        "effective_from": policy.effective_from,
        "effective_to": policy.effective_to,
        "in_force": policy.in_force_on(day),
        "confidence": policy.confidence,
        "verified": policy.verified,
        "once_only": policy.once_only,
        "is_example": policy.is_example,
        "note": policy.note,
        "rules": [
            {
                "group_code": r.group_code,
                "label": r.label,
                "levels": list(r.levels),
                "ownership": r.ownership,
                "all_of": list(r.all_of),
                "any_of": list(r.any_of),
                "min_distance_km": float(r.min_distance_km) if r.min_distance_km is not None else None,
                "benefit": r.benefit,
                "cap_vnd": r.cap_vnd,
                "percent": r.percent,
                "amount_vnd": r.amount_vnd,
                "exclusive_group": r.exclusive_group,
                "tier": r.tier,
                "confidence": r.confidence,
                "verified": r.verified,
            }
            for r in policy.rules.all()
        ],
    }


def _estimate_out(outcomes, day) -> dict:
    summary = eligibility.summarize(outcomes)
    return {
        "day": day,
        "eligible_total_vnd": summary.total_vnd,
        "to_collect": summary.to_collect,
        "outcomes": [
            {
                "policy_code": o.policy_code,
                "policy_name": o.policy_name,
                "rule_label": o.rule_label,
                "group_code": o.group_code,
                "status": o.status,
                "amount_vnd": o.amount_vnd,
                "potential_vnd": o.potential_vnd,
                "percent": o.percent,
                "explanation": o.explanation,
                "facts_needed": list(o.facts_needed),
                "citation": o.citation,
                "scope": o.scope,
                "effective_from": o.effective_from,
                "effective_to": o.effective_to,
                "confidence": o.confidence,
                "verified": o.verified,
            }
            for o in outcomes
        ],
    }


def _course(course: CourseIn) -> Course:
    return Course(**course.dict())


@router.get(
    "/c/{center_slug}/support/policies",
    response={200: list[PolicyOut], **READ_ERRORS},
    summary="Support and tuition policies: national and the center's province, in force, upcoming and past",
)
@center_view(perm="guidance.view")
def policy_list(request, center_slug: str):
    day = timezone.localdate()
    data = selectors.policy_list(center=request.center, day=day)
    return [_policy_out(p, day) for p in [*data["current"], *data["upcoming"], *data["past"]]]


@router.get(
    "/c/{center_slug}/support/learners/{pk}/outcomes",
    response={200: EstimateOut, **READ_ERRORS},
    summary="What support and tuition a learner may get on a course, each outcome with its citation",
)
@center_view(perm="guidance.view")
def learner_outcomes(request, center_slug: str, pk: Id, course: Query[CourseIn]):
    day = timezone.localdate()
    learner = get_object_or_404(Learner.objects.select_related("support_facts"), pk=pk)
    outcomes = selectors.support_estimate(learner=learner, course=_course(course), day=day)
    return _estimate_out(outcomes, day)


@router.post(
    "/c/{center_slug}/support/estimate",
    response={200: EstimateOut, **WRITE_ERRORS},
    summary="A quick estimate from facts given directly (nothing is saved); a fact left out is unknown",
)
@center_view(perm="guidance.view")
def estimate(request, center_slug: str, payload: EstimateIn):
    day = timezone.localdate()
    facts = Facts(**payload.facts.dict())
    outcomes = selectors.support_estimate_from_facts(
        center=request.center, facts=facts, course=_course(payload.course), day=day
    )
    return _estimate_out(outcomes, day)
