from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, CenterRecord, Commune, SupervisingBody, User
from .roles import Role
from .validators import validate_personal_id, validate_phone


class DayInput(forms.DateInput):
    """A day typed dd/mm/yyyy (config/formats/vi reads it day first), the numeric keypad on a phone."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


def add_errors(form: forms.Form, error, rename: dict[str, str] | None = None) -> None:
    """A service's ApplicationError beside the fields it names; a message about no field, an unknown field or a
    hidden one goes above the form. ``rename`` maps a service's field name to the form's."""

    def shown(name: str | None) -> str | None:
        name = (rename or {}).get(name, name)
        field = form.fields.get(name) if name else None
        return name if field is not None and not field.widget.is_hidden else None

    for name, messages in (error.errors or {getattr(error, "field", None): [error.message]}).items():
        for message in messages:
            form.add_error(shown(name), message)


class LoginForm(AuthenticationForm):
    # One answer for an unknown username, a wrong password and a locked username or address (core/auth.py):
    # the page must not tell whether a username exists. An inactive user never authenticates either.
    error_messages = {
        "invalid_login": _("The username or password is not correct."),
        "inactive": _("This account has been deactivated."),
    }


class StaffAddForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-z0-9._-]+$",
        help_text=_("Lower-case letters without diacritics, digits, dots, - or _; e.g. hang.nguyen"),
        error_messages={"invalid": _("Use lower-case letters without diacritics, digits, dots, - or _.")},
    )
    email = forms.EmailField(label=_("E-mail"), help_text=_("A link to choose a password is sent here."))
    phone = forms.CharField(label=_("Phone number"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("— choose a role —")), *Role.choices])

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return validate_phone(phone) if phone else ""


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone number"), required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        required=False,
        help_text=_("12 digits (9 for an old identity card). Leave empty to keep the number on file."),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return validate_phone(phone) if phone else ""

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"]
        return validate_personal_id(value) if value else ""


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Who"), queryset=User.objects.none(), required=False, empty_label=_("All"))
    action = forms.ChoiceField(label=_("Action"), choices=[("", _("All")), *AuditEvent.Action.choices], required=False)
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DayInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DayInput())

    OBJECT_TYPES = [
        ("", _("All")),
        ("core.user", _("Person")),
        ("core.membership", _("Staff membership")),
        ("core.centerrecord", _("Center record")),
        ("people.learner", _("Learner")),
        ("people.guardian", _("Guardian")),
        ("people.learnerguardian", _("Guardian link")),
        ("people.consent", _("Consent")),
        ("academics.enrollment", _("Enrollment")),
        ("assessment.score", _("Scores")),
        ("retention.intervention", _("Intervention")),
        ("export", _("Exported list")),
    ]

    def __init__(self, *args, actors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors if actors is not None else User.objects.none()
        self.fields["object_type"].choices = self.OBJECT_TYPES

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("e.g. Excel report at the office"))


class CenterRecordChangeForm(forms.Form):
    """Record a decision that changes the center from a given day (a new period in its history)."""

    valid_from = forms.DateField(
        label=_("From"),
        widget=DayInput(),
        help_text=_("The day the decision takes effect."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=CenterRecord.Kind.choices)
    supervising_body = forms.ModelChoiceField(label=_("Supervising body"), queryset=SupervisingBody.objects.none())
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none())
    street_address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    citation = forms.CharField(
        label=_("Legal basis"), max_length=255, help_text=_("e.g. Quyết định số 12/QĐ-SGDĐT ngày 01/07/2025")
    )

    def __init__(self, *args, record: CenterRecord, **kwargs):
        super().__init__(*args, **kwargs)
        province = record.commune.province_id
        self.fields["commune"].queryset = Commune.objects.filter(province_id=province)
        self.fields["commune"].label_from_instance = lambda commune: commune.name  # no query per option
        self.fields["supervising_body"].queryset = SupervisingBody.objects.filter(valid_to__isnull=True)
        if not self.is_bound:
            self.initial = {
                "name": record.name,
                "kind": record.kind,
                "supervising_body": record.supervising_body_id,
                "commune": record.commune_id,
                "street_address": record.street_address,
            }
