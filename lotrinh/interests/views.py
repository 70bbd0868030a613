"""Pages of the interest test: the public test and its result, a class joining with a code, and the
counselor's class sessions (open, follow, enter paper sheets, close)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.core.errors import ApplicationError
from lotrinh.core.forms import add_errors
from lotrinh.core.ratelimit import request_allowed
from lotrinh.core.tenancy import center_view, portal_view
from lotrinh.people.models import Learner

from . import selectors, services
from .forms import AnswerSheetForm, RosterPickForm, SessionOpenForm
from .models import ANSWER_CHOICES, InterestAttempt, InterestSession

RATE_SCOPE = "interests-test"


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "interests/too_many.html", status=429)


def _spam(request: HttpRequest) -> HttpResponse:
    return render(request, "interests/refused.html", status=400)


def _sheet_context(form: AnswerSheetForm, questionnaire, **extra) -> dict:
    return {"form": form, "questionnaire": questionnaire, "answer_choices": ANSWER_CHOICES, **extra}


# ---------------------------------------------------------------- public: the test and its result


@portal_view
def public_test(request: HttpRequest, portal_slug: str) -> HttpResponse:
    questionnaire = selectors.questionnaire("vi")
    if request.method != "POST":
        form = AnswerSheetForm(
            initial={"form_token": services.new_form_token()}, questionnaire=questionnaire, with_identity=True
        )
        return render(request, "interests/public_test.html", _sheet_context(form, questionnaire))
    if not request_allowed(request, scope=RATE_SCOPE, limit=settings.LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR):
        return _too_many(request)
    form = AnswerSheetForm(request.POST, questionnaire=questionnaire, with_identity=True)
    if form.is_spam:
        return _spam(request)
    if form.is_valid():
        try:
            attempt = services.attempt_submit(
                center=request.center,
                answers=form.answers(),
                form_token=form.cleaned_data["form_token"],
                respondent_name=form.cleaned_data["respondent_name"],
                birth_year=form.cleaned_data["birth_year"],
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            return redirect("interests:public-result", portal_slug=portal_slug, token=attempt.token)
    return render(request, "interests/public_test.html", _sheet_context(form, questionnaire), status=422)


def _result_context(request: HttpRequest, attempt: InterestAttempt) -> dict:
    questionnaire_citation = attempt.instrument.citation if attempt.instrument_id else ""
    return {
        "attempt": attempt,
        "citation": questionnaire_citation,
        "recommendations": selectors.recommendations_for(attempt, center=request.center, day=timezone.localdate()),
    }


@portal_view
def public_result(request: HttpRequest, portal_slug: str, token: str) -> HttpResponse:
    attempt = selectors.attempt_by_token(token)
    if attempt is None:
        raise Http404
    context = _result_context(request, attempt)
    context["apply_url"] = f"/p/{portal_slug}/dang-ky/?ket-qua={attempt.token}"
    return render(request, "interests/public_result.html", context)


@portal_view
def class_join(request: HttpRequest, portal_slug: str, join_code: str) -> HttpResponse:
    session = selectors.open_session_by_code(join_code)
    if session is None:
        raise Http404
    if not session.is_open:
        status = 200 if request.method == "GET" else 409
        return render(request, "interests/class_closed.html", {"session": session}, status=status)
    questionnaire = selectors.questionnaire("vi")
    done = set(InterestAttempt.objects.filter(session=session).values_list("learner_id", flat=True))
    roster = [lr for lr in selectors.class_roster(session.school_class) if lr.pk not in done]
    if request.method != "POST":
        form = AnswerSheetForm(initial={"form_token": services.new_form_token()}, questionnaire=questionnaire)
        pick = RosterPickForm(roster=roster)
        context = _sheet_context(form, questionnaire, session=session, pick=pick)
        return render(request, "interests/class_join.html", context)
    if not request_allowed(request, scope=RATE_SCOPE, limit=settings.LOTRINH_PUBLIC_FORM_LIMIT_PER_HOUR):
        return _too_many(request)
    form = AnswerSheetForm(request.POST, questionnaire=questionnaire)
    pick = RosterPickForm(request.POST, roster=roster)
    if form.is_spam:
        return _spam(request)
    pick_valid = pick.is_valid()
    if form.is_valid() and pick_valid:
        learner = next(lr for lr in roster if lr.pk == pick.cleaned_data["learner"])
        try:
            attempt = services.attempt_submit(
                center=request.center,
                answers=form.answers(),
                form_token=form.cleaned_data["form_token"],
                learner=learner,
                session=session,
                source=InterestAttempt.Source.CLASS,
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            return redirect("interests:public-result", portal_slug=portal_slug, token=attempt.token)
    elif form.is_valid():
        # The name is missing or already used: still say which questions are unanswered.
        errors = services.answers_errors(questionnaire, form.answers())
        for problem in errors.get("__all__", []):
            form.add_error(None, problem)
        for name, problems in errors.items():
            if name in form.fields:
                for problem in problems:
                    form.add_error(name, problem)
    context = _sheet_context(form, questionnaire, session=session, pick=pick)
    return render(request, "interests/class_join.html", context, status=422)


# ---------------------------------------------------------------- the counselor's class sessions


def _can_manage(request: HttpRequest) -> bool:
    return request.membership.has_perm("guidance.manage")


@center_view(perm="guidance.view")
def session_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    return _list_page(request)


def _list_page(request: HttpRequest, form: SessionOpenForm | None = None) -> HttpResponse:
    context = {
        "sessions": list(selectors.session_list()[:200]),
        "form": form or SessionOpenForm(),
        "can_manage": _can_manage(request),
    }
    return render(request, "interests/session_list.html", context, status=422 if form is not None else 200)


@center_view(perm="guidance.manage")
@require_POST
def session_open(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = SessionOpenForm(request.POST)
    if form.is_valid():
        try:
            session = services.session_open(
                center=request.center, school_class=form.cleaned_data["school_class"], actor=request.user
            )
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Test session opened. Join code: %(code)s") % {"code": session.join_code})
            return redirect("interests:session-detail", center_slug=center_slug, pk=session.pk)
    return _list_page(request, form=form)


def _session(pk: int) -> InterestSession:
    return get_object_or_404(InterestSession.objects.select_related("school_class", "opened_by"), pk=pk)


@center_view(perm="guidance.view")
def session_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    session = _session(pk)
    join_url = request.build_absolute_uri(
        reverse("interests:class-join", kwargs={"portal_slug": center_slug, "join_code": session.join_code})
    )
    context = {"data": selectors.session_detail(session), "join_url": join_url, "can_manage": _can_manage(request)}
    return render(request, "interests/session_detail.html", context)


@center_view(perm="guidance.manage")
@require_POST
def session_close(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    session = _session(pk)
    try:
        services.session_close(session=session, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Test session closed: it takes no more answers."))
    return redirect("interests:session-detail", center_slug=center_slug, pk=pk)


@center_view(perm="guidance.manage")
def paper_sheet(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    """A learner's paper answer sheet typed in: 48 selects, in question order, keyboard-friendly."""
    session = _session(pk)
    raw = request.POST.get("hoc-vien") or request.GET.get("hoc-vien", "")
    learner = get_object_or_404(Learner.objects.all(), pk=int(raw) if raw.isdigit() else 0)
    questionnaire = selectors.questionnaire("vi")
    context = {"session": session, "learner": learner}
    if request.method != "POST":
        form = AnswerSheetForm(initial={"form_token": services.new_form_token()}, questionnaire=questionnaire)
        return render(request, "interests/paper_sheet.html", _sheet_context(form, questionnaire, **context))
    form = AnswerSheetForm(request.POST, questionnaire=questionnaire)
    if form.is_valid():
        try:
            services.paper_sheet_enter(
                session=session, learner=learner, answers=form.answers(),
                form_token=form.cleaned_data["form_token"], actor=request.user,
            )  # fmt: skip
        except ApplicationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Answer sheet of %(name)s saved.") % {"name": learner.full_name})
            return redirect("interests:session-detail", center_slug=center_slug, pk=pk)
    return render(request, "interests/paper_sheet.html", _sheet_context(form, questionnaire, **context), status=422)
