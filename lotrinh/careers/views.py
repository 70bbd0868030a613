"""Pages of the careers area: trades with their codes, the demand table, training offers, a learner's guidance
page and the family report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import TemplateDoesNotExist, get_template
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.academics.models import Trade
from lotrinh.core.audit import audit_export
from lotrinh.core.errors import ApplicationError
from lotrinh.core.htmx import is_htmx, render_form_errors, trigger
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import selectors, services
from .forms import DemandForm, OfferForm, OverrideForm
from .models import LabourDemand, TrainingOffer
from .report import PDF_TYPE, family_report_pdf


def _can_manage(request: HttpRequest) -> bool:
    return request.membership.has_perm("guidance.manage")


def _errors_into(form, error: ApplicationError) -> None:
    for name, problems in (error.errors or {None: [error.message]}).items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


def _trade(pk: int) -> Trade:
    return get_object_or_404(Trade.objects.all(), pk=pk)


# --- Trades -------------------------------------------------------------------------------------------------


@center_view(perm="guidance.view")
def trade_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    """Every trade with its code (the center's override beside the reference), local demand and offers."""
    today = timezone.localdate()
    rows = selectors.trade_rows(center=request.center, day=today)
    attribution = next((r.profile.attribution for r in rows if r.profile), "")
    context = {"rows": rows, "can_manage": _can_manage(request), "attribution": attribution, "today": today}
    return render(request, "careers/trade_list.html", context)


def _trade_row(request: HttpRequest, trade: Trade, *, form=None, status: int = 200) -> HttpResponse:
    row = selectors.trade_row(center=request.center, trade=trade, day=timezone.localdate())
    context = {"row": row, "can_manage": True, "form": form}
    return render(request, "careers/trade_list.html#trade-row", context, status=status)


@center_view(perm="guidance.manage")
@require_POST
def trade_override(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    trade = _trade(pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.trade_code_override(
                center=request.center,
                trade=trade,
                code=form.cleaned_data["code"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            _errors_into(form, error)
        else:
            if is_htmx(request):
                return trigger(_trade_row(request, trade), "trade-code-changed", {"id": trade.pk})
            messages.success(request, _("The code of %(trade)s at this center was saved.") % {"trade": trade.name})
            return redirect("careers:trade-list", center_slug=center_slug)
    if is_htmx(request):
        return _trade_row(request, trade, form=form, status=422)
    messages.error(request, "; ".join(m for ms in form.errors.values() for m in ms))
    return redirect("careers:trade-list", center_slug=center_slug)


@center_view(perm="guidance.manage")
@require_POST
def trade_override_remove(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    trade = _trade(pk)
    try:
        services.trade_code_override_remove(center=request.center, trade=trade, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if is_htmx(request):
            return trigger(_trade_row(request, trade), "trade-code-changed", {"id": trade.pk})
        messages.success(request, _("%(trade)s uses the reference code again.") % {"trade": trade.name})
    return redirect("careers:trade-list", center_slug=center_slug)


# --- Demand -------------------------------------------------------------------------------------------------


def _demand_values(form: DemandForm) -> dict:
    data = form.cleaned_data
    return {
        "trade": data["trade"],
        "year": data["year"],
        "quarter": data["quarter"],
        "openings": data["openings"],
        "source": data["source"],
        "noted_on": data["noted_on"],
    }


@center_view(perm="guidance.view")
def demand_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    """The demand table the center keeps; a manager adds a row on top and edits rows in place."""
    form = None
    if request.method == "POST":
        if not _can_manage(request):
            raise PermissionDenied
        form = DemandForm(request.POST)
        if form.is_valid():
            try:
                services.demand_create(center=request.center, actor=request.user, **_demand_values(form))
            except ApplicationError as error:
                _errors_into(form, error)
            else:
                messages.success(request, _("The demand figure was added."))
                return redirect("careers:demand-list", center_slug=center_slug)
    today = timezone.localdate()
    context = {
        "rows": selectors.demand_rows(),
        "form": form or DemandForm(initial={"year": today.year, "noted_on": today}),
        "can_manage": _can_manage(request),
        "totals": _totals(request, today),
        "today": today,
    }
    if form is not None and form.errors:
        return render_form_errors(request, "careers/demand_list.html", context)
    return render(request, "careers/demand_list.html", context)


def _totals(request: HttpRequest, today) -> list[tuple[Trade, int]]:
    """What the recommendations count today, per trade."""
    counts = selectors.demand_by_trade(center=request.center, day=today)
    return [(t, counts[t.pk]) for t in selectors.trades_on(today) if t.pk in counts]


def _demand_row(pk: int) -> LabourDemand:
    return get_object_or_404(LabourDemand.objects.select_related("trade", "created_by"), pk=pk)


def _render_demand_row(request, row, *, form=None, status: int = 200) -> HttpResponse:
    template = "careers/demand_list.html#demand-edit" if form is not None else "careers/demand_list.html#demand-row"
    return render(request, template, {"row": row, "form": form, "can_manage": _can_manage(request)}, status=status)


@center_view(perm="guidance.view")
def demand_row(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """One row as read (HTMX "cancel"), for anyone who reads the table."""
    return _render_demand_row(request, _demand_row(pk))


@center_view(perm="guidance.manage")
def demand_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """GET: the row as a form in place. POST: save it (422 with the messages beside the fields)."""
    row = _demand_row(pk)
    if request.method != "POST":
        initial = {
            "trade": row.trade_id,
            "year": row.year,
            "quarter": row.quarter or "",
            "openings": row.openings,
            "source": row.source,
            "noted_on": row.noted_on,
        }
        form = DemandForm(initial=initial, prefix=f"d{pk}")
        if not is_htmx(request):  # the link opened in a new tab, or without script: a whole page
            return render(request, "careers/demand_edit.html", {"row": row, "form": form})
        return _render_demand_row(request, row, form=form)
    form = DemandForm(request.POST, prefix=f"d{pk}")
    if form.is_valid():
        try:
            row = services.demand_update(row=row, actor=request.user, **_demand_values(form))
        except ApplicationError as error:
            _errors_into(form, error)
        else:
            if is_htmx(request):
                return trigger(_render_demand_row(request, _demand_row(pk)), "demand-changed", {"id": pk})
            messages.success(request, _("The demand figure was saved."))
            return redirect("careers:demand-list", center_slug=center_slug)
    if is_htmx(request):
        return _render_demand_row(request, row, form=form, status=422)
    return render(request, "careers/demand_edit.html", {"row": row, "form": form}, status=422)


@center_view(perm="guidance.manage")
@require_POST
def demand_delete(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    services.demand_delete(row=_demand_row(pk), actor=request.user)
    if is_htmx(request):
        return trigger(HttpResponse(""), "demand-changed", {"id": pk})
    messages.success(request, _("The demand figure was deleted."))
    return redirect("careers:demand-list", center_slug=center_slug)


# --- Offers -------------------------------------------------------------------------------------------------


@center_view(perm="guidance.view")
def offer_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    offers = selectors.offers_of(request.center)
    return render(request, "careers/offer_list.html", {"offers": offers, "can_manage": _can_manage(request)})


def _offer_values(form: OfferForm) -> dict:
    data = form.cleaned_data
    return {name: data[name] for name in services.OFFER_FIELDS}


def _offer_form_page(request, form, offer=None) -> HttpResponse:
    context = {"form": form, "offer": offer}
    if form.errors:
        return render_form_errors(request, "careers/offer_form.html", context)
    return render(request, "careers/offer_form.html", context)


@center_view(perm="guidance.manage")
def offer_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    if request.method != "POST":
        return _offer_form_page(request, OfferForm(initial={"provider": TrainingOffer.Provider.CENTER}))
    form = OfferForm(request.POST)
    if form.is_valid():
        try:
            services.offer_create(center=request.center, actor=request.user, **_offer_values(form))
        except ApplicationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("The course was added to the offers."))
            return redirect("careers:offer-list", center_slug=center_slug)
    return _offer_form_page(request, form)


def _offer(pk: int) -> TrainingOffer:
    return get_object_or_404(TrainingOffer.objects.select_related("trade", "program"), pk=pk)


@center_view(perm="guidance.manage")
def offer_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    offer = _offer(pk)
    if request.method != "POST":
        return _offer_form_page(request, OfferForm(initial=OfferForm.initial_of(offer)), offer)
    form = OfferForm(request.POST)
    if form.is_valid():
        try:
            services.offer_update(offer=offer, actor=request.user, **_offer_values(form))
        except ApplicationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("The course was saved."))
            return redirect("careers:offer-list", center_slug=center_slug)
    return _offer_form_page(request, form, offer)


@center_view(perm="guidance.manage")
@require_POST
def offer_delete(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    services.offer_delete(offer=_offer(pk), actor=request.user)
    messages.success(request, _("The course was removed from the offers."))
    return redirect("careers:offer-list", center_slug=center_slug)


# --- A learner's guidance page and the family report --------------------------------------------------------


def _result_chart(data) -> str:
    """The interests area's chart of an attempt, if it provides one; the page falls back to a table."""
    if data.attempt is None or not hasattr(data.attempt, "chart"):
        return ""
    try:
        template = get_template("interests/_result_chart.html")
    except TemplateDoesNotExist:
        return ""
    return template.render({"attempt": data.attempt, "scores": data.scores})


@center_view(perm="guidance.view")
def learner_guidance(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = get_object_or_404(Learner.objects.all(), pk=pk)
    data = selectors.learner_guidance(learner=learner, day=timezone.localdate())
    context = {"data": data, "chart": _result_chart(data)}
    return render(request, "careers/learner_guidance.html", context)


@center_view(perm="guidance.view")
def family_report(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = get_object_or_404(Learner.objects.all(), pk=pk)
    today = timezone.localdate()
    data = selectors.learner_guidance(learner=learner, day=today)
    content = family_report_pdf(
        data, center_name=request.center.name, day=today, counselor=request.user.full_name or request.user.username
    )
    audit_export(actor=request.user, center=request.center, title=_("Family guidance report (PDF)"), obj=learner)
    name = slugify(learner.full_name.replace("đ", "d").replace("Đ", "D"))
    response = HttpResponse(content, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'inline; filename="bao-cao-huong-nghiep-{name}-{learner.code}.pdf"'
    return response
