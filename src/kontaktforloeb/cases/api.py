"""`/api/v1/citizens/…`: a citizen's case for organisation systems and logged-in people."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from kontaktforloeb.api_errors import errors
from kontaktforloeb.organisations.access import Actor

from .models import CaseEvent, Citizen
from .plans import plan_current
from .schemas import CitizenOut, EventOut, EventsIn
from .selectors import citizen_events, citizen_get
from .services import case_facts_record

router = Router(tags=["citizens"])


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def _citizen_out(citizen: Citizen) -> CitizenOut:
    return CitizenOut(
        id=citizen.pk,
        masked_cpr=citizen.masked_cpr,
        name=citizen.name,
        jobcenter=str(citizen.jobcenter),
        municipality_code=citizen.jobcenter.municipality_code,
        akasse=str(citizen.akasse) if citizen.akasse else None,
    )


def _event_out(event: CaseEvent) -> EventOut:
    return EventOut(
        id=event.pk,
        type=event.type,
        date=event.date,
        data=event.data,
        recorded_at=event.recorded_at,
        recorded_by=event.recorder,
        organisation=str(event.organisation) if event.organisation else None,
    )


@router.get("/{int:citizen_id}", response={200: CitizenOut, **errors(404)}, summary="A citizen")
def citizen_detail(request: HttpRequest, citizen_id: int) -> CitizenOut:
    citizen = citizen_get(actor=_actor(request), citizen_id=citizen_id, what="case", why="API")
    return _citizen_out(citizen)


@router.get(
    "/{int:citizen_id}/plan",
    response={200: dict[str, Any], **errors(404)},
    summary="A citizen's plan",
    description=(
        "The plan as the `kontaktforloeb plan` contract describes it (DESIGN.md), worked out for "
        "today: every interview, deadline and duty with its legal reason (`because`) in `lang`. "
        "Empty object when no spell has started."
    ),
)
def plan_detail(
    request: HttpRequest, citizen_id: int, lang: Literal["da", "en"] = "da"
) -> dict[str, Any]:
    citizen = citizen_get(actor=_actor(request), citizen_id=citizen_id, what="plan", why="API")
    return plan_current(citizen).document(lang)


@router.get(
    "/{int:citizen_id}/events",
    response={200: list[EventOut], **errors(404)},
    summary="A citizen's case events",
)
def events_list(request: HttpRequest, citizen_id: int) -> list[EventOut]:
    citizen = citizen_get(actor=_actor(request), citizen_id=citizen_id, what="events", why="API")
    return [_event_out(event) for event in citizen_events(citizen)]


@router.post(
    "/{int:citizen_id}/events",
    response={201: list[EventOut], **errors(403, 404)},
    summary="Append events to a citizen's case",
    description=(
        "Validates every event against the vocabulary of the plan contract and stores all or "
        "none. A bad event is answered 422 naming its index and field; nothing is stored. Every "
        "fact has one owner (docs/api.md): the citizen's municipality records group changes, "
        "sickness, job starts, deregistration and re-registration, the a-kasse sickness, "
        "deregistration and re-registration of its members on dagpenge and the dagpenge it "
        "paid, each organisation its own interviews held or missed. Bookings, deadlines, "
        "self-booking, exemptions, the CV and consequence decisions go through their own "
        "endpoints. Anything else is answered 403 naming the event and who records it, in the "
        "request's language; nothing is stored."
    ),
)
def events_append(request: HttpRequest, citizen_id: int, body: EventsIn) -> Status[list[EventOut]]:
    actor = _actor(request)
    if actor.is_citizen:
        raise HttpError(403, "Citizens cannot record case events directly.")
    citizen = citizen_get(
        actor=actor, citizen_id=citizen_id, what="events", why="API: record events"
    )
    rows = case_facts_record(actor=actor, citizen=citizen, events=body.events)
    return Status(201, [_event_out(row) for row in rows])
