"""Forms parse; the services decide (the same rules answer the API)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotrinh.academics.models import ProgramType, Trade
from lotrinh.core.forms import DayInput

from .models import TrainingOffer


def _number() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric"})


def _trades():
    return Trade.objects.filter(Trade.holding_on(timezone.localdate())).order_by("name")


class TradeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Trade) -> str:
        return f"{obj.name} ({obj.get_level_display()})"


class OverrideForm(forms.Form):
    code = forms.CharField(
        label=_("This center's code"),
        max_length=3,
        help_text=_("One to three letters among R, I, A, S, E, C, strongest first."),
        error_messages={"required": _("Write the code, e.g. RCI.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why this center reads the trade differently.")},
    )


class DemandForm(forms.Form):
    trade = TradeChoiceField(
        label=_("Trade"), queryset=None, empty_label=None, error_messages={"invalid_choice": _("Choose a trade.")}
    )
    year = forms.IntegerField(
        widget=_number(),
        label=_("Year of the figures"),
        error_messages={"required": _("Write the year, e.g. 2026."), "invalid": _("Write the year, e.g. 2026.")},
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        error_messages={"invalid_choice": _("The quarter is 1, 2, 3 or 4 (or empty for the whole year).")},
    )
    openings = forms.IntegerField(
        widget=_number(),
        label=_("Openings"),
        error_messages={
            "required": _("Write the number of openings."),
            "invalid": _("Write the number of openings as a whole number."),
        },
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Khảo sát KCN Quán Ngang"}),
        error_messages={
            "required": _("Say where the figure comes from, e.g. a survey of the Quán Ngang industrial park.")
        },
    )
    noted_on = forms.DateField(
        label=_("Noted on"),
        widget=DayInput(),
        error_messages={
            "required": _("Write the day the figure was noted."),
            "invalid": _("Enter a date as dd/mm/yyyy."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = _trades()


class OfferForm(forms.Form):
    trade = TradeChoiceField(
        label=_("Trade"), queryset=None, empty_label=None, error_messages={"invalid_choice": _("Choose a trade.")}
    )
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=ProgramType.objects.filter(is_vocational=True).order_by("name"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a program.")},
    )
    level = forms.ChoiceField(label=_("Level"), choices=Trade.Level.choices)
    provider = forms.ChoiceField(label=_("Run by"), choices=TrainingOffer.Provider.choices)
    partner_name = forms.CharField(
        label=_("Partner school"),
        required=False,
        max_length=200,
        help_text=_("For a course run with a partner school."),
    )
    duration_months = forms.IntegerField(
        widget=_number(),
        label=_("Length (months)"),
        error_messages={"required": _("The length is 1 to 60 months."), "invalid": _("The length is 1 to 60 months.")},
    )
    cost_vnd = forms.CharField(
        label=_("Tuition and costs (₫)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2.500.000"}),
        error_messages={"required": _("Write the cost (0 if free).")},
    )
    next_intake_on = forms.DateField(
        label=_("Next intake"),
        required=False,
        widget=DayInput(),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )
    places = forms.IntegerField(
        widget=_number(),
        label=_("Places"),
        required=False,
        error_messages={"invalid": _("The places are a number from 0 to 10,000.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = _trades()

    def clean_cost_vnd(self) -> int:
        """People write 2.500.000 or 2 500 000 ₫: the form takes the digits (a minus sign stays, for the service)."""
        text = self.cleaned_data["cost_vnd"].replace(".", "").replace(" ", "").replace("₫", "").replace("đ", "")
        sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
        if not digits.isdigit():
            raise forms.ValidationError(_("Write the cost in đồng, digits only."))
        return sign * int(digits)

    @classmethod
    def initial_of(cls, offer: TrainingOffer) -> dict:
        return {
            "trade": offer.trade_id,
            "program": offer.program_id,
            "level": offer.level,
            "provider": offer.provider,
            "partner_name": offer.partner_name,
            "duration_months": offer.duration_months,
            "cost_vnd": offer.cost_vnd,
            "next_intake_on": offer.next_intake_on,
            "places": offer.places,
        }
