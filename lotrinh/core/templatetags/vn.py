from django import template

from lotrinh.core import formats

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
