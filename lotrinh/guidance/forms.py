"""Forms parse; the services check the rules (their errors go back beside the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lotrinh.core.forms import DayInput
from lotrinh.core.models import Commune
from lotrinh.people.models import Guardian

from .models import Audience, CounselingTopic, Destination, DestinationSource, LowerSecondarySchool
from .selectors import FOLLOW_UP_CHOICES


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    commune = forms.ModelChoiceField(label=_("Commune or ward"), queryset=Commune.objects.none())
    code = forms.CharField(label=_("School code"), max_length=20, required=False)
    in_disadvantaged_area = forms.BooleanField(label=_("In an especially disadvantaged area"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, province_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        communes = Commune.objects.select_related("province").order_by("name")
        if province_id:
            communes = communes.filter(province_id=province_id)
        self.fields["commune"].queryset = communes
        self.fields["commune"].label_from_instance = lambda c: c.name


class CohortForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=LowerSecondarySchool.objects.none())
    graduation_year = forms.IntegerField(label=_("Graduation year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = LowerSecondarySchool.objects.filter(is_active=True)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Grade-9 list (xlsx, xls, ods or csv)"),
        help_text=_(
            "Columns: Họ và tên, Ngày sinh, Giới tính (or Nữ ticked), Lớp; optionally Nơi học tiếp for the "
            "destinations."
        ),
    )


class BatchSourceForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=DestinationSource.choices)
    recorded_on = forms.DateField(label=_("Recorded on"), widget=DayInput())


class TargetForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=LowerSecondarySchool.objects.none(),
        required=False,
        empty_label=_("The whole catchment"),
    )
    from_year = forms.IntegerField(label=_("From graduation year"))
    to_year = forms.IntegerField(label=_("To graduation year"))
    min_percent = forms.DecimalField(
        label=_("Minimum VET share (%)"),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )
    citation = forms.CharField(
        label=_("Citation"),
        max_length=300,
        help_text=_("The plan or decision that sets the target, e.g. Kế hoạch 12/KH-UBND ngày 20/01/2026."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = LowerSecondarySchool.objects.all()


class StreamingFilterForm(forms.Form):
    nam = forms.IntegerField(required=False)
    truong = forms.IntegerField(required=False)


class CounselingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DayInput())
    counselor = forms.ModelChoiceField(label=_("Counselor"), queryset=None, empty_label=None)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=CounselingTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    guardian_present = forms.BooleanField(label=_("A guardian was present"), required=False)
    guardian = forms.ModelChoiceField(
        label=_("Which guardian"), queryset=Guardian.objects.none(), required=False, empty_label=_("Not said")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.CharField(label=_("Follow-up action"), max_length=300, required=False)
    follow_up_due = forms.DateField(label=_("Follow-up due on"), required=False, widget=DayInput())
    follow_up_done = forms.BooleanField(label=_("Follow-up done"), required=False)

    def __init__(self, *args, staff, learner=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counselor"].queryset = staff
        self.fields["counselor"].error_messages["invalid_choice"] = _(
            "The counselor must be a staff member of this center."
        )
        if learner is not None:
            self.fields["guardian"].queryset = Guardian.objects.filter(learner_links__learner=learner)
        self.fields["topics"].error_messages["required"] = _("Choose at least one topic.")


class CounselingFilterForm(forms.Form):
    q = forms.CharField(label=_("Learner"), required=False)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *CounselingTopic.choices]
    )
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        required=False,
        choices=[("", _("All")), ("due", _("Open")), ("overdue", _("Overdue")), ("done", _("Done"))],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DayInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DayInput())

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "topic": data["topic"],
            "follow_up": data["follow_up"] if data["follow_up"] in FOLLOW_UP_CHOICES else "",
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }


class OutreachForm(forms.Form):
    title = forms.CharField(label=_("Event title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DayInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    school = forms.ModelChoiceField(
        label=_("School"), queryset=LowerSecondarySchool.objects.none(), required=False, empty_label=_("None")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attendance = forms.IntegerField(label=_("Attendance (people)"), min_value=0, required=False)
    attendees = forms.CharField(
        label=_("Attendees (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name; phone; school."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = LowerSecondarySchool.objects.filter(is_active=True)


def attendee_lines(text: str) -> list[dict]:
    """'Nguyễn Văn An; 0912345678; THCS Nguyễn Trãi' per line → attendee dicts."""
    rows = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.replace("\t", ";").split(";")]
        if not any(parts):
            continue
        parts += ["", "", ""]
        rows.append({"full_name": parts[0], "phone": parts[1], "school_name": parts[2]})
    return rows


class AttendeesForm(forms.Form):
    attendees = forms.CharField(
        label=_("Attendees"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name; phone; school."),
    )


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("Material (PDF, JPEG or PNG, at most 10 MB)"))


DESTINATION_CHOICES = Destination.choices
