from django import forms
from django.utils.translation import gettext_lazy as _

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.core.forms import DayInput
from lotrinh.core.models import Commune
from lotrinh.people.models import LearnerGuardian, Sex

from .models import AdmissionTarget, ApplicationStatus


class PlanForm(forms.Form):
    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("e.g. 2026-2027"))
    opens_on = forms.DateField(label=_("Applications open on"), widget=DayInput())
    closes_on = forms.DateField(label=_("Applications close on"), widget=DayInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=255)


class TargetForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProgramType.objects.order_by("name"))
    trade = forms.ModelChoiceField(
        label=_("Trade"), required=False, queryset=None, empty_label=_("(no trade: the whole program)")
    )
    target = forms.IntegerField(
        label=_("Target (learners)"),
        error_messages={"invalid": _("Enter a whole number of learners."), "required": _("Enter the target.")},
    )

    def __init__(self, *args, today, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = Trade.objects.filter(Trade.holding_on(today)).order_by("name")


class ApplyForm(forms.Form):
    """The public application. Consent boxes start unticked; ``website`` is a honeypot people never see."""

    form_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DayInput(attrs={"autocomplete": "bday"}),
        error_messages={
            "invalid": _("Enter the date of birth as dd/mm/yyyy."),
            "required": _("Enter the date of birth (dd/mm/yyyy)."),
        },
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose male or female.")},
    )
    id_number = forms.CharField(
        label=_("Personal ID number (12 digits)"),
        max_length=20,
        error_messages={"required": _("Enter the 12-digit personal ID number.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        error_messages={"required": _("Enter a phone number we can call.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune or ward where you live"), queryset=None, required=False, empty_label=_("— choose —")
    )
    previous_school = forms.CharField(
        label=_("Lower-secondary school (THCS) you attended"), max_length=200, required=False
    )
    target = forms.ModelChoiceField(
        label=_("What you want to study"),
        queryset=None,
        empty_label=_("— choose —"),
        error_messages={
            "required": _("Choose the program you want to study."),
            "invalid_choice": _("Choose the program you want to study."),
        },
    )
    guardian_name = forms.CharField(label=_("Parent or guardian: full name"), max_length=150, required=False)
    guardian_phone = forms.CharField(
        label=_("Parent or guardian: phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    guardian_relationship = forms.ChoiceField(
        label=_("Relationship to you"),
        required=False,
        choices=[("", _("— choose —")), *LearnerGuardian.Relationship.choices],
    )
    consent_processing = forms.BooleanField(
        label=_(
            "I agree that the center processes the personal data in this application to consider my admission "
            "(required)."
        ),
        required=False,
    )
    consent_contact = forms.BooleanField(
        label=_(
            "I agree that the center contacts me and my parent or guardian by phone or Zalo about this "
            "application and, once I am enrolled, about attendance and results (optional)."
        ),
        required=False,
    )

    def __init__(self, *args, targets, communes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
        self.fields["commune"].queryset = communes
        self.fields["commune"].error_messages["invalid_choice"] = _("Choose a commune of the center's province.")
        self.fields["target"].label_from_instance = lambda t: t.label


def communes_of(center):
    record = center.current_record
    if record is None or record.commune_id is None:
        return Commune.objects.none()
    return Commune.objects.filter(province_id=record.commune.province_id).select_related("province").order_by("name")


def open_targets(plan):
    if plan is None:
        return AdmissionTarget.objects.none()
    return (
        AdmissionTarget.objects.filter(plan=plan)
        .select_related("program", "trade")
        .order_by("program__name", "trade__name")
    )


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DayInput(attrs={"autocomplete": "bday"}),
        error_messages={"invalid": _("Enter the date of birth as dd/mm/yyyy.")},
    )


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name, code or phone")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ApplicationStatus.choices])
    target = forms.ModelChoiceField(label=_("Program"), required=False, queryset=None, empty_label=_("All programs"))
    duplicates = forms.BooleanField(label=_("Possible duplicates only"), required=False)

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = open_targets(plan)
        self.fields["target"].label_from_instance = lambda t: t.label

    def values(self) -> dict:
        if not self.is_valid():
            return {"status": "", "target_id": None, "duplicates_only": False, "query": ""}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "target_id": data["target"].pk if data["target"] else None,
            "duplicates_only": data["duplicates"],
            "query": data["q"],
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class EnrolForm(forms.Form):
    school_class = forms.ModelChoiceField(
        label=_("Class"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the classes listed.")},
    )
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DayInput())

    def __init__(self, *args, classes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes
