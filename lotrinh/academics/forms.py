"""Forms of the academics pages: they parse input; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lotrinh.core.forms import DayInput
from lotrinh.people.models import Learner

from .models import AttendanceStatus, ProgramType, Room, SchoolClass, SessionKind
from .selectors import WEEKDAY_NAMES


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.username


class TradeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.get_level_display()}"


class SchoolClassForm(forms.Form):
    name = forms.CharField(label=_("Class name"), max_length=100, help_text=_("e.g. 10A1 or SC-ĐDD-K16"))
    program = forms.ModelChoiceField(label=_("Program"), queryset=ProgramType.objects.all())
    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("e.g. 2026-2027"))
    trade = TradeChoiceField(
        label=_("Trade"),
        queryset=ProgramType.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Required for vocational classes; only trades in force are offered."),
    )
    homeroom_teacher = StaffChoiceField(
        label=_("Homeroom teacher"), queryset=ProgramType.objects.none(), required=False, empty_label="—"
    )
    partner_school = forms.CharField(
        label=_("Partner school"), max_length=200, required=False, help_text=_("Required for 9+ and linkage classes.")
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DayInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DayInput())

    def __init__(self, *args, trades, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = trades
        self.fields["homeroom_teacher"].queryset = teachers

    @classmethod
    def initial_for(cls, school_class: SchoolClass) -> dict:
        return {f: getattr(school_class, f) for f in cls.base_fields}


class EnrollForm(forms.Form):
    learner = forms.ModelChoiceField(label=_("Learner"), queryset=Learner.objects.none(), widget=forms.HiddenInput)
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DayInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = Learner.objects.all()
        self.fields["learner"].error_messages["invalid_choice"] = _("Choose a learner of this center.")


class WeeklySlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"), coerce=int, choices=[(n, name) for n, name in enumerate(WEEKDAY_NAMES)]
    )
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    subject = forms.CharField(label=_("Subject"), max_length=100, help_text=_("e.g. Toán, Điện dân dụng (thực hành)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    teacher = StaffChoiceField(label=_("Teacher"), queryset=Room.objects.none())
    room = forms.ModelChoiceField(label=_("Room or workshop"), queryset=Room.objects.none())
    valid_from = forms.DateField(label=_("From"), widget=DayInput())
    valid_to = forms.DateField(
        label=_("No lessons from"), required=False, widget=DayInput(), help_text=_("Leave empty for the whole course.")
    )

    def __init__(self, *args, teachers, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["room"].queryset = rooms


class SlotEndForm(forms.Form):
    ends_on = forms.DateField(label=_("No lessons from"), widget=DayInput())


class TimetableGenerateForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DayInput())
    end = forms.DateField(label=_("To"), widget=DayInput())


class WeekChoiceForm(forms.Form):
    """Whose week to show: a class, a teacher or a room; any day of the week (dd/mm/yyyy)."""

    lop = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none(), required=False)
    gv = StaffChoiceField(label=_("Teacher"), queryset=SchoolClass.objects.none(), required=False)
    phong = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    tuan = forms.DateField(label=_("Week of"), required=False, widget=DayInput())

    def __init__(self, *args, classes, teachers, rooms, own_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lop"].queryset = classes
        self.fields["gv"].queryset = teachers
        self.fields["phong"].queryset = rooms
        for name in ("lop", "gv", "phong"):
            self.fields[name].empty_label = "—"
        if own_only:  # a teacher who asked for someone else's week is told why they see their own
            self.fields["gv"].error_messages["invalid_choice"] = _("You can only see your own timetable.")
            self.fields["lop"].error_messages["invalid_choice"] = _(
                "You can only see the timetable of the classes you are the homeroom teacher of."
            )


class RollMissingFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DayInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DayInput())
    teacher = StaffChoiceField(label=_("Teacher"), queryset=SchoolClass.objects.none(), required=False)

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["teacher"].empty_label = _("All teachers")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


def roll_marks_parse(data) -> tuple[dict[int, str], list[str]]:
    """Read the ``m-<learner id>`` fields of a roll form into {learner id: status}; unknown values are errors.

    Which learners belong to the class is the service's rule: it refuses the others.
    """
    marks: dict[int, str] = {}
    errors: list[str] = []
    for key, value in data.items():
        if not key.startswith("m-"):
            continue
        try:
            learner_id = int(key[2:])
        except ValueError:
            errors.append(_("The form sent a field it should not have (%(field)s).") % {"field": key[:30]})
            continue
        if value not in AttendanceStatus.values:
            errors.append(_("Not an attendance status: %(values)s.") % {"values": value[:30]})
            continue
        marks[learner_id] = value
    return marks, errors
