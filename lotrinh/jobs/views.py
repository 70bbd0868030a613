"""Pages of the jobs area: the employment rate, job placements, graduate follow-ups (list, call form, the
public survey), and the internship follow-up for staff and for the enterprise account."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.academics.models import Trade
from lotrinh.core.errors import ApplicationError
from lotrinh.core.forms import add_errors
from lotrinh.core.htmx import render_form_errors
from lotrinh.core.ratelimit import request_allowed
from lotrinh.core.tenancy import center_view, portal_view
from lotrinh.industry.access import enterprise_view
from lotrinh.people.models import Learner

from . import selectors, services
from .forms import (
    AttendanceForm,
    BriefingForm,
    EvaluationForm,
    FollowUpAnswerForm,
    FollowUpFilterForm,
    IncidentForm,
    JobApplicationForm,
    JobStepForm,
    today_initial,
)
from .models import FollowUp, JobPlacement

PAGE_SIZE = 50
SURVEY_SCOPE = "jobs-survey"


def _bands():
    return selectors.wage_bands_on(timezone.localdate())


# --- The employment rate ----------------------------------------------------------------------------------


@center_view(perm="jobs.view")
def dashboard(request: HttpRequest, center_slug: str) -> HttpResponse:
    data = selectors.employment_dashboard(center=request.center, today=timezone.localdate())
    return render(request, "jobs/dashboard.html", {"data": data})


# --- Job placements ---------------------------------------------------------------------------------------


def _application_form(request: HttpRequest, data=None) -> JobApplicationForm:
    from lotrinh.industry.models import Enterprise, Opening

    day = timezone.localdate()
    return JobApplicationForm(
        data,
        initial=today_initial(),
        learners=Learner.objects.order_by("full_name"),
        enterprises=Enterprise.objects.filter(
            partnerships__center=request.center, partnerships__status="active"
        ).order_by("name"),
        trades=Trade.objects.filter(Trade.holding_on(day)).order_by("name"),
        wage_bands=_bands(),
        openings=Opening.objects.filter(center=request.center, status=Opening.Status.OPEN, deadline__gte=day)
        .select_related("enterprise")
        .order_by("deadline", "id"),
    )


def _placement_page(request: HttpRequest, form: JobApplicationForm | None = None, status: int = 200):
    show = request.GET.get("trang-thai", "")
    rows = selectors.job_placement_list(status=show)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "show": show,
        "statuses": JobPlacement.Status.choices,
        "form": form or _application_form(request),
        "can_manage": request.membership.has_perm("jobs.manage"),
    }
    return render(request, "jobs/placement_list.html", context, status=status)


@center_view(perm="jobs.view")
def placement_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    return _placement_page(request)


@center_view(perm="jobs.manage")
@require_POST
def placement_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = _application_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.job_application_create(
                center=request.center,
                learner=data["learner"],
                enterprise=data["enterprise"],
                opening=data["opening"],
                employer_name=data["employer_name"],
                job_title=data["job_title"],
                trade=data["trade"],
                trade_match=data["trade_match"],
                wage_band=data["wage_band"],
                applied_on=data["applied_on"],
                note=data["note"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The application was recorded."))
            return redirect("jobs:placement-detail", center_slug=center_slug, pk=placement.pk)
    return _placement_page(request, form=form, status=422)


def _placement(pk: int) -> JobPlacement:
    return get_object_or_404(selectors.job_placement_list(), pk=pk)


def _detail(request: HttpRequest, placement: JobPlacement, form: JobStepForm | None = None, status: int = 200):
    context = {
        "placement": placement,
        "steps": list(placement.steps.select_related("actor")),
        "form": form or JobStepForm(initial=today_initial(), wage_bands=_bands()),
        "can_manage": request.membership.has_perm("jobs.manage"),
        "is_open": bool(services.TRANSITIONS[placement.status]),
    }
    return render(request, "jobs/placement_detail.html", context, status=status)


@center_view(perm="jobs.view")
def placement_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    return _detail(request, _placement(pk))


@center_view(perm="jobs.manage")
@require_POST
def placement_step(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    placement = _placement(pk)
    form = JobStepForm(request.POST, wage_bands=_bands())
    if form.is_valid():
        data = form.cleaned_data
        common = {"placement": placement, "on": data["on"], "note": data["note"], "actor": request.user}
        try:
            if data["action"] == "interview":
                services.job_interview_record(**common)
            elif data["action"] == "hire":
                services.job_hire(wage_band=data["wage_band"], **common)
            else:
                services.job_reject(declined=data["action"] == "decline", **common)
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The application was updated."))
            return redirect("jobs:placement-detail", center_slug=center_slug, pk=pk)
    return _detail(request, placement, form=form, status=422)


# --- Graduate follow-up -----------------------------------------------------------------------------------


def _followup_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    show = show if show in selectors.FOLLOWUP_SHOW else "open"
    page = Paginator(selectors.followup_list(show=show, today=today), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": FollowUpFilterForm(initial={"show": show}),
        "show": show,
        "page": page,
        "today": today,
        "can_manage": request.membership.has_perm("jobs.manage"),
    }
    return render(request, "jobs/followup_list.html", context)


@center_view(perm="jobs.view")
def followup_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    return _followup_page(request)


@center_view(perm="jobs.manage")
@require_POST
def followup_schedule(request: HttpRequest, center_slug: str) -> HttpResponse:
    created = services.followups_schedule(center=request.center)
    messages.success(request, _("%(n)s follow-ups fell due and were added.") % {"n": created})
    return redirect("jobs:followup-list", center_slug=center_slug)


def _survey_link(request: HttpRequest, follow_up: FollowUp) -> str:
    path = reverse("jobs:survey", kwargs={"portal_slug": request.center.slug, "token": follow_up.token})
    return request.build_absolute_uri(path)


@center_view(perm="jobs.manage")
@require_POST
def followup_send(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp.objects.all(), pk=pk)
    try:
        services.followup_send(follow_up=follow_up, link=_survey_link(request, follow_up), actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The survey link was sent by SMS."))
    return redirect(reverse("jobs:followup-list", kwargs={"center_slug": center_slug}) + f"#followup-{pk}")


@center_view(perm="jobs.manage")
def followup_call(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """The answer a graduate gave on the phone, entered by staff."""
    follow_up = get_object_or_404(selectors.followup_list(show="all", today=timezone.localdate()), pk=pk)
    if request.method != "POST":
        form = FollowUpAnswerForm(wage_bands=_bands())
        return render(request, "jobs/followup_call.html", {"follow_up": follow_up, "form": form})
    form = FollowUpAnswerForm(request.POST, wage_bands=_bands())
    if form.is_valid():
        try:
            services.followup_answer(
                follow_up=follow_up, channel=FollowUp.Channel.CALL, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The answer given on the phone was saved."))
            return redirect("jobs:followup-list", center_slug=center_slug)
    return render_form_errors(request, "jobs/followup_call.html", {"follow_up": follow_up, "form": form})


@portal_view
def survey(request: HttpRequest, portal_slug: str, token: str) -> HttpResponse:
    follow_up = selectors.followup_by_token(token)
    if follow_up is None:
        raise Http404
    context = {"follow_up": follow_up, "center": request.center}
    if follow_up.status == FollowUp.Status.ANSWERED:
        return render(request, "jobs/survey_done.html", context, status=409 if request.method == "POST" else 200)
    if request.method != "POST":
        return render(request, "jobs/survey.html", {**context, "form": FollowUpAnswerForm(wage_bands=_bands())})
    if not request_allowed(request, scope=SURVEY_SCOPE, limit=settings.LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR):
        return render(request, "jobs/survey_done.html", {**context, "too_many": True}, status=429)
    form = FollowUpAnswerForm(request.POST, wage_bands=_bands())
    if form.is_valid():
        try:
            services.followup_answer(
                follow_up=follow_up, channel=FollowUp.Channel.LINK, actor=None, **form.cleaned_data
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            return render(request, "jobs/survey_done.html", {**context, "thanks": True})
    return render(request, "jobs/survey.html", {**context, "form": form}, status=422)


# --- Internship follow-up (staff and enterprise account) --------------------------------------------------

RECORDERS = {
    "diem-danh": (AttendanceForm, "attendance"),
    "danh-gia": (EvaluationForm, "evaluation"),
    "an-toan": (BriefingForm, "briefing"),
    "su-co": (IncidentForm, "incident"),
}


def _forms(rubric, bound: dict | None = None) -> dict:
    bound = bound or {}
    initial = today_initial()
    return {
        "attendance": bound.get("attendance") or AttendanceForm(),
        "evaluation": bound.get("evaluation") or EvaluationForm(rubric=rubric),
        "briefing": bound.get("briefing") or BriefingForm(initial=initial),
        "incident": bound.get("incident") or IncidentForm(initial=initial),
    }


def _bind(action: str, data, rubric):
    form_class, name = RECORDERS[action]
    if form_class is EvaluationForm:
        return name, EvaluationForm(data, rubric=rubric)
    return name, form_class(data)


def _record(action: str, form, *, placement, enterprise, actor) -> None:
    data = form.cleaned_data
    common = {"placement": placement, "enterprise": enterprise, "actor": actor}
    if action == "diem-danh":
        services.internship_attendance_record(date=data["date"], status=data["status"], note=data["note"], **common)
    elif action == "danh-gia":
        services.mentor_evaluation_create(kind=data["kind"], scores=form.scores(), comment=data["comment"], **common)
    elif action == "an-toan":
        services.safety_briefing_confirm(held_on=data["held_on"], topics=data["topics"], **common)
    else:
        services.incident_report(
            occurred_on=data["occurred_on"],
            severity=data["severity"],
            description=data["description"],
            actions=data["actions"],
            **common,
        )


def _intern_context(row, *, rubric, bound=None, can_record: bool, **extra) -> dict:
    return {
        "row": row,
        "placement": row.placement,
        "history": selectors.intern_history(row.placement),
        "rubric": rubric,
        "forms": _forms(rubric, bound),
        "can_record": can_record,
        "actions": {"attendance": "diem-danh", "evaluation": "danh-gia", "briefing": "an-toan", "incident": "su-co"},
        **extra,
    }


def _one_row(enterprise, pk: int):
    rows = selectors.intern_rows(enterprise=enterprise, placement_id=pk)
    if not rows:
        raise Http404
    return rows[0]


SAVED = {
    "diem-danh": _("Attendance saved."),
    "danh-gia": _("Evaluation saved."),
    "an-toan": _("Safety briefing confirmed."),
    "su-co": _("Incident reported."),
}


def _record_view(request: HttpRequest, *, row, enterprise, action: str, success_url: str, template: str, extra: dict):
    if action not in RECORDERS:
        raise Http404
    rubric = selectors.rubric_on(timezone.localdate())
    name, form = _bind(action, request.POST, rubric)
    if form.is_valid():
        try:
            _record(action, form, placement=row.placement, enterprise=enterprise, actor=request.user)
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, SAVED[action])
            return redirect(success_url)
    context = _intern_context(row, rubric=rubric, bound={name: form}, can_record=True, **extra)
    return render_form_errors(request, template, context)


@center_view(perm="internships.view")
def internship_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    return render(request, "jobs/internship_list.html", {"rows": selectors.intern_rows(), "portal": False})


@center_view(perm="internships.view")
def internship_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    row = _one_row(None, pk)
    context = _intern_context(
        row,
        rubric=selectors.rubric_on(timezone.localdate()),
        can_record=request.membership.has_perm("internships.manage"),
        portal=False,
    )
    return render(request, "jobs/internship_detail.html", context)


@center_view(perm="internships.manage")
@require_POST
def internship_record(request: HttpRequest, center_slug: str, pk: int, action: str) -> HttpResponse:
    row = _one_row(None, pk)
    url = reverse("jobs:internship-detail", kwargs={"center_slug": center_slug, "pk": pk})
    return _record_view(
        request, row=row, enterprise=None, action=action, success_url=url,
        template="jobs/internship_detail.html", extra={"portal": False},
    )  # fmt: skip


@enterprise_view()
def enterprise_interns(request: HttpRequest, enterprise_slug: str) -> HttpResponse:
    rows = selectors.intern_rows(enterprise=request.enterprise)
    return render(
        request, "jobs/internship_list.html", {"rows": rows, "portal": True, "enterprise": request.enterprise}
    )


def _enterprise_row(request: HttpRequest, pk: int):
    """The enterprise's own published intern, or the same 404 as an unknown one."""
    return _one_row(request.enterprise, pk)


@enterprise_view()
def enterprise_intern(request: HttpRequest, enterprise_slug: str, pk: int) -> HttpResponse:
    row = _enterprise_row(request, pk)
    context = _intern_context(
        row,
        rubric=selectors.rubric_on(timezone.localdate()),
        can_record=True,
        portal=True,
        enterprise=request.enterprise,
    )
    return render(request, "jobs/internship_detail.html", context)


@enterprise_view()
@require_POST
def enterprise_intern_record(request: HttpRequest, enterprise_slug: str, pk: int, action: str) -> HttpResponse:
    row = _enterprise_row(request, pk)
    url = reverse("jobs:enterprise-intern", kwargs={"enterprise_slug": enterprise_slug, "pk": pk})
    return _record_view(
        request, row=row, enterprise=request.enterprise, action=action, success_url=url,
        template="jobs/internship_detail.html", extra={"portal": True, "enterprise": request.enterprise},
    )  # fmt: skip
