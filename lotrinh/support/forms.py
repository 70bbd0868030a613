"""Forms of the support area. A yes/no fact always has a third answer: not known."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lotrinh.core.forms import DayInput

from . import eligibility
from .eligibility import Course, Facts
from .models import LEVEL_CHOICES, SupportFacts, SupportPolicy, SupportRule


class TriStateSelect(forms.NullBooleanSelect):
    """Yes / no / not known, showing a saved True or False as chosen (a plain Select would not)."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]


OWNERSHIP_CHOICES = [
    ("public", _("Public institution")),
    ("private", _("Non-public institution")),
    ("unknown", _("Not known")),
]
HOUSEHOLD_CHOICES = [
    ("", _("Not known")),
    ("poor", _("Poor household")),
    ("near_poor", _("Near-poor household")),
    ("none", _("Neither (checked)")),
]
# The facts a rule of a province may name, as the director reads them (labels from the engine, in Vietnamese).
FACT_CHOICES = [
    (name, label)
    for name, label in eligibility.FACT_LABELS.items()
    if name not in ("cost", "distance", "ownership", "previously_supported")
]


def tristate(label, **kwargs) -> forms.NullBooleanField:
    return forms.NullBooleanField(label=label, required=False, widget=TriStateSelect, **kwargs)


class VndField(forms.IntegerField):
    """An amount in đồng, written as Vietnamese people write it: 1.500.000, 1 500 000 or 1500000."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(".", "").replace(" ", "").replace("₫", "").replace("đ", "").strip()
        return super().to_python(value)


def vnd_field(label, **kwargs) -> VndField:
    return VndField(
        label=label,
        required=False,
        min_value=0,
        max_value=10_000_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.500.000"}),
        error_messages={"min_value": _("An amount cannot be below zero."), "invalid": _("Enter an amount in đồng.")},
        **kwargs,
    )


class CourseForm(forms.Form):
    """The course an estimate is for (a GET form: the page reads its figures from the address)."""

    level = forms.ChoiceField(label=_("Course level"), choices=LEVEL_CHOICES, initial="so_cap", required=False)
    ownership = forms.ChoiceField(label=_("Institution"), choices=OWNERSHIP_CHOICES, initial="public", required=False)
    cost_vnd = vnd_field(_("Approved cost or tuition fee (₫)"))
    study_days = forms.IntegerField(
        label=_("Actual study days"),
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={"min_value": _("The number of days cannot be below zero.")},
    )
    distance_km = forms.DecimalField(
        label=_("Distance from home to the training site (km)"),
        required=False,
        min_value=0,
        max_value=999,
        decimal_places=1,
        help_text=_("Empty: the distance in the learner record."),
    )
    special_trade = tristate(_("Traditional art, special, heavy or hazardous trade"))

    def course(self) -> Course:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        distance = data.get("distance_km")
        return Course(
            level=data.get("level") or "so_cap",
            study_days=data.get("study_days"),
            ownership=data.get("ownership") or "public",
            cost_vnd=data.get("cost_vnd"),
            distance_km=float(distance) if distance is not None else None,
            special_trade=data.get("special_trade"),
        )


class EstimatorForm(CourseForm):
    """The quick estimate with a family: facts and a course, nothing saved."""

    distance_km = None  # one distance here: from home (there is no learner record to fall back on)

    household = forms.ChoiceField(label=_("Household"), choices=HOUSEHOLD_CHOICES, required=False)
    certificate_valid_to = forms.DateField(
        label=_("Certificate valid to"),
        required=False,
        widget=DayInput(),
        help_text=_("Empty: the certificate is taken as valid today."),
    )
    ethnic_minority = tristate(_("Ethnic minority"))
    disability = tristate(_("Person with a disability"))
    disadvantaged_commune = tristate(_("Lives in a disadvantaged commune"))
    home_distance_km = forms.DecimalField(
        label=_("Distance from home (km)"), required=False, min_value=0, max_value=999, decimal_places=1
    )
    female = tristate(_("Woman"))
    rural_worker = tristate(_("Rural worker"))
    policy_beneficiary = tristate(_("Revolutionary contributor or their relative"))
    orphan = tristate(_("Orphan of both parents without support"))
    land_recovered = tristate(_("Household whose farm or business land was recovered"))
    female_lost_job = tristate(_("Woman worker who lost her job"))
    fisher = tristate(_("Fisher"))
    fisher_steel_vessel = tristate(_("Fisher training on a steel or new-material vessel of 400 CV or more"))
    thcs_graduate = tristate(_("Lower-secondary graduate"))
    parent_work_accident = tristate(_("Parent on regular work-accident or occupational-disease benefits"))
    previously_supported = tristate(_("Already received State vocational training support"))

    field_order = ["level", "ownership", "cost_vnd", "study_days", "household", "certificate_valid_to"]

    def facts(self, day) -> Facts:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        household = data.get("household") or None
        distance = data.get("home_distance_km")
        certified = household in ("poor", "near_poor")
        names = (
            "ethnic_minority",
            "disability",
            "disadvantaged_commune",
            "female",
            "rural_worker",
            "policy_beneficiary",
            "orphan",
            "land_recovered",
            "female_lost_job",
            "fisher",
            "fisher_steel_vessel",
            "thcs_graduate",
            "parent_work_accident",
            "previously_supported",
        )
        return Facts(
            household=household,
            # A family's word at the desk stands for a certificate valid today unless an end date is given.
            household_certificate_valid_from=day if certified else None,
            household_certificate_valid_to=data.get("certificate_valid_to") if certified else None,
            distance_km=float(distance) if distance is not None else None,
            **{name: data.get(name) for name in names},
        )


class SupportFactsForm(forms.ModelForm):
    class Meta:
        model = SupportFacts
        fields = SupportFacts.FACT_FIELDS
        widgets = {
            "previously_supported_on": DayInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for _name, field in self.fields.items():
            if isinstance(field, forms.NullBooleanField):
                field.widget = TriStateSelect()


class ProvinceRuleForm(forms.Form):
    """One rule of a province's own policy."""

    label = forms.CharField(label=_("Group of learners"), max_length=300)
    levels = forms.MultipleChoiceField(
        label=_("Course levels"),
        choices=LEVEL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every level."),
    )
    ownership = forms.ChoiceField(label=_("Institution"), choices=SupportRule.Ownership.choices)
    all_of = forms.MultipleChoiceField(
        label=_("Facts that must all hold"), choices=FACT_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    min_distance_km = forms.DecimalField(
        label=_("Minimum distance (km)"),
        required=False,
        min_value=0,
        max_value=999,
        decimal_places=1,
        error_messages={"min_value": _("A distance cannot be below zero.")},
    )
    benefit = forms.ChoiceField(label=_("Benefit"), choices=SupportRule.Benefit.choices)
    cap_vnd = vnd_field(_("Cap (₫)"), help_text=_("For training cost: the most paid per course."))
    percent = forms.IntegerField(
        label=_("Percent of tuition"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("A percentage is between 0 and 100."),
            "max_value": _("A percentage is between 0 and 100."),
        },
    )
    amount_vnd = vnd_field(_("Amount per day or per course (₫)"))

    RULE = ("label", "levels", "ownership", "all_of", "min_distance_km", "benefit", "cap_vnd", "percent", "amount_vnd")

    def rule_data(self, group_code: str = "quy_dinh_tinh") -> dict:
        rule = {name: self.cleaned_data.get(name) for name in self.RULE}
        rule["group_code"] = group_code
        rule["levels"] = list(rule["levels"] or [])
        rule["all_of"] = list(rule["all_of"] or [])
        return rule


class ProvincePolicyForm(ProvinceRuleForm):
    """A province's own policy and its first rule, in one page (a director; nothing saved unless all is right)."""

    code = forms.CharField(
        label=_("Code"), max_length=40, help_text=_("E.g. NQ-15-2025-HĐND-QT: the number of the resolution.")
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    citation = forms.CharField(
        label=_("Citation"), max_length=500, help_text=_("Number, date, issuing body and article of the document.")
    )
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200, initial="HĐND tỉnh")
    kind = forms.ChoiceField(label=_("Kind"), choices=SupportPolicy.Kind.choices)
    effective_from = forms.DateField(label=_("Effective from"), widget=DayInput())
    effective_to = forms.DateField(label=_("Effective to"), required=False, widget=DayInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    POLICY = ("code", "title", "citation", "issuing_body", "kind", "effective_from", "effective_to", "note")

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("The end date is before the start date."))
        return data

    def policy_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.POLICY}
