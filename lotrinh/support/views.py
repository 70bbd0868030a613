"""Pages of the support area: the policy tables, a province's own rule, a learner's eligibility, the estimator."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotrinh.core.errors import ApplicationError
from lotrinh.core.forms import add_errors
from lotrinh.core.htmx import render_form_errors
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import eligibility, selectors, services
from .forms import CourseForm, EstimatorForm, ProvincePolicyForm, ProvinceRuleForm, SupportFactsForm
from .models import SupportFacts, SupportPolicy


@center_view(perm="guidance.view")
def policy_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    data = selectors.policy_list(center=request.center, day=today)
    query = request.GET.get("q", "").strip()
    context = {
        **data,
        "today": today,
        "query": query,
        "learners": list(selectors.learner_search(query=query)) if query else [],
        "can_add": request.membership.has_perm("plans.manage"),
    }
    return render(request, "support/policy_list.html", context)


@center_view(perm="plans.manage")
@require_http_methods(["GET", "POST"])
def province_policy_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    province = selectors.center_province(request.center, today)
    form = ProvincePolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.province_policy_create(
                center=request.center,
                policy=form.policy_data(),
                rules=[form.rule_data()],
                actor=request.user,
                day=today,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The policy %(code)s was added.") % {"code": policy.code})
            return redirect(f"{reverse('support:policy-list', args=[center_slug])}#policy-{policy.pk}")
    context = {
        "form": form,
        "province": province,
        "policy_fields": [form[name] for name in form.POLICY],
        "rule_fields": [form[name] for name in form.RULE],
    }
    if form.errors:
        return render_form_errors(request, "support/province_policy_form.html", context)
    return render(request, "support/province_policy_form.html", context)


@center_view(perm="plans.manage")
@require_http_methods(["GET", "POST"])
def province_rule_add(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    today = timezone.localdate()
    province = selectors.center_province(request.center, today)
    policy = get_object_or_404(
        SupportPolicy.objects.select_related("province"), pk=pk, province=province, province__isnull=False
    )
    form = ProvinceRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.province_rule_add(
                center=request.center, policy=policy, rule=form.rule_data(group_code=""), actor=request.user, day=today
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The rule was added to %(code)s.") % {"code": policy.code})
            return redirect(f"{reverse('support:policy-list', args=[center_slug])}#policy-{policy.pk}")
    context = {"form": form, "policy": policy, "rule_fields": [form[name] for name in form.RULE]}
    if form.errors:
        return render_form_errors(request, "support/province_rule_form.html", context)
    return render(request, "support/province_rule_form.html", context)


@center_view(perm="guidance.view")
def learner_eligibility(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    today = timezone.localdate()
    course_form = CourseForm(request.GET or None)
    try:
        data = selectors.learner_eligibility(
            learner_id=pk, course=course_form.course(), day=today, center=request.center
        )
    except Learner.DoesNotExist:
        raise Http404 from None
    context = {
        "data": data,
        "course_form": course_form,
        "groups": _grouped(data.outcomes),
        "today": today,
        "can_edit": request.membership.has_perm("learners.manage"),
    }
    status = 422 if course_form.is_bound and not course_form.is_valid() else 200
    return render(request, "support/learner_eligibility.html", context, status=status)


def _grouped(outcomes) -> list[tuple[str, str, list]]:
    labels = {
        eligibility.ELIGIBLE: _("Eligible"),
        eligibility.EXPIRED_FACT: _("An expired document"),
        eligibility.MISSING_FACT: _("A fact is missing"),
        eligibility.NOT_ELIGIBLE: _("Not eligible"),
    }
    return [
        (status, labels[status], [o for o in outcomes if o.status == status])
        for status in (
            eligibility.ELIGIBLE,
            eligibility.EXPIRED_FACT,
            eligibility.MISSING_FACT,
            eligibility.NOT_ELIGIBLE,
        )
    ]


@center_view(perm="learners.manage")
@require_http_methods(["GET", "POST"])
def facts_edit(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    learner = get_object_or_404(Learner.objects.select_related("ethnicity"), pk=pk)
    instance = SupportFacts.objects.filter(learner=learner).first()
    form = SupportFactsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_facts_update(
                learner=learner,
                data={name: form.cleaned_data.get(name) for name in SupportFacts.FACT_FIELDS},
                actor=request.user,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The support facts of %(name)s were saved.") % {"name": learner.full_name})
            return redirect("support:learner-eligibility", center_slug=center_slug, pk=learner.pk)
    context = {"form": form, "learner": learner}
    if form.errors:
        return render_form_errors(request, "support/facts_form.html", context)
    return render(request, "support/facts_form.html", context)


@center_view(perm="guidance.view")
def estimator(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    form = EstimatorForm(request.GET or None)
    outcomes, summary = None, None
    if form.is_bound and form.is_valid():
        outcomes = selectors.support_estimate_from_facts(
            center=request.center, facts=form.facts(today), course=form.course(), day=today
        )
        summary = eligibility.summarize(outcomes)
    context = {
        "form": form,
        "groups": _grouped(outcomes) if outcomes is not None else None,
        "summary": summary,
        "today": today,
    }
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "support/estimator.html", context, status=status)
