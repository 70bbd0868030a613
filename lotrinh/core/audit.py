"""Writing the audit log. Services call these inside their own transaction."""

from typing import Any
from urllib.parse import parse_qsl

from django.db import models

from .audit_display import is_labelled
from .models import AuditEvent, Center, User


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value differs."""
    return {
        field: [_plain(before.get(field)), _plain(after.get(field))]
        for field in after
        if _plain(before.get(field)) != _plain(after.get(field))
    }


def audit_export(
    *, actor: User, center: Center, title: str, query: str = "", obj: models.Model | None = None
) -> AuditEvent:
    """Personal data leaving the system as a file: who took which list (or whose record), with which filters."""
    described = f"{title}: {obj}" if obj is not None else title
    # The filters that were set, as typed: a blank search box is no filter.
    filters = "&".join(f"{name}={value}" for name, value in parse_qsl(query))
    described = f"{described} [{filters}]" if filters else described
    return AuditEvent.objects.create(
        center=center,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type=obj._meta.label_lower if obj is not None else "export",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=described[:200],
    )


def audit_record(
    *,
    actor: User | None,
    center: Center | None,
    action: str,
    obj: models.Model,
    changes: dict[str, list[Any]] | None = None,
) -> AuditEvent:
    """Append one event; never updated afterwards."""
    # A free-form action would be cut off by PostgreSQL's varchar and shown raw in the log: refuse it here.
    action = AuditEvent.Action(action)
    # A key the log cannot name would reach the page raw ("employer : — → …"): refuse it here too.
    unnamed = [key for key in changes or {} if not is_labelled(obj._meta.model, key)]
    if unnamed:
        raise ValueError(f"audit_record: no label for {unnamed} on {obj._meta.label}; add it to SUMMARY_LABELS")
    return AuditEvent.objects.create(
        center=center,
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes or {},
    )
