"""Reads of the industry area, each with a fixed number of queries."""

from django.db.models import Q
from django.utils import timezone

from lotrinh.core.models import CenterRecord

from .models import Opening, Partnership, TrainingOrder


def enterprise_portal_home(*, enterprise) -> dict:
    """What an enterprise account sees at home: its partner centers, its openings and its training orders.

    Runs inside the enterprise_view scope (the partner centers); every query also filters by the enterprise.
    """
    partnerships = list(
        Partnership.objects.filter(enterprise=enterprise, status=Partnership.Status.ACTIVE).select_related("center")
    )
    center_ids = [p.center_id for p in partnerships]
    records = {
        r.center_id: r.name
        for r in CenterRecord.objects.filter(center_id__in=center_ids, valid_to__isnull=True).only("center_id", "name")
    }
    for partnership in partnerships:
        partnership.center_name = records.get(partnership.center_id, partnership.center.slug)
    openings = list(
        Opening.objects.filter(enterprise=enterprise, center_id__in=center_ids)
        .select_related("trade")
        .order_by("-created_at")[:50]
    )
    orders = list(
        TrainingOrder.objects.filter(Q(enterprise=enterprise) & Q(center_id__in=center_ids))
        .select_related("trade")
        .order_by("-starts_on")[:50]
    )
    for row in [*openings, *orders]:
        row.center_name = records.get(row.center_id, "")
    return {"partnerships": partnerships, "openings": openings, "orders": orders}


# --- Center pages ----------------------------------------------------------------------------------------


def partnership_list(
    *, center, query: str = "", park_id: int | None = None, industry: str = "", origin: str = ""
) -> list[Partnership]:
    """The center's partner enterprises, searched by name (without diacritics) or tax code: one query."""
    from lotrinh.core.text import search_key

    rows = Partnership.objects.filter(center=center).select_related(
        "enterprise", "enterprise__industry", "enterprise__industrial_park"
    )
    if query.strip():
        key = search_key(query)
        digits = query.strip().replace(" ", "")
        rows = rows.filter(Q(enterprise__search_name__contains=key) | Q(enterprise__tax_code__startswith=digits))
    if park_id:
        rows = rows.filter(enterprise__industrial_park_id=park_id)
    if industry:
        rows = rows.filter(enterprise__industry__code__startswith=industry)
    if origin:
        rows = rows.filter(enterprise__investor_origin=origin)
    return list(rows.order_by("enterprise__name"))


def partnership_detail(*, partnership: Partnership) -> dict:
    """Contacts, activity log, agreements, orders and openings of one partner: a fixed number of queries."""
    from .models import Agreement, EnterpriseContact, PartnershipActivity

    enterprise = partnership.enterprise
    return {
        "contacts": list(EnterpriseContact.objects.filter(enterprise=enterprise).order_by("-is_active", "full_name")),
        "activities": list(
            PartnershipActivity.objects.filter(partnership=partnership).select_related("by").order_by("-day", "-id")
        ),
        "agreements": list(Agreement.objects.filter(center=partnership.center, enterprise=enterprise)),
        "orders": list(
            TrainingOrder.objects.filter(center=partnership.center, enterprise=enterprise).select_related("trade")
        ),
        "openings": list(
            Opening.objects.filter(center=partnership.center, enterprise=enterprise).select_related("trade")
        ),
    }


def agreements_expiring(*, center, day, within_days: int = 60) -> list:
    """Agreements still valid on ``day`` whose validity ends within ``within_days`` days, soonest first."""
    import datetime as dt

    from .models import Agreement

    rows = list(
        Agreement.objects.filter(center=center, valid_to__gte=day, valid_to__lte=day + dt.timedelta(days=within_days))
        .select_related("enterprise")
        .order_by("valid_to", "number")
    )
    for row in rows:
        row.days_left = (row.valid_to - day).days
    return rows


def agreement_list(*, center, day) -> list:
    """Every agreement of the center with its quotas and documents: three queries."""
    from django.db.models import Prefetch

    from .models import Agreement, AgreementQuota

    rows = list(
        Agreement.objects.filter(center=center)
        .select_related("enterprise")
        .prefetch_related(Prefetch("quotas", queryset=AgreementQuota.objects.order_by("what")), "documents")
        .order_by("-valid_to", "number")
    )
    for row in rows:
        row.in_force = row.valid_from <= day <= row.valid_to
        row.days_left = (row.valid_to - day).days
    return rows


def training_order_list(*, center) -> list[TrainingOrder]:
    """Orders with their fulfilment: learners enrolled (or already through) in the linked class vs head count."""
    from django.db.models import Count

    from lotrinh.academics.models import EnrollmentStatus

    counted = [EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED, EnrollmentStatus.GRADUATED]
    rows = list(
        TrainingOrder.objects.filter(center=center)
        .select_related("enterprise", "trade", "school_class")
        .annotate(
            enrolled=Count(
                "school_class__enrollments",
                filter=Q(school_class__enrollments__status__in=counted),
            )
        )
        .order_by("-starts_on", "-id")
    )
    for row in rows:
        row.fulfilment_percent = min(100, round(100 * row.enrolled / row.head_count)) if row.head_count else 0
    return rows


def opening_list(*, center, status: str = "open") -> list[Opening]:
    rows = Opening.objects.filter(center=center).select_related("enterprise", "trade")
    if status:
        rows = rows.filter(status=status)
    return list(rows.order_by("deadline", "id"))


def openings_demand_by_trade(*, center, day) -> dict[int, int]:
    """Trade id → positions still open on ``day`` (open openings whose deadline has not passed). One query.

    For the careers recommendation (careers.selectors.demand_by_trade)."""
    from django.db.models import Sum

    rows = (
        Opening.objects.filter(center=center, status=Opening.Status.OPEN, deadline__gte=day)
        .values("trade_id")
        .annotate(positions=Sum("count"))
    )
    return {row["trade_id"]: row["positions"] for row in rows}


def _quarter(day) -> str:
    return f"Q{(day.month - 1) // 3 + 1}/{day.year}"


def labour_demand(*, center, day, quarters: int = 4) -> dict:
    """Demand by trade and quarter (positions of openings posted in the quarter, closed ones included, so the
    past stays visible) and graduates by trade over the same period. Three queries."""
    import datetime as dt

    from lotrinh.academics.models import EnrollmentStatus, EnrollmentStatusChange, Trade

    # the quarters ending with the one of ``day``
    starts = []
    year, q = day.year, (day.month - 1) // 3
    for _ in range(quarters):
        starts.append(dt.date(year, q * 3 + 1, 1))
        q -= 1
        if q < 0:
            q, year = 3, year - 1
    starts.reverse()
    period_start = starts[0]
    labels = [_quarter(s) for s in starts]

    openings = Opening.objects.filter(center=center, created_at__date__gte=period_start).values_list(
        "trade_id", "created_at", "count"
    )
    demand: dict[int, dict[str, int]] = {}
    for trade_id, created_at, count in openings:
        local = timezone.localtime(created_at).date()
        demand.setdefault(trade_id, {}).setdefault(_quarter(local), 0)
        demand[trade_id][_quarter(local)] += count
    graduates: dict[int, int] = {}
    for trade_id in EnrollmentStatusChange.objects.filter(
        center=center,
        status=EnrollmentStatus.GRADUATED,
        effective_on__gte=period_start,
        effective_on__lte=day,
        enrollment__school_class__trade__isnull=False,
    ).values_list("enrollment__school_class__trade_id", flat=True):
        graduates[trade_id] = graduates.get(trade_id, 0) + 1
    trade_ids = set(demand) | set(graduates)
    names = dict(Trade.objects.filter(pk__in=trade_ids).values_list("pk", "name"))
    rows = []
    for trade_id in trade_ids:
        by_quarter = [demand.get(trade_id, {}).get(label, 0) for label in labels]
        rows.append(
            {
                "trade_id": trade_id,
                "trade": names.get(trade_id, "?"),
                "by_quarter": by_quarter,
                "demand": sum(by_quarter),
                "graduates": graduates.get(trade_id, 0),
            }
        )
    rows.sort(key=lambda r: (-r["demand"], -r["graduates"], r["trade"]))
    return {"quarters": labels, "rows": rows, "period_start": period_start, "chart": demand_chart(rows)}


def demand_chart(rows: list[dict], width: int = 640, bar: int = 12) -> dict:
    """Geometry of a horizontal paired-bar SVG (demand vs graduates per trade): presentation attributes only."""
    label_w, gap, row_h = 180, 4, 2 * 12 + 14
    top = max([1, *[max(r["demand"], r["graduates"]) for r in rows]])
    scale = (width - label_w - 50) / top
    items = []
    for i, row in enumerate(rows):
        y = 10 + i * row_h
        items.append(
            {
                "trade": row["trade"],
                "label_y": y + bar + 2,
                "demand_y": y,
                "demand_w": max(1, round(row["demand"] * scale)) if row["demand"] else 0,
                "demand": row["demand"],
                "graduates_y": y + bar + gap - 2,
                "graduates_w": max(1, round(row["graduates"] * scale)) if row["graduates"] else 0,
                "graduates": row["graduates"],
            }
        )
    return {
        "width": width,
        "height": 20 + len(rows) * row_h,
        "label_w": label_w,
        "bar": bar,
        "items": items,
        "text_x": label_w - 8,
    }
