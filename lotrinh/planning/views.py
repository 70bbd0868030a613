from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lotrinh.core.selectors import centers_under_body
from lotrinh.core.tenancy import supervisor_view


@supervisor_view(perm="supervision.view")
def body_dashboard(request: HttpRequest, body_slug: str) -> HttpResponse:
    """Every center under the supervising body, side by side."""
    today = timezone.localdate()
    rows = centers_under_body(body=request.supervising_body, day=today)
    totals = {
        key: sum(getattr(r, key) for r in rows)
        for key in ("learners", "classes", "staff", "sessions_today", "dropouts")
    }
    return render(request, "planning/body_dashboard.html", {"rows": rows, "totals": totals, "today": today})
