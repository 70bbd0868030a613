"""Validators for Vietnamese identifiers. Messages are translated; callers add the row and field."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DIGITS = re.compile(r"\d+")


def normalize_personal_id(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def validate_personal_id(value: str) -> str:
    """12 digits (số định danh cá nhân), or a legacy 9-digit CMND. Returns the digits."""
    digits = normalize_personal_id(value)
    if not _DIGITS.fullmatch(digits):
        raise ValidationError(
            _("The ID number must have 12 digits (or 9 digits for an old identity card)."), code="invalid"
        )
    if len(digits) not in (9, 12):
        raise ValidationError(id_length_message(len(digits)), code="length")
    return digits


def id_length_message(count: int) -> str:
    """The first thing to say about an ID number of the wrong length (not a digit rule that follows from it)."""
    return _("A personal ID number has 12 digits; this one has %(count)s.") % {"count": count}


def personal_id_problems(digits: str, *, sex: str | None, birth_year: int | None, place_codes: set[str]) -> list[str]:
    """Consistency of a 12-digit number with the person (brief §6.3): place code, century/sex digit, year.

    PPP G YY NNNNNN — PPP where the birth was registered; G = century and sex (0/1: 1900s male/female,
    2/3: 2000s, 4/5: 2100s …); YY = the last two digits of the birth year. There is no check digit.
    """
    if len(digits) != 12:
        return []
    problems = []
    if digits[:3] not in place_codes:
        problems.append(_("The first three digits (%(code)s) are not a known province code.") % {"code": digits[:3]})
    century_sex = int(digits[3])
    if sex in ("male", "female") and (century_sex % 2 == 1) != (sex == "female"):
        problems.append(_("The 4th digit does not match the sex (even for male, odd for female)."))
    if birth_year is not None:
        if 1900 + 100 * (century_sex // 2) != birth_year // 100 * 100:
            problems.append(_("The 4th digit does not match the century of the date of birth."))
        if digits[4:6] != f"{birth_year % 100:02d}":
            problems.append(_("Digits 5–6 (%(yy)s) do not match the year of birth.") % {"yy": digits[4:6]})
    return problems


_PHONE = re.compile(r"^0(3|5|7|8|9)\d{8}$")


def normalize_phone(value: str) -> str:
    """'+84 912 345 678', '84912345678', '0912.345.678' → '0912345678'."""
    digits = re.sub(r"[^\d+]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> str:
    phone = normalize_phone(value)
    if not _PHONE.match(phone):
        raise ValidationError(
            _("Enter a Vietnamese mobile number, e.g. 0912 345 678 or +84 912 345 678."), code="invalid"
        )
    return phone
