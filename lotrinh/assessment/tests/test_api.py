"""The assessment API: the same checks and services as the pages, per-cell errors in JSON."""

import json
from decimal import Decimal

from lotrinh.assessment.models import ModuleResult, Score
from lotrinh.conftest import client_for


def put(client, path, body):
    return client.put(path, json.dumps(body), content_type="application/json")


def scores_path(center, school_class) -> str:
    return f"/api/c/{center.slug}/classes/{school_class.pk}/scores"


def test_it_saves_scores_and_reads_them_back_with_averages(center_a, bob, bob_class):
    first, second, _third = bob_class.learners
    client = client_for(bob)
    body = {
        "subject": "Toán",
        "term": 1,
        "entries": [
            {"learner_id": first.pk, "column": "regular-1", "value": "7,5"},
            {"learner_id": first.pk, "column": "midterm", "value": 8},
            {"learner_id": first.pk, "column": "final", "value": 9.5},
            {"learner_id": second.pk, "column": "regular-1", "value": "6"},
        ],
    }
    response = put(client, scores_path(center_a, bob_class), body)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 4, "updated": 0, "deleted": 0, "changed": 4}

    response = client.get(scores_path(center_a, bob_class), {"subject": "Toán", "term": 1})
    assert response.status_code == 200
    data = response.json()
    assert data["rule"]["code"] == "gdtx-thpt" and data["rule"]["weights"] == {"regular": 1, "midterm": 2, "final": 3}
    rows = {row["learner_id"]: row for row in data["rows"]}
    assert rows[first.pk]["scores"]["regular-1"] == 7.5
    assert rows[first.pk]["term_average"] == 8.7  # (7.5 + 2 × 8 + 3 × 9.5) / 6 = 52 / 6 = 8.67
    assert rows[second.pk]["complete"] is False and rows[second.pk]["missing"] == ["midterm", "final"]
    assert [c["key"] for c in data["columns"]][-2:] == ["midterm", "final"]


def test_it_answers_per_cell_errors_and_saves_nothing(center_a, bob, bob_class):
    first, second, _third = bob_class.learners
    body = {
        "subject": "Toán",
        "term": 1,
        "entries": [
            {"learner_id": first.pk, "column": "regular-1", "value": "8"},
            {"learner_id": second.pk, "column": "final", "value": 11},
            {"learner_id": second.pk, "column": "midterm", "value": 7.25},
            {"learner_id": first.pk, "column": "final", "value": "abc"},
        ],
    }
    response = put(client_for(bob), scores_path(center_a, bob_class), body)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    fields = {e["field"]: e["message"] for e in data["errors"]}
    assert set(fields) == {f"{second.pk}.final", f"{second.pk}.midterm", f"{first.pk}.final"}
    assert second.full_name in fields[f"{second.pk}.final"] and "11" in fields[f"{second.pk}.final"]
    assert "7.25" in fields[f"{second.pk}.midterm"]
    assert not Score.objects.exists()


def test_it_refuses_a_teacher_outside_the_class_in_the_api(center_a, bob, other_class):
    body = {
        "subject": "Toán",
        "term": 1,
        "entries": [{"learner_id": other_class.learners[0].pk, "column": "final", "value": "8"}],
    }
    response = put(client_for(bob), scores_path(center_a, other_class), body)
    assert response.status_code == 403
    assert client_for(bob).get(scores_path(center_a, other_class), {"subject": "Toán", "term": 1}).status_code == 403
    assert not Score.objects.exists()


def test_it_refuses_writes_to_a_reader_and_reads_to_the_accountant(center_a, cuong, an, bob_class):
    body = {"subject": "Toán", "term": 1, "entries": []}
    assert put(client_for(cuong), scores_path(center_a, bob_class), body).status_code == 403
    assert client_for(cuong).get(scores_path(center_a, bob_class), {"subject": "Toán", "term": 1}).status_code == 200
    response = client_for(an).get(scores_path(center_a, bob_class), {"subject": "Toán", "term": 1})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_it_answers_404_to_another_center_in_the_api(center_a, charlie, bob_class):
    response = client_for(charlie).get(scores_path(center_a, bob_class), {"subject": "Toán", "term": 1})
    assert response.status_code == 404
    body = {"subject": "Toán", "term": 1, "entries": []}
    assert put(client_for(charlie), scores_path(center_a, bob_class), body).status_code == 404


def test_it_saves_and_lists_module_results(center_a, bob, vocational_class):
    first, second, _third = vocational_class.learners
    path = f"/api/c/{center_a.slug}/classes/{vocational_class.pk}/module-results"
    body = {
        "module": "Điện dân dụng (thực hành)",
        "hours": 45,
        "assessed_on": "2026-11-10",
        "entries": [
            {"learner_id": first.pk, "value": "6"},
            {"learner_id": second.pk, "value": "4,9"},
        ],
    }
    response = put(client_for(bob), path, body)
    assert response.status_code == 200, response.content
    listed = client_for(bob).get(path).json()
    assert {(r["full_name"], r["score"], r["passed"], r["hours"]) for r in listed} == {
        (first.full_name, 6.0, True, 45),
        (second.full_name, 4.9, False, 45),
    }
    body["entries"] = [{"learner_id": first.pk, "value": "12"}]
    response = put(client_for(bob), path, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == f"{first.pk}.score"
    assert ModuleResult.objects.get(learner=first).value == Decimal("6")


def test_it_gives_a_transcript_as_json(center_a, alice, bob, bob_class):
    first = bob_class.learners[0]
    entries = [
        {"learner_id": first.pk, "column": c, "value": v}
        for c, v in (("regular-1", "8"), ("midterm", "7"), ("final", "9"))
    ]
    put(client_for(bob), scores_path(center_a, bob_class), {"subject": "Toán", "term": 1, "entries": entries})
    response = client_for(alice).get(f"/api/c/{center_a.slug}/learners/{first.pk}/transcript")
    assert response.status_code == 200
    data = response.json()
    assert data["full_name"] == first.full_name
    ((record),) = data["classes"]
    ((toan),) = record["subjects"]
    assert toan["terms"][0] == {
        "term": 1,
        "regular": [8.0],
        "midterm": 7.0,
        "final": 9.0,
        "average": 8.2,
        "missing": [],
    }
    assert toan["terms"][1]["average"] is None and toan["year_average"] is None


def test_it_lists_the_gradebook_of_a_teacher(center_a, bob, bob_class, other_class):
    data = client_for(bob).get(f"/api/c/{center_a.slug}/gradebook").json()
    assert [(c["name"], c["subjects"]) for c in data] == [("10A1", ["Toán"])]


def test_it_documents_the_assessment_api(center_a, alice):
    schema = client_for(alice).get("/api/openapi.json").json()
    operation = schema["paths"]["/api/c/{center_slug}/classes/{pk}/scores"]["put"]
    assert {"200", "400", "403", "404", "422"} <= set(operation["responses"])
