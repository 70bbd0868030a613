"""The audit log reads in Vietnamese: field labels, choices, dates and yes/no, not codes and ISO dates."""

import datetime as dt

from django.utils import timezone

from lotrinh.conftest import client_for
from lotrinh.core.audit_display import ChangeLine, change_lines
from lotrinh.retention import services
from lotrinh.retention.tests.conftest import enroll, grade10


def test_it_names_fields_as_the_forms_do_and_shows_choices_dates_and_booleans():
    changes = {
        "sex": [None, "female"],
        "date_of_birth": ["2009-05-12", "2009-12-05"],
        "has_disability": [False, True],
        "street_address": ["", "Thôn 2"],
    }
    assert change_lines("people.learner", changes) == [
        ChangeLine("Giới tính", "—", "Nữ"),
        ChangeLine("Ngày sinh", "12/05/2009", "05/12/2009"),
        ChangeLine("Người khuyết tật", "Không", "Có"),
        ChangeLine("Số nhà, đường phố", "—", "Thôn 2"),
    ]


def test_it_names_the_choices_a_model_keeps_in_a_json_list():
    [line] = change_lines("guidance.counselingsession", {"topics": [["interests"], ["interests", "learning"]]})
    assert "interests" not in line.old + line.new and line.new.count(",") == 1
    assert line.label == "Nội dung"


def test_it_labels_the_summaries_services_write_and_keeps_unknown_keys():
    lines = change_lines("people.importjob", {"learners_created": [None, 3], "Toán · HK1": ["7.5", "8"]})
    assert lines == [ChangeLine("Số học viên được tạo", "—", "3"), ChangeLine("Toán · HK1", "7.5", "8")]
    assert change_lines("export", {}) == []


def test_the_audit_page_shows_an_intervention_in_vietnamese(in_center_a, alice):
    learner = enroll(in_center_a, grade10(in_center_a))
    due = timezone.localdate() + dt.timedelta(days=3)
    services.intervention_create(learner=learner, kind="home_visit", owner=alice, due_on=due, actor=alice, note="")
    content = client_for(alice).get(f"/c/{in_center_a.slug}/nhat-ky/").content.decode()
    assert "Thăm gia đình" in content and f"{due:%d/%m/%Y}" in content
    assert "home_visit" not in content and due.isoformat() not in content
    assert "Select an option" not in content
