"""Every guidance route: a teacher (bob) is refused with 403; a member of another center (charlie) gets 404."""

import pytest
from django.urls import reverse

from lotrinh.conftest import client_for
from lotrinh.guidance.urls import urlpatterns

ROUTES = [(p.name, "pk" in str(p.pattern)) for p in urlpatterns]


def _url(center, name, has_pk):
    kwargs = {"center_slug": center.slug}
    if has_pk:
        kwargs["pk"] = 1
    return reverse(f"guidance:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "has_pk"), ROUTES, ids=[r[0] for r in ROUTES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_a_teacher(center_a, bob, name, has_pk, method):
    response = getattr(client_for(bob), method)(_url(center_a, name, has_pk))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "has_pk"), ROUTES, ids=[r[0] for r in ROUTES])
def test_it_hides_every_page_from_another_center(center_a, charlie, name, has_pk):
    assert client_for(charlie).get(_url(center_a, name, has_pk)).status_code == 404


@pytest.mark.parametrize(
    "name", ["streaming", "target-list", "school-list", "cohort-list", "counseling-list", "outreach-list",
             "counseling-create", "outreach-create"],
)  # fmt: skip
def test_it_opens_the_pages_for_a_counselor(center_a, counselor, name):
    assert client_for(counselor).get(reverse(f"guidance:{name}", args=[center_a.slug])).status_code == 200


API = [
    ("get", "/api/c/{slug}/schools"),
    ("post", "/api/c/{slug}/schools"),
    ("get", "/api/c/{slug}/cohorts"),
    ("post", "/api/c/{slug}/cohorts"),
    ("get", "/api/c/{slug}/cohorts/1/graduates"),
    ("post", "/api/c/{slug}/graduates/1/destination"),
    ("get", "/api/c/{slug}/streaming"),
    ("post", "/api/c/{slug}/streaming/targets"),
    ("get", "/api/c/{slug}/counseling-sessions"),
    ("post", "/api/c/{slug}/counseling-sessions"),
]


@pytest.mark.parametrize(("method", "path"), API)
def test_it_refuses_a_teacher_in_the_api_and_hides_it_from_another_center(center_a, bob, charlie, method, path):
    url = path.format(slug=center_a.slug)
    call = {"content_type": "application/json", "data": "{}"} if method == "post" else {}
    assert getattr(client_for(bob), method)(url, **call).status_code == 403
    assert getattr(client_for(charlie), method)(url, **call).status_code == 404
