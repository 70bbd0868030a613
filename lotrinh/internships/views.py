"""Pages of the internships area: rounds (slots, preferences, the allocation, publication), the enterprise's
own slots and interns, and the learner's personal page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.core.errors import ApplicationError
from lotrinh.core.forms import add_errors
from lotrinh.core.htmx import is_htmx
from lotrinh.core.tenancy import center_view, portal_view
from lotrinh.industry.access import enterprise_view
from lotrinh.industry.models import Enterprise, EnterpriseContact, Partnership
from lotrinh.people.models import Learner

from . import selectors, services
from .forms import PairRuleForm, ResultFilterForm, RoundForm, SlotForm
from .models import InternshipRound, InternshipSlot


def _partner_enterprises(center):
    return Enterprise.objects.filter(
        partnerships__center=center, partnerships__status=Partnership.Status.ACTIVE
    ).order_by("name")


def _mentors(enterprises):
    return EnterpriseContact.objects.filter(enterprise__in=enterprises, is_active=True).select_related("enterprise")


def _slot_form(request, data=None, *, enterprises, mentors, round=None) -> SlotForm:
    initial = {"weeks": round.weeks, "trade": round.trade_id} if round else {}
    return SlotForm(data, enterprises=enterprises, mentors=mentors, initial=initial)


# --- Staff pages --------------------------------------------------------------------------------------------


@center_view(perm="internships.view")
def round_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    can_manage = request.membership.has_perm("internships.manage")
    form = RoundForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = RoundForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round = services.round_create(center=request.center, actor=request.user, **data)
            except ApplicationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Round created: %(name)s.") % {"name": round.name})
                return redirect("internships:round-detail", center_slug=center_slug, pk=round.pk)
    context = {"rounds": selectors.round_list(), "form": form, "can_manage": can_manage}
    return render(request, "internships/round_list.html", context, status=422 if form.errors else 200)


def _round_page(request, round: InternshipRound, *, slot_form=None, rule_form=None, status=200, pref_errors=None):
    can_manage = request.membership.has_perm("internships.manage")
    filters = ResultFilterForm(request.GET or None)
    class_id = trade_id = None
    if filters.is_valid():
        class_id, trade_id = filters.cleaned_data["lop"], filters.cleaned_data["nghe"]
    enterprises = _partner_enterprises(request.center)
    slots = selectors.round_slots(round)
    learners = selectors.round_learners(round)
    for row in learners:
        row.error = (pref_errors or {}).get(row.learner.pk, "")
    context = {
        "round": round,
        "ends_on": selectors.round_ends_on(round),
        "slots": slots,
        "learners": learners,
        "results": selectors.round_results(round, class_id=class_id, trade_id=trade_id),
        "class_id": class_id,
        "trade_id": trade_id,
        "can_manage": can_manage,
        "editable": round.status != InternshipRound.Status.PUBLISHED,
        "slot_form": slot_form
        or _slot_form(request, enterprises=enterprises, mentors=_mentors(enterprises), round=round),
        "rule_form": rule_form,
        "ranks": range(1, 6),
        "pref_errors": pref_errors or {},
    }
    return render(request, "internships/round_detail.html", context, status=status)


def _round(pk: int) -> InternshipRound:
    return get_object_or_404(InternshipRound.objects.select_related("trade"), pk=pk)


@center_view(perm="internships.view")
def round_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    return _round_page(request, _round(pk))


@center_view(perm="internships.manage")
@require_POST
def slot_create(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    round = _round(pk)
    enterprises = _partner_enterprises(request.center)
    form = _slot_form(request, request.POST, enterprises=enterprises, mentors=_mentors(enterprises))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_create(
                round=round,
                enterprise=data["enterprise"],
                trade=data["trade"],
                capacity=data["capacity"],
                place=data["place"],
                distance_km_from_center=data["distance_km_from_center"],
                mentor=data["mentor"],
                safety_briefing_required=data["safety_briefing_required"],
                weeks=data["weeks"],
                blocks=form.blocks(),
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Slot added."))
            return redirect(reverse("internships:round-detail", args=[center_slug, round.pk]) + "#slots")
    return _round_page(request, round, slot_form=form, status=422)


def _choices_from_post(post) -> tuple[list[tuple[int, int]], str]:
    choices = []
    for rank in range(1, 6):
        value = post.get(f"c{rank}", "")
        if value == "":
            continue
        if not value.isdigit():
            return [], _("Choose a slot from the list.")
        choices.append((rank, int(value)))
    extra = [k for k in post if k.startswith("c") and k[1:].isdigit() and int(k[1:]) > 5 and post[k]]
    if extra:
        return [], _("A choice's rank must be between 1 and 5.")
    return choices, ""


@center_view(perm="internships.manage")
@require_POST
def preference_save(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    round = _round(pk)
    learner_id = request.POST.get("learner", "")
    learner = get_object_or_404(Learner.objects.all(), pk=int(learner_id) if learner_id.isdigit() else 0)
    rows = [r for r in selectors.round_learners(round) if r.learner.pk == learner.pk]
    if not rows:
        raise Http404
    choices, error = _choices_from_post(request.POST)
    if not error:
        try:
            services.preference_set(round=round, learner=learner, choices=choices, actor=request.user)
        except ApplicationError as problem:
            error = problem.message
    if is_htmx(request):
        row = rows[0]
        row.error = error
        if not error:
            row.choices = [None] * 5
            for rank, slot_id in choices:
                row.choices[rank - 1] = slot_id
        context = {
            "row": row,
            "round": round,
            "slots": selectors.round_slots(round),
            "ranks": range(1, 6),
            "saved": not error,
            "can_manage": True,
            "editable": True,
        }
        return render(request, "internships/round_detail.html#pref-row", context, status=422 if error else 200)
    if error:
        return _round_page(request, round, status=422, pref_errors={learner.pk: error})
    messages.success(request, _("Choices saved for %(name)s.") % {"name": learner.full_name})
    return redirect(reverse("internships:round-detail", args=[center_slug, round.pk]) + "#preferences")


@center_view(perm="internships.manage")
@require_POST
def pair_rule(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    round = _round(pk)
    form = PairRuleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        learner = get_object_or_404(Learner.objects.all(), pk=data["learner"])
        slot = get_object_or_404(InternshipSlot.objects.all(), pk=data["slot"], round=round)
        try:
            services.pair_rule_set(
                round=round, learner=learner, slot=slot, kind=data["kind"], reason=data["reason"], actor=request.user
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Rule saved; run the allocation again to apply it."))
    else:
        messages.error(request, _("Choose a slot and a rule."))
    return redirect(reverse("internships:round-detail", args=[center_slug, round.pk]) + "#results")


@center_view(perm="internships.manage")
@require_POST
def run(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    round = _round(pk)
    try:
        result = services.allocation_run(round=round, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Allocation done (%(status)s): %(placed)s learners placed.")
            % {"status": result.get_status_display(), "placed": result.placed},
        )
    return redirect(reverse("internships:round-detail", args=[center_slug, round.pk]) + "#results")


@center_view(perm="internships.manage")
@require_POST
def publish(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    round = _round(pk)
    try:
        count = services.round_publish(round=round, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Published: %(count)s learners can open their internship.") % {"count": count})
    return redirect("internships:round-detail", center_slug=center_slug, pk=round.pk)


@center_view(perm="internships.manage")
@require_POST
def reopen(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    round = _round(pk)
    try:
        services.round_reopen(round=round, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Round reopened: the learners' links are closed until it is published again."))
    return redirect("internships:round-detail", center_slug=center_slug, pk=round.pk)


# --- The enterprise's own pages -----------------------------------------------------------------------------


def _enterprise_page(request, *, form=None, form_round=None, status=200):
    enterprise = request.enterprise
    rounds = selectors.enterprise_open_rounds(enterprise)
    mentors = EnterpriseContact.objects.filter(enterprise=enterprise, is_active=True)
    context = {
        "enterprise": enterprise,
        "rounds": rounds,
        "slots": selectors.enterprise_slots(enterprise),
        "interns": selectors.enterprise_interns(enterprise),
        "form": form
        or SlotForm(
            fixed_enterprise=True,
            enterprises=Enterprise.objects.filter(pk=enterprise.pk),
            mentors=mentors,
            initial={"enterprise": enterprise.pk},
        ),
        "form_round": form_round,
    }
    return render(request, "internships/enterprise.html", context, status=status)


@enterprise_view(perm="internships.view")
def enterprise_home(request: HttpRequest, enterprise_slug: str) -> HttpResponse:
    return _enterprise_page(request)


@enterprise_view(perm="internships.manage")
@require_POST
def enterprise_slot_create(request: HttpRequest, enterprise_slug: str) -> HttpResponse:
    enterprise = request.enterprise
    round_id = request.POST.get("round", "")
    round = get_object_or_404(
        InternshipRound.objects.filter(status=InternshipRound.Status.DRAFT).select_related("center"),
        pk=int(round_id) if round_id.isdigit() else 0,
    )
    mentors = EnterpriseContact.objects.filter(enterprise=enterprise, is_active=True)
    data = request.POST.copy()
    data["enterprise"] = str(enterprise.pk)
    form = SlotForm(
        data, enterprises=Enterprise.objects.filter(pk=enterprise.pk), mentors=mentors, fixed_enterprise=True
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.slot_create(
                round=round,
                enterprise=enterprise,
                trade=d["trade"],
                capacity=d["capacity"],
                place=d["place"],
                distance_km_from_center=d["distance_km_from_center"],
                mentor=d["mentor"],
                safety_briefing_required=d["safety_briefing_required"],
                weeks=d["weeks"],
                blocks=form.blocks(),
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Slot posted to %(center)s.") % {"center": round.center.name})
            return redirect("internships:enterprise", enterprise_slug=enterprise_slug)
    return _enterprise_page(request, form=form, form_round=round.pk, status=422)


# --- The learner's page -------------------------------------------------------------------------------------


@portal_view
def learner_page(request: HttpRequest, portal_slug: str, token: str) -> HttpResponse:
    placement = selectors.placement_for_token(token)
    if placement is None:
        raise Http404
    slot = placement.slot
    return render(
        request,
        "internships/learner.html",
        {"placement": placement, "slot": slot, "ends_on": selectors.slot_ends_on(slot), "center": request.center},
    )
