"""The interest test API: the instrument's items, class sessions, their attempts, a paper sheet entered."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from lotrinh.core.api import READ_ERRORS, WRITE_ERRORS, page_bounds
from lotrinh.core.tenancy import center_view
from lotrinh.people.models import Learner

from . import selectors, services
from .models import ANSWER_CHOICES, InterestAttempt, InterestSession
from .schemas import AttemptListOut, AttemptOut, InstrumentOut, PaperSheetIn, SessionPageOut

router = Router(tags=["interests"])


def _attempt_out(attempt: InterestAttempt) -> dict:
    return {
        "id": attempt.pk,
        "learner_id": attempt.learner_id,
        "respondent_name": attempt.respondent_name,
        "source": attempt.source,
        "instrument_version": attempt.instrument_version,
        "language": attempt.language,
        "scores": attempt.scores,
        "holland_code": attempt.holland_code,
        "code_with_ties": attempt.code_with_ties,
        "answers": attempt.answers,
        "submitted_at": attempt.submitted_at,
    }


@router.get(
    "/c/{center_slug}/interests/items",
    response={200: InstrumentOut, **READ_ERRORS},
    summary="The RIASEC instrument in use: its 48 items with their texts per language",
)
@center_view(perm="guidance.view")
def instrument_items(request, center_slug: str):
    items = selectors.instrument_items()
    instrument = items[0].instrument
    return {
        "code": instrument.code,
        "version": instrument.version,
        "name": instrument.name,
        "citation": instrument.citation,
        "licence": instrument.licence,
        "answer_scale": [str(label) for _, label in ANSWER_CHOICES],
        "items": [
            {
                "item_id": item.item_id,
                "riasec_type": item.riasec_type,
                "order": item.order,
                "texts": [
                    {"language": t.language, "text": t.text, "source": t.source, "source_version": t.source_version}
                    for t in item.texts.all()
                ],
            }
            for item in items
        ],
    }


@router.get(
    "/c/{center_slug}/interests/test-sessions",
    response={200: SessionPageOut, **READ_ERRORS},
    summary="Interest test sessions run for classes, newest first",
)
@center_view(perm="guidance.view")
def session_list(request, center_slug: str, limit: int = 50, offset: int = 0):
    limit, offset = page_bounds(limit, offset)
    sessions = selectors.session_list()
    return {
        "count": InterestSession.objects.count(),
        "items": [
            {
                "id": s.pk,
                "school_class_id": s.school_class_id,
                "class_name": s.school_class.name,
                "join_code": s.join_code,
                "opened_by": s.opened_by.full_name,
                "opened_at": s.opened_at,
                "closed_at": s.closed_at,
                "is_open": s.is_open,
                "attempt_count": s.attempt_count,
            }
            for s in sessions[offset : offset + limit]
        ],
    }


@router.get(
    "/c/{center_slug}/interests/test-sessions/{pk}/attempts",
    response={200: AttemptListOut, **READ_ERRORS},
    summary="The answer sheets of a class session, with scores and Holland codes",
)
@center_view(perm="guidance.view")
def session_attempts(request, center_slug: str, pk: int):
    session = get_object_or_404(InterestSession.objects.all(), pk=pk)
    attempts = list(selectors.session_attempts(session))
    return {"count": len(attempts), "items": [_attempt_out(a) for a in attempts]}


@router.post(
    "/c/{center_slug}/interests/test-sessions/{pk}/sheets",
    response={201: AttemptOut, **WRITE_ERRORS},
    summary="Enter a learner's paper answer sheet in an open class session",
)
@center_view(perm="guidance.manage")
def paper_sheet_enter(request, center_slug: str, pk: int, payload: PaperSheetIn):
    session = get_object_or_404(InterestSession.objects.select_related("center"), pk=pk)
    learner = get_object_or_404(Learner.objects.all(), pk=payload.learner_id)
    attempt = services.paper_sheet_enter(
        session=session,
        learner=learner,
        answers=dict(payload.answers),
        form_token=payload.client_token or services.new_form_token(),
        actor=request.user,
    )
    return Status(201, _attempt_out(attempt))
