"""The platform administrators' back office: every registered model opens, facets included."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django_scopes import scope

from lotrinh.conftest import client_for, make_user
from lotrinh.core.audit import audit_record
from lotrinh.core.models import AuditEvent

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def admin_client(center_a, alice):
    with scope(center=center_a):
        # A row to show, so the list and its facet counts query a tenant-owned table for real.
        audit_record(center=center_a, actor=alice, action=AuditEvent.Action.CREATE, obj=alice, changes={})
    return client_for(make_user("quantri", "Quản trị hệ thống", is_staff=True, is_superuser=True))


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_it_opens_every_admin_list_with_its_facets(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for query in ("", "?_facets=True"):
        assert admin_client.get(url + query).status_code == 200, url + query


def test_it_counts_the_audit_log_across_centers_in_its_facets(admin_client):
    response = admin_client.get(reverse("admin:core_auditevent_changelist") + "?_facets=True")
    assert response.context["cl"].result_count == 1


def test_it_keeps_the_admin_closed_to_center_staff(alice):
    response = client_for(alice).get(reverse("admin:core_auditevent_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_names_the_kinds_of_record_in_the_audit_log_in_vietnamese(admin_client):
    response = admin_client.get(reverse("admin:core_auditevent_changelist") + "?_facets=True")
    assert ">Người dùng (1)</a>" in response.text  # the facet: the model's Vietnamese name and its count
    assert ">core.user" not in response.text


def test_it_heads_the_admin_with_the_platforms_name_in_vietnamese(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "Quản trị Lộ Trình" in response.text and "Django" not in response.text.split("<body", 1)[1]
