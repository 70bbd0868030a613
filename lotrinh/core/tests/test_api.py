import json

import pytest
from django.test import Client
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core import services
from lotrinh.core.models import Membership, User


@pytest.fixture
def alice_token(alice) -> str:
    return services.api_token_create(user=alice, name="Báo cáo Excel")[1]


def _bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_it_answers_with_a_token(center_a, alice, alice_token):
    response = Client().get(f"/api/c/{center_a.slug}/", **_bearer(alice_token))
    assert response.status_code == 200
    assert response.json()["name"] == "Trung tâm GDNN-GDTX Đông Hà"


def test_it_refuses_a_wrong_token(center_a, alice):
    response = Client().get(f"/api/c/{center_a.slug}/", **_bearer("lt_khong-dung"))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_it_refuses_a_revoked_token(center_a, alice):
    token, key = services.api_token_create(user=alice, name="cũ")
    services.api_token_revoke(token=token)
    assert Client().get(f"/api/c/{center_a.slug}/", **_bearer(key)).status_code == 401


def test_it_stores_only_the_hash_of_a_token(alice, alice_token):
    assert alice_token not in str(list(alice.api_tokens.values()))


def test_it_answers_404_json_to_another_center(center_a, charlie):
    response = client_for(charlie).get(f"/api/c/{center_a.slug}/staff")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_answers_403_json_to_a_wrong_role(center_a, bob):
    response = client_for(bob).get(f"/api/c/{center_a.slug}/audit")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_it_lists_staff(center_a, alice, bob, alice_token):
    response = Client().get(f"/api/c/{center_a.slug}/staff", **_bearer(alice_token))
    assert sorted(s["username"] for s in response.json()) == ["alice", "bob"]


def test_it_adds_staff_through_the_same_service(center_a, alice, alice_token):
    payload = {"full_name": "Hồ Thu Trang", "username": "trang.ho", "email": "trang@example.vn", "role": "teacher"}
    response = Client().post(
        f"/api/c/{center_a.slug}/staff", json.dumps(payload), content_type="application/json", **_bearer(alice_token)
    )
    assert response.status_code == 201
    with scope(center=center_a):
        assert Membership.objects.filter(user__username="trang.ho", role="teacher").exists()


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"full_name": "A", "username": "a", "email": "a@example.vn", "role": "hieu-truong"}, 400),
        ({"full_name": "A", "username": "a", "email": "a@example.vn", "role": "teacher", "phone": "123"}, 400),
        ({"full_name": "A", "username": "a", "role": "teacher"}, 422),
    ],
)
def test_it_refuses_bad_input_with_a_json_error(center_a, alice, alice_token, payload, status):
    response = Client().post(
        f"/api/c/{center_a.slug}/staff", json.dumps(payload), content_type="application/json", **_bearer(alice_token)
    )
    assert response.status_code == status
    body = response.json()
    assert body["detail"] and body["code"]
    assert not User.objects.filter(username="a").exists()


def test_it_refuses_a_session_post_without_csrf(center_a, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    payload = {"full_name": "A", "username": "a", "email": "a@example.vn", "role": "teacher"}
    response = client.post(f"/api/c/{center_a.slug}/staff", json.dumps(payload), content_type="application/json")
    assert response.status_code in (401, 403)
    assert not User.objects.filter(username="a").exists()


def test_it_documents_every_operation_with_its_errors():
    schema = Client().get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "{center_slug}" in path:
                assert {"401", "403", "404"} <= set(operation["responses"]), (method, path)
    assert "ErrorOut" in schema["components"]["schemas"]


def test_it_serves_the_api_docs_without_a_cdn():
    content = Client().get("/api/docs").content.decode()
    assert "cdn" not in content.lower()
    assert "/static/ninja/" in content


def test_it_tells_me_who_i_am(center_a, alice, alice_token):
    body = Client().get("/api/me", **_bearer(alice_token)).json()
    assert body["memberships"][0]["center_slug"] == center_a.slug


def test_it_speaks_vietnamese_in_errors(center_a, alice, charlie, alice_token):
    assert client_for(charlie).get(f"/api/c/{center_a.slug}/staff").json()["detail"] == "Không tìm thấy."
    assert Client().get("/api/me").json()["detail"] == "Vui lòng đăng nhập."
    response = Client().post(
        f"/api/c/{center_a.slug}/staff",
        json.dumps({"full_name": "A"}),
        content_type="application/json",
        **_bearer(alice_token),
    )
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert {"field": "username", "message": "Trường này là bắt buộc."} in body["errors"]


def test_it_reads_an_offset_out_of_range_as_the_nearest_page(center_a, alice, bob):
    services.staff_add(
        center=center_a, actor=alice, full_name="Võ Thị Lan", username="lan", email="lan@example.vn", role="teacher"
    )
    client = client_for(alice)
    first = client.get(f"/api/c/{center_a.slug}/audit").json()
    assert first["items"]
    assert client.get(f"/api/c/{center_a.slug}/audit", {"offset": "-13685"}).json() == first
    past_the_end = client.get(f"/api/c/{center_a.slug}/audit", {"offset": "305180992753068269966983168"})
    assert past_the_end.status_code == 200
    assert past_the_end.json() == {"count": first["count"], "items": []}


def test_it_answers_400_json_in_vietnamese_to_a_body_it_cannot_parse(center_a, alice):
    response = client_for(alice).post(f"/api/c/{center_a.slug}/staff", data=b"\x00", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung yêu cầu không phải JSON hợp lệ.", "code": "invalid_json"}


def test_it_declares_422_on_a_read_with_a_typed_query(center_a, alice):
    response = client_for(alice).get(f"/api/c/{center_a.slug}/audit", {"offset": "mười"})
    assert response.status_code == 422
    operation = client_for(None).get("/api/openapi.json").json()["paths"]["/api/c/{center_slug}/audit"]["get"]
    assert "422" in operation["responses"]


def test_it_answers_422_to_a_nul_character_in_a_query_or_a_body(center_a, alice):
    client = client_for(alice)
    response = client.get(f"/api/c/{center_a.slug}/audit", {"object_type": "\x00learner"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "object_type", "message": "Văn bản không được chứa ký tự NUL."}]
    body = '{"full_name": "A\\u0000", "username": "a", "email": "a@example.vn", "role": "teacher"}'
    assert client.post(f"/api/c/{center_a.slug}/staff", body, content_type="application/json").status_code == 422


def test_it_gives_every_schema_of_the_document_its_own_name():
    """The document names a component by its class name alone: two ``SessionOut`` classes in two apps would
    share one entry, and one operation would be documented with the other's body."""
    from ninja import Schema

    from config.api import api

    api.get_openapi_schema(path_prefix="/api/")  # imports every app's schemas

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    seen: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith(("lotrinh.", "config.")):
            seen.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {name: modules for name, modules in seen.items() if len(modules) > 1} == {}
