"""Consents under Law 91/2025: who must agree, nothing pre-ticked, withdrawal kept, one in force per purpose."""

import datetime as dt
import re

import pytest
from django_scopes import scope

from lotrinh.conftest import client_for
from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import AuditEvent
from lotrinh.people import selectors, services
from lotrinh.people.models import Consent, ConsentPurpose, Guardian

from .conftest import make_learner, years_ago

MESSAGES = ConsentPurpose.MESSAGES_TO_GUARDIAN  # does not disclose anything
PHOTOS = ConsentPurpose.PHOTO_PUBLICATION  # discloses: from 7 the child agrees too


def _guardian(center, actor, learner, name="Nguyễn Văn Hùng") -> Guardian:
    with scope(center=center):
        return services.guardian_create(
            center=center, actor=actor, full_name=name, learner=learner, relationship="father"
        )


def _record(center, **kwargs) -> Consent:
    with scope(center=center):
        return services.consent_record(**kwargs)


def _errors(center, **kwargs) -> dict:
    with pytest.raises(ApplicationError) as error:
        _record(center, **kwargs)
    with scope(center=center):
        assert not Consent.objects.exists()  # nothing half-saved
    return error.value.errors


# --- The rules ---------------------------------------------------------------------------------------


def test_it_requires_a_guardian_for_a_learner_under_16(center_a, alice, nam, today):
    errors = _errors(center_a, learner=nam, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)
    assert list(errors) == ["guardian"]


def test_it_requires_the_guardian_to_be_linked_to_the_learner(center_a, alice, nam, hang, today):
    stranger = _guardian(center_a, alice, hang, "Lê Văn Lạ")  # guardian of another learner
    errors = _errors(center_a, learner=nam, purpose=MESSAGES, given_on=today, guardian=stranger, actor=alice)
    assert list(errors) == ["guardian"]


def test_it_accepts_a_guardians_consent_alone_for_a_purpose_that_discloses_nothing(center_a, alice, nam, today):
    father = _guardian(center_a, alice, nam)
    consent = _record(center_a, learner=nam, purpose=MESSAGES, given_on=today, guardian=father, actor=alice)
    assert consent.guardian == father and not consent.learner_agreed


def test_it_requires_the_child_aged_7_or_more_to_agree_to_a_disclosure(center_a, alice, nam, today):
    father = _guardian(center_a, alice, nam)
    errors = _errors(center_a, learner=nam, purpose=PHOTOS, given_on=today, guardian=father, actor=alice)
    assert list(errors) == ["learner_agreed"]
    consent = _record(
        center_a, learner=nam, purpose=PHOTOS, given_on=today, guardian=father, learner_agreed=True, actor=alice
    )
    assert consent.learner_agreed


@pytest.mark.parametrize("purpose", [PHOTOS, ConsentPurpose.SHARE_WITH_ENTERPRISES])
def test_it_needs_only_the_guardian_for_a_child_under_7(center_a, alice, today, purpose):
    child = make_learner(center_a, date_of_birth=years_ago(6))
    mother = _guardian(center_a, alice, child, "Lê Thị Lan")
    assert _record(center_a, learner=child, purpose=purpose, given_on=today, guardian=mother, actor=alice).pk


def test_it_requires_a_learner_of_16_or_more_to_consent_themself(center_a, alice, hang, today):
    errors = _errors(center_a, learner=hang, purpose=MESSAGES, given_on=today, actor=alice)
    assert list(errors) == ["learner_agreed"]
    mother = _guardian(center_a, alice, hang, "Lê Thị Lan")
    errors = _errors(center_a, learner=hang, purpose=MESSAGES, given_on=today, guardian=mother, actor=alice)
    assert list(errors) == ["learner_agreed"]  # a parent cannot consent for an adult learner
    consent = _record(center_a, learner=hang, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)
    assert consent.guardian is None


def test_it_judges_the_age_on_the_day_the_consent_was_given(center_a, alice, today):
    learner = make_learner(center_a, date_of_birth=years_ago(16))  # turned 16 about a month ago
    before_birthday = today - dt.timedelta(days=60)
    errors = _errors(
        center_a, learner=learner, purpose=MESSAGES, given_on=before_birthday, learner_agreed=True, actor=alice
    )
    assert list(errors) == ["guardian"]
    assert _record(center_a, learner=learner, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)


def test_it_refuses_a_consent_dated_in_the_future(center_a, alice, hang, today):
    errors = _errors(
        center_a,
        learner=hang,
        purpose=MESSAGES,
        given_on=today + dt.timedelta(days=1),
        learner_agreed=True,
        actor=alice,
    )
    assert list(errors) == ["given_on"]


def test_it_refuses_an_unknown_purpose(center_a, alice, hang, today):
    errors = _errors(center_a, learner=hang, purpose="marketing", given_on=today, learner_agreed=True, actor=alice)
    assert list(errors) == ["purpose"]


def test_it_keeps_at_most_one_consent_in_force_per_purpose(center_a, alice, hang, today):
    first = _record(center_a, learner=hang, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)
    with pytest.raises(ApplicationError) as error:
        _record(center_a, learner=hang, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)
    assert list(error.value.errors) == ["purpose"]
    # Another purpose is another consent.
    assert _record(center_a, learner=hang, purpose=PHOTOS, given_on=today, learner_agreed=True, actor=alice)
    with scope(center=center_a):
        assert Consent.objects.filter(purpose=MESSAGES).get() == first


def test_it_turns_the_database_constraint_into_a_clear_message(center_a, alice, hang, today, monkeypatch):
    _record(center_a, learner=hang, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)
    # Two offices recording at once: the check passes for both, the database refuses the second.
    monkeypatch.setattr(services, "_consent_in_force_exists", lambda learner, purpose: False)
    with pytest.raises(ApplicationError) as error:
        _record(center_a, learner=hang, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)
    assert error.value.field == "purpose"
    with scope(center=center_a):
        assert Consent.objects.count() == 1


def test_it_records_a_withdrawal_and_keeps_the_row(center_a, alice, counselor, hang, today):
    consent = _record(
        center_a, learner=hang, purpose=PHOTOS, given_on=today - dt.timedelta(days=10), learner_agreed=True, actor=alice
    )
    with scope(center=center_a):
        services.consent_withdraw(consent=consent, withdrawn_on=today, actor=counselor)
        consent.refresh_from_db()
        event = AuditEvent.objects.get(object_type="people.consent", action=AuditEvent.Action.UPDATE)
    assert (consent.withdrawn_on, consent.withdrawn_by) == (today, counselor)
    assert event.changes == {"withdrawn_on": [None, today.isoformat()]}
    # A new consent after the withdrawal is a new row; the old one stays as it was.
    again = _record(center_a, learner=hang, purpose=PHOTOS, given_on=today, learner_agreed=True, actor=alice)
    with scope(center=center_a):
        assert Consent.objects.count() == 2
        assert again.pk != consent.pk
        assert Consent.objects.get(pk=consent.pk).withdrawn_on == today


@pytest.mark.parametrize(
    "days",
    [
        -20,  # before the consent was given
        1,  # in the future
    ],
)
def test_it_refuses_a_withdrawal_on_an_impossible_date(center_a, alice, hang, today, days):
    consent = _record(
        center_a, learner=hang, purpose=PHOTOS, given_on=today - dt.timedelta(days=10), learner_agreed=True, actor=alice
    )
    with scope(center=center_a), pytest.raises(ApplicationError) as error:
        services.consent_withdraw(consent=consent, withdrawn_on=today + dt.timedelta(days=days), actor=alice)
    assert error.value.field == "withdrawn_on"


def test_it_refuses_to_withdraw_twice(center_a, alice, hang, today):
    consent = _record(center_a, learner=hang, purpose=PHOTOS, given_on=today, learner_agreed=True, actor=alice)
    with scope(center=center_a):
        services.consent_withdraw(consent=consent, withdrawn_on=today, actor=alice)
        with pytest.raises(ApplicationError):
            services.consent_withdraw(consent=consent, withdrawn_on=today, actor=alice)


def test_it_audits_a_recorded_consent(center_a, alice, nam, today):
    father = _guardian(center_a, alice, nam)
    consent = _record(center_a, learner=nam, purpose=MESSAGES, given_on=today, guardian=father, actor=alice)
    with scope(center=center_a):
        event = AuditEvent.objects.get(object_type="people.consent", object_id=str(consent.pk))
    assert event.changes["purpose"] == [None, MESSAGES]
    assert event.changes["guardian"] == [None, "Nguyễn Văn Hùng"]


# --- Reading consents ----------------------------------------------------------------------------------


def test_it_tells_whether_a_consent_is_in_force_on_a_day(center_a, alice, hang, nam, today):
    given, withdrawn = today - dt.timedelta(days=30), today - dt.timedelta(days=5)
    consent = _record(center_a, learner=hang, purpose=MESSAGES, given_on=given, learner_agreed=True, actor=alice)
    with scope(center=center_a):
        services.consent_withdraw(consent=consent, withdrawn_on=withdrawn, actor=alice)
        assert selectors.consent_in_force(hang, MESSAGES, given - dt.timedelta(days=1)) is None
        assert selectors.consent_in_force(hang, MESSAGES, given) == consent
        assert selectors.consent_in_force(hang, MESSAGES, withdrawn - dt.timedelta(days=1)) == consent
        assert selectors.consent_in_force(hang, MESSAGES, withdrawn) is None
        assert selectors.consent_in_force(hang, MESSAGES) is None
        assert selectors.consent_in_force(nam, MESSAGES, given) is None  # silence is not consent
        assert selectors.consenting_learner_ids(purpose=MESSAGES, on=given) == {hang.pk}
        assert selectors.consenting_learner_ids(purpose=MESSAGES, on=given, learner_ids=[nam.pk]) == set()
        assert selectors.consenting_learner_ids(purpose=MESSAGES) == set()


# --- Through the page ----------------------------------------------------------------------------------


def _consents_section(html: str) -> str:
    return html[html.index('id="consents"') : html.index('id="enrollments"')]


def test_it_starts_the_consent_form_with_nothing_ticked(center_a, counselor, nam):
    html = client_for(counselor).get(f"/c/{center_a.slug}/hoc-vien/{nam.pk}/").content.decode()
    section = _consents_section(html)
    assert section.count('type="checkbox"') == len(ConsentPurpose.values) + 1  # the purposes and "the learner agreed"
    assert "checked" not in section


def test_it_treats_silence_as_no_consent(center_a, counselor, nam, today):
    url = f"/c/{center_a.slug}/hoc-vien/{nam.pk}/dong-y/"
    response = client_for(counselor).post(url, {"given_on": today.strftime("%d/%m/%Y")})
    assert response.status_code == 422
    assert "purposes" in response.context["consent_form"].errors
    with scope(center=center_a):
        assert not Consent.objects.exists()


def test_it_records_several_purposes_at_once_or_none(center_a, alice, counselor, nam, today):
    father = _guardian(center_a, alice, nam)
    url = f"/c/{center_a.slug}/hoc-vien/{nam.pk}/dong-y/"
    data = {"purposes": [MESSAGES, PHOTOS], "guardian": father.pk, "given_on": today.strftime("%d/%m/%Y")}
    response = client_for(counselor).post(url, data)
    assert response.status_code == 422  # photos need the child's agreement too: neither is saved
    assert "learner_agreed" in response.context["consent_form"].errors
    with scope(center=center_a):
        assert not Consent.objects.exists()
    response = client_for(counselor).post(url, {**data, "learner_agreed": "on", "evidence": "Phiếu số 12"})
    assert response.status_code == 302
    with scope(center=center_a):
        assert sorted(Consent.objects.values_list("purpose", "recorded_by__username")) == [
            (MESSAGES, "cam"),
            (PHOTOS, "cam"),
        ]
    section = _consents_section(client_for(counselor).get(f"/c/{center_a.slug}/hoc-vien/{nam.pk}/").content.decode())
    assert "Phiếu số 12" in section and "Nguyễn Văn Hùng" in section


def test_it_shows_a_duplicate_consent_beside_the_purposes(center_a, alice, counselor, hang, today):
    _record(center_a, learner=hang, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)
    response = client_for(counselor).post(
        f"/c/{center_a.slug}/hoc-vien/{hang.pk}/dong-y/",
        {"purposes": [MESSAGES], "learner_agreed": "on", "given_on": today.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 422
    assert response.context["consent_form"].errors["purposes"]


def test_it_withdraws_a_consent_through_the_page(center_a, alice, counselor, hang, today):
    consent = _record(center_a, learner=hang, purpose=MESSAGES, given_on=today, learner_agreed=True, actor=alice)
    url = f"/c/{center_a.slug}/hoc-vien/dong-y/{consent.pk}/rut/"
    response = client_for(counselor).post(url, {f"w{consent.pk}-withdrawn_on": "01/01/2000"})
    assert response.status_code == 422
    response = client_for(counselor).post(url, {f"w{consent.pk}-withdrawn_on": today.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    with scope(center=center_a):
        consent.refresh_from_db()
    assert consent.withdrawn_by == counselor
    html = client_for(counselor).get(f"/c/{center_a.slug}/hoc-vien/{hang.pk}/").content.decode()
    assert re.search(r"withdrawn on|rút", _consents_section(html))


def test_it_lets_a_counselor_record_consents_but_not_edit_records(center_a, counselor, nam):
    assert client_for(counselor).get(f"/c/{center_a.slug}/hoc-vien/{nam.pk}/sua/").status_code == 403
    html = client_for(counselor).get(f"/c/{center_a.slug}/hoc-vien/{nam.pk}/").content.decode()
    assert f"/hoc-vien/{nam.pk}/dong-y/" in html
    assert f"/hoc-vien/{nam.pk}/nguoi-giam-ho/them/" not in html
