import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from lotrinh.academics.models import SchoolClass
from lotrinh.core.forms import DayInput

from .models import Intervention, RiskLevel
from .selectors import SHOW_CHOICES


class InterventionForm(forms.Form):
    learner = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("What will be done"), choices=Intervention.Kind.choices)
    owner = forms.ModelChoiceField(label=_("Person in charge"), queryset=None, empty_label=None)
    due_on = forms.DateField(label=_("Due on"), widget=DayInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff
        self.fields["owner"].error_messages["invalid_choice"] = _(
            "The person in charge must be a staff member of this center."
        )


def plan_initial(*, user, today: dt.date) -> dict:
    """One click plans the commonest first step: call the guardian this week, done by whoever planned it."""
    return {"kind": Intervention.Kind.CALL_GUARDIAN, "owner": user.pk, "due_on": today + dt.timedelta(days=7)}


class InterventionCloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What came of it: e.g. the guardian promised the learner will be back on Monday."),
        error_messages={"required": _("Write what came of it before closing.")},
    )


class InterventionCancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it called off?"), required=False, max_length=500)


class InterventionFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("open", _("Open")),
            ("overdue", _("Overdue")),
            ("done", _("Done")),
            ("cancelled", _("Cancelled")),
            ("all", _("All")),
        ],
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def values(self) -> tuple[str, bool]:
        if not self.is_valid():
            return "open", False
        show = self.cleaned_data["show"] or "open"
        return (show if show in SHOW_CHOICES else "open"), self.cleaned_data["mine"]


class RiskFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Risk"),
        required=False,
        choices=[("at_risk", _("High and medium")), *RiskLevel.choices, ("all", _("All levels"))],
    )
    school_class = forms.ModelChoiceField(label=_("Class"), required=False, queryset=None, empty_label=_("All classes"))
    without_intervention = forms.BooleanField(label=_("Nobody acting yet"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.order_by("-school_year", "name")

    def values(self) -> dict:
        if not self.is_valid():
            return {"level": "at_risk", "without_intervention": False, "school_class_id": None}
        data = self.cleaned_data
        return {
            "level": "" if data["level"] == "all" else (data["level"] or "at_risk"),
            "without_intervention": data["without_intervention"],
            "school_class_id": data["school_class"].pk if data["school_class"] else None,
        }
