"""`/api/v1/…`: interviews planned by individual assessment after six months (R5, R6) and the
citizens' requests for an interview, for organisation systems and the project's own pages.

Through the same gate and services as the pages: a citizen or request the actor may not see is
404; a refusal is `{"detail", "rule"}` in the request's language (the booking API's handler).
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from kontaktforloeb.api_errors import errors
from kontaktforloeb.cases.models import InterviewRequest
from kontaktforloeb.cases.selectors import CitizenNotFound, citizen_get, citizens_visible_to
from kontaktforloeb.organisations.access import Actor

from .models import PlannedInterview
from .services import interview_request_handle, planned_interview_create

router = Router(tags=["casework"])


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


class PlannedIn(Schema):
    date: date
    reason: str = Field(..., max_length=2000)


class PlannedOut(Schema):
    id: int
    citizen_id: int
    date: date
    holder: str
    reason: str
    organisation: str
    created_by: str


class RequestOut(Schema):
    id: int
    citizen_id: int
    reason: str
    created_at: datetime
    handled_at: datetime | None
    handled_note: str


class HandledIn(Schema):
    note: str = Field(..., max_length=2000)


def _planned_out(row: PlannedInterview) -> PlannedOut:
    return PlannedOut(
        id=row.pk,
        citizen_id=row.citizen_id,
        date=row.date,
        holder=row.holder,
        reason=row.reason,
        organisation=str(row.organisation),
        created_by=row.creator,
    )


def _request_out(row: InterviewRequest) -> RequestOut:
    return RequestOut(
        id=row.pk,
        citizen_id=row.citizen_id,
        reason=row.reason,
        created_at=row.created_at,
        handled_at=row.handled_at,
        handled_note=row.handled_note,
    )


@router.get(
    "/citizens/{int:citizen_id}/planned-interviews",
    response={200: list[PlannedOut], **errors(404)},
    summary="Interviews planned by individual assessment",
)
def planned_list(request: HttpRequest, citizen_id: int) -> list[PlannedOut]:
    citizen = citizen_get(actor=_actor(request), citizen_id=citizen_id, what="plan", why="API")
    rows = PlannedInterview.objects.filter(citizen=citizen).select_related(
        "organisation", "created_by"
    )
    return [_planned_out(row) for row in rows]


@router.post(
    "/citizens/{int:citizen_id}/planned-interviews",
    response={201: PlannedOut, **errors(403, 404, refusals=True)},
    summary="Plan an interview by individual assessment (R5)",
    description=(
        "After six months the caseworker plans further interviews; the actor's organisation "
        "holds it. A reason is required; a date in the past is refused (422)."
    ),
)
def planned_create(request: HttpRequest, citizen_id: int, body: PlannedIn) -> Status[PlannedOut]:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="plan", why="API: plan")
    row = planned_interview_create(actor=actor, citizen=citizen, on=body.date, reason=body.reason)
    return Status(201, _planned_out(row))


@router.get(
    "/citizens/{int:citizen_id}/interview-requests",
    response={200: list[RequestOut], **errors(404)},
    summary="A citizen's requests for an interview",
)
def requests_list(request: HttpRequest, citizen_id: int) -> list[RequestOut]:
    citizen = citizen_get(actor=_actor(request), citizen_id=citizen_id, what="requests", why="API")
    return [_request_out(row) for row in citizen.interview_requests.all()]


@router.post(
    "/interview-requests/{int:request_id}/handled",
    response={200: RequestOut, **errors(403, 404, refusals=True)},
    summary="Mark a citizen's request for an interview handled",
)
def request_handled(request: HttpRequest, request_id: int, body: HandledIn) -> RequestOut:
    actor = _actor(request)
    row = (
        InterviewRequest.objects.filter(pk=request_id, citizen__in=citizens_visible_to(actor))
        .select_related("citizen", "citizen__jobcenter", "citizen__akasse")
        .first()
    )
    if row is None or actor.is_citizen:
        raise CitizenNotFound(request_id)
    handled = interview_request_handle(actor=actor, request=row, note=body.note)
    return _request_out(handled)
