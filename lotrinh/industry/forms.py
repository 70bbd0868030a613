from django import forms
from django.utils.translation import gettext_lazy as _

from lotrinh.academics.models import SchoolClass, Trade
from lotrinh.core.forms import DayInput

from .models import (
    Agreement,
    AgreementQuota,
    EnterpriseSize,
    IndustrialPark,
    IndustryCode,
    Opening,
    PartnershipActivity,
    TrainingOrder,
    WorkerLevel,
)
from .reference import country_choices
from .validators import tax_code_errors


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or tax code"), required=False)
    park = forms.ModelChoiceField(label=_("Industrial park"), queryset=IndustrialPark.objects.all(), required=False)
    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=IndustryCode.objects.filter(level=2), required=False
    )
    origin = forms.ChoiceField(label=_("Investor origin"), choices=[("", "—"), *country_choices()], required=False)


class EnterpriseForm(forms.Form):
    """A new partner: an enterprise already known by its tax code is linked, never created twice."""

    tax_code = forms.CharField(label=_("Tax code"), max_length=20)
    name = forms.CharField(
        label=_("Name"), max_length=255, required=False, help_text=_("Not needed when the tax code is already known.")
    )
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    industry = forms.ModelChoiceField(label=_("Industry (VSIC)"), queryset=IndustryCode.objects.all(), required=False)
    industrial_park = forms.ModelChoiceField(
        label=_("Industrial park"), queryset=IndustrialPark.objects.all(), required=False
    )
    street_address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    investor_origin = forms.ChoiceField(label=_("Investor origin"), choices=country_choices(), initial="VN")
    size = forms.ChoiceField(label=_("Size"), choices=EnterpriseSize.choices, initial=EnterpriseSize.SMALL)
    since = forms.DateField(label=_("Partner since"), widget=DayInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_tax_code(self) -> str:
        value = self.cleaned_data["tax_code"]
        errors = tax_code_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return value


class ActivityForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DayInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnershipActivity.Kind.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_mentor = forms.BooleanField(label=_("Mentors interns"), required=False)


class AccountForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=None, empty_label=None)
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[a-zA-Z0-9.@+_-]+$",
        help_text=_("Letters without diacritics, digits and . _ - only, e.g. doanhnghiep.abc"),
        error_messages={"invalid": _("Use letters without diacritics, digits and . _ - only.")},
    )

    def __init__(self, *args, contacts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts


class PartnershipForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[])
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        from .models import Partnership

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = Partnership.Status.choices


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, required=False)
    partner_school = forms.CharField(label=_("Partner school"), max_length=200, required=False)
    number = forms.CharField(label=_("Number"), max_length=60)
    signed_on = forms.DateField(label=_("Signed on"), widget=DayInput())
    valid_from = forms.DateField(label=_("Valid from"), widget=DayInput())
    valid_to = forms.DateField(label=_("Valid to"), widget=DayInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(label=_("Signed document (PDF or photo)"), required=False)

    def __init__(self, *args, enterprises, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        for what, label in AgreementQuota.What.choices:
            self.fields[f"quota_{what}"] = forms.IntegerField(label=label, required=False)
            self.fields[f"delivered_{what}"] = forms.IntegerField(label=_("of which delivered"), required=False)

    def quota_rows(self):
        for what, label in AgreementQuota.What.choices:
            yield label, self[f"quota_{what}"], self[f"delivered_{what}"]

    def quotas(self) -> list[tuple[str, int, int]]:
        rows = []
        for what in AgreementQuota.What.values:
            quantity = self.cleaned_data.get(f"quota_{what}")
            delivered = self.cleaned_data.get(f"delivered_{what}")
            if quantity is not None or delivered is not None:
                rows.append((what, quantity or 0, delivered or 0))
        return rows


class TrainingOrderForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    trade = forms.ModelChoiceField(label=_("Trade"), queryset=Trade.objects.all())
    head_count = forms.IntegerField(label=_("Head count"))
    starts_on = forms.DateField(label=_("Start date"), widget=DayInput())
    skills = forms.CharField(label=_("Skills"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    language = forms.CharField(label=_("Language"), max_length=40, required=False)
    language_level = forms.CharField(label=_("Language level"), max_length=40, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    school_class = forms.ModelChoiceField(label=_("Class that fulfils it"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=TrainingOrder.Status.choices, required=False)

    def __init__(self, *args, enterprises, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["school_class"].queryset = SchoolClass.objects.order_by("-school_year", "name")


class OpeningForm(forms.Form):
    """Staff choose the enterprise; an enterprise account chooses the partner center (``centers``)."""

    trade = forms.ModelChoiceField(label=_("Trade"), queryset=Trade.objects.all())
    title = forms.CharField(label=_("Position"), max_length=150)
    level = forms.ChoiceField(label=_("Level"), choices=WorkerLevel.choices, initial=WorkerLevel.SO_CAP)
    count = forms.IntegerField(label=_("Positions"))
    wage_min = forms.IntegerField(label=_("Wage from (₫/month)"))
    wage_max = forms.IntegerField(label=_("Wage to (₫/month)"))
    shifts = forms.ChoiceField(label=_("Shifts"), choices=Opening.Shifts.choices)
    place = forms.CharField(label=_("Place of work"), max_length=200, required=False)
    deadline = forms.DateField(label=_("Application deadline"), widget=DayInput())

    def __init__(self, *args, enterprises=None, centers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.fields = {
                "enterprise": forms.ModelChoiceField(label=_("Enterprise"), queryset=enterprises),
                **self.fields,
            }
        if centers is not None:
            self.fields = {"center": forms.ChoiceField(label=_("Center"), choices=centers), **self.fields}
