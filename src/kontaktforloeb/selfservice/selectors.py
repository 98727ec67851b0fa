"""Reads for the citizen's own pages. Each starts from the citizen the gate
(`citizen_required`) found, so another citizen's meeting or message is simply not there (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.http import Http404

from kontaktforloeb.booking.models import Booking, PreparationNote, Slot
from kontaktforloeb.booking.selectors import slots_free_for_interview
from kontaktforloeb.booking.slots import COPENHAGEN
from kontaktforloeb.cases.models import Citizen, CitizenPlan, InterviewRequest
from kontaktforloeb.notifications.models import Message
from kontaktforloeb.rules.dates import add_months

# R5: after the first six months the interviews follow an individual assessment.
MONTHS_BEFORE_INDIVIDUAL_ASSESSMENT = 6
NEAREST_FREE_TIMES = 5


def own_booking(citizen: Citizen, booking_id: int) -> Booking:
    booking = (
        Booking.objects.filter(pk=booking_id, citizen=citizen)
        .select_related("organisation", "caseworker", "citizen", "slot")
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def own_meetings(citizen: Citizen) -> QuerySet[Booking]:
    """The citizen's meetings, leaving out the old times of rebooked ones."""
    return (
        Booking.objects.filter(citizen=citizen)
        .exclude(status=Booking.Status.REBOOKED)
        .select_related("organisation", "caseworker")
        .order_by("start", "pk")
    )


def live_meetings_by_interview(citizen: Citizen) -> dict[tuple[str, int], Booking]:
    return {
        (b.holder, b.interview): b
        for b in Booking.objects.filter(citizen=citizen, status=Booking.Status.LIVE)
    }


def own_messages(citizen: Citizen) -> QuerySet[Message]:
    return Message.objects.filter(citizen=citizen).order_by("-created_at", "-id")


def own_message(citizen: Citizen, message_id: int) -> Message:
    message = own_messages(citizen).filter(pk=message_id).select_related("booking").first()
    if message is None:
        raise Http404
    return message


def preparation_for(citizen: Citizen, booking: Booking | None) -> PreparationNote | None:
    """The note for the meeting; failing that, what the citizen wrote before booking."""
    if booking is not None:
        note = PreparationNote.objects.filter(booking=booking).first()
        if note is not None:
            return note
    return PreparationNote.objects.filter(citizen=citizen, booking=None).first()


def individual_assessment_from(plan: CitizenPlan) -> date | None:
    """The first day the citizen may ask for an interview (R5): six months into the spell."""
    if plan.spell_start is None:
        return None
    return add_months(plan.spell_start, MONTHS_BEFORE_INDIVIDUAL_ASSESSMENT)


def open_interview_requests(citizen: Citizen) -> QuerySet[InterviewRequest]:
    return InterviewRequest.objects.filter(citizen=citizen, handled_at__isnull=True)


@dataclass(frozen=True)
class FreeDay:
    day: date
    slots: list[Slot]


def free_week(citizen: Citizen, interview: int, monday: date) -> list[FreeDay]:
    """The free times of one week for the interview, by day (weekdays only, as slots are)."""
    slots = slots_free_for_interview(
        citizen=citizen, interview=interview, start=monday, end=monday + timedelta(days=6)
    )
    days = {monday + timedelta(days=n): FreeDay(monday + timedelta(days=n), []) for n in range(5)}
    for slot in slots:
        local = slot.start.astimezone(COPENHAGEN).date()
        days.setdefault(local, FreeDay(local, [])).slots.append(slot)
    return [days[d] for d in sorted(days)]


def first_free(citizen: Citizen, interview: int) -> Slot | None:
    return slots_free_for_interview(citizen=citizen, interview=interview).first()


def nearest_free(citizen: Citizen, interview: int, around: datetime) -> list[Slot]:
    """The free times closest to `around` (before or after), earliest first."""
    day = around.astimezone(COPENHAGEN).date()
    slots = list(
        slots_free_for_interview(
            citizen=citizen,
            interview=interview,
            start=day - timedelta(days=14),
            end=day + timedelta(days=14),
        )[:200]
    )
    slots.sort(key=lambda s: abs((s.start - around).total_seconds()))
    return sorted(slots[:NEAREST_FREE_TIMES], key=lambda s: s.start)
