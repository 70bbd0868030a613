"""State changes of the careers area: a center's override of a trade's code, its demand table and its offers.

Every change is audited (old → new), and every rule is checked here so the pages and the API say the same.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.core.audit import audit_record, changes_between
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent, Center, User

from .models import CODE_VALIDATOR, LabourDemand, TradeInterestOverride, TrainingOffer

DEMAND_FIELDS = ("trade", "year", "quarter", "openings", "source", "noted_on")
OFFER_FIELDS = (
    "trade",
    "program",
    "level",
    "provider",
    "partner_name",
    "duration_months",
    "cost_vnd",
    "next_intake_on",
    "places",
)


def _snapshot(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def _code_clean(code: str) -> str:
    code = (code or "").strip().upper()
    try:
        CODE_VALIDATOR(code)
    except ValidationError as error:
        raise ApplicationError(error.messages[0], field="code") from None
    return code


# --- Overrides ----------------------------------------------------------------------------------------------


@transaction.atomic
def trade_code_override(*, center: Center, trade: Trade, code: str, reason: str, actor: User) -> TradeInterestOverride:
    """Set (or change) this center's code for a trade, with the reason."""
    code = _code_clean(code)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why this center reads the trade differently."), field="reason")
    if len(reason) > 500:
        raise ApplicationError(_("Keep the reason under 500 characters."), field="reason")
    existing = TradeInterestOverride.objects.select_for_update(of=("self",)).filter(center=center, trade=trade).first()
    before = _snapshot(existing, ("code", "reason")) if existing else {}
    if existing is None:
        existing = TradeInterestOverride(center=center, trade=trade)
    existing.code, existing.reason = code, reason
    existing.set_by, existing.set_on = actor, timezone.localdate()
    existing.save()
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        obj=existing,
        changes=changes_between(before, {"code": code, "reason": reason}),
    )
    return existing


@transaction.atomic
def trade_code_override_remove(*, center: Center, trade: Trade, actor: User) -> None:
    """Back to the reference code."""
    existing = TradeInterestOverride.objects.filter(center=center, trade=trade).first()
    if existing is None:
        raise ApplicationError(_("This trade has no override at this center."))
    audit_record(
        actor=actor,
        center=center,
        action=AuditEvent.Action.DELETE,
        obj=existing,
        changes={"code": [existing.code, None], "reason": [existing.reason, None]},
    )
    existing.delete()


# --- Demand -------------------------------------------------------------------------------------------------


def _demand_check(data: dict) -> None:
    errors: dict[str, list[str]] = {}
    openings = data.get("openings")
    if openings is None:
        errors["openings"] = [_("Write the number of openings.")]
    elif openings < 0:
        errors["openings"] = [_("The number of openings cannot be negative.")]
    elif openings > 1_000_000:
        errors["openings"] = [_("The number of openings looks too high: check the number.")]
    year = data.get("year")
    if year is None or not 2000 <= year <= 2100:
        errors["year"] = [_("Write the year, e.g. 2026.")]
    quarter = data.get("quarter")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        errors["quarter"] = [_("The quarter is 1, 2, 3 or 4 (or empty for the whole year).")]
    if not (data.get("source") or "").strip():
        errors["source"] = [_("Say where the figure comes from, e.g. a survey of the Quán Ngang industrial park.")]
    if data.get("trade") is None:
        errors["trade"] = [_("Choose a trade.")]
    if data.get("noted_on") is None:
        errors["noted_on"] = [_("Write the day the figure was noted.")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, errors=errors)


@transaction.atomic
def demand_create(
    *,
    center: Center,
    trade: Trade,
    year: int,
    quarter: int | None,
    openings: int,
    source: str,
    noted_on: dt.date,
    actor: User,
) -> LabourDemand:
    """One row of the demand table."""
    data = {
        "trade": trade,
        "year": year,
        "quarter": quarter,
        "openings": openings,
        "source": (source or "").strip(),
        "noted_on": noted_on,
    }
    _demand_check(data)
    row = LabourDemand.objects.create(center=center, created_by=actor, **data)
    audit_record(
        actor=actor, center=center, action=AuditEvent.Action.CREATE, obj=row, changes=changes_between({}, data)
    )
    return row


@transaction.atomic
def demand_update(*, row: LabourDemand, actor: User, **values) -> LabourDemand:
    """Change a row of the demand table (any of trade, year, quarter, openings, source, noted_on)."""
    unknown = set(values) - set(DEMAND_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    row = LabourDemand.objects.select_for_update().get(pk=row.pk)
    before = _snapshot(row, DEMAND_FIELDS)
    data = {**before, **values}
    data["source"] = (data.get("source") or "").strip()
    _demand_check(data)
    for name, value in data.items():
        setattr(row, name, value)
    row.save(update_fields=list(DEMAND_FIELDS))
    changes = changes_between(before, data)
    if changes:
        audit_record(actor=actor, center=row.center, action=AuditEvent.Action.UPDATE, obj=row, changes=changes)
    return row


@transaction.atomic
def demand_delete(*, row: LabourDemand, actor: User) -> None:
    audit_record(
        actor=actor,
        center=row.center,
        action=AuditEvent.Action.DELETE,
        obj=row,
        changes=changes_between(_snapshot(row, DEMAND_FIELDS), {n: None for n in DEMAND_FIELDS}),
    )
    row.delete()


# --- Offers -------------------------------------------------------------------------------------------------


def _offer_check(data: dict) -> None:
    errors: dict[str, list[str]] = {}
    if data.get("trade") is None:
        errors["trade"] = [_("Choose a trade.")]
    if data.get("program") is None:
        errors["program"] = [_("Choose a program.")]
    if data.get("level") not in Trade.Level.values:
        errors["level"] = [_("Choose a level.")]
    if data.get("provider") not in TrainingOffer.Provider.values:
        errors["provider"] = [_("Choose who runs the course.")]
    elif data["provider"] == TrainingOffer.Provider.PARTNER and not data.get("partner_name"):
        errors["partner_name"] = [_("Write the partner school's name.")]
    months = data.get("duration_months")
    if months is None or not 1 <= months <= 60:
        errors["duration_months"] = [_("The length is 1 to 60 months.")]
    cost = data.get("cost_vnd")
    if cost is None:
        errors["cost_vnd"] = [_("Write the cost (0 if free).")]
    elif cost < 0:
        errors["cost_vnd"] = [_("The cost cannot be negative.")]
    elif cost > 2_000_000_000:
        errors["cost_vnd"] = [_("The cost looks too high: check the number.")]
    places = data.get("places")
    if places is not None and not 0 <= places <= 10_000:
        errors["places"] = [_("The places are a number from 0 to 10,000.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors=errors)


def _offer_data(values: dict) -> dict:
    data = dict(values)
    data["partner_name"] = (data.get("partner_name") or "").strip()
    if data.get("provider") == TrainingOffer.Provider.CENTER:
        data["partner_name"] = ""
    return data


@transaction.atomic
def offer_create(
    *,
    center: Center,
    trade: Trade,
    program: ProgramType,
    level: str,
    provider: str,
    partner_name: str = "",
    duration_months: int,
    cost_vnd: int,
    next_intake_on: dt.date | None = None,
    places: int | None = None,
    actor: User,
) -> TrainingOffer:
    """A course on offer, at this center or a partner school."""
    data = _offer_data(
        {
            "trade": trade,
            "program": program,
            "level": level,
            "provider": provider,
            "partner_name": partner_name,
            "duration_months": duration_months,
            "cost_vnd": cost_vnd,
            "next_intake_on": next_intake_on,
            "places": places,
        }
    )
    _offer_check(data)
    offer = TrainingOffer.objects.create(center=center, created_by=actor, **data)
    audit_record(
        actor=actor, center=center, action=AuditEvent.Action.CREATE, obj=offer, changes=changes_between({}, data)
    )
    return offer


@transaction.atomic
def offer_update(*, offer: TrainingOffer, actor: User, **values) -> TrainingOffer:
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    offer = TrainingOffer.objects.select_for_update().get(pk=offer.pk)
    before = _snapshot(offer, OFFER_FIELDS)
    data = _offer_data({**before, **values})
    _offer_check(data)
    for name, value in data.items():
        setattr(offer, name, value)
    offer.save(update_fields=list(OFFER_FIELDS))
    changes = changes_between(before, data)
    if changes:
        audit_record(actor=actor, center=offer.center, action=AuditEvent.Action.UPDATE, obj=offer, changes=changes)
    return offer


@transaction.atomic
def offer_delete(*, offer: TrainingOffer, actor: User) -> None:
    audit_record(
        actor=actor,
        center=offer.center,
        action=AuditEvent.Action.DELETE,
        obj=offer,
        changes=changes_between(_snapshot(offer, OFFER_FIELDS), {n: None for n in OFFER_FIELDS}),
    )
    offer.delete()
