"""Learner records: list, detail, create and edit, photo, guardians, consents, enrollment status."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.academics import services as academics_services
from lotrinh.academics.models import Enrollment, EnrollmentStatus
from lotrinh.assessment.selectors import learner_allowed as transcript_allowed
from lotrinh.core import crypto
from lotrinh.core.errors import ApplicationError
from lotrinh.core.forms import add_errors
from lotrinh.core.htmx import is_htmx, render_form_errors, trigger
from lotrinh.core.models import Commune
from lotrinh.core.tenancy import center_view

from . import selectors, services
from .forms import (
    ConsentForm,
    ConsentWithdrawForm,
    EnrollmentStatusForm,
    GuardianForm,
    GuardianLinkForm,
    LearnerForm,
    LearnerPhotoForm,
)
from .models import Consent, Guardian, Learner, LearnerGuardian

DETAIL = "people/learner_detail.html"
# Parts of the detail page that may be fetched on their own (HTMX); each gets the page's whole context,
# so what a fragment shows is decided here, never in the template alone.
DETAIL_FRAGMENTS = {"identity", "guardians", "consents", "enrollments"}


def _can(request: HttpRequest, perm: str) -> bool:
    return request.membership.has_perm(perm)


def _learner(request: HttpRequest, pk: int) -> Learner:
    queryset = selectors.learner_detail_queryset(with_ethnicity=_can(request, "learners.view_sensitive"))
    return get_object_or_404(queryset, pk=pk)


def _redirect_to_learner(request: HttpRequest, pk: int, anchor: str = "") -> HttpResponse:
    url = reverse("people:learner-detail", kwargs={"center_slug": request.center.slug, "pk": pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _detail_context(request: HttpRequest, learner: Learner, **override) -> dict:
    """Everything the detail page (or one of its fragments) shows, with visibility decided by permission."""
    today = timezone.localdate()
    can_manage = _can(request, "learners.manage")
    can_consent = _can(request, "consents.manage")
    show_ethnicity = _can(request, "learners.view_sensitive")
    digits = crypto.decrypt(learner.id_number_encrypted)
    status_forms = override.pop("status_forms", {})
    withdraw_forms = override.pop("withdraw_forms", {})
    edit_forms = override.pop("guardian_edit_forms", {})
    for link in learner.guardian_list:
        link.edit_form = (edit_forms.get(link.pk) or _guardian_edit_form(link)) if can_manage else None
    for enrollment in learner.enrollment_list:
        enrollment.status_form = (
            status_forms.get(enrollment.pk)
            or EnrollmentStatusForm(
                current_status=enrollment.status, prefix=f"e{enrollment.pk}", initial={"effective_on": today}
            )
            if can_manage
            else None
        )
    rows = selectors.consent_rows(learner.consent_list, today=today)
    for row in rows:
        if row.in_force is not None and can_consent:
            row.withdraw_form = withdraw_forms.get(row.in_force.pk) or ConsentWithdrawForm(
                prefix=f"w{row.in_force.pk}", initial={"withdrawn_on": today}
            )
    context = {
        "learner": learner,
        "today": today,
        "age": learner.age_on(today),
        "show_ethnicity": show_ethnicity,
        "ethnicity": learner.ethnicity if show_ethnicity else None,
        "has_id_number": bool(digits),
        "id_masked": crypto.mask(digits),
        "can_reveal": _can(request, "learners.reveal_id"),
        "household_holds": learner.household_certified_on(today),
        "guardians": learner.guardian_list,
        "consent_rows": rows,
        "enrollments": learner.enrollment_list,
        "can_manage": can_manage,
        "can_consent": can_consent,
        # A teacher reads the transcripts of their own classes' learners only: no link they would find closed.
        "can_see_grades": _can(request, "grades.view")
        and transcript_allowed(membership=request.membership, learner=learner),
        "can_see_risk": _can(request, "retention.view"),
        "photo_form": LearnerPhotoForm() if can_manage else None,
        "guardian_form": GuardianForm(initial={"is_primary_contact": not learner.guardian_list})
        if can_manage
        else None,
        "consent_form": ConsentForm(guardian_links=learner.guardian_list, initial={"given_on": today})
        if can_consent
        else None,
    }
    context.update(override)
    return context


def _guardian_edit_form(link: LearnerGuardian, data=None) -> GuardianForm:
    guardian = link.guardian
    initial = {name: getattr(guardian, name) for name in services.GUARDIAN_FIELDS}
    initial.update(relationship=link.relationship, is_primary_contact=link.is_primary_contact)
    return GuardianForm(data, initial=initial, auto_id=f"id_link{link.pk}_%s")


# --- List --------------------------------------------------------------------------------------------


@center_view(perm="learners.view")
def learner_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    status = status if status in EnrollmentStatus.values else ""
    class_id = request.GET.get("class", "")
    class_id = int(class_id) if class_id.isdigit() else None
    show_ethnicity = _can(request, "learners.view_sensitive")
    learners = selectors.learner_list(
        query=query, school_class_id=class_id, status=status, with_ethnicity=show_ethnicity
    )
    page = Paginator(learners, 50).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "page": page,
        "query": query,
        "status": status,
        "class_id": class_id,
        "classes": selectors.class_choices(),
        "statuses": EnrollmentStatus.choices,
        "show_ethnicity": show_ethnicity,
        "can_manage": _can(request, "learners.manage"),
        "querystring": querystring.urlencode(),
    }
    if is_htmx(request):
        return render(request, "people/learner_list.html#learner-table", context)
    return render(request, "people/learner_list.html", context)


# --- Create and edit ---------------------------------------------------------------------------------


def _province_of_center(request: HttpRequest) -> Subquery:
    """The province of the center's commune, as a subquery: the commune list costs one query, not two."""
    record = request.center.current_record
    return Subquery(Commune.objects.filter(pk=record.commune_id).values("province_id")[:1])


@center_view(perm="learners.manage")
def learner_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    options = {
        "province_id": _province_of_center(request),
        "can_view_sensitive": _can(request, "learners.view_sensitive"),
    }
    if request.method != "POST":
        form = LearnerForm(initial={"code": selectors.learner_code_suggestion()}, **options)
        return render(request, "people/learner_form.html", {"form": form})
    form = LearnerForm(request.POST, **options)
    if form.is_valid():
        try:
            learner = services.learner_create(
                center=request.center,
                actor=request.user,
                id_number=form.cleaned_data["id_number"],
                **form.learner_fields(),
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": learner.full_name})
            return _redirect_to_learner(request, learner.pk)
    return render_form_errors(request, "people/learner_form.html", {"form": form})


@center_view(perm="learners.manage")
def learner_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    show_ethnicity = _can(request, "learners.view_sensitive")
    learner = _learner(request, pk)
    options = {
        "province_id": _province_of_center(request),
        "can_view_sensitive": show_ethnicity,
        "editing": True,
        "current_commune_id": learner.commune_id,
    }
    context = {
        "learner": learner,
        "is_legacy": learner.id_number_is_legacy,
        "id_masked": crypto.mask(crypto.decrypt(learner.id_number_encrypted)),
    }
    if request.method != "POST":
        initial = {name: getattr(learner, name) for name in services.LEARNER_FIELDS if name != "ethnicity"}
        initial["commune"] = learner.commune_id
        if show_ethnicity:
            initial["ethnicity"] = learner.ethnicity_id
        form = LearnerForm(initial=initial, **options)
        return render(request, "people/learner_form.html", {**context, "form": form})
    form = LearnerForm(request.POST, **options)
    if form.is_valid():
        try:
            services.learner_update(
                learner=learner,
                actor=request.user,
                id_number=form.cleaned_data["id_number"] or None,
                **form.learner_fields(),
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The record was saved."))
            return _redirect_to_learner(request, learner.pk)
    return render_form_errors(request, "people/learner_form.html", {**context, "form": form})


# --- Detail ------------------------------------------------------------------------------------------


@center_view(perm="learners.view")
def learner_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    context = _detail_context(request, learner)
    fragment = request.GET.get("fragment", "")
    if is_htmx(request) and fragment in DETAIL_FRAGMENTS:
        return render(request, f"{DETAIL}#{fragment}", context)
    return render(request, DETAIL, context)


@center_view(perm="learners.reveal_id")
@require_POST
def learner_id_reveal(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = get_object_or_404(Learner.objects, pk=pk)
    value = services.learner_id_number_reveal(learner=learner, actor=request.user)
    response = render(
        request,
        f"{DETAIL}#id-number",
        {"learner": learner, "revealed": value, "has_id_number": bool(value), "can_reveal": True},
    )
    return trigger(response, "learner-id-revealed")


@center_view(perm="learners.view")
def learner_photo(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """The photo through the application, never as a public file: it is personal data."""
    learner = get_object_or_404(Learner.objects.only("id", "photo"), pk=pk)
    if not learner.photo:
        raise Http404
    try:
        handle = learner.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = "image/png" if learner.photo.name.endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response


@center_view(perm="learners.manage")
@require_POST
def learner_photo_set(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    if "remove" in request.POST:
        services.learner_photo_set(learner=learner, photo=None, actor=request.user)
        messages.success(request, _("The photo was removed."))
        return _redirect_to_learner(request, learner.pk)
    form = LearnerPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.learner_photo_set(learner=learner, photo=form.cleaned_data["photo"], actor=request.user)
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The photo was saved."))
            return _redirect_to_learner(request, learner.pk)
    return render_form_errors(request, DETAIL, _detail_context(request, learner, photo_form=form, open_photo=True))


# --- Guardians ---------------------------------------------------------------------------------------


@center_view(perm="learners.manage")
def guardian_search(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """Find an existing guardian of the center by phone or name, to link them to this learner too."""
    learner = _learner(request, pk)
    query = request.GET.get("q", "").strip()
    linked = {link.guardian_id for link in learner.guardian_list}
    results = selectors.guardian_search(query=query)
    for guardian in results:
        guardian.already_linked = guardian.pk in linked
        guardian.link_form = GuardianLinkForm(auto_id=f"id_g{guardian.pk}_%s", initial={"guardian": guardian.pk})
    extra = {"guardian_query": query, "guardian_results": results, "searched": bool(query)}
    if is_htmx(request):
        return render(request, f"{DETAIL}#guardian-search", {"learner": learner, **extra})
    return render(request, DETAIL, _detail_context(request, learner, open_guardian=True, **extra))


@center_view(perm="learners.manage")
@require_POST
def guardian_add(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    form = GuardianForm(request.POST)
    if form.is_valid():
        try:
            guardian = services.guardian_create(
                center=request.center, actor=request.user, learner=learner, **form.cleaned_data
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added as a guardian.") % {"name": guardian.full_name})
            return _redirect_to_learner(request, learner.pk, "guardians")
    context = _detail_context(request, learner, guardian_form=form, open_guardian=True)
    return render_form_errors(request, DETAIL, context)


@center_view(perm="learners.manage")
@require_POST
def guardian_link(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    form = GuardianLinkForm(request.POST)
    if form.is_valid():
        guardian = get_object_or_404(Guardian.objects, pk=form.cleaned_data["guardian"])
        try:
            services.guardian_link(
                learner=learner,
                guardian=guardian,
                relationship=form.cleaned_data["relationship"],
                is_primary_contact=form.cleaned_data["is_primary_contact"],
                actor=request.user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s is now a guardian of this learner too.") % {"name": guardian})
        return _redirect_to_learner(request, learner.pk, "guardians")
    messages.error(request, _("Choose the relationship to the learner."))
    return _redirect_to_learner(request, learner.pk, "guardians")


@center_view(perm="learners.manage")
@require_POST
def guardian_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """Change a guardian's details and their tie to this learner (relationship, main contact)."""
    link = get_object_or_404(LearnerGuardian.objects.select_related("guardian"), pk=pk)
    form = _guardian_edit_form(link, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.guardian_update(
                guardian=link.guardian,
                link=link,
                relationship=data.pop("relationship"),
                is_primary_contact=data.pop("is_primary_contact"),
                actor=request.user,
                **data,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The guardian's details were saved."))
            return _redirect_to_learner(request, link.learner_id, "guardians")
    learner = _learner(request, link.learner_id)
    context = _detail_context(request, learner, guardian_edit_forms={link.pk: form})
    return render_form_errors(request, DETAIL, context)


@center_view(perm="learners.manage")
@require_POST
def guardian_unlink(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    link = get_object_or_404(LearnerGuardian.objects.select_related("guardian", "learner"), pk=pk)
    try:
        services.guardian_unlink(link=link, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is no longer a guardian of this learner.") % {"name": link.guardian})
    return _redirect_to_learner(request, link.learner_id, "guardians")


# --- Consents ----------------------------------------------------------------------------------------


@center_view(perm="consents.manage")
@require_POST
def consent_record(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = _learner(request, pk)
    form = ConsentForm(request.POST, guardian_links=learner.guardian_list)
    if form.is_valid():
        data = form.cleaned_data
        guardians = {link.guardian_id: link.guardian for link in learner.guardian_list}
        try:
            consents = services.consents_record(
                learner=learner,
                purposes=data["purposes"],
                guardian=guardians.get(data["guardian"]),
                learner_agreed=data["learner_agreed"],
                given_on=data["given_on"],
                evidence=data["evidence"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error, rename={"purpose": "purposes"})
        else:
            messages.success(request, _("%(n)s consent(s) recorded.") % {"n": len(consents)})
            return _redirect_to_learner(request, learner.pk, "consents")
    context = _detail_context(request, learner, consent_form=form, open_consent=True)
    return render_form_errors(request, DETAIL, context)


@center_view(perm="consents.manage")
@require_POST
def consent_withdraw(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    consent = get_object_or_404(Consent.objects, pk=pk)
    form = ConsentWithdrawForm(request.POST, prefix=f"w{consent.pk}")
    if form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"], actor=request.user
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The withdrawal was recorded."))
            return _redirect_to_learner(request, consent.learner_id, "consents")
    learner = _learner(request, consent.learner_id)
    context = _detail_context(request, learner, withdraw_forms={consent.pk: form})
    return render_form_errors(request, DETAIL, context)


# --- Enrollment status -------------------------------------------------------------------------------


@center_view(perm="learners.manage")
@require_POST
def enrollment_status_change(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    enrollment = get_object_or_404(Enrollment.objects, pk=pk)
    form = EnrollmentStatusForm(request.POST, prefix=f"e{enrollment.pk}", current_status=enrollment.status)
    if form.is_valid():
        data = form.cleaned_data
        try:
            academics_services.enrollment_status_change(
                enrollment=enrollment,
                status=data["status"],
                effective_on=data["effective_on"],
                reason=data["reason"],
                note=data["note"],
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The status was changed."))
            return _redirect_to_learner(request, enrollment.learner_id, "enrollments")
    learner = _learner(request, enrollment.learner_id)
    context = _detail_context(request, learner, status_forms={enrollment.pk: form})
    return render_form_errors(request, DETAIL, context)
