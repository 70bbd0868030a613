"""The support and tuition rule engine: pure Python, dataclasses in and out, no Django.

A fact is a value or explicitly unknown (``None``); an unknown fact is never taken for "no". A poor or near-poor
household certificate whose validity ended before the day is *expired*: never treated as valid, never guessed.

The policy tables themselves (groups, caps, percentages, allowances, effective dates, citations) are reference
data in the database (``lotrinh.support.models``); this module only knows how to read one rule's conditions.

Vietnamese texts: the project's code carries English msgids, but this module has no Django and so no catalogue;
its explanations are written in Vietnamese directly, as the engine's output is read only by Vietnamese staff
and families (the labels of the facts are in ``FACT_LABELS`` and ``TO_COLLECT`` below).
"""

import datetime as dt
from dataclasses import dataclass, field

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
MISSING_FACT = "missing_fact"
EXPIRED_FACT = "expired_fact"
STATUSES = (ELIGIBLE, MISSING_FACT, EXPIRED_FACT, NOT_ELIGIBLE)

# Course levels a rule may name.
LEVELS = ("so_cap", "duoi_3_thang", "trung_cap", "cao_dang", "trung_hoc_nghe", "gdtx_thcs", "gdtx_thpt")
VET_LEVELS = ("so_cap", "duoi_3_thang", "trung_cap", "cao_dang", "trung_hoc_nghe")

# Benefits a rule grants.
TRAINING_COST = "training_cost"  # min(cap, the course's approved cost); no cap = the whole cost
TUITION_PERCENT = "tuition_percent"  # percent of the tuition fee exempted or reduced
PER_DAY = "per_day"  # amount × actual study days (meal allowance)
PER_COURSE = "per_course"  # amount once per course (travel allowance)
BENEFITS = (TRAINING_COST, TUITION_PERCENT, PER_DAY, PER_COURSE)

CONFIDENCE_ORDER = {"V": 0, "S": 1, "M": 2, "U": 3}

# The facts a rule's conditions may name, with the words a member of staff reads.
FACT_LABELS = {
    "poor": "hộ nghèo",
    "near_poor": "hộ cận nghèo",
    "poor_or_near_poor": "hộ nghèo hoặc cận nghèo",
    "ethnic_minority": "người dân tộc thiểu số",
    "disability": "người khuyết tật",
    "disadvantaged_commune": "cư trú ở xã khó khăn / đặc biệt khó khăn",
    "policy_beneficiary": "người có công với cách mạng hoặc thân nhân",
    "orphan": "mồ côi cả cha và mẹ, không nơi nương tựa",
    "land_recovered": "hộ bị thu hồi đất nông nghiệp, đất kinh doanh",
    "female_lost_job": "lao động nữ bị mất việc làm",
    "fisher": "ngư dân",
    "fisher_steel_vessel": "ngư dân học nghề trên tàu vỏ thép / vật liệu mới từ 400 CV",
    "female": "phụ nữ",
    "rural_worker": "lao động nông thôn",
    "thcs_graduate": "tốt nghiệp THCS học tiếp trung cấp",
    "parent_work_accident": "con của người hưởng trợ cấp tai nạn lao động / bệnh nghề nghiệp thường xuyên",
    "special_trade": "ngành nghệ thuật truyền thống, đặc thù hoặc nặng nhọc, độc hại, nguy hiểm",
    "previously_supported": "đã được hỗ trợ đào tạo nghề theo chính sách của Nhà nước",
    "distance": "khoảng cách từ nơi ở đến nơi học",
    "ownership": "cơ sở đào tạo công lập hay ngoài công lập",
    "cost": "chi phí đào tạo được duyệt của khóa học",
}
FACTS = tuple(FACT_LABELS)

# What to collect when a fact is missing or expired.
TO_COLLECT = {
    "household": "giấy chứng nhận hộ nghèo / cận nghèo còn hiệu lực (hoặc xác nhận hộ không thuộc diện này)",
    "ethnic_minority": "dân tộc của học viên",
    "disability": "giấy xác nhận khuyết tật (hoặc xác nhận không khuyết tật)",
    "disadvantaged_commune": "xã nơi cư trú và danh sách xã khó khăn / đặc biệt khó khăn",
    "distance": "khoảng cách từ nơi ở đến nơi học (km)",
    "previously_supported": "xác nhận đã / chưa từng được hỗ trợ đào tạo nghề",
    "ownership": "loại hình cơ sở đào tạo (công lập / ngoài công lập)",
}


@dataclass(frozen=True)
class Facts:
    """What is known about one person. ``None`` everywhere means "not known yet"."""

    household: str | None = None  # "poor", "near_poor", "none" (checked: neither), None (unknown)
    household_certificate_valid_from: dt.date | None = None
    household_certificate_valid_to: dt.date | None = None
    ethnic_minority: bool | None = None
    disability: bool | None = None
    disadvantaged_commune: bool | None = None
    distance_km: float | None = None
    policy_beneficiary: bool | None = None
    orphan: bool | None = None
    land_recovered: bool | None = None
    female_lost_job: bool | None = None
    fisher: bool | None = None
    fisher_steel_vessel: bool | None = None
    female: bool | None = None
    rural_worker: bool | None = None
    thcs_graduate: bool | None = None
    parent_work_accident: bool | None = None
    previously_supported: bool | None = None


@dataclass(frozen=True)
class Course:
    """The course the estimate is for."""

    level: str
    duration_days: int | None = None
    study_days: int | None = None  # actual study days (meal allowance)
    ownership: str = "public"  # "public", "private" or "unknown"
    cost_vnd: int | None = None  # approved training cost or tuition fee of the course
    distance_km: float | None = None  # to the training site, when it differs from the learner's own figure
    special_trade: bool | None = None


@dataclass(frozen=True)
class Rule:
    group_code: str
    label: str
    benefit: str
    levels: tuple[str, ...] = ()  # empty: any level
    ownership: str = "any"  # "public", "private" or "any"
    all_of: tuple[str, ...] = ()  # facts that must all hold
    any_of: tuple[str, ...] = ()  # facts of which one must hold (empty: no such condition)
    min_distance_km: float | None = None
    cap_vnd: int | None = None
    percent: int | None = None
    amount_vnd: int | None = None  # per day or per course
    exclusive_group: str = ""  # rules of one group in a policy: only the highest tier applies
    tier: int = 0
    confidence: str = "V"


@dataclass(frozen=True)
class Policy:
    code: str
    version: int
    name: str
    citation: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    confidence: str = "V"
    once_only: bool = False
    scope: str = ""  # "" national, else the province's name
    rules: tuple[Rule, ...] = ()

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Outcome:
    policy_code: str
    policy_name: str
    rule_label: str
    group_code: str
    status: str
    amount_vnd: int | None
    percent: int | None
    explanation: str
    citation: str
    effective_from: dt.date
    effective_to: dt.date | None
    confidence: str
    benefit: str = ""
    facts_needed: tuple[str, ...] = ()  # what to collect (TO_COLLECT texts) for a missing or expired fact
    potential_vnd: int | None = None  # what a missing fact would unlock, when the amount is known
    scope: str = ""

    @property
    def verified(self) -> bool:
        return self.confidence in ("V", "S")


# A fact's value on a day: True, False, or why it cannot be used.
@dataclass(frozen=True)
class _Unknown:
    fact: str
    expired: bool = False
    note: str = ""


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " ₫"


def _household(facts: Facts, wanted: tuple[str, ...], day: dt.date) -> bool | _Unknown:
    if facts.household is None:
        return _Unknown("household", note="Chưa có thông tin hộ nghèo / cận nghèo")
    if facts.household == "none":
        return False
    if facts.household not in wanted:
        return False
    valid_to = facts.household_certificate_valid_to
    if valid_to is not None and valid_to < day:
        return _Unknown(
            "household",
            expired=True,
            note=f"Giấy chứng nhận hộ {'nghèo' if facts.household == 'poor' else 'cận nghèo'} "
            f"đã hết hiệu lực từ {valid_to:%d/%m/%Y}",
        )
    valid_from = facts.household_certificate_valid_from
    if valid_from is None:
        return _Unknown("household", note="Chưa có ngày hiệu lực của giấy chứng nhận hộ nghèo / cận nghèo")
    if valid_from > day:
        return _Unknown(
            "household", note=f"Giấy chứng nhận hộ nghèo / cận nghèo chỉ có hiệu lực từ {valid_from:%d/%m/%Y}"
        )
    return True


def _fact(name: str, facts: Facts, course: Course, day: dt.date) -> bool | _Unknown:
    if name == "poor":
        return _household(facts, ("poor",), day)
    if name == "near_poor":
        return _household(facts, ("near_poor",), day)
    if name == "poor_or_near_poor":
        return _household(facts, ("poor", "near_poor"), day)
    if name == "fisher_steel_vessel" and facts.fisher is False:
        return False  # not a fisher: not one training on a steel vessel either
    value = course.special_trade if name == "special_trade" else getattr(facts, name)
    if value is None:
        return _Unknown(name, note=f"Chưa có thông tin: {FACT_LABELS[name]}")
    return bool(value)


def _and(values: list[bool | _Unknown]) -> bool | list[_Unknown]:
    if any(v is False for v in values):
        return False
    unknown = [v for v in values if isinstance(v, _Unknown)]
    return unknown or True


def _or(values: list[bool | _Unknown]) -> bool | list[_Unknown]:
    if any(v is True for v in values):
        return True
    unknown = [v for v in values if isinstance(v, _Unknown)]
    return unknown or False


def _conditions(rule: Rule, facts: Facts, course: Course, day: dt.date) -> bool | list[_Unknown]:
    """True, False, or the unknown/expired facts that keep the answer open."""
    parts: list[bool | _Unknown] = []
    for name in rule.all_of:
        parts.append(_fact(name, facts, course, day))
    if rule.any_of:
        either = _or([_fact(name, facts, course, day) for name in rule.any_of])
        if either is False or either is True:
            parts.append(either)
        else:
            parts.extend(either)
    if rule.min_distance_km is not None:
        distance = course.distance_km if course.distance_km is not None else facts.distance_km
        if distance is None:
            parts.append(_Unknown("distance", note="Chưa có thông tin khoảng cách từ nơi ở đến nơi học"))
        else:
            parts.append(distance >= rule.min_distance_km)
    if rule.ownership != "any":
        if course.ownership == "unknown":
            parts.append(_Unknown("ownership", note="Chưa rõ cơ sở đào tạo công lập hay ngoài công lập"))
        else:
            parts.append(course.ownership == rule.ownership)
    return _and(parts)


def _applies_to_course(rule: Rule, course: Course) -> bool:
    return not rule.levels or course.level in rule.levels


def _amount(rule: Rule, course: Course) -> tuple[int | None, str]:
    """The amount in VND (None when the course does not say enough) and how it was reached."""
    if rule.benefit == TRAINING_COST:
        if course.cost_vnd is None:
            if rule.cap_vnd is None:
                return None, "toàn bộ chi phí đào tạo được duyệt"
            return rule.cap_vnd, f"tối đa {_money(rule.cap_vnd)} mỗi khóa (chưa có chi phí đào tạo được duyệt)"
        if rule.cap_vnd is None:
            return course.cost_vnd, f"toàn bộ chi phí đào tạo {_money(course.cost_vnd)}"
        amount = min(rule.cap_vnd, course.cost_vnd)
        return amount, (
            f"mức trần {_money(rule.cap_vnd)}, chi phí đào tạo được duyệt {_money(course.cost_vnd)}: "
            f"hỗ trợ {_money(amount)}"
        )
    if rule.benefit == PER_DAY:
        rate = rule.amount_vnd or 0
        if course.study_days is None:
            return None, f"{_money(rate)} mỗi ngày học thực tế (chưa có số ngày học)"
        amount = rate * course.study_days
        return amount, f"{_money(rate)} × {course.study_days} ngày học thực tế = {_money(amount)}"
    if rule.benefit == PER_COURSE:
        amount = rule.amount_vnd or 0
        return amount, f"{_money(amount)} mỗi khóa học"
    # TUITION_PERCENT
    percent = rule.percent or 0
    if course.cost_vnd is None:
        return None, f"{'miễn' if percent == 100 else 'giảm'} {percent}% học phí"
    amount = course.cost_vnd * percent // 100
    return amount, f"{'miễn' if percent == 100 else 'giảm'} {percent}% học phí ({_money(amount)})"


def _rule_rank(rule: Rule) -> tuple[int, int]:
    return (rule.tier, rule.percent or 0)


def _weaker(a: str, b: str) -> str:
    return a if CONFIDENCE_ORDER.get(a, 3) >= CONFIDENCE_ORDER.get(b, 3) else b


def _evaluate_policy(policy: Policy, facts: Facts, course: Course, day: dt.date) -> list[Outcome]:
    rules = [r for r in policy.rules if _applies_to_course(r, course)]
    if not rules:
        return []
    once = None
    if policy.once_only:
        if facts.previously_supported is True:
            once = False
        elif facts.previously_supported is None:
            once = _Unknown(
                "previously_supported",
                note="Chưa có thông tin đã từng được hỗ trợ đào tạo nghề theo chính sách của Nhà nước hay chưa",
            )
    results: list[tuple[Rule, bool | list[_Unknown]]] = [(r, _conditions(r, facts, course, day)) for r in rules]
    # The single highest tier of each exclusive group that the person meets.
    chosen: dict[str, Rule] = {}
    for rule, result in results:
        if rule.exclusive_group and result is True:
            best = chosen.get(rule.exclusive_group)
            if best is None or _rule_rank(rule) > _rule_rank(best):
                chosen[rule.exclusive_group] = rule
    outcomes = []
    for rule, result in results:
        amount, how = _amount(rule, course)
        percent = rule.percent if rule.benefit == TUITION_PERCENT else None
        base = dict(
            policy_code=policy.code,
            policy_name=policy.name,
            rule_label=rule.label,
            group_code=rule.group_code,
            citation=policy.citation,
            effective_from=policy.effective_from,
            effective_to=policy.effective_to,
            confidence=_weaker(policy.confidence, rule.confidence),
            scope=policy.scope,
            benefit=rule.benefit,
        )
        best = chosen.get(rule.exclusive_group) if rule.exclusive_group else None
        if result is False:
            outcomes.append(
                Outcome(**base, status=NOT_ELIGIBLE, amount_vnd=None, percent=None, explanation=_why_not(rule))
            )
            continue
        if result is True and best is not None and best is not rule:
            outcomes.append(
                Outcome(
                    **base,
                    status=NOT_ELIGIBLE,
                    amount_vnd=None,
                    percent=None,
                    explanation=f"Chỉ áp dụng một mức cao nhất: học viên thuộc mức cao hơn «{best.label}».",
                )
            )
            continue
        if result is not True and best is not None and _rule_rank(best) >= _rule_rank(rule):
            # A tier no higher than the one already met: collecting the fact would change nothing.
            outcomes.append(
                Outcome(
                    **base,
                    status=NOT_ELIGIBLE,
                    amount_vnd=None,
                    percent=None,
                    explanation=f"Chỉ áp dụng một mức cao nhất: học viên thuộc mức cao hơn «{best.label}».",
                )
            )
            continue
        unknown = [] if result is True else list(result)
        if once is False:
            outcomes.append(
                Outcome(
                    **base,
                    status=NOT_ELIGIBLE,
                    amount_vnd=None,
                    percent=None,
                    explanation="Mỗi người chỉ được hỗ trợ đào tạo một lần: học viên đã được hỗ trợ trước đây.",
                )
            )
            continue
        if isinstance(once, _Unknown):
            unknown.append(once)
        if not unknown:
            outcomes.append(
                Outcome(
                    **base, status=ELIGIBLE, amount_vnd=amount, percent=percent, explanation=f"Đủ điều kiện: {how}."
                )
            )
            continue
        expired = any(u.expired for u in unknown)
        needed = tuple(dict.fromkeys(TO_COLLECT.get(u.fact, FACT_LABELS.get(u.fact, u.fact)) for u in unknown))
        notes = "; ".join(dict.fromkeys(u.note for u in unknown))
        outcomes.append(
            Outcome(
                **base,
                status=EXPIRED_FACT if expired else MISSING_FACT,
                amount_vnd=None,
                percent=None,
                explanation=f"{notes}. Nếu đủ điều kiện: {how}.",
                facts_needed=needed,
                potential_vnd=amount,
            )
        )
    return outcomes


def _why_not(rule: Rule) -> str:
    needs = [FACT_LABELS.get(name, name) for name in rule.all_of]
    if rule.any_of:
        needs.append(" hoặc ".join(FACT_LABELS.get(name, name) for name in rule.any_of))
    if rule.min_distance_km is not None:
        needs.append(f"nơi ở cách nơi học từ {rule.min_distance_km:g} km trở lên")
    if rule.ownership == "public":
        needs.append("học tại cơ sở công lập")
    elif rule.ownership == "private":
        needs.append("học tại cơ sở ngoài công lập")
    return "Không thuộc đối tượng: cần " + ", ".join(needs) + "." if needs else "Không thuộc đối tượng."


def evaluate(facts: Facts, course: Course, policies: list[Policy], day: dt.date) -> list[Outcome]:
    """Every rule of every policy in force on ``day`` that applies to the course's level, with its outcome.

    Order: the policies as given, each one's rules as given.
    """
    outcomes: list[Outcome] = []
    for policy in policies:
        if policy.in_force_on(day):
            outcomes.extend(_evaluate_policy(policy, facts, course, day))
    return outcomes


@dataclass
class Summary:
    eligible: list[Outcome] = field(default_factory=list)
    pending: list[Outcome] = field(default_factory=list)  # missing or expired facts
    not_eligible: list[Outcome] = field(default_factory=list)

    @property
    def total_vnd(self) -> int:
        """Allowances add up; the training-cost support and the tuition exemptions all pay the same course fee,
        so only the largest of them counts (a fee is not covered twice)."""
        fee = [o.amount_vnd or 0 for o in self.eligible if o.benefit in (TRAINING_COST, TUITION_PERCENT)]
        allowances = sum(o.amount_vnd or 0 for o in self.eligible if o.benefit not in (TRAINING_COST, TUITION_PERCENT))
        return max(fee, default=0) + allowances

    @property
    def to_collect(self) -> list[str]:
        return list(dict.fromkeys(text for o in self.pending for text in o.facts_needed))


def summarize(outcomes: list[Outcome]) -> Summary:
    summary = Summary()
    for outcome in outcomes:
        if outcome.status == ELIGIBLE:
            summary.eligible.append(outcome)
        elif outcome.status in (MISSING_FACT, EXPIRED_FACT):
            summary.pending.append(outcome)
        else:
            summary.not_eligible.append(outcome)
    return summary
