"""Reads for the case page: the timeline with the caseworker's planned interviews, and the
meetings of both organisations with what each may read of the other's notes (R4, R52)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.booking.selectors import citizen_bookings
from kontaktforloeb.cases.models import Citizen, CitizenPlan, PlanItem
from kontaktforloeb.cases.plans import plan_timeline, today
from kontaktforloeb.organisations.access import Actor

from .models import PlannedInterview


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: a duty of the plan, or an interview the caseworker planned."""

    item: PlanItem | None = None
    planned: PlannedInterview | None = None
    # A consequence: what was decided, by whom, when and why; or the form to decide it, for the
    # organisation that decides it (`actions_consequences`).
    decision: str = ""
    decision_form: Any = None


def case_timeline(plan: CitizenPlan) -> list[TimelineEntry]:
    """The plan's rows in reading order, with planned interviews (R5) placed at their dates."""
    items = plan_timeline(plan)
    planned = list(
        PlannedInterview.objects.filter(citizen_id=plan.citizen_id).select_related(
            "organisation", "created_by"
        )
    )
    entries: list[tuple[date, int, TimelineEntry]] = []
    for index, item in enumerate(items):
        when = item.held_on or item.deadline or item.earliest or date.max
        entries.append((when, index, TimelineEntry(item=item)))
    for row in planned:
        entries.append((row.date, len(items) + row.pk, TimelineEntry(planned=row)))
    return [entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


def notes_visible(booking: Booking, actor: Actor, handover: date | None, on: date) -> bool:
    """Whether the actor may read the meeting's notes: always its own organisation's; the
    a-kasse's notes, and another actor's (R73), are the jobcentre's to read from the handover on
    (R4), not before."""
    organisation = actor.organisation
    if organisation is None or booking.organisation_id == organisation.pk:
        return True
    if organisation.is_jobcenter and booking.holder in ("akasse", "anden_aktoer"):
        return handover is not None and on >= handover
    return False


@dataclass(frozen=True)
class CaseMeeting:
    booking: Booking
    notes_visible: bool
    ours: bool


def case_meetings(citizen: Citizen, actor: Actor, handover: date | None) -> list[CaseMeeting]:
    """Both organisations' meetings with the citizen, earliest first (rebooked ones left out:
    their replacement is shown)."""
    on = today()
    organisation_id = actor.organisation.pk if actor.organisation is not None else None
    bookings = (
        citizen_bookings(citizen)
        .exclude(status=Booking.Status.REBOOKED)
        .select_related("preparation")
    )
    return [
        CaseMeeting(
            booking=booking,
            notes_visible=notes_visible(booking, actor, handover, on),
            ours=booking.organisation_id == organisation_id,
        )
        for booking in bookings
    ]
