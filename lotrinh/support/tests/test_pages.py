"""The support pages: who may see them, the learner's eligibility, the province rule form, the estimator."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent
from lotrinh.factories import LearnerFactory
from lotrinh.support.models import SupportFacts, SupportPolicy, SupportRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(center_a, today):
    with scope(center=center_a):
        return LearnerFactory(
            center=center_a,
            full_name="Hồ Văn Lâm",
            household_status="poor",
            household_certificate_valid_from=today - dt.timedelta(days=400),
            household_certificate_valid_to=today - dt.timedelta(days=10),
            distance_km=18,
        )


def url(name: str, center, **kwargs) -> str:
    return reverse(f"support:{name}", kwargs={"center_slug": center.slug, **kwargs})


@pytest.fixture
def province_policy(db):
    policy = SupportPolicy.objects.create(
        code="NQ-7-2025-HDND-QT", title="Hỗ trợ của tỉnh", citation="NQ 7/2025/NQ-HĐND", issuing_body="HĐND",
        kind="allowance", province_id=44, effective_from=dt.date(2025, 1, 1), confidence="U",
    )  # fmt: skip
    SupportRule.objects.create(policy=policy, group_code="quy_dinh_tinh", label="A", benefit="per_course", amount_vnd=1)
    return policy


def routes(center, learner, policy=None) -> list[str]:
    extra = [url("province-rule-add", center, pk=policy.pk)] if policy else []
    return [
        *extra,
        url("policy-list", center),
        url("estimator", center),
        url("province-policy-create", center),
        url("learner-eligibility", center, pk=learner.pk),
        url("facts-edit", center, pk=learner.pk),
    ]


def test_it_refuses_every_page_to_a_teacher(bob, center_a, learner, province_policy):
    client = client_for(bob)
    for route in routes(center_a, learner, province_policy):
        assert client.get(route).status_code == 403, route
        assert client.post(route, {}).status_code in (403, 405), route


def test_it_hides_every_page_from_another_center(charlie, center_a, learner, province_policy):
    client = client_for(charlie)
    for route in routes(center_a, learner, province_policy):
        assert client.get(route).status_code == 404, route


def test_it_refuses_the_province_form_and_the_facts_to_a_counselor(counselor, center_a, learner):
    client = client_for(counselor)
    assert client.get(url("province-policy-create", center_a)).status_code == 403
    assert client.get(url("facts-edit", center_a, pk=learner.pk)).status_code == 403


def test_it_lists_the_policies_with_citations_and_confidence(counselor, center_a):
    page = client_for(counselor).get(url("policy-list", center_a))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Quyết định 46/2015/QĐ-TTg" in text and "Nghị định 238/2025/NĐ-CP" in text and "217/2025/QH15" in text
    assert "6.000.000 ₫" in text and "30.000 ₫" in text
    assert "Chưa xác minh" in text  # QĐ 46's being in force in 2026 is [U]


def test_it_lists_the_policies_in_a_fixed_number_of_queries(counselor, center_a, today, django_assert_max_num_queries):
    client = client_for(counselor)
    client.get(url("policy-list", center_a))  # warm the session
    for n in range(4):
        policy = SupportPolicy.objects.create(
            code=f"NQ-{n}-2020-HDND", title="Cũ", citation="NQ", issuing_body="HĐND", kind="allowance",
            province_id=44, effective_from=dt.date(2020, 1, 1), effective_to=dt.date(2021, 1, 1),
        )  # fmt: skip
        SupportRule.objects.create(policy=policy, group_code="a", label="A", benefit="per_course", amount_vnd=1)
    with django_assert_max_num_queries(12) as few:
        client.get(url("policy-list", center_a))
    for n in range(4, 12):
        policy = SupportPolicy.objects.create(
            code=f"NQ-{n}-2020-HDND", title="Cũ", citation="NQ", issuing_body="HĐND", kind="allowance",
            province_id=44, effective_from=dt.date(2020, 1, 1), effective_to=dt.date(2021, 1, 1),
        )  # fmt: skip
        SupportRule.objects.create(policy=policy, group_code="a", label="A", benefit="per_course", amount_vnd=1)
    with django_assert_max_num_queries(len(few)):
        page = client.get(url("policy-list", center_a))
    assert page.content.decode().count("NQ-1") >= 3


def test_it_shows_an_expired_certificate_as_expired(counselor, center_a, learner, today):
    page = client_for(counselor).get(url("learner-eligibility", center_a, pk=learner.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Giấy chứng nhận hộ nghèo đã hết hiệu lực từ" in text
    assert (today - dt.timedelta(days=10)).strftime("%d/%m/%Y") in text
    assert "giấy chứng nhận hộ nghèo / cận nghèo còn hiệu lực" in text  # what to collect


def test_it_estimates_a_learner_for_the_course_asked(counselor, center_a, learner, today):
    with scope(center=center_a):
        learner.household_certificate_valid_to = today + dt.timedelta(days=100)
        learner.save()
        SupportFacts.objects.create(center=center_a, learner=learner, previously_supported=False)
    query = {"level": "so_cap", "ownership": "public", "cost_vnd": "3.500.000", "study_days": "40"}
    text = client_for(counselor).get(url("learner-eligibility", center_a, pk=learner.pk), query).content.decode()
    assert "3.000.000 ₫" in text  # poor household tier, capped below the 3.500.000 ₫ cost
    assert "1.200.000 ₫" in text  # meals: 30.000 ₫ × 40 days


def test_it_answers_422_to_a_bad_course(counselor, center_a, learner):
    page = client_for(counselor).get(url("learner-eligibility", center_a, pk=learner.pk), {"cost_vnd": "-5"})
    assert page.status_code == 422
    assert "Số tiền không được nhỏ hơn 0." in page.content.decode()


def test_it_answers_404_for_an_unknown_learner(counselor, center_a):
    assert client_for(counselor).get(url("learner-eligibility", center_a, pk=999999)).status_code == 404


def test_it_saves_support_facts_with_an_audit_row(alice, center_a, learner):
    page = client_for(alice).post(
        url("facts-edit", center_a, pk=learner.pk),
        {"previously_supported": "false", "policy_beneficiary": "true", "orphan": ""},
    )
    assert page.status_code == 302
    with scope(center=center_a):
        facts = SupportFacts.objects.get(learner=learner)
    assert (facts.previously_supported, facts.policy_beneficiary, facts.orphan) == (False, True, None)
    with scopes_disabled():
        assert AuditEvent.objects.filter(object_type="support.supportfacts", actor=alice).count() == 1


def test_it_refuses_a_date_of_support_without_support(alice, center_a, learner):
    page = client_for(alice).post(
        url("facts-edit", center_a, pk=learner.pk),
        {"previously_supported": "false", "previously_supported_on": "01/03/2024"},
    )
    assert page.status_code == 422
    with scope(center=center_a):
        assert not SupportFacts.objects.exists()


PROVINCE_RULE = {
    "code": "NQ-15-2025-HDND-QT",
    "title": "Hỗ trợ thêm học nghề sơ cấp",
    "citation": "Nghị quyết 15/2025/NQ-HĐND tỉnh Quảng Trị, Điều 2",
    "issuing_body": "HĐND tỉnh Quảng Trị",
    "kind": "allowance",
    "effective_from": "01/01/2026",
    "effective_to": "",
    "label": "Học viên hộ nghèo học sơ cấp",
    "levels": ["so_cap"],
    "ownership": "any",
    "all_of": ["poor"],
    "benefit": "per_course",
    "amount_vnd": "500.000",
}


def test_it_adds_a_province_rule(alice, center_a):
    page = client_for(alice).post(url("province-policy-create", center_a), PROVINCE_RULE)
    assert page.status_code == 302
    policy = SupportPolicy.objects.get(code="NQ-15-2025-HDND-QT")
    assert (policy.province_id, policy.confidence, policy.created_by) == (44, "U", alice)
    [rule] = policy.rules.all()
    assert (rule.amount_vnd, rule.levels, rule.all_of) == (500_000, ["so_cap"], ["poor"])
    with scopes_disabled():
        assert AuditEvent.objects.filter(object_type="support.supportpolicy", center=center_a).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"effective_to": "31/12/2025"}, "Ngày kết thúc đang trước ngày bắt đầu."),
        ({"benefit": "tuition_percent", "percent": "150"}, "Tỷ lệ phần trăm phải từ 0 đến 100."),
        ({"amount_vnd": "-1"}, "Số tiền không được nhỏ hơn 0."),
        ({"benefit": "per_day", "amount_vnd": ""}, "Khoản trợ cấp cần có số tiền."),
        ({"code": "QD-46-2015-TTg"}, "Đã có chính sách với mã này."),
    ],
)
def test_it_refuses_a_bad_province_rule_and_saves_nothing(alice, center_a, change, message):
    before = (SupportPolicy.objects.count(), SupportRule.objects.count())
    page = client_for(alice).post(url("province-policy-create", center_a), {**PROVINCE_RULE, **change})
    assert page.status_code == 422
    assert message in page.content.decode()
    assert (SupportPolicy.objects.count(), SupportRule.objects.count()) == before


def test_it_applies_a_province_rule_to_the_centers_of_that_province_only(alice, charlie, center_a, center_b, today):
    client_for(alice).post(url("province-policy-create", center_a), PROVINCE_RULE)
    query = {"level": "so_cap", "household": "poor", "previously_supported": "false"}
    text = client_for(alice).get(url("estimator", center_a), query).content.decode()
    assert "Học viên hộ nghèo học sơ cấp" in text and "500.000 ₫" in text
    SupportPolicy.objects.filter(code="NQ-15-2025-HDND-QT").update(province_id=37)  # another province
    assert (
        "Học viên hộ nghèo học sơ cấp" not in client_for(alice).get(url("estimator", center_a), query).content.decode()
    )


def test_it_estimates_from_facts_given_at_the_desk(counselor, center_a):
    query = {"level": "so_cap", "cost_vnd": "2000000", "study_days": "10", "disability": "true",
             "previously_supported": "false", "home_distance_km": "7"}  # fmt: skip
    page = client_for(counselor).get(url("estimator", center_a), query)
    text = page.content.decode()
    assert page.status_code == 200
    assert "2.000.000 ₫" in text  # the disability tier, capped at the cost
    assert "300.000 ₫" in text  # travel from 5 km for a person with a disability
    assert "2.600.000 ₫" in text  # 2.000.000 + 300.000 meals (10 × 30.000) + 300.000 travel


def test_it_answers_422_to_a_bad_estimate(counselor, center_a):
    page = client_for(counselor).get(url("estimator", center_a), {"level": "so_cap", "study_days": "-3"})
    assert page.status_code == 422


RULE = {"label": "Học viên khuyết tật học sơ cấp", "levels": ["so_cap"], "ownership": "any", "all_of": ["disability"],
        "benefit": "per_course", "amount_vnd": "250.000"}  # fmt: skip


def test_it_adds_a_rule_to_a_province_policy(alice, center_a, province_policy):
    page = client_for(alice).post(url("province-rule-add", center_a, pk=province_policy.pk), RULE)
    assert page.status_code == 302
    rule = province_policy.rules.get(label="Học viên khuyết tật học sơ cấp")
    assert (rule.group_code, rule.amount_vnd, rule.confidence, rule.position) == ("quy_dinh_2", 250_000, "U", 1)
    with scopes_disabled():
        assert AuditEvent.objects.filter(object_type="support.supportpolicy", action="update").count() == 1


def test_it_refuses_a_bad_rule_and_saves_nothing(alice, center_a, province_policy):
    page = client_for(alice).post(
        url("province-rule-add", center_a, pk=province_policy.pk), {**RULE, "benefit": "tuition_percent", "percent": ""}
    )
    assert page.status_code == 422
    assert "Miễn, giảm học phí cần có tỷ lệ phần trăm." in page.content.decode()
    assert province_policy.rules.count() == 1


def test_it_does_not_add_rules_to_a_national_or_another_provinces_policy(alice, counselor, center_a, province_policy):
    national = SupportPolicy.objects.get(code="QD-46-2015-TTg")
    client = client_for(alice)
    assert client.get(url("province-rule-add", center_a, pk=national.pk)).status_code == 404
    SupportPolicy.objects.filter(pk=province_policy.pk).update(province_id=37)
    assert client.post(url("province-rule-add", center_a, pk=province_policy.pk), RULE).status_code == 404
    assert client_for(counselor).get(url("province-rule-add", center_a, pk=national.pk)).status_code == 403


def test_it_shows_the_saved_facts_in_the_form(alice, center_a, learner):
    with scope(center=center_a):
        SupportFacts.objects.create(center=center_a, learner=learner, previously_supported=False, orphan=True)
    text = client_for(alice).get(url("facts-edit", center_a, pk=learner.pk)).content.decode()
    assert '<option value="false" selected>' in text.split('name="previously_supported"')[1].split("</select>")[0]
    assert '<option value="true" selected>' in text.split('name="orphan"')[1].split("</select>")[0]
    assert '<option value="unknown" selected>' in text.split('name="fisher"')[1].split("</select>")[0]
