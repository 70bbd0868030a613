"""Pages of the retention area: the dashboard, the risk list, interventions and a learner's retention page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.core.errors import ApplicationError
from lotrinh.core.exporting import Column, personal_data_xlsx_response
from lotrinh.core.htmx import is_htmx, render_form_errors, trigger
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import selectors, services
from .forms import (
    InterventionCancelForm,
    InterventionCloseForm,
    InterventionFilterForm,
    InterventionForm,
    RiskFilterForm,
    plan_initial,
)
from .models import Intervention

PAGE_SIZE = 50


def _can_manage(request: HttpRequest) -> bool:
    return request.membership.has_perm("interventions.manage")


def _querystring(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


def _plan_context(request: HttpRequest, *, staff: list, posted=None, back: str = "") -> dict:
    """What the one-click "plan an intervention" forms in the risk rows need (re-filled after an error).

    The form's address and its two lists (what will be done, who is in charge) are the same in every row, so
    they are made once here: a page of at-risk learners otherwise renders the whole staff list once per row.
    """
    today = timezone.localdate()
    plan = plan_initial(user=request.user, today=today)
    plan["due_text"] = plan["due_on"].strftime("%d/%m/%Y")
    if posted is not None:
        owner = posted.get("owner", "")
        plan = {
            "kind": posted.get("kind", ""),
            "owner": int(owner) if owner.isdigit() else None,
            "due_text": posted.get("due_on", ""),
        }
    can_manage = _can_manage(request)
    choices = {"plan": plan, "kinds": Intervention.Kind.choices, "staff": staff}
    return {
        "plan": plan,
        "plan_choices": render_to_string("retention/risk_list.html#plan-choices", choices) if can_manage else "",
        "plan_url": reverse("retention:intervention-create", kwargs={"center_slug": request.center.slug}),
        "today": today,
        "can_manage": can_manage,
        "back": back or request.get_full_path(),
    }


@center_view(perm="retention.view")
def dashboard(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    data = selectors.retention_dashboard(center=request.center, today=today, school_year=request.GET.get("nam", ""))
    return render(request, "retention/dashboard.html", {"data": data, **_plan_context(request, staff=data.staff)})


@center_view(perm="retention.view")
def risk_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = RiskFilterForm(request.GET or None)
    risks = selectors.risk_list(**form.values())
    if request.GET.get("xuat") == "xlsx":
        return personal_data_xlsx_response(
            request, filename="nguy-co-bo-hoc", title=_("Learners at risk"), rows=selectors.with_details(risks),
            columns=[
                Column(_("Learner code"), lambda r: r.learner.code, 14),
                Column(_("Full name"), lambda r: r.learner.full_name, 28),
                Column(_("Risk"), lambda r: r.get_level_display(), 12),
                Column(_("Reasons"), lambda r: "; ".join(r.reason_texts), 80),
                Column(_("Open interventions"), lambda r: len(r.open_interventions), 12),
            ],
        )  # fmt: skip
    page = Paginator(risks, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_details(page.object_list)
    context = {
        "form": form,
        "page": page,
        "querystring": _querystring(request),
        **_plan_context(request, staff=list(selectors.staff_choices(request.center)) if _can_manage(request) else []),
    }
    if is_htmx(request):
        return render(request, "retention/risk_list.html#risk-table", context)
    return render(request, "retention/risk_list.html", context)


@center_view(perm="retention.view")
def learner_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = get_object_or_404(Learner.objects.all(), pk=pk)
    return _learner_page(request, learner)


def _learner_page(request: HttpRequest, learner: Learner, *, form: InterventionForm | None = None) -> HttpResponse:
    today = timezone.localdate()
    staff = selectors.staff_choices(request.center)
    context = {
        "data": selectors.learner_retention(learner),
        "form": form
        or InterventionForm(
            initial={"learner": learner.pk, **plan_initial(user=request.user, today=today)}, staff=staff
        ),
        "close_form": InterventionCloseForm(),
        "cancel_form": InterventionCancelForm(),
        "can_manage": _can_manage(request),
        "today": today,
    }
    if form is not None and form.errors:
        return render_form_errors(request, "retention/learner_detail.html", context)
    return render(request, "retention/learner_detail.html", context)


def _risk_row(request: HttpRequest, learner: Learner, *, errors: dict | None = None, status: int = 200):
    rows = selectors.with_details(selectors.risk_list(level="").filter(learner=learner))
    context = {
        "risk": rows[0] if rows else None,
        "plan_errors": errors or {},
        **_plan_context(
            request,
            staff=list(selectors.staff_choices(request.center)),
            posted=request.POST if errors else None,
            back=_safe_next(request) or "",
        ),
    }
    return render(request, "retention/risk_list.html#risk-row", context, status=status)


@center_view(perm="interventions.manage")
@require_POST
def intervention_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = InterventionForm(request.POST, staff=selectors.staff_choices(request.center))
    learner_id = request.POST.get("learner", "")
    learner = get_object_or_404(Learner.objects.all(), pk=int(learner_id) if learner_id.isdigit() else 0)
    in_row = is_htmx(request) and request.POST.get("from") == "row"
    if form.is_valid():
        data = form.cleaned_data
        try:
            intervention = services.intervention_create(
                learner=learner,
                kind=data["kind"],
                owner=data["owner"],
                due_on=data["due_on"],
                note=data["note"],
                actor=request.user,
            )
        except ApplicationError as error:
            for name, problems in error.errors.items() or {None: [error.message]}.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            if in_row:
                return trigger(_risk_row(request, learner), "intervention-planned", {"id": intervention.pk})
            messages.success(
                request,
                _("Planned: %(kind)s for %(name)s, due %(date)s.")
                % {
                    "kind": intervention.get_kind_display(),
                    "name": learner.full_name,
                    "date": intervention.due_on.strftime("%d/%m/%Y"),
                },
            )
            return redirect(_safe_next(request) or reverse("retention:learner-detail", args=[center_slug, learner.pk]))
    if in_row:
        return _risk_row(request, learner, errors=form.errors, status=422)
    return _learner_page(request, learner, form=form)


@center_view(perm="retention.view")
def intervention_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    form = InterventionFilterForm(request.GET or None)
    show, mine = form.values()
    items = selectors.intervention_list(today=today, show=show, owner=request.user if mine else None)
    if request.GET.get("xuat") == "xlsx":
        return personal_data_xlsx_response(
            request, filename="can-thiep", title=_("Interventions"), rows=items,
            columns=[
                Column(_("Full name"), lambda i: i.learner.full_name, 28),
                Column(_("Kind"), lambda i: i.get_kind_display(), 22),
                Column(_("Owner"), lambda i: str(i.owner), 24),
                Column(_("Due on"), lambda i: i.due_on, 12),
                Column(_("Status"), lambda i: i.get_status_display(), 12),
                Column(_("Outcome"), lambda i: i.outcome, 50),
            ],
        )  # fmt: skip
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "show": show,
        "today": today,
        "querystring": _querystring(request),
        "can_manage": _can_manage(request),
    }
    if is_htmx(request):
        return render(request, "retention/intervention_list.html#intervention-table", context)
    return render(request, "retention/intervention_list.html", context)


def _intervention(pk: int) -> Intervention:
    return get_object_or_404(Intervention.objects.select_related("learner", "owner", "created_by"), pk=pk)


@center_view(perm="retention.view")
def intervention_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    return _detail_page(request, _intervention(pk))


def _detail_page(request, intervention, *, close_form=None, cancel_form=None) -> HttpResponse:
    context = {
        "item": intervention,
        "close_form": close_form or InterventionCloseForm(),
        "cancel_form": cancel_form or InterventionCancelForm(),
        "can_manage": _can_manage(request),
        "today": timezone.localdate(),
    }
    if (close_form and close_form.errors) or (cancel_form and cancel_form.errors):
        return render_form_errors(request, "retention/intervention_detail.html", context)
    return render(request, "retention/intervention_detail.html", context)


def _intervention_row(request: HttpRequest, intervention: Intervention, *, close_form=None, status: int = 200):
    row = selectors.intervention_list(today=timezone.localdate(), show="all").get(pk=intervention.pk)
    context = {"item": row, "today": timezone.localdate(), "can_manage": True, "close_form": close_form}
    return render(request, "retention/intervention_list.html#intervention-row", context, status=status)


def _after_change(request: HttpRequest, center_slug: str, intervention: Intervention, message: str) -> HttpResponse:
    if is_htmx(request) and request.POST.get("from") == "row":
        return trigger(_intervention_row(request, intervention), "intervention-changed", {"id": intervention.pk})
    messages.success(request, message)
    return redirect(
        _safe_next(request) or reverse("retention:intervention-detail", args=[center_slug, intervention.pk])
    )


@center_view(perm="interventions.manage")
@require_POST
def intervention_close(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    intervention = _intervention(pk)
    form = InterventionCloseForm(request.POST)
    if form.is_valid():
        try:
            intervention = services.intervention_close(
                intervention=intervention, outcome=form.cleaned_data["outcome"], actor=request.user
            )
        except ApplicationError as error:
            form.add_error("outcome" if error.field == "outcome" else None, error.message)
        else:
            return _after_change(request, center_slug, intervention, _("The intervention was closed."))
    if is_htmx(request) and request.POST.get("from") == "row":
        return _intervention_row(request, intervention, close_form=form, status=422)
    return _detail_page(request, intervention, close_form=form)


@center_view(perm="interventions.manage")
@require_POST
def intervention_cancel(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    intervention = _intervention(pk)
    form = InterventionCancelForm(request.POST)
    if form.is_valid():
        try:
            intervention = services.intervention_cancel(
                intervention=intervention, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return _after_change(request, center_slug, intervention, _("The intervention was called off."))
    return _detail_page(request, intervention, cancel_form=form)
