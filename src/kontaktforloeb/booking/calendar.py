"""The caseworker's calendar: closed days, working hours, blocking a slot, and regenerating the
free times after the working hours change.

Writes take the acting `Actor` and run in one transaction each; a slot or calendar that is not the
actor's own is `SlotNotFound`, which the pages answer with 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import holidays
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from kontaktforloeb.cases.plans import today
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User

from .models import Booking, ClosingDay, PatternException, Slot, WorkingPattern
from .slots import COPENHAGEN, HORIZON_WEEKS, slots_materialise

# Bookings that still say what happened in a slot (a rebooked or cancelled one frees it).
SHOWN_STATUSES = (Booking.Status.LIVE, Booking.Status.HELD, Booking.Status.NO_SHOW)


class SlotNotFound(Exception):
    """The slot or calendar is not the actor's own, or does not exist (answered 404)."""


def local(day: date, at: time = time(0)) -> datetime:
    return datetime.combine(day, at, tzinfo=COPENHAGEN)


def closed_days(
    organisation_id: int, first: date, last: date, language: str = "da"
) -> dict[date, str]:
    """Danish public holidays (by name) and the organisation's closing days."""
    names = holidays.country_holidays(
        "DK", years=range(first.year, last.year + 1), language="da" if language == "da" else "en_US"
    )
    closed = {day: str(name) for day, name in names.items() if first <= day <= last}
    for closing in ClosingDay.objects.filter(
        organisation_id=organisation_id, date__range=(first, last)
    ):
        reason = closing.reason or gettext("Lukket")
        closed.setdefault(closing.date, reason)
    return closed


class SlotNotChangeable(Exception):
    """The slot is booked or has passed, so it cannot be blocked or freed."""


def slot_block_set(*, actor: Actor, caseworker: User, slot_id: int, blocked: bool) -> Slot:
    """Block or free one of the acting caseworker's own free times (one transaction)."""
    if actor.user != caseworker:
        raise SlotNotFound
    with transaction.atomic():
        slot = (
            Slot.objects.select_for_update()
            .filter(pk=slot_id, caseworker=caseworker, organisation=actor.organisation)
            .first()
        )
        if slot is None:
            raise SlotNotFound
        live = slot.bookings.filter(status__in=SHOWN_STATUSES).exists()
        if live or slot.start <= timezone.now():
            raise SlotNotChangeable
        if slot.blocked != blocked:
            slot.blocked = blocked
            slot.save(update_fields=["blocked"])
    return slot


@dataclass(frozen=True)
class Regenerated:
    added: int
    removed: int
    outside: list[Booking]


_OFFER = (
    "end",
    "slot_minutes",
    "offers_in_person",
    "offers_phone",
    "offers_video",
    "allows_first",
    "allows_followup",
    "allows_joint",
    "location_id",
    "room_id",
    "pattern_id",
)


class _Undo(Exception):
    pass


def within_hours(start: datetime, end: datetime, caseworker: User) -> bool:
    """Whether a meeting lies inside the caseworker's working hours (patterns, extra hours and
    absences), on a day that is not a holiday or closing day."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    day = start.date()
    assert caseworker.organisation_id is not None
    if day in closed_days(caseworker.organisation_id, day, day):
        return False
    exceptions = list(PatternException.objects.filter(caseworker=caseworker, date=day))
    for exception in exceptions:
        if exception.kind != PatternException.Kind.ABSENCE:
            continue
        if exception.start_time is None or exception.end_time is None:
            return False
        if start.time() < exception.end_time and exception.start_time < end.time():
            return False
    spans = [
        (e.start_time, e.end_time)
        for e in exceptions
        if e.kind == PatternException.Kind.EXTRA and e.start_time and e.end_time
    ]
    for pattern in WorkingPattern.objects.filter(
        caseworker=caseworker, weekday=day.weekday(), valid_from__lte=day
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)):
        pause = (pattern.break_start, pattern.break_end)
        if pause[0] and pause[1] and start.time() < pause[1] and pause[0] < end.time():
            continue
        spans.append((pattern.start_time, pattern.end_time))
    return any(a <= start.time() and end.time() <= b for a, b in spans if a and b)


def slots_regenerate(*, actor: Actor, caseworker: User) -> Regenerated:
    """Bring the caseworker's future free times in line with their patterns and exceptions.

    Free times that were never booked and no longer fit are removed; new ones are made; those
    that still fit keep their identity and their blocked state. Booked meetings are never touched;
    the live ones now outside the working hours are returned so the page can say so.
    """
    if actor.user != caseworker:
        raise SlotNotFound
    now = timezone.now()
    first = today()
    last = first + timedelta(weeks=HORIZON_WEEKS)
    patterns = WorkingPattern.objects.filter(caseworker=caseworker).select_related(
        "location", "room"
    )
    with transaction.atomic():
        future = Slot.objects.filter(caseworker=caseworker, start__gt=now, start__lt=local(last))
        never_booked = future.filter(~Exists(Booking.objects.filter(slot=OuterRef("pk"))))
        # Work out what the patterns make now, then undo it, to compare with what there is.
        desired: dict[datetime, tuple[Any, ...]] = {}
        try:
            with transaction.atomic():
                never_booked.delete()
                slots_materialise(patterns, first, last)
                for values in never_booked.values_list("start", *_OFFER):
                    desired[values[0]] = values[1:]
                raise _Undo
        except _Undo:
            pass
        existing = {
            v[1]: (v[0], v[2], v[3:])
            for v in never_booked.values_list("pk", "start", "blocked", *_OFFER)
        }
        taken = list(
            Booking.objects.filter(
                caseworker=caseworker, status=Booking.Status.LIVE, end__gt=now
            ).values_list("start", "end")
        )
        booked_starts = set(
            future.exclude(pk__in=never_booked.values("pk")).values_list("start", flat=True)
        )
        stale = [pk for start, (pk, _b, offer) in existing.items() if desired.get(start) != offer]
        blocked_before = {start for start, (_pk, b, _o) in existing.items() if b}
        Slot.objects.filter(pk__in=stale).delete()
        kept = {
            start for start, (_pk, _b, offer) in existing.items() if desired.get(start) == offer
        }
        new = []
        for start, offer in desired.items():
            values = dict(zip(_OFFER, offer, strict=True))
            if (
                start in kept
                or start in booked_starts
                or any(a < values["end"] and start < b for a, b in taken)
            ):
                continue
            new.append(
                Slot(
                    organisation=caseworker.organisation,
                    caseworker=caseworker,
                    start=start,
                    blocked=start in blocked_before,
                    **values,
                )
            )
        Slot.objects.bulk_create(new, ignore_conflicts=True)
        # Freed again after a cancellation but now outside the hours: no longer offered.
        for slot in future.filter(blocked=False).exclude(pk__in=never_booked.values("pk")):
            if not slot.bookings.filter(status=Booking.Status.LIVE).exists() and not within_hours(
                slot.start, slot.end, caseworker
            ):
                slot.blocked = True
                slot.save(update_fields=["blocked"])
        removed = len({s for s, (pk, _b, _o) in existing.items() if pk in stale} - set(desired))
        added = len({s.start for s in new} - set(existing))
    return Regenerated(added=added, removed=removed, outside=bookings_outside_hours(caseworker))


def bookings_outside_hours(caseworker: User) -> list[Booking]:
    """The caseworker's coming live meetings that now lie outside their working hours."""
    live = Booking.objects.filter(
        caseworker=caseworker, status=Booking.Status.LIVE, start__gt=timezone.now()
    ).select_related("citizen")
    return [b for b in live if not within_hours(b.start, b.end, caseworker)]
