"""Duplicate detection: the same ID number, or the same name (without diacritics) and date of birth, among the
center's applications and its learners; flagged on the list and the detail page with links."""

from django_scopes import scope

from lotrinh.admissions import selectors
from lotrinh.conftest import client_for
from lotrinh.people.tests.conftest import make_learner

from .conftest import submit, years_ago


def _dups(center, application):
    with scope(center=center):
        return selectors.duplicates_of([selectors.application_get(application.pk)]).get(application.pk, [])


def test_it_finds_the_same_id_number_under_another_name(center_a, thpt):
    first = submit(center_a, thpt, full_name="Lê Thị Mai", serial=7)
    second = submit(center_a, thpt, full_name="Lê Thị Mây", serial=7)
    [dup] = _dups(center_a, second)
    assert (dup.kind, dup.pk, dup.same_id_number, dup.same_name_and_birth) == ("application", first.pk, True, False)
    assert dup.reason == "trùng số định danh"


def test_it_finds_the_same_name_and_birth_date_written_differently(center_a, thpt):
    born = years_ago(16)
    first = submit(center_a, thpt, full_name="Nguyễn Thị Hằng", born=born, serial=1)
    second = submit(center_a, thpt, full_name="nguyễn  thị hằng", born=born, serial=2)
    [dup] = _dups(center_a, second)
    assert (dup.pk, dup.same_id_number, dup.same_name_and_birth) == (first.pk, False, True)


def test_it_does_not_flag_a_namesake_born_another_day(center_a, thpt):
    submit(center_a, thpt, full_name="Nguyễn Thị Hằng", born=years_ago(16), serial=1)
    second = submit(center_a, thpt, full_name="Nguyễn Thị Hằng", born=years_ago(17), serial=2)
    assert _dups(center_a, second) == []


def test_it_finds_an_existing_learner_of_the_center(center_a, thpt):
    born = years_ago(17)
    learner = make_learner(center_a, full_name="Phạm Minh Khôi", code="HV2600009", date_of_birth=born, sex="male")
    application = submit(center_a, thpt, full_name="Phạm Minh Khôi", born=born, sex="male", serial=3)
    [dup] = _dups(center_a, application)
    assert (dup.kind, dup.pk, dup.label) == ("learner", learner.pk, "HV2600009")


def test_it_does_not_look_at_another_center(center_a, center_b, thpt):
    born = years_ago(17)
    make_learner(center_b, full_name="Phạm Minh Khôi", code="HV2600009", date_of_birth=born, sex="male")
    application = submit(center_a, thpt, full_name="Phạm Minh Khôi", born=born, sex="male", serial=3)
    assert _dups(center_a, application) == []


def test_it_flags_duplicates_on_the_list_and_filters_them(center_a, thpt, counselor):
    born = years_ago(16)
    first = submit(center_a, thpt, full_name="Hồ Thị Lan", born=born, serial=1)
    submit(center_a, thpt, full_name="Hồ Thị Lan", born=born, serial=2)
    submit(center_a, thpt, full_name="Đặng Văn Tú", sex="male", serial=3)
    client = client_for(counselor)
    page = client.get(f"/c/{center_a.slug}/tuyen-sinh/ho-so/?duplicates=on").content.decode()
    assert page.count("Có thể trùng") == 2 and "Đặng Văn Tú" not in page
    assert f"/tuyen-sinh/ho-so/{first.pk}/" in page
    detail = client.get(f"/c/{center_a.slug}/tuyen-sinh/ho-so/{first.pk}/").content.decode()
    assert "trùng họ tên và ngày sinh" in detail


def test_it_checks_a_whole_list_in_two_queries(center_a, thpt, django_assert_num_queries):
    apps = [submit(center_a, thpt, serial=i, full_name=f"Người {i}", born=years_ago(16)) for i in range(1, 6)]
    with scope(center=center_a), django_assert_num_queries(2):
        found = selectors.duplicates_of(apps)
    assert found == {}
