from django import forms
from django.utils.translation import gettext_lazy as _

from lotrinh.academics.models import Trade
from lotrinh.core.forms import DayInput

from .models import PairRule

WEEKDAY_CHOICES = [
    ("", "—"),
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    trade = forms.ModelChoiceField(
        label=_("Trade"), queryset=Trade.objects.order_by("name"), required=False, empty_label=_("Every trade")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DayInput())
    weeks = forms.IntegerField(
        label=_("Weeks"), min_value=1, max_value=52, error_messages={"min_value": _("A round lasts at least one week.")}
    )
    max_distance_km = forms.DecimalField(
        label=_("Maximum distance from home (km)"), min_value=0.1, max_digits=5, decimal_places=1, initial=20
    )


class SlotForm(forms.Form):
    """A slot and up to three weekly working blocks (weekday, from, to)."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None, empty_label=None)
    trade = forms.ModelChoiceField(label=_("Trade"), queryset=Trade.objects.order_by("name"), empty_label=None)
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        error_messages={"min_value": _("Capacity must be at least 1.")},
    )
    place = forms.CharField(label=_("Address of the workplace"), max_length=255)
    distance_km_from_center = forms.DecimalField(
        label=_("Distance from the center (km)"), min_value=0, max_digits=5, decimal_places=1, required=False
    )
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None, required=False)
    safety_briefing_required = forms.BooleanField(label=_("Safety briefing required"), required=False, initial=True)
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=52, required=False)

    def __init__(self, *args, enterprises, mentors, fixed_enterprise: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        if fixed_enterprise:
            self.fields["enterprise"].widget = forms.HiddenInput()
        self.fields["mentor"].queryset = mentors
        for i in range(1, 4):
            self.fields[f"day{i}"] = forms.TypedChoiceField(
                label=_("Day"), choices=WEEKDAY_CHOICES, coerce=int, required=i == 1, empty_value=None
            )
            self.fields[f"from{i}"] = forms.TimeField(
                label=_("From"), required=i == 1, widget=forms.TimeInput(attrs={"placeholder": "07:30"})
            )
            self.fields[f"to{i}"] = forms.TimeField(
                label=_("To"), required=i == 1, widget=forms.TimeInput(attrs={"placeholder": "11:30"})
            )

    def blocks(self) -> list:
        out = []
        for i in range(1, 4):
            day, start, end = (self.cleaned_data.get(f"{k}{i}") for k in ("day", "from", "to"))
            if day is not None and start and end:
                out.append((day, start, end))
        return out

    def block_rows(self) -> list:
        return [(self[f"day{i}"], self[f"from{i}"], self[f"to{i}"]) for i in range(1, 4)]


class PairRuleForm(forms.Form):
    learner = forms.IntegerField(widget=forms.HiddenInput)
    slot = forms.IntegerField(label=_("Slot"))
    kind = forms.ChoiceField(label=_("Rule"), choices=[("", _("No rule")), *PairRule.Kind.choices], required=False)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class ResultFilterForm(forms.Form):
    lop = forms.IntegerField(required=False)
    nghe = forms.IntegerField(required=False)
