"""Pages of admissions: the public application and status lookup (no account), and the staff's review pages."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import TemplateDoesNotExist, get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.core.errors import ApplicationError
from lotrinh.core.forms import add_errors
from lotrinh.core.ratelimit import request_allowed
from lotrinh.core.tenancy import center_view, portal_view

from . import selectors, services
from .forms import (
    ApplicationFilterForm,
    ApplyForm,
    EnrolForm,
    LookupForm,
    PlanForm,
    ReasonForm,
    TargetForm,
    communes_of,
    open_targets,
)
from .models import AdmissionPlan, AdmissionTarget, Application, ApplicationDocument, ApplicationStatus
from .uploads import MAX_REQUEST_BYTES

PAGE_SIZE = 50
RESULT_PARAM = "ket-qua"


# --- Public pages ------------------------------------------------------------------------------------------


def _interest_attempt(token: str):
    """The interest-test result behind ``?ket-qua=``, if the interests app is there and the token is right."""
    if not token:
        return None
    try:
        from lotrinh.interests.selectors import attempt_by_token
    except ImportError:
        return None
    return attempt_by_token(token)


def _public(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"center": request.center, **context}, status=status)


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return _public(request, "admissions/public_refused.html", {"message": message}, status=status)


@portal_view
def apply(request: HttpRequest, portal_slug: str) -> HttpResponse:
    """The public application form; on success, the tracking code."""
    today = timezone.localdate()
    plan = services.open_plan(day=today)
    if request.method == "POST":
        # A body larger than three documents can weigh is refused before a byte of it is read.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_REQUEST_BYTES:
            return _refused(request, _("The files are too large: send at most three files of 5 MB each."), 413)
        if not request_allowed(request, scope="admissions-apply", limit=settings.LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR):
            return _refused(
                request, _("Too many applications were sent from this connection. Try again in an hour."), 429
            )
    token = (request.POST.get("ket_qua") if request.method == "POST" else request.GET.get(RESULT_PARAM)) or ""
    attempt = _interest_attempt(token.strip())
    targets = open_targets(plan)
    form_kwargs = {"targets": targets, "communes": communes_of(request.center)}
    if request.method != "POST":
        initial = {"form_token": services.form_token_new()}
        if attempt is not None and getattr(attempt, "respondent_name", ""):
            initial["full_name"] = attempt.respondent_name
        form = ApplyForm(initial=initial, **form_kwargs)
        return _public(
            request,
            "admissions/apply.html",
            {"form": form, "plan": plan, "attempt": attempt, "result_token": token if attempt else ""},
        )
    form = ApplyForm(request.POST, **form_kwargs)
    if request.POST.get("website"):  # the honeypot: a person never sees this field
        return _refused(request, _("The form could not be sent. Reload the page and try again."), 400)
    documents = [f for f in request.FILES.getlist("documents") if f.size or f.name]
    if form.is_valid():
        data = form.cleaned_data
        try:
            application, _created = services.application_submit(
                center=request.center,
                data=services.ApplicationData(
                    full_name=data["full_name"],
                    date_of_birth=data["date_of_birth"],
                    sex=data["sex"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    commune=data["commune"],
                    previous_school=data["previous_school"],
                    target=data["target"],
                    guardian_name=data["guardian_name"],
                    guardian_phone=data["guardian_phone"],
                    guardian_relationship=data["guardian_relationship"],
                    consent_processing=data["consent_processing"],
                    consent_contact=data["consent_contact"],
                ),
                documents=documents,
                form_token=data["form_token"],
                plan=plan,
                interest_token=token if attempt is not None else "",
                interest_attempt_id=attempt.pk if attempt is not None else None,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            return _public(request, "admissions/apply_done.html", {"application": application})
    return _public(
        request,
        "admissions/apply.html",
        {"form": form, "plan": plan, "attempt": attempt, "result_token": token if attempt else ""},
        status=422,
    )


@portal_view
def lookup(request: HttpRequest, portal_slug: str) -> HttpResponse:
    """Status of an application from its code and the applicant's date of birth; a miss says only that."""
    if request.method != "POST":
        return _public(request, "admissions/lookup.html", {"form": LookupForm()})
    if not request_allowed(request, scope="admissions-lookup", limit=settings.LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR):
        return _refused(request, _("Too many look-ups from this connection. Try again in an hour."), 429)
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _public(request, "admissions/lookup.html", {"form": form}, status=422)
    application = services.application_find(
        code=form.cleaned_data["code"], date_of_birth=form.cleaned_data["date_of_birth"]
    )
    if application is None:
        form.add_error(None, _("No application matches this code and date of birth."))
        return _public(request, "admissions/lookup.html", {"form": form})
    history = list(application.history.order_by("changed_at", "id"))
    return _public(request, "admissions/status.html", {"application": application, "history": history})


# --- Staff pages ---------------------------------------------------------------------------------------------


def _plan(request: HttpRequest) -> AdmissionPlan | None:
    chosen = request.GET.get("ke-hoach", "")
    if chosen.isdigit():
        plan = AdmissionPlan.objects.filter(pk=int(chosen)).first()
        if plan is not None:
            return plan
    return selectors.plan_current(day=timezone.localdate())


@center_view(perm="admissions.view")
def dashboard(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    plan = _plan(request)
    data = selectors.admissions_dashboard(plan=plan, today=today)
    return render(
        request,
        "admissions/dashboard.html",
        {
            "data": data,
            "plans": AdmissionPlan.objects.order_by("-school_year"),
            "can_plan": request.membership.has_perm("plans.manage"),
            "today": today,
            "portal_url": reverse("admissions:apply", kwargs={"portal_slug": request.center.slug}),
        },
    )


@center_view(perm="plans.manage")
def plan_edit(request: HttpRequest, center_slug: str) -> HttpResponse:
    """Create the year's plan, change its dates, set the target of each program and trade."""
    today = timezone.localdate()
    plan = _plan(request)
    status = 200
    plan_form = PlanForm(
        initial={
            "school_year": plan.school_year if plan else services.default_school_year(today),
            "opens_on": plan.opens_on if plan else None,
            "closes_on": plan.closes_on if plan else None,
            "note": plan.note if plan else "",
        }
    )
    target_form = TargetForm(today=today)
    if request.method == "POST":
        if request.POST.get("form") == "target" and plan is not None:
            target_form = TargetForm(request.POST, today=today)
            if target_form.is_valid():
                try:
                    services.target_set(
                        plan=plan,
                        program=target_form.cleaned_data["program"],
                        trade=target_form.cleaned_data["trade"],
                        target=target_form.cleaned_data["target"],
                        actor=request.user,
                    )
                except ApplicationError as error:
                    add_errors(target_form, error)
                else:
                    messages.success(request, _("The target was saved."))
                    return redirect(f"{request.path}?ke-hoach={plan.pk}")
        elif request.POST.get("form") == "delete-target" and plan is not None:
            target = get_object_or_404(AdmissionTarget.objects.all(), pk=request.POST.get("target_id") or 0, plan=plan)
            try:
                services.target_delete(target=target, actor=request.user)
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The target was removed."))
            return redirect(f"{request.path}?ke-hoach={plan.pk}")
        else:
            plan_form = PlanForm(request.POST)
            if plan_form.is_valid():
                data = plan_form.cleaned_data
                try:
                    if plan is not None and request.POST.get("form") == "plan":
                        plan = services.plan_update(
                            plan=plan,
                            opens_on=data["opens_on"],
                            closes_on=data["closes_on"],
                            note=data["note"],
                            actor=request.user,
                        )
                    else:
                        plan = services.plan_create(
                            center=request.center,
                            school_year=data["school_year"],
                            opens_on=data["opens_on"],
                            closes_on=data["closes_on"],
                            note=data["note"],
                            actor=request.user,
                        )
                except ApplicationError as error:
                    add_errors(plan_form, error)
                else:
                    messages.success(request, _("The admission plan was saved."))
                    return redirect(f"{request.path}?ke-hoach={plan.pk}")
        status = 422
    return render(
        request,
        "admissions/plan.html",
        {
            "plan": plan,
            "plan_form": plan_form,
            "target_form": target_form,
            "targets": selectors.targets_of(plan) if plan else [],
            "new_plan": request.GET.get("moi") == "1" or plan is None,
        },
        status=status,
    )


def _querystring(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@center_view(perm="admissions.view")
def application_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    plan = _plan(request)
    form = ApplicationFilterForm(request.GET or None, plan=plan)
    rows = selectors.application_list(plan=plan, **form.values())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_duplicates(page.object_list)
    return render(
        request,
        "admissions/application_list.html",
        {
            "plan": plan,
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "can_manage": request.membership.has_perm("admissions.manage"),
        },
    )


def _application(pk: int) -> Application:
    try:
        return selectors.application_get(pk)
    except Application.DoesNotExist as error:
        raise Http404 from error


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _interest(application: Application, today: dt.date) -> dict:
    """The applicant's interest result and the trades it suggests, when those apps are there."""
    if not application.interest_attempt_id:
        return {}
    try:
        from lotrinh.interests.models import InterestAttempt
    except ImportError:
        return {}
    attempt = InterestAttempt.objects.filter(pk=application.interest_attempt_id).first()
    if attempt is None:
        return {}
    context = {"attempt": attempt, "result_chart": _template_exists("interests/_result_chart.html")}
    try:
        from lotrinh.careers.selectors import recommendations_for_scores
    except ImportError:
        return context
    context["recommendations"] = recommendations_for_scores(center=application.center, scores=attempt.scores, day=today)
    return context


def _detail(
    request: HttpRequest, application: Application, *, status: int = 200, reason_form=None, enrol_form=None
) -> HttpResponse:
    today = timezone.localdate()
    can_manage = request.membership.has_perm("admissions.manage")
    if enrol_form is None and application.status == ApplicationStatus.ADMITTED and can_manage:
        enrol_form = EnrolForm(classes=services.enrol_classes(application), initial={"enrolled_on": today})
    allowed = services.ALLOWED[ApplicationStatus(application.status)]
    return render(
        request,
        "admissions/application_detail.html",
        {
            "application": application,
            "can_manage": can_manage,
            "can_verify": ApplicationStatus.VERIFIED in allowed,
            "can_admit": ApplicationStatus.ADMITTED in allowed,
            "can_waitlist": ApplicationStatus.WAITLISTED in allowed,
            "can_reject": ApplicationStatus.REJECTED in allowed,
            "reason_form": reason_form or ReasonForm(),
            "enrol_form": enrol_form,
            "history": list(application.history.all()),
            "documents": list(application.documents.all()),
            **_interest(application, today),
        },
        status=status,
    )


@center_view(perm="admissions.view")
def application_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    return _detail(request, _application(pk))


TRANSITIONS = {
    "xac-minh": ("verify", _("The application is verified.")),
    "trung-tuyen": ("admit", _("The applicant is admitted.")),
    "du-bi": ("waitlist", _("The applicant is on the waiting list.")),
    "tu-choi": ("reject", _("The application was not admitted.")),
}


@center_view(perm="admissions.manage")
@require_POST
def application_transition(request: HttpRequest, center_slug: str, pk: int, action: str) -> HttpResponse:
    if action not in TRANSITIONS:
        raise Http404
    application = _application(pk)
    name, done = TRANSITIONS[action]
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "") if hasattr(form, "cleaned_data") else ""
    try:
        if name == "verify":
            services.application_verify(application=application, actor=request.user)
        elif name == "admit":
            services.application_admit(application=application, actor=request.user)
        elif name == "waitlist":
            services.application_waitlist(application=application, reason=reason, actor=request.user)
        else:
            services.application_reject(application=application, reason=reason, actor=request.user)
    except ApplicationError as error:
        form.add_error("reason" if error.field == "reason" else None, error.message)
        return _detail(request, _application(pk), status=422, reason_form=form)
    messages.success(request, str(done))
    return redirect("admissions:application-detail", center_slug=center_slug, pk=pk)


@center_view(perm="admissions.manage")
@require_POST
def applications_admit(request: HttpRequest, center_slug: str) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("applications") if v.isdigit()]
    back = reverse("admissions:application-list", kwargs={"center_slug": center_slug})
    query = request.POST.get("back", "")
    if query and not query.startswith(("/", "http")):
        back = f"{back}?{query}"
    try:
        admitted = services.applications_admit(application_ids=ids, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)s applicants were admitted.") % {"count": len(admitted)})
    return redirect(back)


@center_view(perm="admissions.manage")
@require_POST
def application_enrol(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    application = _application(pk)
    form = EnrolForm(request.POST, classes=services.enrol_classes(application))
    if form.is_valid():
        try:
            services.application_enrol(
                application=application,
                school_class=form.cleaned_data["school_class"],
                enrolled_on=form.cleaned_data["enrolled_on"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The applicant is now a learner of the class."))
            return redirect("admissions:application-detail", center_slug=center_slug, pk=pk)
    return _detail(request, _application(pk), status=422, enrol_form=form)


@center_view(perm="admissions.view")
def document(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """A document through the application, never as a public file: it is personal data."""
    item = get_object_or_404(ApplicationDocument.objects.all(), pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=item.content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline" if item.content_type.startswith("image/") else "attachment"
    return response
