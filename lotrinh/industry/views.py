"""Pages of the industry area: enterprises and partnerships, agreements, training orders, openings, labour demand,
and the enterprise accounts' own pages under /dn/<enterprise_slug>/."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .access import enterprise_view


@enterprise_view()
def portal_home(request: HttpRequest, enterprise_slug: str) -> HttpResponse:
    data = selectors.enterprise_portal_home(enterprise=request.enterprise)
    return render(request, "industry/portal_home.html", {"enterprise": request.enterprise, "data": data})
