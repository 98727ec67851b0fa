"""Reads about meetings: free times for a citizen's interview and a citizen's meetings.

Every read starts from a citizen obtained through the access gate (`citizen_get`), or from a
booking looked up among the citizens the actor may see; "not yours" and "missing" are both
`CitizenNotFound`, answered as 404.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kontaktforloeb.audit.services import access_log_record
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.selectors import CitizenNotFound, citizens_visible_to
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import check_booking_channel

from .models import Booking, Slot
from .services import DueInterview, due_interview
from .slots import COPENHAGEN

# The most free times one search answers; ask again with a later `from` or an offset for more.
SLOT_SEARCH_MAX_LIMIT = 200


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=COPENHAGEN)


def slots_free_for_interview(
    *,
    citizen: Citizen,
    interview: int,
    channel: str | None = None,
    location_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Slot]:
    """Free times the citizen may book for `interview`, ordered by start.

    The holder's slots from now (and not before the interview's earliest day) up to and including
    the last meeting date: the open deadline's, else the interview's legal deadline. Only times
    that are not blocked, hold no live booking, allow this kind of interview and offer the
    channel; the first interview offers in-person times only (R19). `citizen` must come through
    the access gate. Raises the booking errors of `due_interview` and `ChannelNotAllowed`.
    """
    due = due_interview(citizen, interview)
    if channel is not None:
        check_booking_channel(due.required_channel, channel)
    channel = channel or due.required_channel
    first = max(timezone.now(), _day_start(due.earliest))
    if start is not None:
        first = max(first, _day_start(start))
    last_day = due.last_meeting_date if end is None else min(end, due.last_meeting_date)
    slots = Slot.objects.filter(
        organisation=due.organisation,
        start__gte=first,
        start__lt=_day_start(last_day + timedelta(days=1)),
        blocked=False,
        **_kind_filter(due),
    )
    if channel is not None:
        slots = slots.filter(**{f"offers_{channel}": True})
    if location_id is not None:
        slots = slots.filter(location_id=location_id)
    live = Booking.objects.filter(slot=OuterRef("pk"), status=Booking.Status.LIVE)
    slots = slots.filter(~Exists(live))
    # Leave out times that clash with the citizen's own meetings (a handful of rows).
    for meeting in Booking.objects.filter(
        citizen=citizen, status=Booking.Status.LIVE, end__gt=first
    ).only("start", "end"):
        slots = slots.exclude(Q(start__lt=meeting.end) & Q(end__gt=meeting.start))
    return slots.select_related("caseworker", "location", "room").order_by("start", "pk")


def _kind_filter(due: DueInterview) -> dict[str, bool]:
    if due.number == 1:
        return {"allows_first": True}
    if due.joint == "required":
        return {"allows_joint": True}
    return {"allows_followup": True}


def citizen_bookings(citizen: Citizen, status: str | None = None) -> QuerySet[Booking]:
    """The citizen's meetings, earliest first. Call only with a gated citizen."""
    bookings = Booking.objects.filter(citizen=citizen)
    if status is not None:
        bookings = bookings.filter(status=status)
    return bookings.select_related("organisation", "caseworker").order_by("start", "pk")


def booking_get(*, actor: Actor, booking_id: int, what: str, why: str) -> Booking:
    """One meeting of a citizen the actor may see; a read by staff or a system is logged."""
    booking = (
        Booking.objects.filter(pk=booking_id, citizen__in=citizens_visible_to(actor))
        .select_related("citizen", "organisation", "caseworker")
        .first()
    )
    if booking is None:
        raise CitizenNotFound(booking_id)
    if actor.is_staff_or_system:
        access_log_record(actor=actor, citizen=booking.citizen, what=what, why=why)
    return booking
