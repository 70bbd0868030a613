"""Reads of the support area. Other apps call ``support_estimate`` and ``support_estimate_from_facts``.

Query counts are fixed: the center's province (1), the policies with their rules (2), the learner's support
facts (1, or 0 when prefetched / passed in).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from lotrinh.core.models import Center, CenterRecord, Province
from lotrinh.core.text import search_key
from lotrinh.people.models import HouseholdStatus, Learner, Sex

from . import eligibility
from .eligibility import Course, Facts, Outcome, Policy
from .models import SupportFacts, SupportPolicy, SupportRule

# The academics trade levels under the names the policy tables use.
LEVEL_ALIASES = {"short_course": "duoi_3_thang"}
KINH_CODE = "01"  # people reference data: the 54 groups in the order of QĐ 121-TCTK/PPCĐ, Kinh first


def center_province(center: Center | int, day: dt.date) -> Province | None:
    """The province of the center's address on ``day`` (one query); ``center`` may be its id."""
    center_id = center if isinstance(center, int) else center.pk
    record = (
        CenterRecord.objects.filter(CenterRecord.holding_on(day), center_id=center_id)
        .select_related("commune__province")
        .first()
    )
    return record.commune.province if record else None


def _policies(province_id: int | None):
    scope = Q(province__isnull=True) | Q(province_id=province_id) if province_id else Q(province__isnull=True)
    return (
        SupportPolicy.objects.filter(scope)
        .select_related("province")
        .prefetch_related(Prefetch("rules", queryset=SupportRule.objects.order_by("position", "id")))
        .order_by("province_id", "effective_from", "code", "version")
    )


def policy_list(*, center: Center, day: dt.date) -> dict:
    """National policies and the center's province's own, split into in force / not yet / past (3 queries)."""
    province = center_province(center, day)
    rows = list(_policies(province.pk if province else None))
    current = [p for p in rows if p.in_force_on(day)]
    upcoming = [p for p in rows if p.effective_from > day]
    past = [p for p in rows if p.effective_to is not None and p.effective_to < day]
    return {"province": province, "current": current, "upcoming": upcoming, "past": past}


def policies_in_force(*, center: Center | int, day: dt.date) -> list[Policy]:
    """The engine's policies for a center on a day: national plus the center's province (3 queries).

    A caller estimating many courses for one learner (the recommendation) loads these once and passes them on.
    """
    province = center_province(center, day)
    rows = _policies(province.pk if province else None).filter(
        Q(effective_from__lte=day), Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )
    return [row.as_policy() for row in rows]


def facts_of_learner(learner: Learner, support: SupportFacts | None = None, *, extra: dict | None = None) -> Facts:
    """The engine's facts from the learner record and their SupportFacts. Unknown stays unknown.

    The learner record's household "" means "neither poor nor near-poor" only once staff ticked that they checked
    it (SupportFacts.household_checked); otherwise it is unknown. Ethnicity: known from the ethnic group, else
    from SupportFacts. Disability and the commune's difficulty are yes/no fields of the learner record.
    """
    if support is None:
        support = SupportFacts.objects.filter(learner=learner).first()
    household: str | None
    if learner.household_status in (HouseholdStatus.POOR, HouseholdStatus.NEAR_POOR):
        household = learner.household_status
    elif support is not None and support.household_checked:
        household = "none"
    else:
        household = None
    if learner.ethnicity_id:
        minority: bool | None = learner.ethnicity_id != KINH_CODE
    else:
        minority = support.ethnic_minority if support else None
    values = dict(
        household=household,
        household_certificate_valid_from=learner.household_certificate_valid_from,
        household_certificate_valid_to=learner.household_certificate_valid_to,
        ethnic_minority=minority,
        disability=learner.has_disability,
        disadvantaged_commune=learner.lives_in_disadvantaged_commune,
        distance_km=float(learner.distance_km) if learner.distance_km is not None else None,
        female=(learner.sex == Sex.FEMALE) if learner.sex else None,
    )
    if support is not None:
        for name in (
            "policy_beneficiary",
            "orphan",
            "land_recovered",
            "female_lost_job",
            "fisher",
            "rural_worker",
            "thcs_graduate",
            "parent_work_accident",
            "previously_supported",
        ):
            values[name] = getattr(support, name)
    values.update(extra or {})
    return Facts(**values)


def course_from_offer(offer) -> Course:
    """A careers TrainingOffer (``.level``, ``.duration_months``, ``.cost_vnd``, ``.provider_is_center``) as a
    Course. The center is a public unit; a partner's ownership is unknown unless the offer says
    (``.provider_ownership``). Study days are not guessed from the months: the meal allowance stays a rate."""
    months = getattr(offer, "duration_months", None)
    at_center = getattr(offer, "provider_is_center", None)
    if at_center is None:
        at_center = getattr(offer, "provider", "") == "center"
    ownership = "public" if at_center else getattr(offer, "provider_ownership", "") or "unknown"
    return Course(
        level=LEVEL_ALIASES.get(offer.level, offer.level),
        duration_days=int(months * 30) if months else None,
        study_days=getattr(offer, "study_days", None),
        ownership=ownership,
        cost_vnd=getattr(offer, "cost_vnd", None),
        special_trade=getattr(offer, "special_trade", None),
    )


def support_estimate(
    *,
    learner: Learner,
    offer=None,
    course: Course | None = None,
    day: dt.date,
    policies: list[Policy] | None = None,
) -> list[Outcome]:
    """Every support and tuition outcome for ``learner`` on a course (a careers offer or a Course), on ``day``.

    4 queries (the center's province, the policies and their rules, the learner's support facts); pass
    ``policies`` (from ``policies_in_force``) to estimate many courses at 1 query each, and a learner fetched
    with ``select_related("support_facts")`` for none.
    """
    if course is None:
        if offer is None:
            raise ValueError("support_estimate needs an offer or a course")
        course = course_from_offer(offer)
    if policies is None:
        policies = policies_in_force(center=learner.center_id, day=day)
    try:
        support = learner.support_facts  # cached when select_related; one query otherwise
    except SupportFacts.DoesNotExist:
        support = None
    # An empty, unsaved SupportFacts says "nothing known" without querying again.
    return eligibility.evaluate(facts_of_learner(learner, support or SupportFacts()), course, policies, day)


def support_estimate_from_facts(*, center: Center, facts: Facts, course: Course, day: dt.date) -> list[Outcome]:
    """The same outcomes for facts given directly (the quick estimator with a family). 3 queries."""
    return eligibility.evaluate(facts, course, policies_in_force(center=center, day=day), day)


@dataclass
class LearnerEligibility:
    learner: Learner
    support: SupportFacts | None
    facts: Facts
    course: Course
    outcomes: list[Outcome]
    summary: eligibility.Summary


def learner_eligibility(*, learner_id: int, course: Course, day: dt.date, center: Center) -> LearnerEligibility:
    """A learner's eligibility page (5 queries). Raises Learner.DoesNotExist."""
    learner = Learner.objects.select_related("ethnicity", "commune", "support_facts").get(pk=learner_id)
    try:
        support = learner.support_facts
    except SupportFacts.DoesNotExist:
        support = None
    facts = facts_of_learner(learner, support or SupportFacts())
    outcomes = eligibility.evaluate(facts, course, policies_in_force(center=center, day=day), day)
    return LearnerEligibility(learner, support, facts, course, outcomes, eligibility.summarize(outcomes))


def learner_search(*, query: str, limit: int = 20):
    key = search_key(query)
    rows = Learner.objects.all()
    if key:
        rows = rows.filter(Q(name_search__contains=key) | Q(code__iexact=query.strip()))
    return rows.order_by("name_search", "id")[:limit]
