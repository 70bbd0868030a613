"""JSON shapes of the learner API: what comes in and what goes out, kept apart."""

import datetime as dt
from decimal import Decimal

from ninja import Schema


class LearnerOut(Schema):
    id: int
    code: str
    full_name: str
    date_of_birth: dt.date
    sex: str
    commune: str | None
    classes: list[str]


class LearnerPageOut(Schema):
    count: int
    items: list[LearnerOut]


class EnrollmentStepOut(Schema):
    status: str
    status_label: str
    effective_on: dt.date
    reason: str
    note: str


class EnrollmentOut(Schema):
    id: int
    school_class: str
    school_year: str
    status: str
    status_label: str
    enrolled_on: dt.date
    history: list[EnrollmentStepOut]


class LearnerDetailOut(Schema):
    id: int
    code: str
    full_name: str
    date_of_birth: dt.date
    age: int
    sex: str
    # Null for a caller without learners.view_sensitive, whatever is on file.
    ethnicity_code: str | None
    ethnicity: str | None
    ethnicity_visible: bool
    id_number_masked: str | None
    id_number_is_legacy: bool
    phone: str
    street_address: str
    commune_code: int | None
    commune: str | None
    distance_km: Decimal | None
    previous_school: str
    is_working: bool
    household_status: str
    household_certificate_valid_from: dt.date | None
    household_certificate_valid_to: dt.date | None
    household_certified_today: bool
    has_disability: bool
    lives_in_disadvantaged_commune: bool
    has_photo: bool
    enrollments: list[EnrollmentOut]


class LearnerIn(Schema):
    code: str
    full_name: str
    date_of_birth: dt.date
    sex: str
    ethnicity_code: str | None = None
    id_number: str = ""
    phone: str = ""
    street_address: str = ""
    commune_code: int | None = None
    distance_km: Decimal | None = None
    previous_school: str = ""
    is_working: bool = False
    household_status: str = ""
    household_certificate_valid_from: dt.date | None = None
    household_certificate_valid_to: dt.date | None = None
    has_disability: bool = False
    lives_in_disadvantaged_commune: bool = False


class LearnerPatch(Schema):
    """Only the fields sent are changed; an empty id_number removes the number on file."""

    code: str | None = None
    full_name: str | None = None
    date_of_birth: dt.date | None = None
    sex: str | None = None
    ethnicity_code: str | None = None
    id_number: str | None = None
    phone: str | None = None
    street_address: str | None = None
    commune_code: int | None = None
    distance_km: Decimal | None = None
    previous_school: str | None = None
    is_working: bool | None = None
    household_status: str | None = None
    household_certificate_valid_from: dt.date | None = None
    household_certificate_valid_to: dt.date | None = None
    has_disability: bool | None = None
    lives_in_disadvantaged_commune: bool | None = None


class IdNumberOut(Schema):
    id_number: str
    is_legacy: bool


class GuardianOut(Schema):
    link_id: int
    guardian_id: int
    full_name: str
    phone: str
    email: str
    street_address: str
    relationship: str
    relationship_label: str
    is_primary_contact: bool


class GuardianIn(Schema):
    """Either ``guardian_id`` (an existing guardian of the center) or the new guardian's details."""

    guardian_id: int | None = None
    full_name: str = ""
    phone: str = ""
    email: str = ""
    street_address: str = ""
    relationship: str
    is_primary_contact: bool = False


class ConsentOut(Schema):
    id: int
    purpose: str
    purpose_label: str
    guardian_id: int | None
    guardian: str | None
    learner_agreed: bool
    given_on: dt.date
    evidence: str
    recorded_by: str
    withdrawn_on: dt.date | None
    withdrawn_by: str | None
    in_force: bool


class ConsentIn(Schema):
    purpose: str
    given_on: dt.date
    guardian_id: int | None = None
    # Never assumed: silence is not consent.
    learner_agreed: bool = False
    evidence: str = ""


class ConsentWithdrawIn(Schema):
    withdrawn_on: dt.date
