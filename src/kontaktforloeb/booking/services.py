"""Writes about meetings: deadlines, bookings, rebookings, cancellations, summons and outcomes.

Each is one transaction that changes the booking rows, appends the case events the rules engine
reads, and recomputes the citizen's plan (through `case_events_append`). The database guards the
invariants (one live booking per slot and per interview; no overlapping meetings on PostgreSQL);
a lost race is answered `SlotTaken` and changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kontaktforloeb.cases.models import Citizen, CitizenPlan
from kontaktforloeb.cases.plans import plan_current, today
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.rules import check_booking_channel, check_deadline_length, format_date

from .errors import (
    AfterLastMeetingDate,
    AlreadyBooked,
    ChannelNotOffered,
    NotAllowed,
    NotBookable,
    OverlappingMeeting,
    SlotTaken,
    SlotUnavailable,
)
from .models import Booking, Channel, Slot, Topic
from .signals import booking_changed

# A citizen can rebook or cancel up to this long before the meeting (R52: "until when").
CHANGEABLE_HOURS_BEFORE = 24


@dataclass(frozen=True)
class DueInterview:
    """What the plan says about one interview, as booking needs it."""

    number: int
    holder: str
    organisation: Organisation
    earliest: date
    deadline: date
    required_channel: str | None
    joint: str
    status: str
    last_meeting_date: date
    open_deadline: date | None


def _plan_document(citizen: Citizen) -> dict[str, Any]:
    stored: CitizenPlan = plan_current(citizen)
    return stored.document("da")


def _holder_organisation(citizen: Citizen, holder: str) -> Organisation:
    """The organisation that holds the plan's `holder`: the citizen's a-kasse, the other actor
    the citizen chose (RULES-2026 R73), or the municipality."""
    if holder == "anden_aktoer":
        if citizen.other_actor is None:
            raise NotBookable(
                "Du har ikke valgt en anden aktør, så samtalen kan ikke bookes endnu.",
                "You have not chosen another actor, so the interview cannot be booked yet.",
            )
        return citizen.other_actor
    organisation = citizen.akasse if holder == "akasse" else citizen.jobcenter
    if organisation is None:
        raise NotBookable(
            "Du er ikke medlem af en a-kasse, så a-kassen kan ikke holde denne samtale.",
            "You are not a member of an a-kasse, so it cannot hold this interview.",
        )
    return organisation


def due_interview(citizen: Citizen, number: int) -> DueInterview:
    """The plan's interview `number` with its holder and the last day a meeting may be held."""
    document = _plan_document(citizen)
    interview = next((i for i in document.get("interviews", []) if i["number"] == number), None)
    if interview is None or interview["status"] in ("held", "held_late", "cancelled"):
        raise NotBookable(
            f"Samtale {number} kan ikke bookes: den er ikke i din plan, eller den er holdt.",
            f"Interview {number} cannot be booked: it is not in your plan, or it has been held.",
        )
    handover = (document.get("handover") or {}).get("date")
    if interview["holder"] != "jobcenter" and handover and today() >= date.fromisoformat(handover):
        # RULES.md R3 [D]: the first holder holds its interviews before the handover.
        raise NotBookable(
            f"Samtale {number} skulle holdes, før kommunen overtog "
            f"{format_date(date.fromisoformat(handover), 'da')}, og kan ikke længere bookes.",
            f"Interview {number} had to be held before the municipality took over on "
            f"{format_date(date.fromisoformat(handover), 'en')}, and can no longer be booked.",
        )
    deadline = date.fromisoformat(interview["deadline"])
    open_deadline = next(
        (d for d in document["selfbooking"]["open_deadlines"] if d["interview"] == number), None
    )
    last = date.fromisoformat(open_deadline["last_meeting_date"]) if open_deadline else deadline
    return DueInterview(
        number=number,
        holder=interview["holder"],
        organisation=_holder_organisation(citizen, interview["holder"]),
        earliest=date.fromisoformat(interview["earliest"]),
        deadline=deadline,
        required_channel=interview["required_channel"],
        joint=interview["joint"],
        status=interview["status"],
        last_meeting_date=last,
        open_deadline=date.fromisoformat(open_deadline["deadline"]) if open_deadline else None,
    )


def _selfbooking_required(citizen: Citizen) -> bool:
    return bool(_plan_document(citizen).get("selfbooking", {}).get("required", False))


def _kind_allowed(slot: Slot, due: DueInterview) -> bool:
    if due.number == 1:
        return slot.allows_first
    if due.joint == "required":
        return slot.allows_joint
    return slot.allows_followup


def _check_staff_of_holder(actor: Actor, due: DueInterview) -> None:
    if actor.is_citizen:
        return
    if actor.organisation != due.organisation:
        raise NotAllowed(
            "Kun den organisation, der holder samtalen, kan gøre dette.",
            "Only the organisation that holds the interview can do this.",
        )


def _check_slot(slot: Slot, due: DueInterview, channel: str, *, summons: bool) -> None:
    if slot.organisation_id != due.organisation.pk or slot.blocked:
        raise SlotUnavailable(
            "Tiden kan ikke bookes til denne samtale. Vælg en anden tid.",
            "This time cannot be booked for this interview. Please choose another time.",
        )
    if slot.start <= timezone.now():
        raise SlotUnavailable(
            "Tiden er allerede passeret. Vælg en anden tid.",
            "This time has already passed. Please choose another time.",
        )
    if not _kind_allowed(slot, due):
        raise SlotUnavailable(
            "Tiden er ikke beregnet til denne slags samtale. Vælg en anden tid.",
            "This time is not meant for this kind of interview. Please choose another time.",
        )
    if channel not in slot.channels:
        raise ChannelNotOffered()
    check_booking_channel(due.required_channel, channel)
    meeting_day = timezone.localtime(slot.start).date()
    if not summons and meeting_day < due.earliest:
        raise SlotUnavailable(
            f"Samtalen kan tidligst holdes {_da(due.earliest)}. Vælg en senere tid.",
            f"The interview can be held from {_en(due.earliest)}. Please choose a later time.",
        )
    if not summons and meeting_day > due.last_meeting_date:
        raise AfterLastMeetingDate(
            f"Mødet skal ligge senest {_da(due.last_meeting_date)}. Vælg en tidligere tid.",
            f"The meeting must be on or before {_en(due.last_meeting_date)}. "
            "Please choose an earlier time.",
        )


def _da(day: date) -> str:
    return format_date(day, "da", weekday=True)


def _en(day: date) -> str:
    return format_date(day, "en", weekday=True)


def _check_free(citizen: Citizen, slot: Slot, ignore: Booking | None = None) -> None:
    """The overlap check SQLite needs (PostgreSQL's exclusion constraints also enforce it)."""
    live = Booking.objects.filter(
        status=Booking.Status.LIVE, start__lt=slot.end, end__gt=slot.start
    )
    if ignore is not None:
        live = live.exclude(pk=ignore.pk)
    if live.filter(Q(slot=slot) | Q(caseworker_id=slot.caseworker_id)).exists():
        raise SlotTaken()
    if live.filter(citizen=citizen).exists():
        raise OverlappingMeeting()


def _meeting_details(
    slot: Slot, channel: str, due: DueInterview, caseworker: User
) -> dict[str, Any]:
    """What R52 says every meeting carries: place, number to call, link, title, caseworker."""
    organisation = due.organisation
    name = caseworker.get_full_name() or caseworker.get_username()
    details: dict[str, Any] = {
        "title": f"Samtale {due.number} med {organisation}",
        "description": f"Jobsamtale med {name}, {organisation}.",
        "address": "",
        "phone_to_call": "",
        "video_link": "",
    }
    if channel == Channel.IN_PERSON and slot.location is not None:
        room = f", {slot.room.name}" if slot.room else ""
        details["address"] = f"{slot.location}{room}"
    elif channel == Channel.PHONE:
        details["phone_to_call"] = "Sagsbehandleren ringer til dit mobilnummer"
    elif channel == Channel.VIDEO:
        details["video_link"] = f"https://video.kontaktforloeb.dk/m/{uuid.uuid4().hex[:12]}"
    return details


def _booked_event(booking: Booking) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "booked",
        "date": today().isoformat(),
        "meeting_date": timezone.localtime(booking.start).date().isoformat(),
        "holder": booking.holder,
        "channel": booking.channel,
        "interview": booking.interview,
    }
    if booking.summoned:
        event["summoned"] = True
    return event


def _insert(booking: Booking) -> None:
    """Save in a savepoint: a violated constraint is a lost race, answered `SlotTaken`."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if "citizen" in str(error) and "overlap" in str(error):
            raise OverlappingMeeting() from None
        raise SlotTaken() from error


def booking_create(
    *,
    actor: Actor,
    citizen: Citizen,
    slot_id: int,
    interview: int,
    channel: str,
    topic: str,
    topic_text: str = "",
    akasse_participates: bool | None = None,
    summons: bool = False,
) -> Booking:
    """Book `slot_id` for interview `interview` (the citizen, or staff on the citizen's behalf).

    With `summons` (staff only, R27) the meeting may lie after the last meeting date and at short
    notice, and self-booking need not be allowed.
    """
    if topic not in Topic.values:
        raise NotBookable(
            "Vælg hvad samtalen skal handle om.", "Choose what the interview is about."
        )
    with transaction.atomic():
        due = due_interview(citizen, interview)
        if summons and actor.is_citizen:
            raise NotAllowed("Kun kommunen og a-kassen kan indkalde.", "Only staff can summon.")
        _check_staff_of_holder(actor, due)
        if actor.is_citizen and not _selfbooking_required(citizen):
            raise NotBookable(
                "Du er fritaget for eller har ikke ret til selvbooking. Kommunen indkalder dig.",
                "You are exempt from or not allowed self-booking. The municipality will summon "
                "you.",
            )
        slot = (
            Slot.objects.select_for_update(of=("self",))
            .select_related("location", "room", "caseworker")
            .get(pk=slot_id)
        )
        _check_slot(slot, due, channel, summons=summons)
        if Booking.objects.filter(
            citizen=citizen, holder=due.holder, interview=interview, status=Booking.Status.LIVE
        ).exists():
            raise AlreadyBooked(interview)
        _check_free(citizen, slot)
        booking = Booking(
            citizen=citizen,
            slot=slot,
            organisation=due.organisation,
            holder=due.holder,
            caseworker=slot.caseworker,
            interview=interview,
            start=slot.start,
            end=slot.end,
            channel=channel,
            topic=topic,
            topic_text=topic_text[:2000],
            akasse_participates=akasse_participates,
            summoned=summons,
            changeable_until=slot.start - timedelta(hours=CHANGEABLE_HOURS_BEFORE),
            calendar_uid=f"{uuid.uuid4()}@kontaktforloeb.dk",
            created_by=actor.user,
            **_meeting_details(slot, channel, due, slot.caseworker),
        )
        _insert(booking)
        events = [_booked_event(booking)]
        if akasse_participates is not None:
            events.append(
                {
                    "type": "akasse_participation",
                    "date": today().isoformat(),
                    "wants": akasse_participates,
                    "interview": interview,
                }
            )
        case_events_append(actor=actor, citizen=citizen, events=events)
        booking_changed(booking, "created")
    return booking


def booking_rebook(
    *, actor: Actor, booking: Booking, slot_id: int, channel: str | None = None
) -> Booking:
    """Move a live booking to another slot in one step: never two live bookings, never none."""
    with transaction.atomic():
        old = Booking.objects.select_for_update().get(pk=booking.pk)
        _check_live(old)
        _check_changeable(actor, old)
        citizen = old.citizen
        due = due_interview(citizen, old.interview)
        _check_staff_of_holder(actor, due)
        slot = (
            Slot.objects.select_for_update(of=("self",))
            .select_related("location", "room", "caseworker")
            .get(pk=slot_id)
        )
        new_channel = channel or old.channel
        _check_slot(slot, due, new_channel, summons=old.summoned and not actor.is_citizen)
        _check_free(citizen, slot, ignore=old)
        old.status = Booking.Status.REBOOKED
        old.save(update_fields=["status"])
        new = Booking(
            citizen=citizen,
            slot=slot,
            organisation=old.organisation,
            holder=old.holder,
            caseworker=slot.caseworker,
            interview=old.interview,
            start=slot.start,
            end=slot.end,
            channel=new_channel,
            topic=old.topic,
            topic_text=old.topic_text,
            akasse_participates=old.akasse_participates,
            summoned=old.summoned,
            changeable_until=slot.start - timedelta(hours=CHANGEABLE_HOURS_BEFORE),
            calendar_uid=old.calendar_uid,
            calendar_sequence=old.calendar_sequence + 1,
            replaces=old,
            created_by=actor.user,
            **_meeting_details(slot, new_channel, due, slot.caseworker),
        )
        _insert(new)
        case_events_append(
            actor=actor,
            citizen=citizen,
            events=[
                {
                    "type": "booking_cancelled",
                    "date": today().isoformat(),
                    "meeting_date": timezone.localtime(old.start).date().isoformat(),
                    "lawful_absence": True,
                    "rebooked": True,
                },
                _booked_event(new),
            ],
        )
        booking_changed(new, "rebooked")
    return new


def _check_live(booking: Booking) -> None:
    if booking.status != Booking.Status.LIVE:
        raise NotBookable(
            "Mødet er allerede ombooket, aflyst eller afholdt.",
            "The meeting has already been rebooked, cancelled or held.",
        )


def _check_changeable(actor: Actor, booking: Booking) -> None:
    if (
        actor.is_citizen
        and booking.changeable_until is not None
        and timezone.now() > booking.changeable_until
    ):
        raise NotBookable(
            "Mødet er for tæt på til at ombooke eller aflyse her. Kontakt din sagsbehandler.",
            "The meeting is too close to rebook or cancel here. Contact your caseworker.",
        )


def booking_cancel(
    *, actor: Actor, booking: Booking, lawful_absence: bool, reason: str = ""
) -> Booking:
    """Cancel (afbud). Without lawful absence it costs a dagpenge recipient the day (R48)."""
    with transaction.atomic():
        live = Booking.objects.select_for_update().get(pk=booking.pk)
        _check_live(live)
        _check_changeable(actor, live)
        live.status = Booking.Status.CANCELLED
        live.calendar_sequence += 1
        live.outcome_notes = reason[:2000]
        live.save(update_fields=["status", "calendar_sequence", "outcome_notes"])
        case_events_append(
            actor=actor,
            citizen=live.citizen,
            events=[
                {
                    "type": "booking_cancelled",
                    "date": today().isoformat(),
                    "meeting_date": timezone.localtime(live.start).date().isoformat(),
                    "lawful_absence": lawful_absence,
                }
            ],
        )
        booking_changed(live, "cancelled")
    return live


def meeting_record_outcome(
    *,
    actor: Actor,
    booking: Booking,
    outcome: str,
    channel: str | None = None,
    notes: str = "",
    lawful_absence: bool = False,
    contact_date: date | None = None,
) -> Booking:
    """Record what happened: `held`, `no_show` (with the lawful-absence judgement) or
    `cancelled_by_organisation`. Only staff of the holding organisation may."""
    if actor.is_citizen or actor.organisation != booking.organisation:
        raise NotAllowed(
            "Kun den organisation, der holder mødet, kan registrere udfaldet.",
            "Only the organisation holding the meeting can record its outcome.",
        )
    meeting_day = timezone.localtime(booking.start).date()
    with transaction.atomic():
        live = Booking.objects.select_for_update().get(pk=booking.pk)
        _check_live(live)
        event: dict[str, Any]
        if outcome == "held":
            live.status = Booking.Status.HELD
            event = {
                "type": "interview_held",
                "date": meeting_day.isoformat(),
                "holder": live.holder,
                "channel": channel or live.channel,
            }
            if live.akasse_participates:
                event["joint"] = True
        elif outcome == "no_show":
            live.status = Booking.Status.NO_SHOW
            event = {
                "type": "interview_missed",
                "date": meeting_day.isoformat(),
                "holder": live.holder,
                "lawful_absence": lawful_absence,
            }
            if contact_date is not None:
                event["contact_date"] = contact_date.isoformat()
        elif outcome == "cancelled_by_organisation":
            live.status = Booking.Status.CANCELLED
            live.calendar_sequence += 1
            event = {
                "type": "booking_cancelled",
                "date": today().isoformat(),
                "meeting_date": meeting_day.isoformat(),
                "lawful_absence": True,
                "by_organisation": True,
            }
        else:
            raise ValueError(f"unknown outcome {outcome!r}")
        live.outcome_notes = notes[:5000]
        live.save(update_fields=["status", "calendar_sequence", "outcome_notes"])
        case_events_append(actor=actor, citizen=live.citizen, events=[event])
        booking_changed(live, outcome)
    return live


def deadline_issue(
    *,
    actor: Actor,
    citizen: Citizen,
    interview: int,
    deadline: date,
    last_meeting_date: date,
    issued_on: date | None = None,
) -> None:
    """Issue a booking deadline (R21, R22): at least 8 days, with a last meeting date."""
    issued_on = issued_on or today()
    with transaction.atomic():
        due = due_interview(citizen, interview)
        _check_staff_of_holder(actor, due)
        if actor.is_citizen:
            raise NotAllowed(
                "Kun kommunen og a-kassen kan give frister.", "Only staff can set deadlines."
            )
        if not _selfbooking_required(citizen):
            raise NotBookable(
                "Borgeren er fritaget for eller frataget selvbooking. Indkald borgeren i stedet.",
                "The citizen is exempt from or denied self-booking. Summon the citizen instead.",
            )
        if due.status == "exempted":  # RULES-2026 R65: no deadline for an exempted interview
            raise NotBookable(
                f"Borgeren er undtaget fra samtale {interview}, så der kan ikke gives en frist "
                "for den. Borgeren kan selv bede om en samtale.",
                f"The citizen is excused from interview {interview}, so no deadline can be set "
                "for it. The citizen can ask for an interview.",
            )
        check_deadline_length(issued_on, deadline)
        if last_meeting_date < deadline:
            raise AfterLastMeetingDate(
                "Sidste mødedato skal ligge på eller efter fristen for at booke.",
                "The last meeting date must be on or after the booking deadline.",
            )
        case_events_append(
            actor=actor,
            citizen=citizen,
            events=[
                {
                    "type": "booking_deadline_issued",
                    "date": issued_on.isoformat(),
                    "deadline": deadline.isoformat(),
                    "last_meeting_date": last_meeting_date.isoformat(),
                    "interview": interview,
                }
            ],
        )


def selfbooking_change(*, actor: Actor, citizen: Citizen, change: str, reason: str) -> None:
    """Exempt (R28), withdraw (R29) or restore self-booking, with the reason. The jobcentre
    decides (LAB § 35), so only the citizen's jobcentre may."""
    if actor.is_citizen or actor.organisation != citizen.jobcenter:
        raise NotAllowed(
            "Kun kommunen kan ændre selvbooking.", "Only the municipality can change this."
        )
    if change not in ("exempted", "withdrawn", "restored"):
        raise ValueError(change)
    if not reason.strip():
        raise NotBookable("Skriv en begrundelse.", "Give a reason.")
    case_events_append(
        actor=actor,
        citizen=citizen,
        events=[{"type": f"selfbooking_{change}", "date": today().isoformat(), "reason": reason}],
    )


# Automatic booking deadlines from the plan's target dates (R21, R22). Product decisions, kept
# here as named values: a deadline is issued once an interview's target date is this close …
AUTO_DEADLINE_LEAD_DAYS = 21
# … the citizen gets at least the legal minimum to book, and the meeting may lie up to a week
# after the target date, never after the interview's legal deadline.
AUTO_MEETING_AFTER_TARGET_DAYS = 7


@dataclass(frozen=True)
class AutoIssued:
    issued: int
    too_late: int


def deadlines_issue_due(on: date | None = None) -> AutoIssued:
    """Issue booking deadlines for interviews whose target date is near (the daily task).

    One deadline at a time per citizen, for the earliest interview due. Skips citizens who are
    exempt or withdrawn (the plan says self-booking is not required), who have an open deadline,
    or who have a live meeting (the next deadline follows once it is held), and an interview whose
    legal
    deadline is too close for a deadline of the minimum length: those are for a summons, and they
    stand on the caseworker's list of interviews due soon.
    """
    from kontaktforloeb.cases.models import PlanItem
    from kontaktforloeb.rules import DeadlineTooShort

    on = on or today()
    operator = Actor.of_operator("kontaktforloeb issue-deadlines")
    issued = too_late = 0
    candidates = (
        PlanItem.objects.filter(
            kind=PlanItem.Kind.INTERVIEW,
            status__in=["open", "upcoming"],
            target_date__lte=on + timedelta(days=AUTO_DEADLINE_LEAD_DAYS),
            deadline__gte=on,
        )
        .exclude(citizen__bookings__status=Booking.Status.LIVE)
        .select_related("citizen", "citizen__jobcenter", "citizen__akasse")
        .order_by("citizen_id", "number")
    )
    seen: set[int] = set()
    for item in candidates:
        citizen = item.citizen
        if citizen.pk in seen or item.target_date is None or item.deadline is None:
            continue
        seen.add(citizen.pk)  # one deadline at a time per citizen: the earliest interview
        document = _plan_document(citizen)
        selfbooking = document.get("selfbooking", {})
        if not selfbooking.get("required") or selfbooking.get("open_deadlines"):
            continue
        minimum = on + timedelta(days=8)
        deadline = max(minimum, item.target_date - timedelta(days=3))
        last = min(item.deadline, item.target_date + timedelta(days=AUTO_MEETING_AFTER_TARGET_DAYS))
        last = max(last, deadline)
        if last > item.deadline:
            too_late += 1
            continue
        try:
            check_deadline_length(on, deadline)
        except DeadlineTooShort:
            too_late += 1
            continue
        case_events_append(
            actor=operator,
            citizen=citizen,
            events=[
                {
                    "type": "booking_deadline_issued",
                    "date": on.isoformat(),
                    "deadline": deadline.isoformat(),
                    "last_meeting_date": last.isoformat(),
                    "interview": item.number,
                }
            ],
        )
        issued += 1
    return AutoIssued(issued=issued, too_late=too_late)
