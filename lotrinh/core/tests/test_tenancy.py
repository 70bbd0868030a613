"""Tenancy fails closed: the sweep over every route, scoped managers, the route-permission check."""

import re

import pytest
from django.core import checks
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from django_scopes import ScopeError

from lotrinh.conftest import client_for
from lotrinh.core.checks import iter_api_operations, iter_url_patterns, undeclared_routes
from lotrinh.core.tenancy import center_view
from lotrinh.factories import LearnerFactory
from lotrinh.people.models import Learner

PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + PLACEHOLDER.sub(lambda m: values[m.group(1) or m.group(2)], route).lstrip("/")


def _tenant_routes() -> list[str]:
    routes = [r for r, _ in iter_url_patterns() if "center_slug" in r or "body_slug" in r]
    routes += [p for p, _ in iter_api_operations() if "center_slug" in p or "body_slug" in p]
    return sorted(set(routes))


def test_it_has_routes_to_sweep():
    routes = _tenant_routes()
    assert any(r.startswith("/api/") for r in routes)
    assert any(r.startswith("c/") for r in routes)
    assert any("body_slug" in r for r in routes)


@pytest.mark.parametrize("route", _tenant_routes())
def test_it_answers_404_to_a_user_of_another_center(route, center_a, alice, charlie, body, dora):
    values = {"center_slug": center_a.slug, "body_slug": body.slug, "membership_id": "1", "pk": "1"}
    url = _fill(route, values)
    # Charlie directs center B; Dora supervises another province. Neither may learn that A exists.
    for outsider in (charlie, dora):
        client = client_for(outsider)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (outsider.username, method.__name__, url, response.status_code)


@pytest.mark.parametrize("route", _tenant_routes())
def test_it_answers_the_same_404_for_an_unknown_center(route, charlie):
    url = _fill(route, {"center_slug": "khong-ton-tai", "body_slug": "khong-ton-tai", "membership_id": "1", "pk": "1"})
    assert client_for(charlie).get(url).status_code == 404


@pytest.mark.parametrize("route", _tenant_routes())
def test_it_asks_an_anonymous_visitor_to_log_in(route, center_a, body):
    url = _fill(route, {"center_slug": center_a.slug, "body_slug": body.slug, "membership_id": "1", "pk": "1"})
    response = client_for(None).get(url)
    if url.startswith("/api/"):
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")


def test_it_declares_a_permission_on_every_route():
    assert undeclared_routes() == []


def forgetful_view(request, center_slug):
    # Forgets to filter by center on purpose: the scoped manager must do it anyway.
    return HttpResponse(",".join(sorted(learner.full_name for learner in Learner.objects.all())))


urlpatterns = [path("c/<slug:center_slug>/forgetful/", center_view(perm="learners.view")(forgetful_view))]


@override_settings(ROOT_URLCONF=__name__)
def test_it_returns_only_the_centers_rows_when_a_view_forgets_to_filter(center_a, center_b, alice):
    LearnerFactory(center=center_a, full_name="Nguyễn Thị Hằng")
    LearnerFactory(center=center_b, full_name="Lê Văn Khách")
    response = client_for(alice).get(f"/c/{center_a.slug}/forgetful/")
    assert response.status_code == 200
    assert response.content.decode() == "Nguyễn Thị Hằng"


def test_it_refuses_a_query_without_a_center_scope(center_a):
    with pytest.raises(ScopeError):
        list(Learner.objects.all())


undeclared_urlpatterns = [path("c/<slug:center_slug>/quen-quyen/", forgetful_view)]


def test_it_fails_the_system_check_for_a_route_without_a_permission(settings):
    settings.ROOT_URLCONF = "lotrinh.core.tests.urls_undeclared"
    errors = [e for e in checks.run_checks(tags=[checks.Tags.urls]) if e.id == "lotrinh.E001"]
    assert any("quen-quyen" in e.msg for e in errors)


def test_it_passes_the_system_check_for_the_real_urlconf():
    assert [e for e in checks.run_checks() if e.id == "lotrinh.E001"] == []
