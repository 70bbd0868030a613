"""Changes in the support area: a province's own policy, a learner's support facts."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.core.audit import audit_record, changes_between
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, User
from lotrinh.people.models import Learner

from . import eligibility
from .models import SupportFacts, SupportPolicy, SupportRule
from .selectors import center_province

POLICY_FIELDS = ("code", "title", "citation", "issuing_body", "kind", "effective_from", "effective_to", "note")
RULE_FIELDS = (
    "group_code",
    "label",
    "levels",
    "ownership",
    "all_of",
    "any_of",
    "min_distance_km",
    "benefit",
    "cap_vnd",
    "percent",
    "amount_vnd",
)


def rule_errors(rule: dict) -> dict[str, list[str]]:
    """What is wrong with one rule's data, by field (shared by the form and the API)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not (rule.get("label") or "").strip():
        add("label", _("Name the group of learners the rule is for."))
    for name in ("cap_vnd", "amount_vnd"):
        value = rule.get(name)
        if value is not None and value < 0:
            add(name, _("An amount cannot be below zero."))
    percent = rule.get("percent")
    if percent is not None and not 0 <= percent <= 100:
        add("percent", _("A percentage is between 0 and 100."))
    distance = rule.get("min_distance_km")
    if distance is not None and distance < 0:
        add("min_distance_km", _("A distance cannot be below zero."))
    for name in ("levels",):
        unknown = [v for v in rule.get(name) or [] if v not in eligibility.LEVELS]
        if unknown:
            add(name, _("Unknown course level: %(value)s.") % {"value": ", ".join(unknown)})
    for name in ("all_of", "any_of"):
        unknown = [v for v in rule.get(name) or [] if v not in eligibility.FACTS]
        if unknown:
            add(name, _("Unknown fact: %(value)s.") % {"value": ", ".join(unknown)})
    benefit = rule.get("benefit")
    if benefit not in eligibility.BENEFITS:
        add("benefit", _("Choose what the rule grants."))
    elif benefit == eligibility.TUITION_PERCENT and percent is None:
        add("percent", _("A tuition exemption or reduction needs its percentage."))
    elif benefit in (eligibility.PER_DAY, eligibility.PER_COURSE) and rule.get("amount_vnd") is None:
        add("amount_vnd", _("An allowance needs its amount."))
    if rule.get("ownership", "any") not in ("any", "public", "private"):
        add("ownership", _("Choose the kind of institution."))
    return errors


@transaction.atomic
def province_policy_create(
    *, center: Center, policy: dict, rules: list[dict], actor: User, day: dt.date, is_example: bool = False
) -> SupportPolicy:
    """A province's own support or tuition policy with its rules, in the center's province. All or nothing."""
    errors: dict[str, list[str]] = {}
    province = center_province(center, day)
    if province is None:
        raise ApplicationError(_("The center has no address in force, so its province is not known."))
    start, end = policy.get("effective_from"), policy.get("effective_to")
    if start is None:
        errors["effective_from"] = [_("Enter the date the policy takes effect.")]
    elif end is not None and end < start:
        errors["effective_to"] = [_("The end date is before the start date.")]
    for name in ("code", "title", "citation", "issuing_body"):
        if not (policy.get(name) or "").strip():
            errors[name] = [_("This field is required.")]
    if policy.get("kind") not in SupportPolicy.Kind.values:
        errors["kind"] = [_("Choose the kind of policy.")]
    if not rules:
        errors["rules"] = [_("A policy needs at least one rule.")]
    for rule in rules:
        for name, problems in rule_errors(rule).items():
            errors.setdefault(name, []).extend(problems)
    codes = [r.get("group_code") for r in rules]
    if len(set(codes)) != len(codes):
        errors.setdefault("group_code", []).append(_("Two rules have the same group code."))
    code = (policy.get("code") or "").strip()
    if code and SupportPolicy.objects.filter(code=code).exists():
        errors.setdefault("code", []).append(_("A policy with this code exists already."))
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, errors=errors)
    row = SupportPolicy.objects.create(
        **{name: policy.get(name) for name in POLICY_FIELDS if name != "code"},
        code=code,
        version=1,
        province=province,
        confidence=policy.get("confidence") or "U",
        is_example=is_example,
        created_by=actor,
    )
    for position, rule in enumerate(rules):
        SupportRule.objects.create(
            policy=row,
            position=position,
            confidence=row.confidence,
            **{name: rule.get(name) for name in RULE_FIELDS if rule.get(name) is not None},
        )
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.CREATE,
        obj=row,
        changes={"citation": [None, row.citation], "rules": [None, len(rules)]},
    )
    return row


@transaction.atomic
def province_rule_add(*, center: Center, policy: SupportPolicy, rule: dict, actor: User, day: dt.date) -> SupportRule:
    """One more rule for a province's own policy, only in the center's own province."""
    policy = SupportPolicy.objects.select_for_update().get(pk=policy.pk)
    province = center_province(center, day)
    if policy.province_id is None or province is None or policy.province_id != province.pk:
        raise ApplicationError(_("Only a policy of the center's own province can be changed here."))
    errors = rule_errors(rule)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)
    position = policy.rules.count()
    group_code = rule.get("group_code") or f"quy_dinh_{position + 1}"
    while policy.rules.filter(group_code=group_code).exists():
        position += 1
        group_code = f"quy_dinh_{position + 1}"
    row = SupportRule.objects.create(
        policy=policy,
        position=position,
        confidence=policy.confidence,
        **{name: rule.get(name) for name in RULE_FIELDS if rule.get(name) is not None and name != "group_code"},
        group_code=group_code,
    )
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.UPDATE,
        obj=policy,
        changes={"rules": [position, position + 1], "rule": [None, row.label]},
    )
    return row


@transaction.atomic
def support_facts_update(*, learner: Learner, data: dict, actor: User) -> SupportFacts:
    """Save the learner's support facts (each may be unknown); audited, as they are personal data."""
    if data.get("previously_supported") is not True and data.get("previously_supported_on"):
        raise ApplicationError(
            _("A date of earlier support only goes with “already supported: yes”."), field="previously_supported_on"
        )
    on = data.get("previously_supported_on")
    if on is not None and on > timezone.localdate():
        raise ApplicationError(_("The date of earlier support is in the future."), field="previously_supported_on")
    facts = SupportFacts.objects.select_for_update(of=("self",)).filter(learner=learner).first()
    created = facts is None
    if created:
        facts = SupportFacts(center=learner.center, learner=learner)
    before = {name: getattr(facts, name) for name in SupportFacts.FACT_FIELDS}
    for name in SupportFacts.FACT_FIELDS:
        if name in data:
            setattr(facts, name, data[name])
    facts.updated_by = actor
    facts.save()
    after = {name: getattr(facts, name) for name in SupportFacts.FACT_FIELDS}
    changes = changes_between(before, after)
    if created or changes:
        audit_record(
            actor=actor,
            center=learner.center,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=facts,
            changes=changes,
        )
    return facts
