"""Forms for learner records. They parse input; the rules live in services (learner_data_errors, consent_errors)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotrinh.academics.models import DropoutReason, EnrollmentStatus
from lotrinh.academics.services import ALLOWED_TRANSITIONS
from lotrinh.core.forms import DayInput
from lotrinh.core.models import Commune

from .models import ConsentPurpose, Ethnicity, HouseholdStatus, LearnerGuardian, Sex
from .services import id_place_codes, learner_data_errors


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DayInput(), **kwargs)


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Commune) -> str:
        return obj.name  # Commune.__str__ adds the province: one query per option


class LearnerForm(forms.Form):
    """Create or edit a learner. Ethnicity is a field only for users who may see it."""

    code = forms.CharField(label=_("Learner code"), max_length=20)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    date_of_birth = date_field(_("Date of birth"))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", _("— choose —")), *Sex.choices])
    ethnicity = forms.ModelChoiceField(
        label=_("Ethnic group"), queryset=Ethnicity.objects.all(), required=False, empty_label=_("— not recorded —")
    )
    id_number = forms.CharField(
        label=_("Personal ID number"),
        max_length=20,
        required=False,
        help_text=_("12 digits (9 for an old identity card)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    street_address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    commune = CommuneChoiceField(
        label=_("Commune"), queryset=Commune.objects.none(), required=False, empty_label=_("— choose —")
    )
    distance_km = forms.DecimalField(
        label=_("Distance from home (km)"),
        max_digits=5,
        decimal_places=1,
        min_value=0,
        required=False,
        localize=True,  # 12,5 as Vietnamese write it; 12.5 works too
    )
    previous_school = forms.CharField(label=_("Previous school"), max_length=200, required=False)
    is_working = forms.BooleanField(label=_("Works while studying"), required=False)
    household_status = forms.ChoiceField(label=_("Household"), choices=HouseholdStatus.choices, required=False)
    household_certificate_valid_from = date_field(_("Certificate valid from"), required=False)
    household_certificate_valid_to = date_field(_("Certificate valid to"), required=False)
    has_disability = forms.BooleanField(label=_("Person with a disability"), required=False)
    lives_in_disadvantaged_commune = forms.BooleanField(label=_("Lives in a disadvantaged commune"), required=False)

    def __init__(self, *args, province_id: int | None, can_view_sensitive: bool, editing: bool = False, **kwargs):
        current_commune = kwargs.pop("current_commune_id", None)
        super().__init__(*args, **kwargs)
        communes = Commune.objects.filter(province_id=province_id)
        if current_commune:  # a learner imported from elsewhere keeps their commune on the list
            communes = Commune.objects.filter(pk=current_commune) | communes
        self.fields["commune"].queryset = communes.order_by("name")
        if not can_view_sensitive:
            del self.fields["ethnicity"]
        if editing:
            self.fields["id_number"].help_text = _(
                "12 digits (9 for an old identity card). Leave empty to keep the number on file."
            )

    def clean(self):
        cleaned = super().clean()
        # Every rule at once, in the services' words, beside the field it concerns.
        data = {k: v for k, v in cleaned.items() if v is not None}
        data.setdefault("date_of_birth", None)
        problems = learner_data_errors(data, today=timezone.localdate(), place_codes=id_place_codes())
        for name, messages in problems.items():
            if name in self.fields and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        if "phone" in data and "phone" not in problems:
            cleaned["phone"] = data["phone"]  # normalized: 0912345678
        return cleaned

    def learner_fields(self) -> dict:
        """The cleaned values the services take as learner fields (the ID number apart)."""
        values = dict(self.cleaned_data)
        values.pop("id_number", None)
        values["household_status"] = values.get("household_status") or ""
        return values


class LearnerPhotoForm(forms.Form):
    # A plain file field: the service checks the content with Pillow and explains refusals in Vietnamese.
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG or PNG, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class GuardianForm(forms.Form):
    """A new guardian, linked to the learner at once."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=[("", _("— choose —")), *LearnerGuardian.Relationship.choices]
    )
    phone = forms.CharField(
        label=_("Phone number"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    is_primary_contact = forms.BooleanField(label=_("Main contact"), required=False)


class GuardianLinkForm(forms.Form):
    """An existing guardian of the center (a brother's or sister's) becomes this learner's guardian too."""

    guardian = forms.IntegerField(widget=forms.HiddenInput)
    relationship = forms.ChoiceField(
        label=_("Relationship"), choices=[("", _("— choose —")), *LearnerGuardian.Relationship.choices]
    )
    is_primary_contact = forms.BooleanField(label=_("Main contact"), required=False)


class ConsentForm(forms.Form):
    """Nothing is ticked in advance: an unticked purpose is not consent (Law 91/2025)."""

    purposes = forms.MultipleChoiceField(
        label=_("Agreed to"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one purpose the consent is for.")},
    )
    guardian = forms.TypedChoiceField(label=_("Given by (guardian)"), coerce=int, required=False, empty_value=None)
    learner_agreed = forms.BooleanField(
        label=_("The learner agreed"),
        required=False,
        help_text=_("Required from 16, and from 7 for publishing photos or sharing the profile."),
    )
    given_on = date_field(_("Given on"))
    evidence = forms.CharField(
        label=_("Evidence"), max_length=255, required=False, help_text=_("e.g. signed form no. 12")
    )

    def __init__(self, *args, guardian_links: list[LearnerGuardian], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].choices = [("", _("— nobody (the learner alone) —"))] + [
            (link.guardian_id, f"{link.guardian.display_name} ({link.get_relationship_display()})")
            for link in guardian_links
        ]
        for name in ("purposes", "learner_agreed"):
            self.fields[name].initial = None  # never pre-ticked, whatever a caller passes as initial
        self.initial.pop("purposes", None)
        self.initial.pop("learner_agreed", None)


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = date_field(_("Withdrawn on"))


class EnrollmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    effective_on = date_field(_("From"))
    reason = forms.ChoiceField(
        label=_("Reason for dropping out"),
        choices=[("", _("— only when dropping out —")), *DropoutReason.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS.get(current_status, set())
        self.fields["status"].choices = [("", _("— choose —"))] + [
            (value, label) for value, label in EnrollmentStatus.choices if value in allowed
        ]

    @property
    def has_choices(self) -> bool:
        return len(self.fields["status"].choices) > 1
