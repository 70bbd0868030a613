"""Industry in the browser: the enterprise account posts an opening for its partner center; the center's enterprise
officer sees it among the openings and in the labour demand; another enterprise's page is a 404."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from lotrinh.industry.models import Opening

from .helpers import MAIN_CENTER, logged_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_enterprise_posts_an_opening_that_staff_see_in_the_demand(browser, live_server, demo):
    deadline = (timezone.localdate() + dt.timedelta(days=20)).strftime("%d/%m/%Y")
    with logged_in_page(browser, live_server.url, "doanhnghiep.abc") as page:
        assert page.url.endswith("/dn/may-abc-quang-tri/")  # the account lands on its enterprise
        page.get_by_role("link", name="Đăng tin tuyển dụng").click()
        page.locator("#id_trade").select_option(label="May công nghiệp")
        page.locator("#id_title").fill("Công nhân may chuyền E2E")
        page.locator("#id_count").fill("12")
        page.locator("#id_wage_min").fill("6500000")
        page.locator("#id_wage_max").fill("6000000")  # below the minimum: refused
        page.locator("#id_deadline").fill(deadline)
        page.get_by_role("button", name="Đăng tin").click()
        assert page.get_by_text("Mức lương cao nhất không được thấp hơn mức thấp nhất.").is_visible()
        with scopes_disabled():
            assert not Opening.objects.filter(title="Công nhân may chuyền E2E").exists()
        page.locator("#id_wage_max").fill("8000000")
        page.get_by_role("button", name="Đăng tin").click()
        assert page.get_by_text("Đã đăng tin tuyển dụng.").is_visible()
        assert page.get_by_role("cell", name="Công nhân may chuyền E2E").is_visible()
        # another enterprise's pages do not exist for this account
        response = page.goto("/dn/dien-tu-meiko-dong-nam/")
        assert response.status == 404

    with logged_in_page(browser, live_server.url, "doanhnghiep") as page:
        page.goto(f"/c/{MAIN_CENTER}/doanh-nghiep/tuyen-dung/")
        assert page.get_by_role("cell", name="Công nhân may chuyền E2E").is_visible()
        page.goto(f"/c/{MAIN_CENTER}/nhu-cau-lao-dong/")
        assert page.locator("svg.ind-chart").is_visible()
        assert page.get_by_role("cell", name="May công nghiệp").is_visible()
