"""Reads of the careers area. Public, called by other apps:

- ``demand_by_trade(*, center, day) -> dict[trade_id, int]``: the one door to local labour demand.
- ``recommendations_for_scores(*, center, scores, day)``: for an anonymous test-taker (the public result page).
- ``recommendations_for_learner(*, learner, day)``: a learner's interests, grades and support estimates.

Each takes a fixed number of queries whatever the number of trades, offers or demand rows.
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django_scopes import scope

from lotrinh.academics.models import Enrollment, Trade
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import Center
from lotrinh.core.text import vietnamese_sort_key
from lotrinh.people.models import Learner

from . import recommending
from .models import (
    RIASEC,
    LabourDemand,
    RankingWeights,
    TradeInterestOverride,
    TradeInterestProfile,
    TrainingOffer,
    period_bounds,
)

DEMAND_LOOKBACK_DAYS = 365  # a survey period that ended more than a year ago no longer says who is hiring
SUPPORT_FOR_TOP = 5  # support is estimated for the pathways a learner is shown, not for every trade


# --- Reference data -----------------------------------------------------------------------------------------


def ranking_weights(day: dt.date) -> RankingWeights:
    """The weights in force on ``day`` (one query)."""
    weights = RankingWeights.objects.filter(RankingWeights.holding_on(day)).order_by("-valid_from").first()
    if weights is None:
        raise ApplicationError(_("No ranking weights are in force on this day."))
    return weights


def weights_in(row: RankingWeights) -> recommending.Weights:
    return recommending.Weights(
        version=row.version,
        interest=row.interest,
        grades=row.grades,
        demand=row.demand,
        length_cost=row.length_cost,
        demand_full_at=row.demand_full_at,
        months_full=row.months_full,
        cost_full_vnd=row.cost_full_vnd,
    )


def trades_on(day: dt.date) -> list[Trade]:
    """The catalogue in force with each trade's reference profile (one query)."""
    trades = Trade.objects.filter(Trade.holding_on(day)).select_related("interest_profile").order_by("name", "pk")
    return sorted(trades, key=lambda t: (vietnamese_sort_key(t.name), t.pk))


def _profile(trade: Trade) -> TradeInterestProfile | None:
    try:
        return trade.interest_profile
    except TradeInterestProfile.DoesNotExist:
        return None


# --- Demand -------------------------------------------------------------------------------------------------


def demand_rows() -> list[LabourDemand]:
    """The center's demand table, newest period first (one query, inside the center's scope)."""
    return list(LabourDemand.objects.select_related("trade", "created_by").order_by("-year", "-quarter", "trade__name"))


def _demand_from(rows, day: dt.date) -> dict[int, int]:
    """Per trade and source, the latest period that has started by ``day`` and ended within the last year; summed
    over sources (two surveys of the same period from the same source do not add up: the latest noted wins).

    ``rows``: (id, trade_id, year, quarter, openings, source, noted_on)."""
    since = day - dt.timedelta(days=DEMAND_LOOKBACK_DAYS)
    latest: dict[tuple[int, str], tuple] = {}
    bounds: dict[tuple[int, int | None], tuple[dt.date, dt.date]] = {}
    sources: dict[str, str] = {}
    for pk, trade_id, year, quarter, openings, source, noted_on in rows:
        period = bounds.get((year, quarter))
        if period is None:
            period = bounds[(year, quarter)] = period_bounds(year, quarter)
        start, end = period
        if start > day or end < since:
            continue
        same_source = sources.get(source)
        if same_source is None:
            same_source = sources[source] = source.strip().casefold()
        key = (trade_id, same_source)
        rank = (start, noted_on, pk)
        kept = latest.get(key)
        if kept is None or rank > kept[0]:
            latest[key] = (rank, openings)
    totals: dict[int, int] = defaultdict(int)
    for (trade_id, _source), (_rank, openings) in latest.items():
        totals[trade_id] += openings
    return dict(totals)


def demand_by_trade(*, center: Center, day: dt.date) -> dict[int, int]:
    """Openings per trade id as of ``day`` (two queries). A trade nobody recorded is absent, not 0.

    Enterprises' live postings (industry openings still open on ``day``) are the first source; the demand table
    the center keeps answers for a trade with no posting, so a surveyed figure is never added on top of the
    postings it may already count."""
    from lotrinh.industry.selectors import openings_demand_by_trade

    with scope(center=center):
        rows = list(
            LabourDemand.objects.filter(center=center, year__lte=day.year, year__gte=day.year - 1).values_list(
                "id", "trade_id", "year", "quarter", "openings", "source", "noted_on"
            )
        )
        posted = openings_demand_by_trade(center=center, day=day)
    return _demand_from(rows, day) | posted


# --- The trade list -----------------------------------------------------------------------------------------


@dataclass
class TradeRow:
    trade: Trade
    profile: TradeInterestProfile | None
    override: TradeInterestOverride | None
    demand: int | None
    offers: list[TrainingOffer] = field(default_factory=list)

    @property
    def code(self) -> str:
        """The code in force at this center."""
        if self.override:
            return self.override.code
        return self.profile.code if self.profile else ""

    @property
    def reference_code(self) -> str:
        return self.profile.code if self.profile else ""


def offers_of(center: Center) -> list[TrainingOffer]:
    with scope(center=center):
        return list(
            TrainingOffer.objects.filter(center=center)
            .select_related("trade", "program")
            .order_by("trade__name", "duration_months", "pk")
        )


def trade_rows(*, center: Center, day: dt.date) -> list[TradeRow]:
    """Every trade in force with its code (and the center's override), demand and offers (four queries)."""
    trades = trades_on(day)
    with scope(center=center):
        overrides = {
            o.trade_id: o for o in TradeInterestOverride.objects.filter(center=center).select_related("set_by")
        }
    demand = demand_by_trade(center=center, day=day)
    offers: dict[int, list[TrainingOffer]] = defaultdict(list)
    for offer in offers_of(center):
        offers[offer.trade_id].append(offer)
    return [
        TradeRow(
            trade=t,
            profile=_profile(t),
            override=overrides.get(t.pk),
            demand=demand.get(t.pk),
            offers=offers.get(t.pk, []),
        )
        for t in trades
    ]


def trade_row(*, center: Center, trade: Trade, day: dt.date) -> TradeRow:
    return next(r for r in trade_rows(center=center, day=day) if r.trade.pk == trade.pk)


# --- Recommendations ----------------------------------------------------------------------------------------


def _offer_in(offer: TrainingOffer, *, support=None, depends: bool = False) -> recommending.OfferIn:
    return recommending.OfferIn(
        offer_id=offer.pk,
        program=offer.program.name,
        at_center=offer.provider == TrainingOffer.Provider.CENTER,
        partner=offer.partner_name,
        months=offer.duration_months,
        cost_vnd=offer.cost_vnd,
        support=support,
        support_depends=depends,
    )


# Read as floats: the ranking's correlation needs no exact decimals, and two hundred trades × six Decimals cost.
_LEVELS_AS_FLOAT = {f"oi_{t.lower()}": Cast(f"interest_profile__level_{t.lower()}", FloatField()) for t in RIASEC}


def trade_options(*, center: Center, day: dt.date, depends: bool = False) -> dict[int, recommending.TradeOption]:
    """The ranking's inputs for every trade in force, read as plain values (four queries, no model instances: the
    ranking reads two hundred trades and their offers well within its time)."""
    with scope(center=center):
        overrides = dict(TradeInterestOverride.objects.filter(center=center).values_list("trade_id", "code"))
        offers: dict[int, list[recommending.OfferIn]] = defaultdict(list)
        for pk, trade_id, program, provider, partner, months, cost in (
            TrainingOffer.objects.filter(center=center)
            .order_by("duration_months", "pk")
            .values_list("pk", "trade_id", "program__name", "provider", "partner_name", "duration_months", "cost_vnd")
        ):
            offers[trade_id].append(
                recommending.OfferIn(
                    offer_id=pk,
                    program=program,
                    at_center=provider == TrainingOffer.Provider.CENTER,
                    partner=partner,
                    months=months,
                    cost_vnd=cost,
                    support_depends=depends,
                )
            )
    demand = demand_by_trade(center=center, day=day)
    labels = {value: str(label) for value, label in Trade.Level.choices}
    options = {}
    for row in (
        Trade.objects.filter(Trade.holding_on(day))
        .order_by("name", "pk")
        .annotate(**_LEVELS_AS_FLOAT)
        .values_list("pk", "name", "level", "interest_profile__code", *_LEVELS_AS_FLOAT)
    ):
        pk, name, level, code, *levels = row
        options[pk] = recommending.TradeOption(
            trade_id=pk,
            trade_name=name,
            level=level,
            level_label=labels.get(level, level),
            code=overrides.get(pk) or code or "",
            levels=dict(zip(RIASEC, levels, strict=True)) if code else None,
            demand=demand.get(pk),
            offers=tuple(offers.get(pk, ())),
        )
    return options


def _valid_scores(scores) -> dict[str, int] | None:
    if not scores:
        return None
    try:
        clean = {t: int(scores[t]) for t in RIASEC}
    except (KeyError, TypeError, ValueError):
        return None
    if any(not recommending.SCORE_MIN <= v <= recommending.SCORE_MAX for v in clean.values()):
        return None
    return clean


def recommendations_for_scores(
    *, center: Center, scores: dict[str, int] | None, day: dt.date, limit: int | None = None
) -> list[recommending.Recommendation]:
    """Every trade (or the best ``limit``) ranked for six RIASEC scores (8–40) of someone without a record: no
    grades; support depends on circumstances. Five queries."""
    weights = weights_in(ranking_weights(day))
    options = list(trade_options(center=center, day=day, depends=True).values())
    return recommending.rank(
        options, scores=_valid_scores(scores), grades=None, weights=weights, translate=_, limit=limit
    )


def _mean(values: list[Decimal]) -> float | None:
    return float(sum(values) / len(values)) if values else None


def grade_facts(learner: Learner) -> recommending.GradeFacts:
    """Culture subjects' latest averages and module results per trade, from the transcript (four queries)."""
    from lotrinh.assessment.selectors import transcript

    record = transcript(learner=learner)
    culture: list[Decimal] = []
    modules: dict[int, list[Decimal]] = defaultdict(list)
    for klass in record.classes:
        for line in klass.subjects:
            average = line.year.average
            if average is None:
                term_averages = [t.result.average for t in line.terms.values() if t.result.average is not None]
                average = term_averages[-1] if term_averages else None
            if average is not None:
                culture.append(Decimal(average))
        if klass.school_class.trade_id:
            modules[klass.school_class.trade_id] += [Decimal(m.value) for m in klass.modules]
    return recommending.GradeFacts(
        culture_average=_mean(culture),
        trade_averages={trade_id: _mean(values) for trade_id, values in modules.items() if values},
    )


def _support_function():
    """``lotrinh.support.selectors.support_estimate`` if that area provides it, else None. With the policies in
    force read once (``policies_in_force``, when there), each estimate costs no more queries."""
    try:
        from lotrinh.support import selectors as support
    except ImportError:
        return None
    estimate = getattr(support, "support_estimate", None)
    if estimate is None:
        return None
    policies_in_force = getattr(support, "policies_in_force", None)
    if policies_in_force is None:
        return estimate
    cache: dict = {}

    def estimate_with_policies(*, learner: Learner, offer: TrainingOffer, day: dt.date):
        if (learner.center_id, day) not in cache:
            cache[(learner.center_id, day)] = policies_in_force(center=learner.center_id, day=day)
        return estimate(learner=learner, offer=offer, day=day, policies=cache[(learner.center_id, day)])

    return estimate_with_policies


def _support_lines(estimate, *, learner: Learner, offer: TrainingOffer, day: dt.date):
    lines = estimate(learner=learner, offer=offer, day=day) or []
    return tuple(
        recommending.SupportLine(
            policy_name=str(getattr(line, "policy_name", "")),
            status=str(getattr(line, "status", "")),
            amount_vnd=getattr(line, "amount_vnd", None),
            percent=getattr(line, "percent", None),
            citation=str(getattr(line, "citation", "") or ""),
            explanation=str(getattr(line, "explanation", "") or ""),
            potential_vnd=getattr(line, "potential_vnd", None),
        )
        for line in lines
    )


def latest_attempt(learner: Learner):
    """The learner's latest interest test, if the interests area is there (one query)."""
    try:
        from lotrinh.interests.selectors import latest_attempt_of
    except ImportError:
        return None
    return latest_attempt_of(learner)


_UNSET = object()


def recommendations_for_learner(
    *, learner: Learner, day: dt.date, limit: int = SUPPORT_FOR_TOP, attempt=_UNSET, grades=None
) -> list[recommending.Recommendation]:
    """The learner's best ``limit`` trades, with the support each pathway's course may get.

    Ranked over every trade first; support is then estimated for the shown pathways only (it does not change
    the score), so the queries are fixed: eleven, plus what the support area's estimates take (its policies once).
    """
    with scope(center=learner.center):
        return _recommendations_for_learner(learner=learner, day=day, limit=limit, attempt=attempt, grades=grades)


def _recommendations_for_learner(*, learner: Learner, day: dt.date, limit: int, attempt, grades):
    center = learner.center
    if attempt is _UNSET:
        attempt = latest_attempt(learner)
    scores = _valid_scores(attempt.scores) if attempt is not None else None
    if grades is None:
        grades = grade_facts(learner)
    weights = weights_in(ranking_weights(day))
    options = trade_options(center=center, day=day)
    top = recommending.rank(
        list(options.values()), scores=scores, grades=grades, weights=weights, translate=_, limit=limit or None
    )
    estimate = _support_function()
    if estimate is None:
        return top
    shown = [rec.offer_id for rec in top if rec.offer_id is not None]
    offers = TrainingOffer.objects.select_related("trade", "program").in_bulk(shown)
    result = []
    for rec in top:
        if rec.offer_id is None:
            result.append(rec)
            continue
        offer = offers[rec.offer_id]
        support = _support_lines(estimate, learner=learner, offer=offer, day=day)
        chosen = dataclasses.replace(options[rec.trade_id], offers=(_offer_in(offer, support=support),))
        result.append(recommending.recommend_one(chosen, scores=scores, grades=grades, weights=weights, translate=_))
    return result


# --- The learner's guidance page and the family report -------------------------------------------------------


@dataclass
class LearnerGuidance:
    learner: Learner
    class_name: str
    school: str
    attempt: object | None
    scores: dict[str, int] | None
    code: str
    code_with_ties: str
    grades: recommending.GradeFacts
    recommendations: list[recommending.Recommendation]
    weights_version: str
    support_available: bool
    max_score: int = recommending.SCORE_MAX

    @property
    def score_rows(self) -> list[tuple[str, str, int, int]]:
        """(letter, type name, score, width % of the bar) in R-I-A-S-E-C order."""
        if not self.scores:
            return []
        return [
            (t, _(recommending.TYPE_NAMES[t]), self.scores[t], round(100 * self.scores[t] / self.max_score))
            for t in RIASEC
        ]

    @property
    def support_reasons(self) -> list[recommending.Reason]:
        return [reason for rec in self.recommendations for reason in rec.reasons if reason.kind == "support"]


def learner_guidance(*, learner: Learner, day: dt.date) -> LearnerGuidance:
    """Everything the guidance page and the family report show about one learner (a fixed number of queries)."""
    with scope(center=learner.center):
        return _learner_guidance(learner=learner, day=day)


def _learner_guidance(*, learner: Learner, day: dt.date) -> LearnerGuidance:
    enrollment = (
        Enrollment.objects.filter(learner=learner)
        .select_related("school_class")
        .order_by("-enrolled_on", "-pk")
        .first()
    )
    attempt = latest_attempt(learner)
    scores = _valid_scores(attempt.scores) if attempt is not None else None
    grades = grade_facts(learner)
    recs = recommendations_for_learner(learner=learner, day=day, attempt=attempt, grades=grades)
    return LearnerGuidance(
        learner=learner,
        class_name=enrollment.school_class.name if enrollment else "",
        school=learner.previous_school,
        attempt=attempt,
        scores=scores,
        code=recommending.person_code(scores) if scores else "",
        code_with_ties=(getattr(attempt, "code_with_ties", "") or recommending.ties_text(scores)) if scores else "",
        grades=grades,
        recommendations=recs,
        weights_version=ranking_weights(day).version,
        support_available=_support_function() is not None,
    )
