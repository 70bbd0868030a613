"""The grade book pages: who sees which class and subject, entering a sheet, module results, fixed queries."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lotrinh.assessment import services
from lotrinh.assessment.models import ModuleResult, Score
from lotrinh.assessment.services import ScoreEntry
from lotrinh.conftest import client_for

from .conftest import make_class


def sheet_url(center, school_class, subject="Toán", term=1) -> str:
    return f"/c/{center.slug}/so-diem/lop/{school_class.pk}/?mon={subject}&hoc-ky={term}"


def save_url(center, school_class) -> str:
    return f"/c/{center.slug}/so-diem/lop/{school_class.pk}/luu/"


def cells(school_class, values: dict, subject="Toán", term=1) -> dict:
    """POST data as the page sends it: every cell of every learner, with ``values`` filled in."""
    data = {"subject": subject, "term": str(term)}
    for learner in school_class.learners:
        for column in ("regular-1", "regular-2", "regular-3", "regular-4", "midterm", "final"):
            data[f"s-{learner.pk}-{column}"] = values.get((learner.pk, column), "")
    return data


# --- The grade book ------------------------------------------------------------------------------------------


def test_it_shows_a_teacher_only_the_classes_and_subjects_they_teach(center_a, bob, bob_class, other_class):
    response = client_for(bob).get(f"/c/{center_a.slug}/so-diem/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.school_class.name for r in rows] == ["10A1"]
    assert rows[0].subjects == ["Toán"]  # not Ngữ văn, which alice teaches there


def test_it_shows_a_homeroom_teacher_every_subject_of_their_class(in_center_a, bob, alice):
    make_class(in_center_a, name="11A1", teacher=alice, homeroom=bob, subjects=("Toán", "Lịch sử"))
    rows = client_for(bob).get(f"/c/{in_center_a.slug}/so-diem/").context["rows"]
    assert [(r.school_class.name, r.subjects) for r in rows] == [("11A1", ["Lịch sử", "Toán"])]


def test_it_shows_the_training_office_every_class(center_a, tina, bob_class, other_class, vocational_class):
    rows = client_for(tina).get(f"/c/{center_a.slug}/so-diem/").context["rows"]
    assert {r.school_class.name: (r.subjects, r.modules) for r in rows} == {
        "10A1": (["Ngữ văn", "Toán"], []),
        "10A2": (["Toán"], []),
        "SC-ĐDD-K1": ([], ["Điện dân dụng (thực hành)"]),
    }


def test_it_refuses_the_grade_book_to_a_role_without_grades(center_a, an):
    assert client_for(an).get(f"/c/{center_a.slug}/so-diem/").status_code == 403


def test_it_hides_the_grade_book_from_another_center(center_a, charlie, bob_class):
    assert client_for(charlie).get(f"/c/{center_a.slug}/so-diem/").status_code == 404


# --- The grade sheet -----------------------------------------------------------------------------------------


def test_it_opens_a_teachers_own_grade_sheet(center_a, bob, bob_class):
    response = client_for(bob).get(sheet_url(center_a, bob_class))
    assert response.status_code == 200
    sheet = response.context["sheet"]
    assert {row.learner.pk for row in sheet.rows} == {learner.pk for learner in bob_class.learners}
    content = response.content.decode()
    assert f'name="s-{bob_class.learners[0].pk}-regular-1"' in content
    assert "js/gradesheet.js" in content


def test_it_orders_learners_by_given_name_as_class_lists_do(center_a, bob, bob_class):
    sheet = client_for(bob).get(sheet_url(center_a, bob_class)).context["sheet"]
    # Hằng, Mai, Nam: by the last word of the name, in Vietnamese alphabetical order.
    assert [row.learner.full_name for row in sheet.rows] == ["Nguyễn Thị Hằng", "Lê Thị Mai", "Trần Văn Nam"]


def test_it_refuses_a_teacher_the_sheet_of_a_class_they_do_not_teach(center_a, bob, other_class):
    assert client_for(bob).get(sheet_url(center_a, other_class)).status_code == 403


def test_it_refuses_a_teacher_a_subject_they_do_not_teach_in_their_class(center_a, bob, bob_class):
    assert client_for(bob).get(sheet_url(center_a, bob_class, subject="Ngữ văn")).status_code == 403


def test_it_answers_404_for_a_subject_the_class_does_not_have(center_a, alice, bob_class):
    assert client_for(alice).get(sheet_url(center_a, bob_class, subject="Hóa học")).status_code == 404


def test_it_refuses_the_sheet_to_a_role_without_grades(center_a, an, bob_class):
    assert client_for(an).get(sheet_url(center_a, bob_class)).status_code == 403


def test_it_hides_the_sheet_from_another_center(center_a, charlie, bob_class):
    assert client_for(charlie).get(sheet_url(center_a, bob_class)).status_code == 404
    assert client_for(charlie).post(save_url(center_a, bob_class), cells(bob_class, {})).status_code == 404


def test_it_shows_the_sheet_read_only_without_grades_enter(center_a, cuong, bob, bob_class):
    services.scores_save(
        school_class=bob_class,
        subject="Toán",
        term=1,
        entries=[ScoreEntry(bob_class.learners[0].pk, "final", "8")],
        actor=bob,
    )
    response = client_for(cuong).get(sheet_url(center_a, bob_class))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<input type="text" name="s-' not in content
    assert ">8<" in content
    assert client_for(cuong).post(save_url(center_a, bob_class), cells(bob_class, {})).status_code == 403


def test_it_says_when_a_learner_does_not_have_enough_scores(center_a, bob, bob_class):
    first, second, _third = bob_class.learners
    services.scores_save(
        school_class=bob_class,
        subject="Toán",
        term=1,
        entries=[
            ScoreEntry(first.pk, "regular-1", "8"),
            ScoreEntry(first.pk, "midterm", "7"),
            ScoreEntry(first.pk, "final", "9"),
            ScoreEntry(second.pk, "regular-1", "8"),
            ScoreEntry(second.pk, "midterm", "7"),
        ],
        actor=bob,
    )
    response = client_for(bob).get(sheet_url(center_a, bob_class))
    rows = {row.learner.pk: row for row in response.context["sheet"].rows}
    assert rows[first.pk].term.average == Decimal("8.2")  # (8 + 14 + 27) / 6 = 8.17
    assert rows[second.pk].term.average is None and rows[second.pk].term.missing == ("final",)
    content = response.content.decode()
    assert "8,2" in content
    assert content.count('class="gs-incomplete"') == 2  # the second and third learners


def test_it_shows_the_year_average_on_the_last_terms_sheet(center_a, bob, bob_class):
    first = bob_class.learners[0]
    for term, (regular, mid, final) in {1: ("6", "6", "7"), 2: ("8", "8", "8")}.items():
        services.scores_save(
            school_class=bob_class,
            subject="Toán",
            term=term,
            entries=[
                ScoreEntry(first.pk, "regular-1", regular),
                ScoreEntry(first.pk, "midterm", mid),
                ScoreEntry(first.pk, "final", final),
            ],
            actor=bob,
        )
    sheet = client_for(bob).get(sheet_url(center_a, bob_class, term=2)).context["sheet"]
    row = next(r for r in sheet.rows if r.learner.pk == first.pk)
    # term 1: (6 + 12 + 21) / 6 = 6.5; term 2: 8.0; year: (6.5 + 2 × 8.0) / 3 = 7.5
    assert sheet.shows_year and row.year.average == Decimal("7.5")


def test_it_saves_the_whole_sheet_in_one_post(center_a, bob, bob_class):
    first, second, _third = bob_class.learners
    data = cells(bob_class, {(first.pk, "regular-1"): "7,5", (first.pk, "final"): "9", (second.pk, "midterm"): "6"})
    response = client_for(bob).post(save_url(center_a, bob_class), data)
    assert response.status_code == 302
    assert response["Location"] == sheet_url(center_a, bob_class).replace("Toán", "To%C3%A1n")
    saved = {(s.learner_id, s.kind): s.value for s in Score.objects.all()}
    assert saved == {
        (first.pk, "regular"): Decimal("7.5"),
        (first.pk, "final"): Decimal("9"),
        (second.pk, "midterm"): Decimal("6"),
    }


def test_it_answers_htmx_with_the_sheet_and_an_event(center_a, bob, bob_class):
    first = bob_class.learners[0]
    response = client_for(bob).post(
        save_url(center_a, bob_class), cells(bob_class, {(first.pk, "final"): "9"}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "scores-saved" in response["HX-Trigger"]
    assert b'id="gradesheet"' in response.content
    assert b"<html" not in response.content


def test_it_refuses_an_11_beside_the_cell_and_saves_nothing(center_a, bob, bob_class):
    first, second, _third = bob_class.learners
    data = cells(bob_class, {(first.pk, "regular-1"): "8", (second.pk, "final"): "11"})
    response = client_for(bob).post(save_url(center_a, bob_class), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert not Score.objects.exists()
    content = response.content.decode()
    assert second.full_name in content and "11" in content
    row = next(r for r in response.context["sheet"].rows if r.learner.pk == second.pk)
    cell = next(c for c in row.cells if c.column.key == "final")
    assert cell.text == "11" and cell.error  # what was typed stays, with its message
    first_row = next(r for r in response.context["sheet"].rows if r.learner.pk == first.pk)
    assert first_row.cells[0].text == "8" and first_row.cells[0].initial == ""


def test_it_refuses_a_teacher_saving_a_class_they_do_not_teach(center_a, bob, other_class):
    learner = other_class.learners[0]
    response = client_for(bob).post(save_url(center_a, other_class), cells(other_class, {(learner.pk, "final"): "9"}))
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_it_lets_the_training_office_enter_any_class(center_a, tina, other_class):
    learner = other_class.learners[0]
    response = client_for(tina).post(save_url(center_a, other_class), cells(other_class, {(learner.pk, "final"): "9"}))
    assert response.status_code == 302
    assert Score.objects.get().entered_by == tina


def test_it_runs_the_grade_sheet_in_a_fixed_number_of_queries(
    in_center_a, bob, bob_class, django_assert_max_num_queries
):
    client = client_for(bob)

    def fill(learners):
        entries = [ScoreEntry(x.pk, c, "7") for x in learners for c in ("regular-1", "regular-2", "midterm", "final")]
        services.scores_save(school_class=bob_class, subject="Toán", term=1, entries=entries, actor=bob)

    fill(bob_class.learners)
    with django_assert_max_num_queries(30) as small:
        assert client.get(sheet_url(in_center_a, bob_class)).status_code == 200
    from lotrinh.factories import EnrollmentFactory, LearnerFactory

    more = [LearnerFactory(center=in_center_a) for _ in range(40)]
    for learner in more:
        EnrollmentFactory(center=in_center_a, learner=learner, school_class=bob_class)
    fill(more)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(sheet_url(in_center_a, bob_class))
    assert len(response.context["sheet"].rows) == 43


def test_it_saves_a_sheet_through_the_page_in_a_fixed_number_of_queries(
    in_center_a, bob, bob_class, django_assert_max_num_queries
):
    client = client_for(bob)
    with django_assert_max_num_queries(40) as small:
        client.post(
            save_url(in_center_a, bob_class), cells(bob_class, {(x.pk, "final"): "8" for x in bob_class.learners})
        )
    from lotrinh.factories import EnrollmentFactory, LearnerFactory

    for _ in range(40):
        EnrollmentFactory(center=in_center_a, learner=LearnerFactory(center=in_center_a), school_class=bob_class)
    bob_class.learners = [e.learner for e in bob_class.enrollments.select_related("learner")]
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post(
            save_url(in_center_a, bob_class), cells(bob_class, {(x.pk, "final"): "9" for x in bob_class.learners})
        )
    assert Score.objects.filter(value=9).count() == 43


# --- Module results ------------------------------------------------------------------------------------------


def module_url(center, school_class, module="Điện dân dụng (thực hành)") -> str:
    return f"/c/{center.slug}/so-diem/lop/{school_class.pk}/mo-dun/?mo-dun={module}"


def module_post(center, school_class, client, scores: dict, passed: dict | None = None, **extra):
    data = {"module": "Điện dân dụng (thực hành)", "hours": "60", "assessed_on": "20/11/2026", **extra}
    for learner in school_class.learners:
        data[f"m-{learner.pk}-score"] = scores.get(learner.pk, "")
        data[f"m-{learner.pk}-passed"] = (passed or {}).get(learner.pk, "")
    return client.post(f"/c/{center.slug}/so-diem/lop/{school_class.pk}/mo-dun/luu/", data)


def test_it_enters_module_results_with_passed_from_the_pass_mark(center_a, bob, vocational_class):
    first, second, third = vocational_class.learners
    client = client_for(bob)
    assert client.get(module_url(center_a, vocational_class)).status_code == 200
    response = module_post(
        center_a, vocational_class, client, {first.pk: "7,5", second.pk: "4,5", third.pk: "4"}, passed={third.pk: "1"}
    )
    assert response.status_code == 302
    results = {r.learner_id: r for r in ModuleResult.objects.all()}
    assert (results[first.pk].value, results[first.pk].passed, results[first.pk].hours) == (Decimal("7.5"), True, 60)
    assert results[second.pk].passed is False
    assert results[third.pk].passed is True  # decided by hand despite 4
    assert results[first.pk].assessed_on == dt.date(2026, 11, 20)
    sheet = client.get(module_url(center_a, vocational_class)).context["sheet"]
    choices = {row.learner.pk: row.passed_choice for row in sheet.rows}
    assert choices == {first.pk: "", second.pk: "", third.pk: "1"}


def test_it_refuses_a_bad_module_score_and_saves_nothing(center_a, bob, vocational_class):
    first, second, _third = vocational_class.learners
    response = module_post(center_a, vocational_class, client_for(bob), {first.pk: "8", second.pk: "abc"})
    assert response.status_code == 422
    assert second.full_name in response.content.decode()
    assert not ModuleResult.objects.exists()


def test_it_refuses_module_hours_and_a_future_date(center_a, bob, vocational_class):
    future = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = module_post(
        center_a,
        vocational_class,
        client_for(bob),
        {vocational_class.learners[0].pk: "8"},
        hours="0",
        assessed_on=future,
    )
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"hours", "assessed_on"}
    assert not ModuleResult.objects.exists()


def test_it_refuses_module_results_of_a_class_a_teacher_does_not_teach(in_center_a, bob, alice):
    school_class, learners = make_class(
        in_center_a, name="SC-May", teacher=alice, subjects=("May công nghiệp",), program="so-cap"
    )
    school_class.learners = learners
    client = client_for(bob)
    assert client.get(module_url(in_center_a, school_class, "May công nghiệp")).status_code == 403
    response = module_post(in_center_a, school_class, client, {learners[0].pk: "8"}, module="May công nghiệp")
    assert response.status_code == 403
    assert not ModuleResult.objects.exists()


def test_it_hides_module_results_from_another_center_and_the_accountant(center_a, charlie, an, vocational_class):
    assert client_for(charlie).get(module_url(center_a, vocational_class)).status_code == 404
    assert client_for(an).get(module_url(center_a, vocational_class)).status_code == 403


def test_it_audits_module_results(center_a, bob, vocational_class):
    from lotrinh.core.models import AuditEvent

    first = vocational_class.learners[0]
    module_post(center_a, vocational_class, client_for(bob), {first.pk: "8"})
    module_post(center_a, vocational_class, client_for(bob), {first.pk: "4"})
    event = AuditEvent.objects.filter(object_type="academics.schoolclass").latest("id")
    ((key, (old, new)),) = event.changes.items()
    assert first.full_name in key
    assert old.startswith("8.0") and new.startswith("4.0")


def test_it_shows_a_teacher_with_no_class_an_empty_grade_book(center_a, bob, other_class):
    response = client_for(bob).get(f"/c/{center_a.slug}/so-diem/")
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_it_runs_the_grade_book_in_a_fixed_number_of_queries(
    in_center_a, alice, bob, bob_class, django_assert_max_num_queries
):
    client = client_for(alice)
    with django_assert_max_num_queries(30) as small:
        assert client.get(f"/c/{in_center_a.slug}/so-diem/").status_code == 200
    for n in range(6):
        make_class(in_center_a, name=f"12C{n}", teacher=bob, subjects=("Toán", "Lý", "Hóa"), learners=5)
        make_class(in_center_a, name=f"SC-{n}", teacher=bob, subjects=("Hàn",), program="so-cap", learners=5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/c/{in_center_a.slug}/so-diem/")
    assert len(response.context["rows"]) == 13


def test_it_lists_the_classes_of_the_chosen_school_year(in_center_a, alice, bob, bob_class):
    from lotrinh.factories import SchoolClassFactory

    SchoolClassFactory(center=in_center_a, name="10A1", school_year="2025-2026")
    client = client_for(alice)
    response = client.get(f"/c/{in_center_a.slug}/so-diem/", {"nam-hoc": "2025-2026"})
    assert [r.school_class.school_year for r in response.context["rows"]] == ["2025-2026"]
    assert response.context["school_years"] == ["2026-2027", "2025-2026"]
