"""Center pages of the industry area: roles, bad input (Vietnamese message, nothing saved), shared enterprises."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from lotrinh.academics.models import Trade
from lotrinh.conftest import client_for
from lotrinh.industry.models import Agreement, AgreementQuota, Enterprise, Opening, Partnership, TrainingOrder
from lotrinh.industry.tests.conftest import valid_tax_code

CENTER_ROUTES = ["enterprise-list", "enterprise-create", "agreement-list", "order-list", "opening-list", "demand"]


def url(name: str, center, **kwargs) -> str:
    return reverse(f"industry:{name}", kwargs={"center_slug": center.slug, **kwargs})


@pytest.mark.parametrize("name", CENTER_ROUTES)
def test_it_forbids_a_teacher(name, bob, center_a):
    assert client_for(bob).get(url(name, center_a)).status_code == 403


@pytest.mark.parametrize("name", CENTER_ROUTES)
def test_it_answers_404_to_another_center(name, charlie, center_a):
    assert client_for(charlie).get(url(name, center_a)).status_code == 404


@pytest.mark.parametrize("name", CENTER_ROUTES)
def test_it_shows_the_pages_to_the_enterprise_officer(name, officer, center_a, abc):
    assert client_for(officer).get(url(name, center_a)).status_code == 200


def test_it_forbids_a_teacher_the_detail(bob, center_a, abc):
    with scopes_disabled():
        pk = Partnership.objects.get(enterprise=abc).pk
    assert client_for(bob).get(url("enterprise-detail", center_a, pk=pk)).status_code == 403


def test_it_hides_another_centers_partnership(alice, center_a, xyz):
    with scopes_disabled():
        pk = Partnership.objects.get(enterprise=xyz).pk
    assert client_for(alice).get(url("enterprise-detail", center_a, pk=pk)).status_code == 404


def test_it_searches_without_diacritics_and_by_tax_code(officer, center_a, abc):
    page = client_for(officer).get(url("enterprise-list", center_a), {"q": "may abc"}).content.decode()
    assert "Công ty TNHH May ABC" in page
    page = client_for(officer).get(url("enterprise-list", center_a), {"q": abc.tax_code[:6]}).content.decode()
    assert "Công ty TNHH May ABC" in page
    page = client_for(officer).get(url("enterprise-list", center_a), {"q": "go xyz"}).content.decode()
    assert "Công ty TNHH May ABC" not in page


def _create(client, center, today, **extra):
    data = {
        "tax_code": valid_tax_code(500),
        "name": "Công ty TNHH Điện tử Quảng Trị",
        "investor_origin": "VN",
        "size": "medium",
        "since": today.strftime("%d/%m/%Y"),
        **extra,
    }
    return client.post(url("enterprise-create", center), data)


def test_it_creates_an_enterprise_and_the_partnership(officer, center_a, today):
    response = _create(client_for(officer), center_a, today)
    assert response.status_code == 302
    with scopes_disabled():
        enterprise = Enterprise.objects.get(tax_code=valid_tax_code(500))
        assert Partnership.objects.filter(center=center_a, enterprise=enterprise).exists()
    assert enterprise.slug == "cong-ty-tnhh-dien-tu-quang-tri"


def test_it_links_an_enterprise_known_by_its_tax_code_without_duplicating_it(alice, center_a, xyz, today):
    response = _create(client_for(alice), center_a, today, tax_code=xyz.tax_code, name="")
    assert response.status_code == 302
    with scopes_disabled():
        assert Enterprise.objects.filter(tax_code=xyz.tax_code).count() == 1
        assert Partnership.objects.filter(enterprise=xyz).count() == 2
        assert Enterprise.objects.get(pk=xyz.pk).name == "Công ty CP Gỗ XYZ"


def test_it_refuses_a_mistyped_tax_code_and_saves_nothing(officer, center_a, today):
    response = _create(client_for(officer), center_a, today, tax_code="12345")
    assert response.status_code == 422
    assert "Mã số thuế phải có 10 chữ số (hoặc 10 chữ số, dấu gạch và 3 chữ số của chi nhánh)." in (
        response.content.decode()
    )
    with scopes_disabled():
        assert not Enterprise.objects.exists()
        assert not Partnership.objects.exists()


def test_it_refuses_a_second_partnership_with_the_same_enterprise(officer, center_a, abc, today):
    response = _create(client_for(officer), center_a, today, tax_code=abc.tax_code)
    assert response.status_code == 422
    with scopes_disabled():
        assert Partnership.objects.filter(enterprise=abc).count() == 1


def test_it_forbids_a_counselor_to_create(center_a, today):
    from lotrinh.conftest import make_user, member
    from lotrinh.core.roles import Role

    counselor = make_user("cam", "Hoàng Minh Tâm")
    member(counselor, center_a, Role.COUNSELOR)
    assert client_for(counselor).get(url("enterprise-list", center_a)).status_code == 200
    assert _create(client_for(counselor), center_a, today).status_code == 403


def test_it_records_activity_contacts_and_creates_an_enterprise_account(officer, center_a, abc, today):
    client = client_for(officer)
    with scopes_disabled():
        pk = Partnership.objects.get(enterprise=abc).pk
    detail = url("enterprise-detail", center_a, pk=pk)
    day = today.strftime("%d/%m/%Y")
    assert (
        client.post(detail, {"action": "activity", "day": day, "kind": "visit", "note": "Thăm xưởng may"}).status_code
        == 302
    )
    assert (
        client.post(detail, {"action": "contact", "full_name": "Lê  Thị Thu", "phone": "0912345678"}).status_code == 302
    )
    contact = abc.contacts.get(full_name="Lê Thị Thu")
    response = client.post(detail, {"action": "account", "contact": contact.pk, "username": "thu.abc"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "thu.abc" in page and "Mật khẩu tạm thời" in page
    contact.refresh_from_db()
    assert contact.user.username == "thu.abc"
    assert "Thăm xưởng may" in client.get(detail).content.decode()
    # the new account lands on its enterprise
    home = client_for(contact.user).get(reverse("core:home"))
    assert home["Location"] == reverse("industry:portal-home", kwargs={"enterprise_slug": abc.slug})


def test_it_refuses_a_future_activity(officer, center_a, abc, today):
    with scopes_disabled():
        pk = Partnership.objects.get(enterprise=abc).pk
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for(officer).post(
        url("enterprise-detail", center_a, pk=pk), {"action": "activity", "day": tomorrow, "kind": "call", "note": "x"}
    )
    assert response.status_code == 422


def _opening(enterprise_id, today, **extra):
    return {
        "enterprise": enterprise_id,
        "trade": Trade.objects.first().pk,
        "title": "Thợ may công nghiệp",
        "level": "so_cap",
        "count": 10,
        "wage_min": 6_000_000,
        "wage_max": 8_500_000,
        "shifts": "two_shifts",
        "deadline": (today + dt.timedelta(days=30)).strftime("%d/%m/%Y"),
        **extra,
    }


def test_it_posts_an_opening_and_counts_it_in_the_demand(officer, center_a, abc, today):
    from lotrinh.industry.selectors import openings_demand_by_trade

    client = client_for(officer)
    assert client.post(url("opening-list", center_a), _opening(abc.pk, today)).status_code == 302
    with scopes_disabled():
        demand = openings_demand_by_trade(center=center_a, day=today)
    assert demand == {Trade.objects.first().pk: 10}
    page = client.get(url("demand", center_a)).content.decode()
    assert "<svg" in page and Trade.objects.first().name in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"deadline": "01/01/2020"}, "Hạn nộp hồ sơ không được ở quá khứ."),
        ({"wage_min": 9_000_000, "wage_max": 8_000_000}, "Mức lương cao nhất không được thấp hơn mức thấp nhất."),
        ({"count": 0}, "Một vị trí tuyển dụng phải có ít nhất một người."),
    ],
)
def test_it_refuses_a_bad_opening_and_saves_nothing(officer, center_a, abc, today, extra, message):
    response = client_for(officer).post(url("opening-list", center_a), _opening(abc.pk, today, **extra))
    assert response.status_code == 422
    assert message in response.content.decode()
    with scopes_disabled():
        assert not Opening.objects.exists()


def _agreement(today, **extra):
    return {
        "kind": "linkage",
        "partner_school": "Trường Cao đẳng Kỹ thuật Quảng Trị",
        "number": "15/2026/HĐLK",
        "signed_on": today.strftime("%d/%m/%Y"),
        "valid_from": today.strftime("%d/%m/%Y"),
        "valid_to": (today + dt.timedelta(days=20)).strftime("%d/%m/%Y"),
        "quota_linkage_places": 35,
        "delivered_linkage_places": 30,
        **extra,
    }


def test_it_saves_an_agreement_with_quotas_and_lists_it_as_expiring(officer, center_a, today):
    client = client_for(officer)
    assert client.post(url("agreement-list", center_a), _agreement(today)).status_code == 302
    with scopes_disabled():
        quota = AgreementQuota.objects.get()
    assert (quota.what, quota.quantity, quota.delivered) == ("linkage_places", 35, 30)
    page = client.get(url("agreement-list", center_a)).content.decode()
    assert 'id="expiring"' in page and "15/2026/HĐLK" in page


@pytest.mark.parametrize(
    "extra",
    [
        {"quota_interns": -1},
        {"valid_to": "01/01/2020"},
        {"partner_school": ""},
    ],
)
def test_it_refuses_a_bad_agreement_and_saves_nothing(officer, center_a, today, extra):
    response = client_for(officer).post(url("agreement-list", center_a), _agreement(today, **extra))
    assert response.status_code == 422
    with scopes_disabled():
        assert not Agreement.objects.exists()
        assert not AgreementQuota.objects.exists()


def test_it_attaches_a_pdf_and_refuses_other_files(officer, center_a, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(officer)
    bad = SimpleUploadedFile("hop-dong.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    response = client.post(url("agreement-list", center_a), {**_agreement(today), "document": bad})
    assert response.status_code == 422
    with scopes_disabled():
        assert not Agreement.objects.exists()
    pdf = SimpleUploadedFile("hop-dong.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert client.post(url("agreement-list", center_a), {**_agreement(today), "document": pdf}).status_code == 302
    with scopes_disabled():
        document = Agreement.objects.get().documents.get()
    download = client.get(url("agreement-document", center_a, pk=document.pk))
    assert download.status_code == 200


def test_it_tracks_an_order_fulfilment(officer, center_a, abc, today):
    from lotrinh.academics.models import Enrollment
    from lotrinh.factories import LearnerFactory, SchoolClassFactory

    with scopes_disabled():
        school_class = SchoolClassFactory(center=center_a, trade=Trade.objects.first())
        for _ in range(3):
            Enrollment.objects.create(
                center=center_a, learner=LearnerFactory(center=center_a), school_class=school_class, enrolled_on=today
            )
    client = client_for(officer)
    data = {
        "enterprise": abc.pk,
        "trade": Trade.objects.first().pk,
        "head_count": 12,
        "starts_on": today.strftime("%d/%m/%Y"),
        "language": "Tiếng Nhật",
        "language_level": "JLPT N4",
        "school_class": school_class.pk,
    }
    assert client.post(url("order-list", center_a), data).status_code == 302
    page = client.get(url("order-list", center_a)).content.decode()
    assert "3 / 12 (25%)" in page
    with scopes_disabled():
        assert TrainingOrder.objects.get().status == TrainingOrder.Status.IN_TRAINING
    assert client.post(url("order-list", center_a), {**data, "head_count": 0}).status_code == 422
    with scopes_disabled():
        assert TrainingOrder.objects.count() == 1


def _saved_agreement(client, center, today) -> AgreementQuota:
    assert client.post(url("agreement-list", center), _agreement(today)).status_code == 302
    with scopes_disabled():
        return AgreementQuota.objects.select_related("agreement").get()


def test_it_records_what_was_delivered_against_a_quota_and_audits_it(officer, center_a, today):
    from lotrinh.core.models import AuditEvent

    client = client_for(officer)
    quota = _saved_agreement(client, center_a, today)
    response = client.post(url("agreement-quota-deliver", center_a, pk=quota.pk), {"delivered": "34"})
    assert response.status_code == 302
    with scopes_disabled():
        quota.refresh_from_db()
        event = AuditEvent.objects.filter(object_type__endswith="agreementquota").latest("pk")
    assert quota.delivered == 34
    assert event.changes == {"delivered": [30, 34]}
    assert "34 / 35" in client.get(url("agreement-list", center_a)).content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [("-2", "không được âm"), ("nhiều", "số nguyên")],
)
def test_it_refuses_a_bad_delivered_figure_and_keeps_the_old_one(officer, center_a, today, value, message):
    client = client_for(officer)
    quota = _saved_agreement(client, center_a, today)
    response = client.post(url("agreement-quota-deliver", center_a, pk=quota.pk), {"delivered": value}, follow=True)
    assert message in response.content.decode()
    with scopes_disabled():
        quota.refresh_from_db()
    assert quota.delivered == 30


def test_it_attaches_a_document_to_a_saved_agreement_and_refuses_a_fake_one(officer, center_a, today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lotrinh.industry.models import AgreementDocument

    client = client_for(officer)
    agreement = _saved_agreement(client, center_a, today).agreement
    target = url("agreement-document-upload", center_a, pk=agreement.pk)
    fake = SimpleUploadedFile("phu-luc.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    client.post(target, {"document": fake})
    with scopes_disabled():
        assert not AgreementDocument.objects.exists()
    pdf = SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert client.post(target, {"document": pdf}).status_code == 302
    with scopes_disabled():
        assert AgreementDocument.objects.get().agreement_id == agreement.pk


def test_it_forbids_a_teacher_and_a_counselor_to_change_an_agreement(officer, bob, center_a, today):
    from lotrinh.conftest import make_user, member
    from lotrinh.core.roles import Role

    quota = _saved_agreement(client_for(officer), center_a, today)
    counselor = make_user("tuvan.test", "Lê Thị Tư")
    member(counselor, center_a, Role.COUNSELOR)
    for user in (bob, counselor):
        client = client_for(user)
        assert client.post(url("agreement-quota-deliver", center_a, pk=quota.pk), {"delivered": "1"}).status_code == 403
        assert client.post(url("agreement-document-upload", center_a, pk=quota.agreement_id)).status_code == 403
    with scopes_disabled():
        quota.refresh_from_db()
    assert quota.delivered == 30


def _order(center, enterprise, today) -> TrainingOrder:
    with scopes_disabled():
        return TrainingOrder.objects.create(
            center=center, enterprise=enterprise, trade=Trade.objects.first(), head_count=12, starts_on=today
        )


def test_it_links_the_class_that_fulfils_an_order_once_it_opens(officer, center_a, abc, today):
    from lotrinh.core.models import AuditEvent
    from lotrinh.factories import SchoolClassFactory

    order = _order(center_a, abc, today)
    with scopes_disabled():
        school_class = SchoolClassFactory(center=center_a, name="SC Hàn K26")
    response = client_for(officer).post(
        url("order-update", center_a, pk=order.pk), {"school_class": school_class.pk, "status": "in_training"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        order.refresh_from_db()
        event = AuditEvent.objects.filter(object_type__endswith="trainingorder").latest("pk")
    assert (order.school_class_id, order.status) == (school_class.pk, "in_training")
    assert event.changes["status"] == ["open", "in_training"]


def test_it_refuses_another_centers_class_or_an_unknown_status_and_keeps_the_order(
    officer, charlie, center_a, center_b, abc, today
):
    from lotrinh.factories import SchoolClassFactory

    order = _order(center_a, abc, today)
    with scopes_disabled():
        theirs = SchoolClassFactory(center=center_b, name="Lớp của trung tâm khác")
    client = client_for(officer)
    client.post(url("order-update", center_a, pk=order.pk), {"school_class": theirs.pk, "status": "in_training"})
    client.post(url("order-update", center_a, pk=order.pk), {"school_class": "", "status": "lost"})
    with scopes_disabled():
        order.refresh_from_db()
    assert (order.school_class_id, order.status) == (None, "open")


def test_it_forbids_a_teacher_to_change_an_order(bob, center_a, abc, today):
    order = _order(center_a, abc, today)
    assert client_for(bob).post(url("order-update", center_a, pk=order.pk), {"status": "cancelled"}).status_code == 403
