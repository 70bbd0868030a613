"""Forms of the jobs area: they parse; the services decide."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotrinh.academics.models import Trade
from lotrinh.core.forms import DayInput

from .models import FollowUp, Incident, InternshipAttendance, JobPlacement, MentorEvaluation, TradeMatch, WageBand

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
SATISFACTION = [(str(n), str(n)) for n in range(1, 6)]


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DayInput(), **kwargs)


class JobApplicationForm(forms.Form):
    learner = forms.ModelChoiceField(label=_("Learner"), queryset=None)
    opening = forms.ModelChoiceField(label=_("For an opening"), queryset=None, required=False)
    enterprise = forms.ModelChoiceField(label=_("Partner enterprise"), queryset=None, required=False)
    employer_name = forms.CharField(label=_("Or another employer"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    trade = forms.ModelChoiceField(label=_("Trade of the job"), queryset=Trade.objects.none(), required=False)
    trade_match = forms.ChoiceField(label=_("Trade match"), choices=TradeMatch.choices)
    wage_band = forms.ModelChoiceField(label=_("Wage band"), queryset=WageBand.objects.none(), required=False)
    applied_on = _date_field(_("Applied on"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, learners, enterprises, trades, wage_bands, openings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = learners
        self.fields["opening"].queryset = openings
        self.fields["opening"].label_from_instance = lambda o: f"{o.title} · {o.enterprise}"
        self.fields["enterprise"].queryset = enterprises
        self.fields["trade"].queryset = trades
        self.fields["wage_band"].queryset = wage_bands
        self.fields["learner"].label_from_instance = lambda learner: f"{learner.full_name} ({learner.code})"

    def clean(self):
        data = super().clean()
        if not data.get("opening") and not data.get("enterprise") and not (data.get("employer_name") or "").strip():
            self.add_error("employer_name", _("Choose a partner enterprise or write the employer's name."))
        return data


class JobStepForm(forms.Form):
    ACTIONS = [
        ("interview", _("Interviewed")),
        ("hire", _("Hired")),
        ("reject", _("Not selected")),
        ("decline", _("Declined by the learner")),
    ]
    action = forms.ChoiceField(label=_("What happened"), choices=ACTIONS)
    on = _date_field(_("On"))
    wage_band = forms.ModelChoiceField(label=_("Wage band"), queryset=WageBand.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, wage_bands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wage_band"].queryset = wage_bands


class FollowUpAnswerForm(forms.Form):
    """The survey (public link) and the call form (staff): the same questions."""

    employed = forms.TypedChoiceField(
        label=_("Are you working now?"), choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect
    )
    employer_name = forms.CharField(label=_("Where do you work?"), max_length=200, required=False)
    trade_match = forms.ChoiceField(
        label=_("Is the job in the trade you trained for?"),
        choices=[("", "—"), *TradeMatch.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    wage_band = forms.ModelChoiceField(
        label=_("Monthly income"), queryset=WageBand.objects.none(), required=False, widget=forms.RadioSelect
    )
    further_study = forms.TypedChoiceField(
        label=_("Are you studying further?"),
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the training (1 = not at all, 5 = very)?"),
        choices=SATISFACTION,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything to add?"), max_length=255, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, wage_bands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wage_band"].queryset = wage_bands
        self.fields["trade_match"].choices = TradeMatch.choices

    def clean(self):
        data = super().clean()
        if data.get("employed"):
            if not (data.get("employer_name") or "").strip():
                self.add_error("employer_name", _("Write where you work."))
            if not data.get("trade_match"):
                self.add_error("trade_match", _("Choose whether the job is in the trade trained."))
        return data


class FollowUpFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("open", _("To do")), ("overdue", _("Overdue")), ("answered", _("Answered")), ("all", _("All"))],
    )


class AttendanceForm(forms.Form):
    date = _date_field(_("Date"))
    status = forms.ChoiceField(label=_("Attendance"), choices=InternshipAttendance.Status.choices)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "status": "present"})
        super().__init__(*args, **kwargs)


class EvaluationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Evaluation"), choices=MentorEvaluation.Kind.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = rubric.criteria if rubric else []
        for criterion in self.criteria:
            self.fields[f"score_{criterion['code']}"] = forms.TypedChoiceField(
                label=criterion["label"], choices=SATISFACTION, coerce=int, widget=forms.RadioSelect
            )

    def scores(self) -> dict[str, int]:
        return {c["code"]: self.cleaned_data[f"score_{c['code']}"] for c in self.criteria}

    def score_fields(self):
        return [self[f"score_{c['code']}"] for c in self.criteria]


class BriefingForm(forms.Form):
    held_on = _date_field(_("Held on"))
    topics = forms.CharField(label=_("Topics covered"), max_length=255)


class IncidentForm(forms.Form):
    occurred_on = _date_field(_("Occurred on"))
    severity = forms.ChoiceField(label=_("Severity"), choices=Incident.Severity.choices)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(label=_("Actions taken"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def today_initial() -> dict:
    day: dt.date = timezone.localdate()
    return {"on": day, "held_on": day, "occurred_on": day, "applied_on": day}


__all__ = ["FollowUp", "JobPlacement"]
