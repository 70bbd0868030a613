import datetime as dt

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django_scopes import get_scope

from lotrinh.core.models import RateLimitWindow
from lotrinh.core.ratelimit import rate_limit_hit, request_allowed
from lotrinh.core.tenancy import portal_view

pytestmark = pytest.mark.django_db


def test_it_allows_up_to_the_limit_and_refuses_the_next_hit():
    results = [rate_limit_hit(scope="apply", key="10.0.0.1", limit=3, per_seconds=3600) for _ in range(4)]
    assert results == [True, True, True, False]


def test_it_counts_each_client_and_each_action_apart():
    for _ in range(3):
        rate_limit_hit(scope="apply", key="10.0.0.1", limit=3, per_seconds=3600)
    assert rate_limit_hit(scope="apply", key="10.0.0.2", limit=3, per_seconds=3600)
    assert rate_limit_hit(scope="test", key="10.0.0.1", limit=3, per_seconds=3600)


def test_it_opens_a_new_window_and_forgets_the_old_one(clock):
    for _ in range(4):
        rate_limit_hit(scope="apply", key="10.0.0.1", limit=3, per_seconds=3600)
    clock.shift(dt.timedelta(hours=1))
    assert rate_limit_hit(scope="apply", key="10.0.0.1", limit=3, per_seconds=3600)
    assert RateLimitWindow.objects.filter(scope="apply", key="10.0.0.1").count() == 1


def test_it_keys_a_request_by_its_client_address():
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    assert [request_allowed(request, scope="apply", limit=1) for _ in range(2)] == [True, False]
    assert RateLimitWindow.objects.get().key == "192.0.2.7"


def test_it_runs_a_portal_view_in_its_centers_scope(center_a):
    seen = {}

    @portal_view
    def page(request, portal_slug):
        seen["center"] = request.center
        seen["scope"] = get_scope()
        return HttpResponse("ok")

    page(RequestFactory().get("/"), portal_slug=center_a.slug)
    assert seen["center"] == center_a
    assert seen["scope"]["center"] == center_a


def test_it_answers_404_to_a_portal_view_of_an_unknown_center():
    from django.http import Http404

    page = portal_view(lambda request, portal_slug: HttpResponse("ok"))
    with pytest.raises(Http404):
        page(RequestFactory().get("/"), portal_slug="khong-co")
