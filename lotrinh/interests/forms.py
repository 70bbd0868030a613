"""Forms of the interest test: the answer sheet (public, class, paper) and opening a class session."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotrinh.academics.models import SchoolClass

from .models import ANSWER_CHOICES
from .selectors import Questionnaire


class AnswerSheetForm(forms.Form):
    """One field per item (named by its id, "R1"), left optional here: the service names every unanswered
    question at once. ``website`` is a honeypot: people never see it, robots fill it in."""

    form_token = forms.CharField(max_length=32, required=False, widget=forms.HiddenInput)
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, questionnaire: Questionnaire, with_identity: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        # A blank sheet renders its items from the questionnaire (see rows()); only answers need the 48 fields.
        for row in questionnaire.items if self.is_bound else ():
            self.fields[row.item_id] = forms.TypedChoiceField(
                label=row.text, choices=[("", "—"), *ANSWER_CHOICES], coerce=int, required=False, empty_value=None
            )
        if with_identity:
            self.fields["respondent_name"] = forms.CharField(
                label=_("Your name (optional)"), max_length=150, required=False
            )
            this_year = timezone.localdate().year
            self.fields["birth_year"] = forms.IntegerField(
                label=_("Year of birth (optional)"), required=False, min_value=this_year - 90, max_value=this_year - 5
            )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def answers(self) -> dict:
        return {row.item_id: self.cleaned_data.get(row.item_id) for row in self.questionnaire.items}

    def rows(self):
        """(item row, the value chosen as text, its errors) for the template's own radio markup."""
        for row in self.questionnaire.items:
            yield row, str(self.data.get(row.item_id, "")), self.errors.get(row.item_id)

    def unanswered(self) -> list[int]:
        """The question numbers marked with an error, for links to them at the top of the page."""
        return [row.order for row, _, errors in self.rows() if errors]

    def sections(self):
        rows = list(self.rows())
        size = 8
        return [rows[i : i + size] for i in range(0, len(rows), size)]


class SessionOpenForm(forms.Form):
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), empty_label=_("Choose a class")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.order_by("-school_year", "name")


class RosterPickForm(forms.Form):
    learner = forms.TypedChoiceField(label=_("Your name"), coerce=int, empty_value=None)

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].choices = [("", _("Choose your name")), *[(lr.pk, lr.full_name) for lr in roster]]
