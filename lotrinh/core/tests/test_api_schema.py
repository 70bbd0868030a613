"""Property-based tests of the whole JSON API against its own OpenAPI document (schemathesis).

Every operation is called with generated input, valid and invalid, as the director and as a teacher of a
populated center, by bearer token, on the real database: no answer may be a server error, and every answer
must be documented (status code, content type, body matching the declared schema). The center in the path is
always the real one, and ids in the path are mostly real rows, so requests reach the operation's code and not
only the tenancy middleware's 404.

Slow (a few dozen requests per operation and role), so deselected by default: run with ``bin/test-api``.
"""

import datetime as dt
import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from config.wsgi import application
from lotrinh.academics.models import ClassSession, SchoolClass
from lotrinh.core import services
from lotrinh.factories import populate
from lotrinh.people.models import Consent, ConsentPurpose, Learner
from lotrinh.retention.models import Intervention

pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The slugs are the fixtures' (lotrinh/conftest.py); every phase (examples, coverage, fuzzing) uses them.
CENTER_SLUG, BODY_SLUG = "trung-tam-a", "so-quang-tri"
config = SchemathesisConfig.from_dict({"parameters": {"center_slug": CENTER_SLUG, "body_slug": BODY_SLUG}})
# The document the API serves at /api/openapi.json (test_it_tests_the_document_the_api_serves), built without a
# request so that the operations are known when pytest collects this module: one test per operation and role.
DOCUMENT = api.get_openapi_schema(path_prefix="/api/")
schema = schemathesis.openapi.from_dict(DOCUMENT, config=config)
schema.app = application
schema.location = "/api/openapi.json"

# Filled by the ``fuzz_data`` fixture before each operation's examples run: the real ids of each kind of row
# that a ``{pk}`` names, by the path segment before it.
REAL_IDS: dict[str, list[int]] = {}


def _pk_kind(path: str) -> str:
    # /api/c/{center_slug}/learners/{pk}/... → "learners"; /api/c/{center_slug}/classes/{pk}/scores → "classes"
    parts = path.split("/")
    return parts[parts.index("{pk}") - 1] if "{pk}" in parts else ""


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Mostly a real id; sometimes the generated one, to prove a wrong id is a documented 404."""
    if not path_parameters or "pk" not in path_parameters:
        return st.just(path_parameters)
    real_ids = REAL_IDS.get(_pk_kind(context.operation.path), [])
    return st.sampled_from([*real_ids, path_parameters["pk"]]).map(lambda pk: {**path_parameters, "pk": pk})


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's test client keeps the test's database connection across requests; schemathesis calls the WSGI
    application itself, whose request signals would close it (and with it the test's transaction on PostgreSQL).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(center_a, alice, bob, sam, today):
    """A center with classes, learners, sessions today, a consent and an intervention; tokens for two roles."""
    with scope(center=center_a):
        populate(center_a, classes=2, learners_per_class=4, teacher=bob, day=today)
        learners = list(Learner.objects.order_by("pk"))
        from lotrinh.people import services as people_services
        from lotrinh.retention import services as retention_services

        Learner.objects.filter(pk=learners[0].pk).update(date_of_birth=today.replace(year=today.year - 20, day=1))
        people_services.consent_record(
            learner=learners[0],
            purpose=ConsentPurpose.PHOTO_PUBLICATION,
            given_on=today,
            guardian=None,
            learner_agreed=True,
            evidence="Phiếu đồng ý số 1",
            actor=alice,
        )
        retention_services.intervention_create(
            learner=learners[0],
            kind=Intervention.Kind.CALL_GUARDIAN,
            owner=alice,
            due_on=today + dt.timedelta(days=7),
            note="Gọi điện cho gia đình",
            actor=alice,
        )
        from lotrinh.admissions.tests.conftest import fuzz_applications

        admissions = fuzz_applications(center_a, alice, today)
        from lotrinh.interests.tests.conftest import fuzz_interest_sessions

        interests = fuzz_interest_sessions(center_a, alice)
        from lotrinh.careers.tests.conftest import fuzz_careers

        careers = fuzz_careers(center_a, alice, today)
        from lotrinh.guidance.tests.conftest import fuzz_guidance

        guidance = fuzz_guidance(center_a, alice, today)
        from lotrinh.internships.tests.conftest import fuzz_internships

        internships = fuzz_internships(center_a, alice, today)
        from lotrinh.jobs.tests.conftest import fuzz_jobs

        jobs = fuzz_jobs(center_a, alice, today)
        with scopes_disabled():
            REAL_IDS.clear()
            REAL_IDS.update(
                {
                    "learners": [x.pk for x in learners],
                    "classes": list(SchoolClass.objects.values_list("pk", flat=True)),
                    "sessions": list(ClassSession.objects.values_list("pk", flat=True)),
                    "consents": list(Consent.objects.values_list("pk", flat=True)),
                    "interventions": list(Intervention.objects.values_list("pk", flat=True)),
                    "imports": [],
                    **interests,
                    **careers,
                    **guidance,
                    **internships,
                    **jobs,
                    **admissions,
                }
            )
    assert center_a.slug == CENTER_SLUG
    return {
        "director": services.api_token_create(user=alice, name="schemathesis")[1],
        "teacher": services.api_token_create(user=bob, name="schemathesis")[1],
    }


@pytest.mark.parametrize("role", ["director", "teacher"])
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_it_answers_every_operation_as_documented(case, role, fuzz_data):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_data[role]}"}, checks=CHECKS)


def test_it_tests_the_document_the_api_serves(client):
    assert client.get("/api/openapi.json").json() == json.loads(json.dumps(DOCUMENT))
