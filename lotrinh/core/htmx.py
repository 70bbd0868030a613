"""The one convention for HTMX responses across the project (habit 7).

- A successful POST re-renders its partial and fires an ``HX-Trigger`` event.
- An invalid form re-renders with status 422; htmx is configured (base.html) to swap 422 responses.
- Navigation after a change uses ``HX-Redirect``.
"""

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def render_form_errors(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The page (or its partial for HTMX) with the form's errors beside the fields, status 422."""
    return render(request, template, context, status=422)


def trigger(response: HttpResponse, event: str, detail: dict | None = None) -> HttpResponse:
    response["HX-Trigger"] = json.dumps({event: detail or {}})
    return response


def client_redirect(url: str) -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response
