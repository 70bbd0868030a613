"""Reading the grade-sheet and module-sheet forms. Cells are parsed by the service, which names learner and column."""

import datetime as dt

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services


def score_entries(data: QueryDict) -> list[services.ScoreEntry]:
    """Cells posted as ``s-<learner id>-<column>`` → entries; unrelated fields are ignored."""
    entries = []
    for name, value in data.items():
        prefix, _sep, rest = name.partition("-")
        learner_id, _sep, column = rest.partition("-")
        if prefix == "s" and learner_id.isdigit() and column:
            entries.append(services.ScoreEntry(learner_id=int(learner_id), column=column, value=value))
    return entries


PASSED_CHOICES = {"": None, "1": True, "0": False}


def module_entries(data: QueryDict) -> list[services.ModuleEntry]:
    """Results posted as ``m-<learner id>-score`` and ``m-<learner id>-passed`` ("" by the pass mark, "1", "0")."""
    entries = []
    for name, value in data.items():
        prefix, _sep, rest = name.partition("-")
        learner_id, _sep, part = rest.partition("-")
        if prefix == "m" and learner_id.isdigit() and part == "score":
            passed = PASSED_CHOICES.get(data.get(f"m-{learner_id}-passed", ""))
            entries.append(services.ModuleEntry(learner_id=int(learner_id), value=value, passed=passed))
    return entries


class ModuleSheetForm(forms.Form):
    """What a module's results share: its name, its hours and the day it was assessed."""

    module = forms.CharField(label=_("Module"), max_length=150)
    hours = forms.IntegerField(
        label=_("Hours"),
        min_value=1,
        max_value=services.MAX_HOURS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    assessed_on = forms.DateField(label=_("Assessed on"), help_text=_("dd/mm/yyyy"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].widget = forms.HiddenInput()
        self.fields["assessed_on"].widget.attrs.update({"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        self.fields["assessed_on"].widget.format = "%d/%m/%Y"

    def clean_assessed_on(self) -> dt.date:
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of the assessment cannot be in the future."))
        return day
