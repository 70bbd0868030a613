"""Issue 8's journey in the browser: an enterprise account posts an opening and internship slots; staff run the
allocation and publish; the learner opens their personal link; the mentor evaluates from the enterprise account;
after staff record a hire, the employment rate on the dashboard goes up."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from lotrinh.academics.models import Enrollment, EnrollmentStatus, EnrollmentStatusChange, SchoolClass, Trade
from lotrinh.conftest import make_user
from lotrinh.core.demo import DEMO_PASSWORD
from lotrinh.core.models import Center, User
from lotrinh.industry.models import Enterprise, EnterpriseContact, Opening, Partnership
from lotrinh.industry.tests.conftest import valid_tax_code
from lotrinh.internships import services as internship_services
from lotrinh.internships.models import Placement
from lotrinh.jobs import selectors as job_selectors
from lotrinh.jobs.models import MentorEvaluation
from lotrinh.people.models import Learner

from .helpers import MAIN_CENTER, login

pytestmark = pytest.mark.django_db(transaction=True)

ENTERPRISE = "may-hanh-trinh"
MENTOR = "dn.hanhtrinh"


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _setup(today: dt.date) -> dict:
    """A partner enterprise with its account (also the mentor), an open round for a trade no demo class teaches,
    and two learners of that trade close to home."""
    with scopes_disabled():
        center = Center.objects.get(slug=MAIN_CENTER)
        director = User.objects.get(username="giamdoc")
        used = SchoolClass.objects.filter(trade__isnull=False).values_list("trade_id", flat=True)
        trade = Trade.objects.filter(Trade.holding_on(today)).exclude(pk__in=used).order_by("name").first()
        enterprise = Enterprise.objects.create(
            slug=ENTERPRISE, name="Công ty TNHH May Hành Trình", tax_code=valid_tax_code(9001), commune_id=19333
        )
        Partnership.objects.create(center=center, enterprise=enterprise, since=dt.date(2024, 9, 1))
        user = make_user(MENTOR, "Võ Thị Hạnh")
        user.set_password(DEMO_PASSWORD)
        user.save()
        EnterpriseContact.objects.create(
            enterprise=enterprise, user=user, full_name="Võ Thị Hạnh", position="Tổ trưởng", is_mentor=True
        )
    with scope(center=center):
        school_class = SchoolClass.objects.create(
            center=center, name=f"SC {trade.name} hành trình", program_id=_program_id("so-cap"),
            school_year=f"{today.year}-{today.year + 1}" if today.month >= 9 else f"{today.year - 1}-{today.year}",
            trade=trade,
        )  # fmt: skip
        for name in ("Nguyễn Thị Ngọc Ánh", "Trần Văn Khánh"):
            learner = Learner.objects.create(
                center=center, code=f"HT{len(name)}", full_name=name, date_of_birth=dt.date(2007, 3, 1),
                sex="female", commune_id=19333, distance_km=3,
            )  # fmt: skip
            enrollment = Enrollment.objects.create(
                center=center, learner=learner, school_class=school_class, enrolled_on=today - dt.timedelta(days=90)
            )
            EnrollmentStatusChange.objects.create(
                center=center, enrollment=enrollment, status=EnrollmentStatus.ENROLLED,
                effective_on=enrollment.enrolled_on,
            )  # fmt: skip
        internship_round = internship_services.round_create(
            center=center, name="Thực tập doanh nghiệp đợt 1", trade=trade, starts_on=today - dt.timedelta(days=7),
            weeks=6, max_distance_km=30, actor=director,
        )  # fmt: skip
    return {"center": center, "trade": trade, "round": internship_round, "enterprise": enterprise}


def _program_id(code: str) -> int:
    from lotrinh.academics.models import ProgramType

    return ProgramType.objects.get(code=code).pk


def _rate(page) -> float:
    text = page.locator("#rate-all").inner_text()
    return float(re.sub(r"[^\d,]", "", text).replace(",", "."))


def test_it_runs_from_an_opening_to_a_hire_that_moves_the_employment_rate(browser, live_server, demo):
    today = timezone.localdate()
    data = _setup(today)
    center, trade = data["center"], data["trade"]
    new = {"base_url": live_server.url, "viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}

    # 1. The enterprise account posts an opening and an internship slot.
    enterprise_ctx = browser.new_context(**new)
    enterprise_ctx.set_default_timeout(15_000)
    page = enterprise_ctx.new_page()
    login(page, MENTOR)
    page.goto(f"/dn/{ENTERPRISE}/tuyen-dung/")
    page.locator("#id_center").select_option(str(center.pk))
    page.locator("#id_trade").select_option(str(trade.pk))
    page.locator("#id_title").fill("Công nhân may công nghiệp")
    page.locator("#id_count").fill("5")
    page.locator("#id_wage_min").fill("6500000")
    page.locator("#id_wage_max").fill("8000000")
    page.locator("#id_deadline").fill(_vn(today + dt.timedelta(days=30)))
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng tin", exact=True).click()
    assert page.get_by_text("Công nhân may công nghiệp").first.is_visible()
    with scopes_disabled():
        assert Opening.objects.filter(enterprise=data["enterprise"], posted_by_enterprise=True).count() == 1

    page.goto(f"/dn/{ENTERPRISE}/thuc-tap/")
    page.locator("#id_round").select_option(str(data["round"].pk))
    page.locator("#id_trade").select_option(str(trade.pk))
    page.locator("#id_capacity").fill("2")
    page.locator("#id_place").fill("Lô B2, KCN Nam Đông Hà")
    page.locator("#id_distance_km_from_center").fill("4")
    with scopes_disabled():
        mentor_id = EnterpriseContact.objects.get(user__username=MENTOR).pk
    page.locator("#id_mentor").select_option(str(mentor_id))
    page.locator("#id_day1").select_option("5")  # Saturday: no culture lesson
    page.locator("#id_from1").fill("07:30")
    page.locator("#id_to1").fill("11:30")
    with page.expect_navigation():
        page.locator("#post-slot button[type=submit]").click()
    assert page.locator("#slots").get_by_text("Lô B2, KCN Nam Đông Hà").is_visible()

    # 2. Staff run the allocation and publish the round.
    staff_ctx = browser.new_context(**new)
    staff_ctx.set_default_timeout(30_000)
    staff = staff_ctx.new_page()
    login(staff, "giamdoc")
    staff.goto(f"/c/{MAIN_CENTER}/thuc-tap/{data['round'].pk}/")
    with staff.expect_navigation():
        staff.locator("form[action$='/xep/'] button").click()
    with staff.expect_navigation():
        staff.locator("form[action$='/cong-bo/'] button").click()
    with scopes_disabled():
        placements = list(Placement.objects.filter(round=data["round"], status="published").select_related("learner"))
    assert len(placements) == 2

    # 3. A learner opens their personal link and sees the internship.
    learner_ctx = browser.new_context(**{**new, "viewport": {"width": 390, "height": 844}})
    learner_page = learner_ctx.new_page()
    learner_page.goto(f"/p/{MAIN_CENTER}/thuc-tap/{placements[0].learner_token}/")
    assert learner_page.get_by_role("heading", name="Công ty TNHH May Hành Trình").is_visible()
    assert learner_page.get_by_text("Lô B2, KCN Nam Đông Hà").is_visible()
    learner_ctx.close()

    # 4. The mentor evaluates the intern from the enterprise account.
    page.goto(f"/dn/{ENTERPRISE}/thuc-tap-sinh/")
    with page.expect_navigation():
        page.get_by_role("link", name=placements[0].learner.full_name).click()
    page.locator("select#id_kind").select_option("mid_term")
    for criterion, score in (("skills", 4), ("discipline", 5), ("safety", 4), ("teamwork", 4), ("attitude", 5)):
        page.locator(f"input[name=score_{criterion}][value='{score}']").check()
    page.locator("textarea#id_comment").fill("Tiếp thu nhanh, đúng giờ.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu đánh giá").click()
    assert page.locator("#evaluations .jobs-evaluation").count() == 1
    assert "4,4" in page.locator("#evaluations").inner_text()
    with scopes_disabled():
        evaluation = MentorEvaluation.objects.get(placement=placements[0])
    assert evaluation.entered_via == "enterprise"
    enterprise_ctx.close()

    # 5. Staff record a hire for a graduate not yet employed: the employment rate goes up.
    staff.goto(f"/c/{MAIN_CENTER}/viec-lam/")
    before = _rate(staff)
    with scope(center=center):
        graduate = next(g for g in job_selectors.graduates(center) if not g.employed)
    staff.goto(f"/c/{MAIN_CENTER}/viec-lam/ung-tuyen/")
    staff.locator("#new-application summary").click()
    staff.locator("#id_learner").select_option(str(graduate.learner_id))
    staff.locator("#id_enterprise").select_option(str(data["enterprise"].pk))
    staff.locator("#id_job_title").fill("Công nhân may")
    staff.locator("#id_trade_match").select_option("match")
    staff.locator("#id_applied_on").fill(_vn(today - dt.timedelta(days=5)))
    with staff.expect_navigation():
        staff.get_by_role("button", name="Lưu hồ sơ").click()
    staff.locator("#id_action").select_option("hire")
    staff.locator("#id_on").fill(_vn(today))
    with staff.expect_navigation():
        staff.locator("#next-step button[type=submit]").click()
    assert staff.locator("#placement-status").inner_text() == "Đã tuyển dụng"
    staff.goto(f"/c/{MAIN_CENTER}/viec-lam/")
    after = _rate(staff)
    assert after > before
    staff_ctx.close()
