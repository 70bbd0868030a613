from django.http import HttpRequest

from .navigation import center_nav


def navigation(request: HttpRequest) -> dict:
    membership = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    url_name = f"{match.namespace}:{match.url_name}" if match and match.namespace else None
    return {
        "nav_items": center_nav(membership, url_name) if membership else [],
        "current_center": getattr(request, "center", None),
        "current_membership": membership,
        "current_body": getattr(request, "supervising_body", None),
    }
