"""`/api/v1/…`: free times, meetings, deadlines, summons and self-booking for a citizen.

Citizens (their session) and organisation systems (API key) go through the same services and
gate as the pages: a citizen or a meeting the actor may not see is 404. The services' refusals
(`BookingRuleError`) are answered by the API's handler with `{"detail", "rule"}` in the
request's language and the status `refusal_status` gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from kontaktforloeb.api_errors import errors
from kontaktforloeb.cases.plans import plan_current
from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import BookingRuleError

from .errors import AlreadyBooked, NotAllowed, OverlappingMeeting, SlotTaken, SlotUnavailable
from .models import Booking, Slot
from .schemas import (
    BookingIn,
    BookingOut,
    CancelIn,
    ChannelName,
    DeadlineIn,
    DeadlineOut,
    OutcomeIn,
    ReasonIn,
    RebookIn,
    SelfbookingOut,
    SlotOut,
    SlotPage,
    SummonsIn,
)
from .selectors import (
    SLOT_SEARCH_MAX_LIMIT,
    booking_get,
    citizen_bookings,
    slots_free_for_interview,
)
from .services import (
    booking_cancel,
    booking_create,
    booking_rebook,
    deadline_issue,
    meeting_record_outcome,
    selfbooking_change,
)

router = Router(tags=["booking"])


def refusal_status(error: BookingRuleError) -> int:
    """409 when the time or the interview is already taken (try another), 403 when the actor may
    not do this, else 422: the rules refuse the request as it stands."""
    if isinstance(error, SlotTaken | OverlappingMeeting | AlreadyBooked):
        return 409
    if isinstance(error, NotAllowed):
        return 403
    return 422


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


@contextmanager
def _slot_must_exist() -> Iterator[None]:
    try:
        yield
    except Slot.DoesNotExist:
        raise SlotUnavailable(
            "Tiden findes ikke. Vælg en anden tid.",
            "There is no such time. Please choose another time.",
        ) from None


def _slot_out(slot: Slot) -> SlotOut:
    caseworker = slot.caseworker
    return SlotOut(
        id=slot.pk,
        start=slot.start,
        end=slot.end,
        caseworker=caseworker.get_full_name() or caseworker.get_username(),
        organisation_id=slot.organisation_id,
        channels=slot.channels,
        location_id=slot.location_id,
        location=str(slot.location) if slot.location is not None else None,
        room=slot.room.name if slot.room is not None else None,
    )


def _booking_out(booking: Booking) -> BookingOut:
    caseworker = booking.caseworker
    return BookingOut(
        id=booking.pk,
        citizen_id=booking.citizen_id,
        interview=booking.interview,
        holder=booking.holder,
        organisation=str(booking.organisation),
        caseworker=caseworker.get_full_name() or caseworker.get_username(),
        slot_id=booking.slot_id,
        start=booking.start,
        end=booking.end,
        channel=booking.channel,
        topic=booking.topic,
        topic_text=booking.topic_text,
        akasse_participates=booking.akasse_participates,
        summoned=booking.summoned,
        status=booking.status,
        title=booking.title,
        description=booking.description,
        address=booking.address,
        phone_to_call=booking.phone_to_call,
        video_link=booking.video_link,
        changeable_until=booking.changeable_until,
        calendar_uid=booking.calendar_uid,
        calendar_sequence=booking.calendar_sequence,
        replaces_id=booking.replaces_id,
    )


# --- Free times and meetings -------------------------------------------------------------------


class SlotFilters(Schema):
    channel: ChannelName | None = None
    location: int | None = Field(None, description="Only times at this location (id).")
    start: date | None = Field(None, alias="from", description="First day to search.")
    end: date | None = Field(None, alias="to", description="Last day to search.")
    limit: int = Field(50, ge=1, le=SLOT_SEARCH_MAX_LIMIT)
    # Bounded like every number a query takes: past the database's integers it is not a page.
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get(
    "/citizens/{int:citizen_id}/interviews/{int:interview}/slots",
    response={200: SlotPage, **errors(404, refusals=True)},
    summary="Free times for a citizen's interview",
    description=(
        "The holder's free times from now up to the last meeting date (the open booking "
        "deadline's, else the interview's legal deadline), earliest first. The first interview "
        "offers in-person times only (R19)."
    ),
)
def slots_search(
    request: HttpRequest, citizen_id: int, interview: int, filters: Query[SlotFilters]
) -> SlotPage:
    citizen = citizen_get(
        actor=_actor(request), citizen_id=citizen_id, what="free times", why="API"
    )
    slots = slots_free_for_interview(
        citizen=citizen,
        interview=interview,
        channel=filters.channel,
        location_id=filters.location,
        start=filters.start,
        end=filters.end,
    )
    page = list(slots[filters.offset : filters.offset + filters.limit + 1])
    more = len(page) > filters.limit
    return SlotPage(
        items=[_slot_out(slot) for slot in page[: filters.limit]],
        next_offset=filters.offset + filters.limit if more else None,
    )


@router.get(
    "/citizens/{int:citizen_id}/bookings",
    response={200: list[BookingOut], **errors(404)},
    summary="A citizen's meetings",
)
def bookings_list(
    request: HttpRequest, citizen_id: int, status: Booking.Status | None = None
) -> list[BookingOut]:
    citizen = citizen_get(actor=_actor(request), citizen_id=citizen_id, what="meetings", why="API")
    return [_booking_out(booking) for booking in citizen_bookings(citizen, status)]


@router.get(
    "/bookings/{int:booking_id}", response={200: BookingOut, **errors(404)}, summary="A meeting"
)
def booking_detail(request: HttpRequest, booking_id: int) -> BookingOut:
    booking = booking_get(actor=_actor(request), booking_id=booking_id, what="meeting", why="API")
    return _booking_out(booking)


# --- Booking, rebooking, cancelling ------------------------------------------------------------


@router.post(
    "/citizens/{int:citizen_id}/bookings",
    response={201: BookingOut, **errors(403, 404, 409, refusals=True)},
    summary="Book a free time",
    description=(
        "The citizen books (or staff of the holder book on the citizen's behalf) a free time for "
        "an interview. A time someone else just took is answered 409 and changes nothing."
    ),
)
def booking_create_endpoint(
    request: HttpRequest, citizen_id: int, body: BookingIn
) -> Status[BookingOut]:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="meetings", why="API: book")
    with _slot_must_exist():
        booking = booking_create(actor=actor, citizen=citizen, **body.dict())
    return Status(201, _booking_out(booking))


@router.post(
    "/citizens/{int:citizen_id}/summons",
    response={201: BookingOut, **errors(403, 404, 409, refusals=True)},
    summary="Summon a citizen",
    description=(
        "Staff of the holder book a time for the citizen (R27): also at short notice, after the "
        "last meeting date, and for citizens exempt from or denied self-booking."
    ),
)
def summons_create(request: HttpRequest, citizen_id: int, body: SummonsIn) -> Status[BookingOut]:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="meetings", why="API: summon")
    with _slot_must_exist():
        booking = booking_create(actor=actor, citizen=citizen, summons=True, **body.dict())
    return Status(201, _booking_out(booking))


@router.post(
    "/bookings/{int:booking_id}/rebook",
    response={201: BookingOut, **errors(403, 404, 409, refusals=True)},
    summary="Move a meeting to another time",
    description="One atomic move: the old meeting is `rebooked`, the new one `live`.",
)
def booking_rebook_endpoint(
    request: HttpRequest, booking_id: int, body: RebookIn
) -> Status[BookingOut]:
    actor = _actor(request)
    booking = booking_get(actor=actor, booking_id=booking_id, what="meeting", why="API: rebook")
    with _slot_must_exist():
        new = booking_rebook(
            actor=actor, booking=booking, slot_id=body.slot_id, channel=body.channel
        )
    return Status(201, _booking_out(new))


@router.post(
    "/bookings/{int:booking_id}/cancel",
    response={200: BookingOut, **errors(403, 404, refusals=True)},
    summary="Cancel a meeting (afbud)",
    description="Without lawful absence a cancellation costs a dagpenge recipient the day (R48).",
)
def booking_cancel_endpoint(request: HttpRequest, booking_id: int, body: CancelIn) -> BookingOut:
    actor = _actor(request)
    booking = booking_get(actor=actor, booking_id=booking_id, what="meeting", why="API: cancel")
    cancelled = booking_cancel(
        actor=actor, booking=booking, lawful_absence=body.lawful_absence, reason=body.reason
    )
    return _booking_out(cancelled)


@router.post(
    "/bookings/{int:booking_id}/outcome",
    response={200: BookingOut, **errors(403, 404, refusals=True)},
    summary="Record what happened at a meeting",
    description="`held`, `no_show` or `cancelled_by_organisation`; staff of the holder only.",
)
def booking_outcome(request: HttpRequest, booking_id: int, body: OutcomeIn) -> BookingOut:
    actor = _actor(request)
    booking = booking_get(actor=actor, booking_id=booking_id, what="meeting", why="API: outcome")
    recorded = meeting_record_outcome(actor=actor, booking=booking, **body.dict())
    return _booking_out(recorded)


# --- Deadlines and self-booking ----------------------------------------------------------------


@router.post(
    "/citizens/{int:citizen_id}/deadlines",
    response={201: DeadlineOut, **errors(403, 404, refusals=True)},
    summary="Issue a booking deadline",
    description="At least 8 days ahead (R22), with a last meeting date on or after it.",
)
def deadline_create(request: HttpRequest, citizen_id: int, body: DeadlineIn) -> Status[DeadlineOut]:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="deadlines", why="API")
    deadline_issue(actor=actor, citizen=citizen, **body.dict())
    return Status(201, DeadlineOut(**body.dict()))


def _selfbooking(request: HttpRequest, citizen_id: int, change: str, reason: str) -> SelfbookingOut:
    actor = _actor(request)
    citizen = citizen_get(
        actor=actor, citizen_id=citizen_id, what="self-booking", why=f"API: {change}"
    )
    selfbooking_change(actor=actor, citizen=citizen, change=change, reason=reason)
    selfbooking: dict[str, Any] = plan_current(citizen).document("da").get("selfbooking", {})
    return SelfbookingOut(
        required=bool(selfbooking.get("required", False)),
        open_deadlines=selfbooking.get("open_deadlines", []),
    )


@router.post(
    "/citizens/{int:citizen_id}/selfbooking/exempt",
    response={200: SelfbookingOut, **errors(403, 404, refusals=True)},
    summary="Exempt a citizen from self-booking (R28)",
)
def selfbooking_exempt(request: HttpRequest, citizen_id: int, body: ReasonIn) -> SelfbookingOut:
    return _selfbooking(request, citizen_id, "exempted", body.reason)


@router.post(
    "/citizens/{int:citizen_id}/selfbooking/withdraw",
    response={200: SelfbookingOut, **errors(403, 404, refusals=True)},
    summary="Withdraw the right to self-book (R29)",
)
def selfbooking_withdraw(request: HttpRequest, citizen_id: int, body: ReasonIn) -> SelfbookingOut:
    return _selfbooking(request, citizen_id, "withdrawn", body.reason)


@router.post(
    "/citizens/{int:citizen_id}/selfbooking/restore",
    response={200: SelfbookingOut, **errors(403, 404, refusals=True)},
    summary="Restore self-booking",
)
def selfbooking_restore(request: HttpRequest, citizen_id: int, body: ReasonIn) -> SelfbookingOut:
    return _selfbooking(request, citizen_id, "restored", body.reason)
