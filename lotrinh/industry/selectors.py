"""Reads of the industry area, each with a fixed number of queries."""

from django.db.models import Q

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
