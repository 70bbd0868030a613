"""Checks of enterprise identifiers. Pure: no Django models.

The tax code (mã số thuế) of an enterprise has 10 digits; a branch adds a dash and a 3-digit branch number
(001–999). The tenth digit checks the first nine: weights 31, 29, 23, 19, 17, 13, 7, 5, 3, and
d10 = 10 − (Σ mod 11); a sum with remainder 0 gives 10, so no valid code has it. Rule as implemented by
python-stdnum (stdnum.vn.mst), whose example 0100233488 passes here too.
"""

import re

from django.utils.translation import gettext as _

_FORMAT = re.compile(r"^\d{10}(-\d{3})?$")
_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code_normalize(value: str) -> str:
    """Spaces and dots typed in the middle go away; the branch dash stays."""
    return re.sub(r"[\s.]", "", value or "")


def tax_check_digit(nine: str) -> int | None:
    """The check digit of the first nine digits, or None when no digit can check them."""
    total = sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, nine, strict=True))
    digit = 10 - total % 11
    return digit if digit <= 9 else None


def tax_code_errors(value: str) -> list[str]:
    """What is wrong with a tax code, in Vietnamese; an empty list when it is right."""
    value = tax_code_normalize(value)
    if not _FORMAT.match(value):
        return [_("The tax code must have 10 digits (or 10 digits, a dash and the 3 digits of the branch).")]
    errors = []
    if tax_check_digit(value[:9]) != int(value[9]):
        errors.append(_("This tax code does not exist: its last digit does not match the others. Check for a typo."))
    if value.endswith("-000"):
        errors.append(_("The branch number runs from 001 to 999."))
    return errors
