"""The public test: no account, phone-friendly, one attempt per form, unanswered items named, spam refused."""

import re
import sys
import types

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from lotrinh.conftest import client_for
from lotrinh.core.models import AuditEvent
from lotrinh.interests.models import InterestAttempt

from .conftest import post_data, sheet

HAND_SHEET = sheet(
    {
        "S": [5, 5, 4, 4, 5, 4, 3, 3],  # 33
        "E": [4, 4, 4, 4, 4, 5, 4, 4],  # 33
        "A": [3, 4, 3, 4, 3, 4, 3, 4],  # 28
        "R": [2, 2, 2, 2, 2, 2, 2, 2],  # 16
        "I": [3, 3, 3, 3, 3, 3, 3, 3],  # 24
        "C": [1, 2, 1, 2, 1, 2, 1, 2],  # 12
    }
)


def _url(center, tail=""):
    return f"/p/{center.slug}/trac-nghiem/{tail}"


def _form_token(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def _attempts(center):
    with scope(center=center):
        return list(InterestAttempt.objects.all())


def test_it_shows_the_48_items_in_vietnamese_to_anyone_in_few_queries(center_a):
    client = client_for(None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(center_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('type="radio"') == 48 * 5
    assert "Kiểm tra chất lượng linh kiện trước khi đóng hàng gửi đi" in page  # R1, question 1
    assert "Rất không thích" in page and "Rất thích" in page
    assert 'name="website"' in page  # the honeypot
    assert len(queries) <= 3, [q["sql"] for q in queries]  # the center, its name, the items


def test_it_answers_404_for_an_unknown_center(db):
    assert client_for(None).get("/p/khong-co/trac-nghiem/").status_code == 404


def test_it_scores_a_complete_sheet_and_shows_the_result(center_a):
    client = client_for(None)
    token = _form_token(client.get(_url(center_a)))
    data = post_data(HAND_SHEET, form_token=token, respondent_name="Hồ Thị Mỹ Duyên", birth_year="2010")
    response = client.post(_url(center_a), data)
    [attempt] = _attempts(center_a)
    assert response.status_code == 302
    assert response["Location"] == _url(center_a, f"ket-qua/{attempt.token}/")
    assert attempt.scores == {"R": 16, "I": 24, "A": 28, "S": 33, "E": 33, "C": 12}
    assert (attempt.holland_code, attempt.code_with_ties) == ("SEA", "S=E>A")
    assert attempt.answers == HAND_SHEET and attempt.language == "vi" and attempt.instrument_version == "2008"
    assert (attempt.respondent_name, attempt.birth_year, attempt.learner) == ("Hồ Thị Mỹ Duyên", 2010, None)
    assert len(attempt.token) >= 22
    with scopes_disabled():
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.CREATE, object_type="interests.interestattempt", object_id=str(attempt.pk)
        ).exists()

    page = client.get(response["Location"]).content.decode()
    assert "S=E&gt;A" in page and "<svg" in page and "<polygon" in page
    assert "style=" not in page  # the Content-Security-Policy refuses inline styles
    # SVG coordinates are written with a decimal point whatever the Vietnamese number format says.
    assert not re.search(r'(?:cx|cy|x2|y2|x|y)="-?\d+,\d', page)
    assert "không dùng để tuyển chọn" in page
    assert "IIP RIASEC Markers" in page and "Armstrong" in page
    assert f"/p/{center_a.slug}/dang-ky/?ket-qua={attempt.token}" in page


def test_it_names_the_unanswered_questions_and_keeps_the_other_answers(center_a):
    client = client_for(None)
    token = _form_token(client.get(_url(center_a)))
    answers = sheet(default=4)
    del answers["S1"]  # question 4 (R1 I1 A1 S1 …)
    del answers["C2"]  # question 12
    response = client.post(_url(center_a), post_data(answers, form_token=token, respondent_name="Lê Quang Vinh"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Bạn chưa trả lời câu 4, 12." in page
    assert page.count("checked") == 46  # every other answer is still chosen
    assert 'value="Lê Quang Vinh"' in page
    assert _attempts(center_a) == []


def test_it_makes_one_attempt_when_the_same_form_is_sent_twice(center_a):
    client = client_for(None)
    data = post_data(HAND_SHEET, form_token=_form_token(client.get(_url(center_a))))
    first = client.post(_url(center_a), data)
    second = client.post(_url(center_a), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert len(_attempts(center_a)) == 1


def test_it_refuses_a_form_without_its_token(center_a):
    response = client_for(None).post(_url(center_a), post_data(HAND_SHEET))
    assert response.status_code == 422
    assert "Tải lại trang" in response.content.decode()
    assert _attempts(center_a) == []


def test_it_saves_nothing_when_the_honeypot_is_filled(center_a):
    client = client_for(None)
    data = post_data(HAND_SHEET, form_token=_form_token(client.get(_url(center_a))), website="http://spam.example")
    assert client.post(_url(center_a), data).status_code == 400
    assert _attempts(center_a) == []


def test_it_limits_how_often_one_client_submits(center_a, settings):
    settings.LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR = 2
    client = client_for(None)
    for _ in range(2):
        data = post_data(HAND_SHEET, form_token=_form_token(client.get(_url(center_a))))
        assert client.post(_url(center_a), data).status_code == 302
    data = post_data(HAND_SHEET, form_token=_form_token(client.get(_url(center_a))))
    response = client.post(_url(center_a), data)
    assert response.status_code == 429
    assert "Vui lòng thử lại sau" in response.content.decode()
    assert len(_attempts(center_a)) == 2


def test_it_answers_a_plain_404_to_a_wrong_result_token(center_a, center_b):
    client = client_for(None)
    data = post_data(HAND_SHEET, form_token=_form_token(client.get(_url(center_a))))
    location = client.post(_url(center_a), data)["Location"]
    token = location.rstrip("/").rsplit("/", 1)[1]
    assert client.get(_url(center_a, f"ket-qua/{token[:-1]}x/")).status_code == 404
    assert client.get(_url(center_a, "ket-qua/" + "a" * 200 + "/")).status_code == 404
    # Another center's address with this token finds nothing either.
    assert client.get(_url(center_b, f"ket-qua/{token}/")).status_code == 404


def test_it_shows_the_careers_recommendations_when_that_area_provides_them(center_a, monkeypatch):
    seen = {}

    def recommendations_for_scores(*, center, scores, day):
        seen.update(center=center, scores=scores, day=day)
        return [
            types.SimpleNamespace(trade_name=f"Nghề số {n}", score=90 - n, reasons=[f"Lý do {n}"]) for n in range(7)
        ]

    fake = types.ModuleType("lotrinh.careers.selectors")
    fake.recommendations_for_scores = recommendations_for_scores
    monkeypatch.setitem(sys.modules, "lotrinh.careers.selectors", fake)
    import lotrinh.careers

    monkeypatch.setattr(lotrinh.careers, "selectors", fake, raising=False)
    client = client_for(None)
    location = client.post(_url(center_a), post_data(HAND_SHEET, form_token=_form_token(client.get(_url(center_a)))))[
        "Location"
    ]
    page = client.get(location).content.decode()
    assert "Nghề số 0" in page and "Nghề số 4" in page and "Nghề số 5" not in page  # the top five
    assert "Lý do 2" in page
    assert seen["center"] == center_a and seen["scores"]["S"] == 33
