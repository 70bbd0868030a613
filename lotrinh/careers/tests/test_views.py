"""The pages: trades with codes and overrides, the demand table, offers, a learner's guidance page, the report."""

import datetime as dt
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from lotrinh.careers.models import LabourDemand, TradeInterestOverride, TrainingOffer
from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent

from .conftest import demand, offer, trade

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, center, *args) -> str:
    return reverse(f"careers:{name}", args=[center.slug, *args])


def _routes(center, learner_id: int, trade_id: int, demand_id: int, offer_id: int):
    return [
        ("get", url("trade-list", center)),
        ("post", url("trade-override", center, trade_id)),
        ("post", url("trade-override-remove", center, trade_id)),
        ("get", url("demand-list", center)),
        ("get", url("demand-row", center, demand_id)),
        ("get", url("demand-edit", center, demand_id)),
        ("post", url("demand-delete", center, demand_id)),
        ("get", url("offer-list", center)),
        ("get", url("offer-create", center)),
        ("get", url("offer-edit", center, offer_id)),
        ("post", url("offer-delete", center, offer_id)),
        ("get", url("learner-guidance", center, learner_id)),
        ("get", url("family-report", center, learner_id)),
    ]


@pytest.fixture
def rows(center_a, alice, today):
    return demand(center_a, "Hàn", 45, by=alice, year=today.year), offer(center_a, "Hàn", by=alice)


def test_it_hides_every_page_from_another_center(center_a, charlie, learner, rows):
    row, course = rows
    client = client_for(charlie)
    for method, path in _routes(center_a, learner.pk, trade("Hàn").pk, row.pk, course.pk):
        assert getattr(client, method)(path).status_code == 404, path


def test_it_refuses_a_teacher(center_a, bob, learner, rows):
    row, course = rows
    client = client_for(bob)
    for method, path in _routes(center_a, learner.pk, trade("Hàn").pk, row.pk, course.pk):
        assert getattr(client, method)(path).status_code == 403, path
    assert client.post(url("demand-list", center_a), {}).status_code == 403


def test_it_gives_the_override_form_to_those_who_manage_guidance_only(center_a, counselor, learner, rows):
    from lotrinh.conftest import make_user, member
    from lotrinh.core.roles import Role

    assert "Sửa mã" in client_for(counselor).get(url("trade-list", center_a)).content.decode()
    accountant = make_user("ke-toan", "Phan Thị Kế")
    member(accountant, center_a, Role.ACCOUNTANT)
    assert client_for(accountant).get(url("trade-list", center_a)).status_code == 403


def test_it_lists_every_trade_with_its_code_demand_and_offers(center_a, alice, rows):
    page = client_for(alice).get(url("trade-list", center_a)).content.decode()
    assert "Kỹ thuật chế biến món ăn" in page and "Hàn" in page
    assert "RCI" in page
    assert "45" in page
    assert "2.500.000 ₫" in page
    assert "O*NET® 29.1 Database" in page
    assert "Cần chuyên gia rà soát" in page


def test_it_saves_an_override_with_its_reason_and_audits_it(center_a, counselor):
    welding = trade("Hàn")
    response = client_for(counselor).post(
        url("trade-override", center_a, welding.pk), {"code": "rc", "reason": "Thợ hàn KCN ít việc nghiên cứu"}, **HTMX
    )
    assert response.status_code == 200
    assert "HX-Trigger" in response
    page = response.content.decode()
    assert "Tham chiếu: RCI" in page and ">RC<" in page
    with scope(center=center_a):
        override = TradeInterestOverride.objects.get(trade=welding)
    assert (override.code, override.set_by) == ("RC", counselor)
    with scopes_disabled():
        event = AuditEvent.objects.get(object_type="careers.tradeinterestoverride")
    assert event.changes["code"] == [None, "RC"]


@pytest.mark.parametrize(
    ("code", "reason", "message"),
    [
        ("RXZ", "Lý do", "Hãy nhập một đến ba chữ khác nhau trong R, I, A, S, E, C"),
        ("RR", "Lý do", "Hãy nhập một đến ba chữ khác nhau"),
        ("RC", "", "Hãy ghi lý do"),
    ],
)
def test_it_refuses_a_bad_override_and_saves_nothing(center_a, counselor, code, reason, message):
    response = client_for(counselor).post(
        url("trade-override", center_a, trade("Hàn").pk), {"code": code, "reason": reason}, **HTMX
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    with scope(center=center_a):
        assert not TradeInterestOverride.objects.exists()


def test_it_goes_back_to_the_reference_code(center_a, counselor, today):
    with scope(center=center_a):
        TradeInterestOverride.objects.create(
            center=center_a, trade=trade("Hàn"), code="RC", reason="x", set_by=counselor, set_on=today
        )
    response = client_for(counselor).post(url("trade-override-remove", center_a, trade("Hàn").pk), **HTMX)
    assert response.status_code == 200
    with scope(center=center_a):
        assert not TradeInterestOverride.objects.exists()


def _demand_post(today, **changes):
    return {
        "trade": trade("May công nghiệp").pk,
        "year": today.year,
        "quarter": "2",
        "openings": "120",
        "source": "Khảo sát KCN Nam Đông Hà",
        "noted_on": today.strftime("%d/%m/%Y"),
        **changes,
    }


def test_it_adds_a_demand_figure(center_a, counselor, today):
    response = client_for(counselor).post(url("demand-list", center_a), _demand_post(today))
    assert response.status_code == 302
    with scope(center=center_a):
        row = LabourDemand.objects.get()
    assert (row.openings, row.quarter, row.source) == (120, 2, "Khảo sát KCN Nam Đông Hà")


def test_it_refuses_negative_openings_with_a_message(center_a, counselor, today):
    response = client_for(counselor).post(url("demand-list", center_a), _demand_post(today, openings="-5"))
    assert response.status_code == 422
    assert "Số chỗ làm cần tuyển không được là số âm." in response.content.decode()
    with scope(center=center_a):
        assert not LabourDemand.objects.exists()


def test_it_edits_a_demand_row_in_place(center_a, counselor, rows, today):
    row, _course = rows
    client = client_for(counselor)
    form = client.get(url("demand-edit", center_a, row.pk), **HTMX)
    assert form.status_code == 200 and f'name="d{row.pk}-openings"' in form.content.decode()
    data = {f"d{row.pk}-{k}": v for k, v in _demand_post(today, openings="60").items()}
    saved = client.post(url("demand-edit", center_a, row.pk), data, **HTMX)
    assert saved.status_code == 200 and "HX-Trigger" in saved
    refused = client.post(url("demand-edit", center_a, row.pk), {**data, f"d{row.pk}-openings": "-1"}, **HTMX)
    assert refused.status_code == 422
    assert "không được là số âm" in refused.content.decode()
    with scope(center=center_a):
        assert LabourDemand.objects.get(pk=row.pk).openings == 60


def test_it_edits_a_demand_row_on_a_page_of_its_own_without_htmx(center_a, counselor, rows, today):
    """The row's "Edit" link opened in a new tab (or without script) is a whole page, not a bare fragment."""
    row, _course = rows
    client = client_for(counselor)
    page = client.get(url("demand-edit", center_a, row.pk))
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html and "Sửa số liệu nhu cầu" in html
    assert f'name="d{row.pk}-openings"' in html and "hx-post" not in html.split("<main", 1)[1]
    data = {f"d{row.pk}-{k}": v for k, v in _demand_post(today, openings="-1").items()}
    refused = client.post(url("demand-edit", center_a, row.pk), data)
    assert refused.status_code == 422 and "<html" in refused.content.decode()
    assert "không được là số âm" in refused.content.decode()
    saved = client.post(url("demand-edit", center_a, row.pk), {**data, f"d{row.pk}-openings": "60"})
    assert saved.status_code == 302 and saved["Location"] == url("demand-list", center_a)
    with scope(center=center_a):
        assert LabourDemand.objects.get(pk=row.pk).openings == 60


def test_it_deletes_a_demand_row(center_a, counselor, rows):
    row, _course = rows
    assert client_for(counselor).post(url("demand-delete", center_a, row.pk), **HTMX).status_code == 200
    with scope(center=center_a):
        assert not LabourDemand.objects.exists()


def _offer_post(**changes):
    from lotrinh.academics.models import ProgramType

    return {
        "trade": trade("Điện công nghiệp").pk,
        "program": ProgramType.objects.get(code="lien-ket-trung-cap").pk,
        "level": "trung_cap",
        "provider": "partner",
        "partner_name": "Trường Cao đẳng Kỹ thuật Quảng Trị",
        "duration_months": "18",
        "cost_vnd": "12.000.000",
        "next_intake_on": "",
        "places": "35",
        **changes,
    }


def test_it_adds_edits_and_removes_a_course(center_a, counselor):
    client = client_for(counselor)
    assert client.post(url("offer-create", center_a), _offer_post()).status_code == 302
    with scope(center=center_a):
        course = TrainingOffer.objects.get()
    assert (course.cost_vnd, course.partner_name, course.places) == (
        12_000_000,
        "Trường Cao đẳng Kỹ thuật Quảng Trị",
        35,
    )
    assert client.post(url("offer-edit", center_a, course.pk), _offer_post(cost_vnd="9500000")).status_code == 302
    with scope(center=center_a):
        assert TrainingOffer.objects.get().cost_vnd == 9_500_000
    assert "9.500.000 ₫" in client.get(url("offer-list", center_a)).content.decode()
    assert client.post(url("offer-delete", center_a, course.pk)).status_code == 302
    with scope(center=center_a):
        assert not TrainingOffer.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cost_vnd": "-100000"}, "Chi phí không được là số âm."),
        ({"cost_vnd": "mười triệu"}, "chỉ gồm chữ số"),
        ({"partner_name": ""}, "Hãy nhập tên trường đối tác."),
        ({"duration_months": "0"}, "Thời gian học từ 1 đến 60 tháng."),
    ],
)
def test_it_refuses_a_bad_course_and_saves_nothing(center_a, counselor, changes, message):
    response = client_for(counselor).post(url("offer-create", center_a), _offer_post(**changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    with scope(center=center_a):
        assert not TrainingOffer.objects.exists()


def test_it_shows_a_learner_their_recommendations_with_reasons(center_a, counselor, learner, rows, took_test):
    took_test()
    page = client_for(counselor).get(url("learner-guidance", center_a, learner.pk)).content.decode()
    assert "Nguyễn Thị Hằng" in page
    assert "Gợi ý để tham khảo; em và gia đình quyết định." in page
    assert "Hợp với nhóm sở thích Kỹ thuật (R), Nghiệp vụ (C) và Nghiên cứu (I) của em" in page
    assert "Có 45 chỗ làm đang tuyển trong tỉnh" in page
    assert "3 tháng, 2.500.000 ₫" in page
    assert url("family-report", center_a, learner.pk) in page


def test_it_says_when_the_learner_has_taken_no_test(center_a, counselor, learner, monkeypatch):
    from lotrinh.careers import selectors

    monkeypatch.setattr(selectors, "latest_attempt", lambda learner: None)
    page = client_for(counselor).get(url("learner-guidance", center_a, learner.pk)).content.decode()
    assert "Chưa có kết quả trắc nghiệm sở thích" in page


def test_it_renders_the_family_report_as_a_pdf_that_is_not_blank(
    center_a, counselor, learner, rows, took_test, tmp_path
):
    took_test()
    response = client_for(counselor).get(url("family-report", center_a, learner.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Nguyễn Thị Hằng" in text
    assert "Trung tâm GDNN-GDTX Đông Hà".upper() in text
    assert "Gợi ý để tham khảo; em và gia đình quyết định." in text
    assert dt.date(2010, 3, 8).strftime("%d/%m/%Y") in text
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-gray", str(pdf), str(tmp_path / "page")], check=True
    )
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    # PGM: header "P5\n<w> <h>\n255\n" then one byte per pixel
    header_end = image.index(b"\n255\n") + 5
    pixels = image[header_end:]
    dark = sum(1 for p in pixels if p < 200)
    assert dark / len(pixels) > 0.03, dark / len(pixels)


def test_it_audits_the_report_download_as_an_export(center_a, counselor, learner):
    client_for(counselor).get(url("family-report", center_a, learner.pk))
    with scopes_disabled():
        event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == counselor and event.object_id == str(learner.pk)


def test_it_builds_the_guidance_page_in_a_fixed_number_of_queries(
    center_a, counselor, learner, took_test, no_support_area, django_assert_num_queries, today
):
    took_test()
    client = client_for(counselor)
    offer(center_a, "Hàn", by=counselor)
    client.get(url("learner-guidance", center_a, learner.pk))  # warm the session and the catalogue
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("learner-guidance", center_a, learner.pk)).status_code == 200
    for name in ("May công nghiệp", "Điện dân dụng", "Công nghệ ô tô", "Sửa chữa xe máy"):
        offer(center_a, name, by=counselor)
        demand(center_a, name, 30, by=counselor, year=today.year)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url("learner-guidance", center_a, learner.pk))
