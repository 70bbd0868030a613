"""Pages of the guidance area: the streaming dashboard and targets, schools, cohorts (import and destinations),
counseling sessions and parent outreach."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.core.errors import ApplicationError
from lotrinh.core.forms import add_errors
from lotrinh.core.htmx import is_htmx, render_form_errors, trigger
from lotrinh.core.models import CenterRecord
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import selectors, services
from .forms import (
    AttendeesForm,
    BatchSourceForm,
    CohortForm,
    CounselingFilterForm,
    CounselingForm,
    ImportForm,
    MaterialForm,
    OutreachForm,
    SchoolForm,
    StreamingFilterForm,
    TargetForm,
    attendee_lines,
)
from .models import (
    Cohort,
    CounselingSession,
    Destination,
    DestinationSource,
    GraduateImport,
    LowerSecondarySchool,
    OutreachMaterial,
    StreamingTarget,
)

PAGE_SIZE = 50


def _can(request: HttpRequest, perm: str) -> bool:
    return request.membership.has_perm(perm)


def _province_id(request: HttpRequest) -> int | None:
    record = (
        CenterRecord.objects.filter(center=request.center).select_related("commune").order_by("-valid_from").first()
    )
    return record.commune.province_id if record else None


# --- The streaming dashboard and targets ---------------------------------------------------------------


@center_view(perm="guidance.view")
def streaming(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = StreamingFilterForm(request.GET or None)
    year = school_id = None
    if form.is_valid():
        year, school_id = form.cleaned_data["nam"], form.cleaned_data["truong"]
    data = selectors.streaming_dashboard(year=year, school_id=school_id)
    context = {
        "data": data,
        "school_id": school_id,
        "schools": list(LowerSecondarySchool.objects.all()),
        "can_plan": _can(request, "plans.manage"),
    }
    return render(request, "guidance/streaming.html", context)


def _targets_page(request: HttpRequest, *, form: TargetForm | None = None, status: int = 200) -> HttpResponse:
    targets = selectors.targets_load()
    context = {
        "targets": targets,
        "form": form or TargetForm(),
        "can_plan": _can(request, "plans.manage"),
    }
    return render(request, "guidance/target_list.html", context, status=status)


@center_view(perm="guidance.view")
def target_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    return _targets_page(request)


@center_view(perm="plans.manage")
@require_POST
def target_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = TargetForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.streaming_target_create(
                center=request.center,
                school=data["school"],
                from_year=data["from_year"],
                to_year=data["to_year"],
                min_percent=data["min_percent"],
                citation=data["citation"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("guidance:target-list", center_slug=center_slug)
    return _targets_page(request, form=form, status=422)


@center_view(perm="plans.manage")
def target_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    target = get_object_or_404(StreamingTarget.objects.select_related("school"), pk=pk)
    form = TargetForm(
        request.POST or None,
        initial={
            "school": target.school_id,
            "from_year": target.from_year,
            "to_year": target.to_year,
            "min_percent": target.min_percent,
            "citation": target.citation,
        },
    )
    form.fields["school"].disabled = True
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.streaming_target_update(
                    target=target,
                    from_year=data["from_year"],
                    to_year=data["to_year"],
                    min_percent=data["min_percent"],
                    citation=data["citation"],
                    actor=request.user,
                )
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The target was saved."))
                return redirect("guidance:target-list", center_slug=center_slug)
        return render_form_errors(request, "guidance/target_edit.html", {"form": form, "target": target})
    return render(request, "guidance/target_edit.html", {"form": form, "target": target})


@center_view(perm="plans.manage")
@require_POST
def target_delete(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    target = get_object_or_404(StreamingTarget.objects.all(), pk=pk)
    services.streaming_target_delete(target=target, actor=request.user)
    messages.success(request, _("The target was removed; the national target applies again for those years."))
    return redirect("guidance:target-list", center_slug=center_slug)


# --- Schools ---------------------------------------------------------------------------------------------


def _schools_page(request: HttpRequest, *, form: SchoolForm | None = None, status: int = 200) -> HttpResponse:
    context = {
        "schools": selectors.school_list(),
        "form": form or SchoolForm(province_id=_province_id(request)),
        "can_manage": _can(request, "guidance.manage"),
    }
    return render(request, "guidance/school_list.html", context, status=status)


@center_view(perm="guidance.view")
def school_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    return _schools_page(request)


@center_view(perm="guidance.manage")
@require_POST
def school_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = SchoolForm(request.POST, province_id=_province_id(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            school = services.school_create(
                center=request.center,
                name=data["name"],
                commune=data["commune"],
                code=data["code"],
                in_disadvantaged_area=data["in_disadvantaged_area"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added to the catchment.") % {"name": school.name})
            return redirect("guidance:school-list", center_slug=center_slug)
    return _schools_page(request, form=form, status=422)


@center_view(perm="guidance.manage")
def school_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    school = get_object_or_404(LowerSecondarySchool.objects.all(), pk=pk)
    initial = {f: getattr(school, f) for f in ("name", "code", "in_disadvantaged_area", "is_active")}
    form = SchoolForm(request.POST or None, initial={**initial, "commune": school.commune_id}, province_id=None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.school_update(school=school, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The school was saved."))
                return redirect("guidance:school-list", center_slug=center_slug)
        return render_form_errors(request, "guidance/school_edit.html", {"form": form, "school": school})
    return render(request, "guidance/school_edit.html", {"form": form, "school": school})


# --- Cohorts: list, import, destinations ----------------------------------------------------------------


def _cohorts_page(request: HttpRequest, *, form: CohortForm | None = None, status: int = 200) -> HttpResponse:
    context = {
        "cohorts": selectors.cohort_list(),
        "form": form or CohortForm(initial={"graduation_year": timezone.localdate().year}),
        "can_manage": _can(request, "guidance.manage"),
    }
    return render(request, "guidance/cohort_list.html", context, status=status)


@center_view(perm="guidance.view")
def cohort_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    return _cohorts_page(request)


@center_view(perm="guidance.manage")
@require_POST
def cohort_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = CohortForm(request.POST)
    if form.is_valid():
        try:
            cohort = services.cohort_create(
                school=form.cleaned_data["school"],
                graduation_year=form.cleaned_data["graduation_year"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            return redirect("guidance:cohort-detail", center_slug=center_slug, pk=cohort.pk)
    return _cohorts_page(request, form=form, status=422)


def _cohort(pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("school"), pk=pk)


def _cohort_context(request: HttpRequest, cohort: Cohort, **extra) -> dict:
    graduates = selectors.cohort_graduates(cohort)
    counts: dict[str, int] = {}
    for graduate in graduates:
        counts[graduate.destination] = counts.get(graduate.destination, 0) + 1
    return {
        "cohort": cohort,
        "graduates": graduates,
        "counts": [(value, label, counts.get(value, 0)) for value, label in Destination.choices],
        "destinations": Destination.choices,
        "batch": extra.pop("batch", None)
        or BatchSourceForm(initial={"source": DestinationSource.SCHOOL_REPORT, "recorded_on": timezone.localdate()}),
        "can_manage": _can(request, "guidance.manage"),
        "import_form": ImportForm(),
        **extra,
    }


@center_view(perm="guidance.view")
def cohort_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    return render(request, "guidance/cohort_detail.html", _cohort_context(request, _cohort(pk)))


@center_view(perm="guidance.manage")
@require_POST
def cohort_destinations(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """The whole table saved at once: one select per graduate named ``d-<id>``."""
    cohort = _cohort(pk)
    batch = BatchSourceForm(request.POST)
    changes = {}
    for key, value in request.POST.items():
        if key.startswith("d-") and key[2:].isdigit():
            changes[int(key[2:])] = value
    template = "guidance/cohort_detail.html#destination-table" if is_htmx(request) else "guidance/cohort_detail.html"
    if batch.is_valid():
        try:
            changed = services.destinations_bulk_record(
                cohort=cohort,
                changes=changes,
                source=batch.cleaned_data["source"],
                recorded_on=batch.cleaned_data["recorded_on"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(batch, error)
        else:
            message = _("%(n)s destinations recorded.") % {"n": changed}
            if is_htmx(request):
                response = render(request, template, _cohort_context(request, cohort, saved_message=message))
                return trigger(response, "destinations-saved", {"changed": changed})
            messages.success(request, message)
            return redirect("guidance:cohort-detail", center_slug=center_slug, pk=cohort.pk)
    return render(request, template, _cohort_context(request, cohort, batch=batch, posted=changes), status=422)


@center_view(perm="guidance.manage")
@require_POST
def cohort_import(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    cohort = _cohort(pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.upload_size_check(upload.size)
            job = services.graduate_import_preview(
                cohort=cohort, data=upload.read(), file_name=upload.name, actor=request.user
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            return redirect("guidance:import-detail", center_slug=center_slug, pk=job.pk)
    context = _cohort_context(request, cohort, import_form=form)
    return render(request, "guidance/cohort_detail.html", context, status=422)


def _job(pk: int) -> GraduateImport:
    return get_object_or_404(GraduateImport.objects.select_related("cohort__school", "created_by"), pk=pk)


@center_view(perm="guidance.manage")
def import_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    job = _job(pk)
    labels = dict(Destination.choices)
    rows = [
        {
            **r,
            "born": dt.date.fromisoformat(r["date_of_birth"]),
            "destination_label": labels.get(r.get("destination"), ""),
        }
        for r in job.rows
    ]
    return render(
        request,
        "guidance/import_detail.html",
        {"job": job, "rows": rows, "new_rows": sum(1 for r in job.rows if not r.get("exists"))},
    )


@center_view(perm="guidance.manage")
@require_POST
def import_commit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    job = _job(pk)
    try:
        job = services.graduate_import_commit(job=job, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Saved: %(created)s new graduates, %(updated)s destinations changed.")
            % {"created": job.created_count, "updated": job.updated_count},
        )
    return redirect("guidance:cohort-detail", center_slug=center_slug, pk=job.cohort_id)


# --- Counseling -------------------------------------------------------------------------------------------


@center_view(perm="guidance.view")
def counseling_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    form = CounselingFilterForm(request.GET or None)
    sessions = selectors.counseling_list(today=today, **form.values())
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "today": today,
        "querystring": query.urlencode(),
        "due": selectors.follow_ups_due(today=today),
        "can_manage": _can(request, "guidance.manage"),
    }
    if is_htmx(request):
        return render(request, "guidance/counseling_list.html#session-table", context)
    return render(request, "guidance/counseling_list.html", context)


def _learner_from(request: HttpRequest) -> Learner | None:
    raw = request.GET.get("hoc_vien") or request.POST.get("learner") or ""
    return Learner.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


def _session_values(form: CounselingForm) -> dict:
    data = form.cleaned_data
    return {
        "held_on": data["held_on"],
        "counselor": data["counselor"],
        "topics": data["topics"],
        "guardian_present": data["guardian_present"],
        "guardian": data["guardian"],
        "notes": data["notes"],
        "follow_up": data["follow_up"],
        "follow_up_due": data["follow_up_due"],
    }


@center_view(perm="guidance.manage")
def counseling_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    learner = _learner_from(request)
    staff = selectors.staff_choices(request.center)
    form = CounselingForm(
        request.POST or None,
        staff=staff,
        learner=learner,
        initial={"held_on": timezone.localdate(), "counselor": request.user.pk},
    )
    learners = [] if learner else list(Learner.objects.order_by("full_name").only("id", "full_name", "code")[:500])
    context = {"form": form, "learner": learner, "learners": learners, "session": None}
    if request.method == "POST":
        if learner is None:
            form.is_valid()
            form.add_error(None, _("Choose the learner."))
        elif form.is_valid():
            try:
                session = services.counseling_session_create(
                    learner=learner, actor=request.user, **_session_values(form)
                )
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The session with %(name)s was logged.") % {"name": learner.full_name})
                return redirect(reverse("guidance:counseling-list", args=[center_slug]) + f"#session-{session.pk}")
        return render_form_errors(request, "guidance/counseling_form.html", context)
    return render(request, "guidance/counseling_form.html", context)


@center_view(perm="guidance.manage")
def counseling_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    session = get_object_or_404(CounselingSession.objects.select_related("learner"), pk=pk)
    staff = selectors.staff_choices(request.center)
    initial = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    initial["counselor"], initial["guardian"] = session.counselor_id, session.guardian_id
    form = CounselingForm(request.POST or None, staff=staff, learner=session.learner, initial=initial)
    context = {"form": form, "learner": session.learner, "learners": [], "session": session}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.counseling_session_update(
                    session=session,
                    actor=request.user,
                    follow_up_done=form.cleaned_data["follow_up_done"],
                    **_session_values(form),
                )
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The session was saved."))
                return redirect("guidance:counseling-list", center_slug=center_slug)
        return render_form_errors(request, "guidance/counseling_form.html", context)
    return render(request, "guidance/counseling_form.html", context)


@center_view(perm="guidance.manage")
@require_POST
def counseling_done(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    session = get_object_or_404(CounselingSession.objects.all(), pk=pk)
    services.counseling_session_update(session=session, actor=request.user, follow_up_done=True)
    if is_htmx(request):
        session = CounselingSession.objects.select_related("learner", "counselor", "guardian").get(pk=pk)
        context = {"item": session, "today": timezone.localdate(), "can_manage": True}
        return trigger(render(request, "guidance/counseling_list.html#session-row", context), "follow-up-done")
    messages.success(request, _("The follow-up is marked done."))
    return redirect("guidance:counseling-list", center_slug=center_slug)


@center_view(perm="guidance.view")
def learner_counseling(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """A learner's counseling history: a page, or (HTMX) the partial other pages include."""
    learner = get_object_or_404(Learner.objects.all(), pk=pk)
    context = {
        "learner": learner,
        "sessions": selectors.counseling_sessions_of(learner),
        "can_manage": _can(request, "guidance.manage"),
    }
    if is_htmx(request):
        return render(request, "guidance/counseling_history.html", context)
    return render(request, "guidance/learner_counseling.html", context)


# --- Outreach ---------------------------------------------------------------------------------------------


@center_view(perm="guidance.view")
def outreach_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    context = {"events": selectors.outreach_list(), "can_manage": _can(request, "guidance.manage")}
    return render(request, "guidance/outreach_list.html", context)


@center_view(perm="guidance.manage")
def outreach_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = OutreachForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                event = services.outreach_event_create(
                    center=request.center,
                    title=data["title"],
                    held_on=data["held_on"],
                    place=data["place"],
                    audience=data["audience"],
                    school=data["school"],
                    description=data["description"],
                    attendance=data["attendance"],
                    attendees=attendee_lines(data["attendees"]),
                    actor=request.user,
                )
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The event was recorded."))
                return redirect("guidance:outreach-detail", center_slug=center_slug, pk=event.pk)
        return render_form_errors(request, "guidance/outreach_form.html", {"form": form})
    return render(request, "guidance/outreach_form.html", {"form": form})


def _outreach_page(request, pk: int, *, material_form=None, attendees_form=None, status: int = 200) -> HttpResponse:
    event = selectors.outreach_get(pk)
    if event is None:
        raise Http404
    context = {
        "event": event,
        "material_form": material_form or MaterialForm(),
        "attendees_form": attendees_form or AttendeesForm(),
        "can_manage": _can(request, "guidance.manage"),
    }
    return render(request, "guidance/outreach_detail.html", context, status=status)


@center_view(perm="guidance.view")
def outreach_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    return _outreach_page(request, pk)


@center_view(perm="guidance.manage")
@require_POST
def outreach_material_add(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.outreach_list(), pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.outreach_material_add(event=event, upload=form.cleaned_data["file"], actor=request.user)
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The material was attached."))
            return redirect("guidance:outreach-detail", center_slug=center_slug, pk=pk)
    return _outreach_page(request, pk, material_form=form, status=422)


@center_view(perm="guidance.manage")
@require_POST
def outreach_attendees_add(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.outreach_list(), pk=pk)
    form = AttendeesForm(request.POST)
    if form.is_valid():
        try:
            services.outreach_attendees_add(
                event=event, attendees=attendee_lines(form.cleaned_data["attendees"]), actor=request.user
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The attendees were added."))
            return redirect("guidance:outreach-detail", center_slug=center_slug, pk=pk)
    return _outreach_page(request, pk, attendees_form=form, status=422)


@center_view(perm="guidance.view")
def outreach_material(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """The file through a view that checks membership (media files are never served directly)."""
    material = get_object_or_404(OutreachMaterial.objects.all(), pk=pk)
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}[material.kind]
    response = FileResponse(material.file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="tai-lieu-{material.pk}.{material.kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
