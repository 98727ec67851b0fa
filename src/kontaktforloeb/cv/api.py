"""`/api/v1/cv/…`: a citizen's CV for organisation systems and logged-in people.

The same services and gate as the pages: any actor who may see the citizen reads the CV; only
the citizen writes and submits it (403 for others); only the approving organisation (R36)
approves or returns it, and for everyone else those are 404. Refusals are answered with
`{"detail"}` in the request's language: 422 (incomplete, no comment), 409 (wrong status).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from kontaktforloeb.api_errors import errors
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import plan_current, today
from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.organisations.access import Actor

from .completeness import cv_complete_share, cv_missing, cv_searchability
from .errors import CvRefused
from .models import Cv
from .schemas import CvAwaitingOut, CvContent, CvOut, MissingPart, ReturnIn
from .selectors import cv_approver, cv_citizen_for_approval, cv_of, cvs_awaiting_approval
from .services import cv_approve, cv_return, cv_save, cv_submit

router = Router(tags=["cv"])


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def _language(request: HttpRequest) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "da").startswith("en") else "da"


def _refused(request: HttpRequest, refusal: CvRefused) -> HttpError:
    return HttpError(refusal.status, refusal.message(_language(request)))


def _out(citizen: Citizen, cv: Cv) -> CvOut:
    duty = plan_current(citizen).document("da").get("cv") or {}
    return CvOut.model_validate(
        {
            **cv.sections(),
            "citizen_id": citizen.pk,
            "status": cv.status,
            "approver_comment": cv.approver_comment,
            "submitted_at": cv.submitted_at,
            "reviewed_at": cv.reviewed_at,
            "missing": [MissingPart(key=p.key, da=p.da, en=p.en) for p in cv_missing(cv)],
            "complete_percent": cv_complete_share(cv),
            "searchable": cv_searchability(cv, citizen, today()).searchable,
            "approver": cv_approver(citizen),
            "deadline": duty.get("deadline"),
        }
    )


@router.get(
    "/awaiting-approval",
    response={200: list[CvAwaitingOut], **errors()},
    summary="CVs awaiting the organisation's approval",
    description="Submitted CVs of the citizens whose CV the caller's organisation approves (R36).",
)
def awaiting(request: HttpRequest) -> list[CvAwaitingOut]:
    cvs = cvs_awaiting_approval(actor=_actor(request))[:500]
    return [
        CvAwaitingOut(
            citizen_id=cv.citizen_id,
            name=cv.citizen.name,
            submitted_at=cv.submitted_at,
            deadline=None,
        )
        for cv in cvs
    ]


@router.get("/{int:citizen_id}", response={200: CvOut, **errors(404)}, summary="A citizen's CV")
def cv_detail(request: HttpRequest, citizen_id: int) -> CvOut:
    citizen = citizen_get(actor=_actor(request), citizen_id=citizen_id, what="cv", why="API")
    return _out(citizen, cv_of(citizen))


@router.put(
    "/{int:citizen_id}",
    response={200: CvOut, **errors(403, 404, 409, refusals=True)},
    summary="Write the citizen's CV (the citizen only)",
)
def cv_put(request: HttpRequest, citizen_id: int, body: CvContent) -> CvOut:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="cv", why="API")
    try:
        cv = cv_save(actor=actor, citizen=citizen, content=body)
    except CvRefused as refusal:
        raise _refused(request, refusal) from None
    return _out(citizen, cv)


@router.post(
    "/{int:citizen_id}/submit",
    response={200: CvOut, **errors(403, 404, 409, refusals=True)},
    summary="Send the CV for approval (the citizen only)",
    description="422 naming the missing parts while the CV is not complete (R37).",
)
def cv_submit_endpoint(request: HttpRequest, citizen_id: int) -> CvOut:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="cv", why="API")
    try:
        cv = cv_submit(actor=actor, citizen=citizen)
    except CvRefused as refusal:
        raise _refused(request, refusal) from None
    return _out(citizen, cv)


@router.post(
    "/{int:citizen_id}/approve",
    response={200: CvOut, **errors(403, 404, 409, refusals=True)},
    summary="Approve a submitted CV (the approving organisation only)",
)
def cv_approve_endpoint(request: HttpRequest, citizen_id: int) -> CvOut:
    actor = _actor(request)
    citizen = cv_citizen_for_approval(actor=actor, citizen_id=citizen_id, why="API: CV")
    try:
        cv = cv_approve(actor=actor, citizen=citizen)
    except CvRefused as refusal:
        raise _refused(request, refusal) from None
    return _out(citizen, cv)


@router.post(
    "/{int:citizen_id}/return",
    response={200: CvOut, **errors(403, 404, 409, refusals=True)},
    summary="Return a submitted CV with a comment (the approving organisation only)",
)
def cv_return_endpoint(request: HttpRequest, citizen_id: int, body: ReturnIn) -> CvOut:
    actor = _actor(request)
    citizen = cv_citizen_for_approval(actor=actor, citizen_id=citizen_id, why="API: CV")
    try:
        cv = cv_return(actor=actor, citizen=citizen, comment=body.comment)
    except CvRefused as refusal:
        raise _refused(request, refusal) from None
    return _out(citizen, cv)
