"""Following an application without an account: code and date of birth; a miss reveals nothing."""

import datetime as dt

from django.test import Client
from django_scopes import scope

from lotrinh.admissions import services

from .conftest import submit


def _lookup(center, code: str, born: dt.date, client: Client | None = None):
    return (client or Client()).post(
        f"/p/{center.slug}/tra-cuu/", {"code": code, "date_of_birth": born.strftime("%d/%m/%Y")}
    )


def _alert(response) -> str:
    """The one message a miss shows (the rest of the page is the blank form with the visitor's own input)."""
    html = response.content.decode()
    start = html.index('role="alert"')
    return html[html.index("<p", start) : html.index("</p>", start)].split(">", 1)[1]


def test_it_shows_the_status_and_history(center_a, thpt, alice):
    application = submit(center_a, thpt)
    with scope(center=center_a):
        services.application_verify(application=application, actor=alice)
        services.application_reject(application=application, reason="Chưa có bằng tốt nghiệp THCS", actor=alice)
    response = _lookup(center_a, application.tracking_code.lower(), application.date_of_birth)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không trúng tuyển" in html and "Chưa có bằng tốt nghiệp THCS" in html
    assert "Đã nhận" in html and "Đã xác minh" in html
    assert application.full_name not in html  # the page shows the status, not the person


def test_it_accepts_the_code_typed_with_spaces_and_dashes(center_a, thpt):
    application = submit(center_a, thpt)
    code = application.tracking_code
    response = _lookup(center_a, f"{code[:5]}-{code[5:]} ", application.date_of_birth)
    assert "Đã nhận" in response.content.decode()


def test_it_gives_one_answer_for_a_wrong_code_and_a_wrong_birth_date(center_a, thpt):
    application = submit(center_a, thpt)
    other_code = "".join("A" if ch != "A" else "B" for ch in application.tracking_code)
    wrong_code = _lookup(center_a, other_code, application.date_of_birth)
    wrong_birth = _lookup(center_a, application.tracking_code, application.date_of_birth + dt.timedelta(days=1))
    assert wrong_code.status_code == wrong_birth.status_code == 200
    assert "Không tìm thấy hồ sơ với mã và ngày sinh này" in wrong_code.content.decode()
    assert _alert(wrong_code) == _alert(wrong_birth) == "Không tìm thấy hồ sơ với mã và ngày sinh này"
    for response in (wrong_code, wrong_birth):
        assert "Trạng thái" not in response.content.decode()


def test_it_does_not_find_another_centers_application(center_a, center_b, thpt):
    application = submit(center_a, thpt)
    response = _lookup(center_b, application.tracking_code, application.date_of_birth)
    assert "Không tìm thấy hồ sơ với mã và ngày sinh này" in response.content.decode()


def test_it_limits_lookups_per_client(center_a, thpt, settings, today):
    settings.LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR = 3
    client = Client()
    statuses = [_lookup(center_a, f"XXXXXXXX{i:02d}", today, client).status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
