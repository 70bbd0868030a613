"""Pages of classes, the timetable and attendance. Thin: parse, call a service or a selector, render."""

import contextlib
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from lotrinh.core.errors import ApplicationError
from lotrinh.core.exporting import Column, xlsx_response
from lotrinh.core.htmx import is_htmx, render_form_errors
from lotrinh.core.models import User
from lotrinh.core.roles import Role
from lotrinh.core.tenancy import center_view

from . import selectors, services, timetabling
from .forms import (
    EnrollForm,
    RollMissingFilterForm,
    SchoolClassForm,
    SlotEndForm,
    TimetableGenerateForm,
    WeekChoiceForm,
    WeeklySlotForm,
    roll_marks_parse,
)
from .models import AttendanceStatus, SchoolClass, WeeklySlot


def _apply_errors(form, error: ApplicationError) -> None:
    """Put a service's messages beside the fields they concern (or above the form)."""
    errors = error.errors or {None: [error.message]}
    for name, field_messages in errors.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


# ---------------------------------------------------------------------------------------------------
# Classes
# ---------------------------------------------------------------------------------------------------


@center_view(perm="classes.view")
def class_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    school_year = request.GET.get("nam", "").strip()
    classes = selectors.class_list(school_year=school_year)
    if request.GET.get("xuat") == "xlsx":
        return xlsx_response(
            filename=f"lop-{school_year or 'tat-ca'}",
            title=_("Classes"),
            columns=[
                Column(_("Class"), lambda c: c.name, 16),
                Column(_("Program"), lambda c: c.program.name, 40),
                Column(_("Trade"), lambda c: c.trade.name if c.trade else "", 28),
                Column(_("School year"), lambda c: c.school_year, 12),
                Column(_("Homeroom teacher"), lambda c: str(c.homeroom_teacher or ""), 24),
                Column(_("Headcount"), lambda c: c.headcount, 10),
            ],
            rows=classes,
        )
    context = {"classes": classes, "school_year": school_year, "school_years": selectors.school_years()}
    if is_htmx(request):
        return render(request, "academics/class_list.html#class-table", context)
    return render(request, "academics/class_list.html", context)


def _class_form(request: HttpRequest, data=None, initial=None) -> SchoolClassForm:
    today = timezone.localdate()
    return SchoolClassForm(
        data,
        initial=initial,
        trades=selectors.trades_in_force(day=today),
        teachers=selectors.homeroom_choices(center=request.center),
    )


@center_view(perm="classes.manage")
def class_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    if request.method != "POST":
        form = _class_form(request, initial={"school_year": timetabling.school_year_of(timezone.localdate())})
        return render(request, "academics/class_form.html", {"form": form})
    form = _class_form(request, request.POST)
    if form.is_valid():
        try:
            school_class = services.school_class_create(center=request.center, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Class %(name)s was created.") % {"name": school_class.name})
            return redirect("academics:class-detail", center_slug=center_slug, pk=school_class.pk)
    return render_form_errors(request, "academics/class_form.html", {"form": form})


@center_view(perm="classes.manage")
def class_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    school_class = get_object_or_404(SchoolClass.objects.select_related("trade"), pk=pk)
    if request.method != "POST":
        form = _class_form(request, initial=SchoolClassForm.initial_for(school_class))
        _keep_current_trade(form, school_class)
        return render(request, "academics/class_form.html", {"form": form, "school_class": school_class})
    form = _class_form(request, request.POST)
    _keep_current_trade(form, school_class)
    if form.is_valid():
        try:
            services.school_class_update(school_class=school_class, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The class was saved."))
            return redirect("academics:class-detail", center_slug=center_slug, pk=school_class.pk)
    return render_form_errors(request, "academics/class_form.html", {"form": form, "school_class": school_class})


def _keep_current_trade(form: SchoolClassForm, school_class: SchoolClass) -> None:
    """A class keeps the trade it was opened with even after a newer version of the trade comes in."""
    if school_class.trade_id:
        field = form.fields["trade"]
        field.queryset = (field.queryset | type(school_class.trade).objects.filter(pk=school_class.trade_id)).distinct()


def _class_detail_context(request: HttpRequest, pk: int, **extra) -> dict:
    today = timezone.localdate()
    detail = selectors.class_detail(pk=pk, today=today)
    can_manage = request.membership.has_perm("classes.manage")
    context = {"detail": detail, "school_class": detail.school_class, "today": today, "can_manage": can_manage, **extra}
    if can_manage:
        context.setdefault(
            "slot_form",
            WeeklySlotForm(
                initial={"valid_from": max(today, detail.school_class.starts_on or today), "kind": "culture"},
                teachers=selectors.staff_choices(center=request.center),
                rooms=selectors.rooms(),
            ),
        )
        context.setdefault("enroll_form", EnrollForm(initial={"enrolled_on": today}))
        context["end_form"] = SlotEndForm(initial={"ends_on": today + dt.timedelta(days=1)})
    return context


@center_view(perm="classes.view")
def class_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    return render(request, "academics/class_detail.html", _class_detail_context(request, pk))


@center_view(perm="classes.manage")
def class_enroll(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """GET: learners matching ``q`` who are not in the class yet (a partial). POST: enroll one of them."""
    school_class = get_object_or_404(SchoolClass, pk=pk)
    if request.method != "POST":
        query = request.GET.get("q", "")
        candidates = selectors.enroll_candidates(school_class=school_class, query=query)
        context = {
            "school_class": school_class,
            "candidates": candidates,
            "query": query,
            "today": timezone.localdate(),
        }
        if is_htmx(request):
            return render(request, "academics/class_detail.html#enroll-candidates", context)
        return redirect(reverse("academics:class-detail", kwargs={"center_slug": center_slug, "pk": pk}) + "#ghi-danh")
    form = EnrollForm(request.POST)
    if form.is_valid():
        try:
            enrollment = services.enrollment_create(
                learner=form.cleaned_data["learner"],
                school_class=school_class,
                enrolled_on=form.cleaned_data["enrolled_on"],
                actor=request.user,
            )
        except ApplicationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was enrolled in %(class)s.") % {"name": enrollment.learner, "class": school_class.name},
            )
            return redirect("academics:class-detail", center_slug=center_slug, pk=pk)
    context = _class_detail_context(request, pk, enroll_form=form, open_enroll=True)
    return render_form_errors(request, "academics/class_detail.html", context)


@center_view(perm="classes.manage")
@require_POST
def slot_create(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    school_class = get_object_or_404(SchoolClass, pk=pk)
    form = WeeklySlotForm(
        request.POST, teachers=selectors.staff_choices(center=request.center), rooms=selectors.rooms()
    )
    if form.is_valid():
        data = form.cleaned_data
        horizon = _generate_horizon(school_class, data["valid_from"], data["valid_to"])
        try:
            services.weekly_slot_create(school_class=school_class, actor=request.user, generate_until=horizon, **data)
        except ApplicationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The lesson was added to the weekly timetable; its sessions are planned up to %(date)s.")
                % {"date": f"{horizon:%d/%m/%Y}"},
            )
            return redirect(
                reverse("academics:class-detail", kwargs={"center_slug": center_slug, "pk": pk}) + "#thoi-khoa-bieu"
            )
    context = _class_detail_context(request, pk, slot_form=form, open_slot=True)
    return render_form_errors(request, "academics/class_detail.html", context)


def _generate_horizon(school_class: SchoolClass, valid_from: dt.date, valid_to: dt.date | None) -> dt.date:
    """A new weekly lesson is planned to the end of its class (or of the school year), at most a year ahead."""
    horizon = school_class.ends_on or timetabling.school_year_bounds(school_class.school_year)[1]
    horizon = min(horizon, max(valid_from, timezone.localdate()) + dt.timedelta(days=services.GENERATE_MAX_DAYS))
    if valid_to is not None:
        horizon = min(horizon, valid_to - dt.timedelta(days=1))
    return horizon


@center_view(perm="classes.manage")
@require_POST
def slot_end(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    slot = get_object_or_404(WeeklySlot.objects.select_related("school_class"), pk=pk)
    form = SlotEndForm(request.POST)
    target = reverse("academics:class-detail", kwargs={"center_slug": center_slug, "pk": slot.school_class_id})
    if not form.is_valid():
        messages.error(request, _("Enter the first day without the lesson as dd/mm/yyyy."))
        return redirect(target + "#thoi-khoa-bieu")
    try:
        removed = services.weekly_slot_end(slot=slot, ends_on=form.cleaned_data["ends_on"], actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "The lesson ends; %(count)s planned session was removed.",
                "The lesson ends; %(count)s planned sessions were removed.",
                removed,
            )
            % {"count": removed},
        )
    return redirect(target + "#thoi-khoa-bieu")


# ---------------------------------------------------------------------------------------------------
# Timetable
# ---------------------------------------------------------------------------------------------------


@center_view(perm="classes.view")
def timetable_week(request: HttpRequest, center_slug: str) -> HttpResponse:
    """A Monday-start week for a class, a teacher or a room; a teacher sees their own week by default."""
    today = timezone.localdate()
    membership = request.membership
    view_all = membership.has_perm("classes.view_all")
    if view_all:
        classes = SchoolClass.objects.order_by("-school_year", "name")
        teachers = selectors.staff_choices(center=request.center)
        rooms = selectors.rooms()
    else:  # one's own week, and the classes one is homeroom teacher of
        classes = SchoolClass.objects.filter(homeroom_teacher=request.user).order_by("-school_year", "name")
        teachers = User.objects.filter(pk=request.user.pk)
        rooms = selectors.rooms().none()
    form = WeekChoiceForm(request.GET or None, classes=classes, teachers=teachers, rooms=rooms, own_only=not view_all)
    chosen = {}
    if form.is_bound:
        form.is_valid()  # keeps what is valid: a teacher not one's to see falls back to one's own, same week
        chosen = form.cleaned_data
    day = chosen.get("tuan") or today
    monday = timetabling.week_start(day)
    school_class, teacher, room = chosen.get("lop"), chosen.get("gv"), chosen.get("phong")
    if not (school_class or teacher or room):
        if view_all and membership.role != Role.TEACHER:
            school_class = classes.first()
        teacher = None if school_class else request.user
    # One of them at a time: a class, else a teacher, else a room.
    if school_class:
        teacher = room = None
    elif teacher:
        room = None
    sessions = selectors.week_sessions(
        monday=monday,
        school_class_id=school_class.pk if school_class else None,
        teacher_id=teacher.pk if teacher else None,
        room_id=room.pk if room else None,
    )
    if not form.is_bound:  # show what is shown
        form = WeekChoiceForm(
            initial={"lop": school_class, "gv": teacher, "phong": room, "tuan": monday},
            classes=classes,
            teachers=teachers,
            rooms=rooms,
        )
    if not view_all:
        del form.fields["phong"]  # a teacher sees rooms only through their own lessons
    days = timetabling.week_days(monday)
    if not any(s.date == days[-1] for s in sessions):
        days = days[:-1]  # no Sunday column unless something happens on Sunday
    which = {"lop": school_class.pk} if school_class else {"gv": teacher.pk} if teacher else {"phong": room.pk}
    context = {
        "form": form,
        "grid": selectors.week_grid(sessions, days=days, today=today),
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "today": today,
        "school_class": school_class,
        "teacher": teacher,
        "room": room,
        "which": urlencode(which),
        "show_class": school_class is None,
        "show_teacher": teacher is None,
        "show_room": room is None,
        "session_count": len(sessions),
        "generate_form": TimetableGenerateForm(initial={"start": monday, "end": monday + dt.timedelta(weeks=4)}),
    }
    return render(request, "academics/timetable_week.html", context)


@center_view(perm="classes.manage")
@require_POST
def timetable_generate(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = TimetableGenerateForm(request.POST)
    target = reverse("academics:timetable-week", kwargs={"center_slug": center_slug})
    if not form.is_valid():
        messages.error(request, _("Enter both dates as dd/mm/yyyy."))
        return redirect(target)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        created = services.timetable_generate(center=request.center, start=start, end=end, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s session was generated from %(start)s to %(end)s.",
                "%(count)s sessions were generated from %(start)s to %(end)s.",
                created,
            )
            % {"count": created, "start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
        )
    return redirect(f"{target}?tuan={start:%d/%m/%Y}")


@center_view(perm="classes.view")
def session_today(request: HttpRequest, center_slug: str) -> HttpResponse:
    day = _day_from(request, timezone.localdate())
    teacher = None if request.membership.has_perm("classes.view_all") else request.user
    sessions = selectors.session_list(day=day, teacher=teacher)
    return render(
        request,
        "academics/session_today.html",
        {
            "sessions": sessions,
            "day": day,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "only_mine": teacher is not None,
        },
    )


def _day_from(request: HttpRequest, default: dt.date) -> dt.date:
    if request.GET.get("ngay"):
        with contextlib.suppress(ValueError):  # a mistyped date keeps the default
            return dt.datetime.strptime(request.GET["ngay"], "%d/%m/%Y").date()
    return default


# ---------------------------------------------------------------------------------------------------
# Attendance
# ---------------------------------------------------------------------------------------------------


@center_view(perm="attendance.take")
def roll_today(request: HttpRequest, center_slug: str) -> HttpResponse:
    """The sessions of a day (today by default) whose roll one may take: one's own, or all for a manager."""
    today = timezone.localdate()
    day = _day_from(request, today)
    manages = request.membership.has_perm("classes.manage")
    sessions = selectors.sessions_for_roll(day=day, teacher=None if manages else request.user)
    return render(
        request,
        "academics/roll_today.html",
        {
            "sessions": sessions,
            "day": day,
            "today": today,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "only_mine": not manages,
        },
    )


STREAK_OUTCOMES = {
    "messaged": gettext_lazy("The guardian was messaged (%(guardians)s)."),
    "no_consent": gettext_lazy("The guardian was NOT messaged: there is no consent to attendance messages."),
    "no_guardian": gettext_lazy("The guardian was not messaged: no guardian is on file."),
    "no_contact": gettext_lazy("The guardian was not messaged: no e-mail or phone number is on file."),
}


@center_view(perm="attendance.take")
def roll_take(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """The roll of one session, made for a phone: everyone present by default, tap the exceptions."""
    session = selectors.session_for_roll(pk=pk)
    if not services.roll_may_take(session=session, user=request.user, membership=request.membership):
        raise PermissionDenied
    today = timezone.localdate()
    errors: list[str] = []
    marks: dict[int, str] = {}
    if request.method == "POST":
        marks, errors = roll_marks_parse(request.POST)
        if not errors:
            try:
                result = services.roll_take(session=session, marks=marks, actor=request.user)
            except ApplicationError as error:
                errors = [message for messages_ in error.errors.values() for message in messages_] or [error.message]
            else:
                _roll_saved_messages(request, result)
                return redirect("academics:roll-take", center_slug=center_slug, pk=pk)
    sheet = selectors.roll_sheet(session=session, overrides=marks)
    context = {
        "sheet": sheet,
        "session": session,
        "errors": errors,
        "statuses": AttendanceStatus.choices,
        "too_early": session.date > today,
        "today": today,
    }
    if errors:
        return render_form_errors(request, "academics/roll_take.html", context)
    return render(request, "academics/roll_take.html", context)


def _roll_saved_messages(request: HttpRequest, result: services.RollResult) -> None:
    counts = result.counts
    absent = counts[AttendanceStatus.UNEXCUSED] + counts[AttendanceStatus.EXCUSED]
    messages.success(
        request,
        _("The roll was saved at %(time)s: %(present)s present, %(absent)s absent, %(late)s late.")
        % {
            "time": timezone.localtime(result.roll.taken_at).strftime("%H:%M"),
            "present": counts[AttendanceStatus.PRESENT],
            "absent": absent,
            "late": counts[AttendanceStatus.LATE],
        },
    )
    for notice in result.streaks:
        parts = [
            _("%(name)s has %(count)s unexcused absences in a row.")
            % {"name": notice.learner.full_name, "count": notice.absences},
            _("The homeroom teacher was notified by e-mail.")
            if notice.homeroom_notified
            else _("The class has no homeroom teacher with an e-mail to notify."),
            str(STREAK_OUTCOMES[notice.guardian_outcome]) % {"guardians": ", ".join(notice.guardians_messaged)},
        ]
        messages.warning(request, " ".join(parts))


@center_view(perm="attendance.view")
def roll_missing(request: HttpRequest, center_slug: str) -> HttpResponse:
    """Sessions that have started, up to today, whose roll was not taken; by date range and teacher."""
    today = timezone.localdate()
    now = timezone.localtime().time()
    teachers = selectors.staff_choices(center=request.center)
    form = RollMissingFilterForm(request.GET or None, teachers=teachers)
    date_from, date_to, teacher = today - dt.timedelta(days=27), today, None
    if form.is_bound and form.is_valid():
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
        teacher = form.cleaned_data["teacher"]
    sessions = selectors.roll_missing(
        today=today, now=now, date_from=date_from, date_to=date_to, teacher_id=teacher.pk if teacher else None
    )
    if request.GET.get("xuat") == "xlsx":
        return xlsx_response(
            filename=f"chua-diem-danh-{date_from:%Y%m%d}-{date_to:%Y%m%d}",
            title=_("Rolls not taken"),
            columns=[
                Column(_("Date"), lambda s: s.date, 12),
                Column(_("Time"), lambda s: f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}", 12),
                Column(_("Class"), lambda s: s.school_class.name, 14),
                Column(_("Subject"), lambda s: s.subject, 30),
                Column(_("Teacher"), lambda s: str(s.teacher), 24),
                Column(_("Room"), lambda s: s.room.name, 14),
            ],
            rows=sessions,
        )
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "by_teacher": selectors.roll_missing_by_teacher(sessions),
        "date_from": date_from,
        "date_to": date_to,
        "querystring": querystring.urlencode(),
        "may_take": request.membership.has_perm("classes.manage"),
    }
    if is_htmx(request):
        return render(request, "academics/roll_missing.html#missing-table", context)
    return render(request, "academics/roll_missing.html", context)
