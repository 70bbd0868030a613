from django import template

from lotrinh.core import formats
from lotrinh.core.audit_display import change_lines

register = template.Library()


@register.filter
def number(value, decimals: int = 0) -> str:
    return formats.group_thousands(value, int(decimals))


@register.filter
def vnd(value) -> str:
    return formats.vnd(value)


@register.filter
def vndate(value) -> str:
    return formats.vn_date(value)


@register.filter
def audit_lines(event) -> list:
    """An audit event's changes as labelled lines (core/audit_display.py)."""
    return change_lines(event.object_type, event.changes)
