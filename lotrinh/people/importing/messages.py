"""The words for what the pure reader and parser report as codes (translated like every other string)."""

from django.utils.translation import gettext_lazy as _

from .headers import (
    DATE_OF_BIRTH,
    DOB_FEMALE,
    DOB_MALE,
    FEMALE_MARK,
    FULL_NAME,
    GIVEN_NAME,
    LAST_MIDDLE,
    MALE_MARK,
    ORDINAL,
    SEX,
)

FILE_PROBLEMS = {
    "empty": _("The file is empty."),
    "not_spreadsheet": _("The file is not a spreadsheet: upload an Excel (xlsx, xls), OpenDocument (ods) or CSV file."),
    "unreadable": _("The file could not be read: it may be damaged. Open it in Excel, save it again and upload it."),
    "encrypted": _("The file is protected by a password: remove the password in Excel and upload it again."),
    "no_header": _(
        "No header row was found in the first %(rows)s rows: the list needs at least a column “Họ và tên” and "
        "a column “Ngày sinh”."
    ),
    "too_large": _("The file is larger than %(size)s MB; split the list into smaller files."),
    "too_many_rows": _("The sheet has more than %(max)s rows; split the list into smaller files."),
    "unpacks_too_large": _(
        "The file unpacks to more than %(size)s MB, far more than a learner list holds: it may be damaged. "
        "Open it in Excel, save it again and upload it, or split the list."
    ),
}

MISSING_COLUMNS = {
    "name": _("Full name (“Họ và tên”)"),
    "date_of_birth": _("Date of birth (“Ngày sinh”)"),
    "sex": _("Sex (“Giới tính”, or a “Nữ” column ticked with x)"),
}

CELL_PROBLEMS = {
    "date_invalid": _("“%(value)s” is not a date: write it as dd/mm/yyyy."),
    "date_impossible": _("“%(value)s” is not a real date (dates are read day first: dd/mm/yyyy)."),
    "year_only": _("Only the year (%(value)s) is given: write the whole date of birth as dd/mm/yyyy."),
    "dob_both": _("A date of birth is written in both the male and the female column."),
    "sex_unknown": _("“%(value)s” is not a sex: write Nam or Nữ."),
    "sex_both": _("Both the male and the female column are ticked."),
    "id_not_text": _(
        "Excel turned the ID number into a number (%(value)s): format the column as text and type it again."
    ),
    "too_long": _("At most %(max)s characters."),
    "ethnicity_unknown": _("“%(value)s” is not one of the 54 ethnic groups."),
    "duplicate_id_number": _("The same ID number as row %(row)s: the learner is listed twice."),
    "duplicate_code": _("The same learner code as row %(row)s."),
    "duplicate_name_dob": _("The same name and date of birth as row %(row)s: the learner is listed twice."),
    "id_taken": _("This ID number already belongs to %(name)s (%(code)s), who is already in the center."),
    "code_taken": _("The code %(code)s already belongs to %(name)s, born %(born)s."),
}

# What a column holds, for the detected header shown on the preview.
FIELD_LABELS = {
    ORDINAL: _("Row number (not imported)"),
    "code": _("Learner code"),
    FULL_NAME: _("Full name"),
    LAST_MIDDLE: _("Family and middle names"),
    GIVEN_NAME: _("Given name"),
    DATE_OF_BIRTH: _("Date of birth"),
    DOB_MALE: _("Date of birth (male)"),
    DOB_FEMALE: _("Date of birth (female)"),
    SEX: _("Sex"),
    MALE_MARK: _("Male (ticked)"),
    FEMALE_MARK: _("Female (ticked)"),
    "id_number": _("ID number"),
    "phone": _("Phone number"),
    "ethnicity": _("Ethnic group"),
    "previous_school": _("Previous school"),
    "street_address": _("Street address"),
    "father_name": _("Father's full name"),
    "father_phone": _("Father's phone number"),
    "mother_name": _("Mother's full name"),
    "mother_phone": _("Mother's phone number"),
    "guardian_name": _("Guardian's full name"),
    "guardian_phone": _("Guardian's phone number"),
}
