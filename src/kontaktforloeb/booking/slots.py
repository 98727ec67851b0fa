"""Slots: bookable times materialised from working patterns for the coming weeks.

Slots are rows so that search and the database constraints work on them. A task keeps the horizon
filled (`slots_fill_horizon`); making slots twice is harmless (one slot per caseworker and start).
Danish public holidays and the organisation's closing days have no slots, nor do absences.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.db.models import QuerySet

from .models import ClosingDay, PatternException, Slot, SlotOffer, WorkingPattern

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
HORIZON_WEEKS = 12


def _danish_holidays(start: date, end: date) -> set[date]:
    years = range(start.year, end.year + 1)
    return set(holidays.country_holidays("DK", years=years).keys())


def _times(day: date, start: time, end: time, minutes: int) -> Iterable[tuple[datetime, datetime]]:
    moment = datetime.combine(day, start, tzinfo=COPENHAGEN)
    stop = datetime.combine(day, end, tzinfo=COPENHAGEN)
    step = timedelta(minutes=minutes)
    while moment + step <= stop:
        yield moment, moment + step
        moment += step


def _overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _slot(offer: SlotOffer, **fields: object) -> Slot:
    return Slot(
        slot_minutes=offer.slot_minutes,
        offers_in_person=offer.offers_in_person,
        offers_phone=offer.offers_phone,
        offers_video=offer.offers_video,
        allows_first=offer.allows_first,
        allows_followup=offer.allows_followup,
        allows_joint=offer.allows_joint,
        location=offer.location,
        room=offer.room,
        **fields,
    )


def slots_materialise(patterns: QuerySet[WorkingPattern], start: date, end: date) -> int:
    """Create the slots of `patterns` for the days from `start` to `end`. Returns how many rows
    were offered to the database (existing slots are left as they are)."""
    closed = _danish_holidays(start, end)
    caseworkers = {p.caseworker_id for p in patterns}
    closing = set(
        ClosingDay.objects.filter(
            organisation__in={p.organisation_id for p in patterns}, date__range=(start, end)
        ).values_list("organisation_id", "date")
    )
    exceptions = list(
        PatternException.objects.filter(caseworker__in=caseworkers, date__range=(start, end))
    )
    absences: dict[tuple[int, date], list[tuple[datetime, datetime] | None]] = {}
    for exception in exceptions:
        if exception.kind != PatternException.Kind.ABSENCE:
            continue
        key = (exception.caseworker_id, exception.date)
        if exception.start_time is None or exception.end_time is None:
            absences.setdefault(key, []).append(None)
        else:
            absences.setdefault(key, []).append(
                (
                    datetime.combine(exception.date, exception.start_time, tzinfo=COPENHAGEN),
                    datetime.combine(exception.date, exception.end_time, tzinfo=COPENHAGEN),
                )
            )
    new: list[Slot] = []
    day = start
    while day <= end:
        if day not in closed:
            for pattern in patterns:
                if pattern.weekday != day.weekday() or (pattern.organisation_id, day) in closing:
                    continue
                if day < pattern.valid_from or (pattern.valid_to and day > pattern.valid_to):
                    continue
                away = absences.get((pattern.caseworker_id, day), [])
                if None in away:
                    continue
                pause = None
                if pattern.break_start and pattern.break_end:
                    pause = (
                        datetime.combine(day, pattern.break_start, tzinfo=COPENHAGEN),
                        datetime.combine(day, pattern.break_end, tzinfo=COPENHAGEN),
                    )
                for span in _times(day, pattern.start_time, pattern.end_time, pattern.slot_minutes):
                    if pause and _overlaps(span, pause):
                        continue
                    if any(a is not None and _overlaps(span, a) for a in away):
                        continue
                    new.append(
                        _slot(
                            pattern,
                            organisation_id=pattern.organisation_id,
                            caseworker_id=pattern.caseworker_id,
                            start=span[0],
                            end=span[1],
                            pattern=pattern,
                        )
                    )
        day += timedelta(days=1)
    for exception in exceptions:
        if exception.kind != PatternException.Kind.EXTRA or exception.date in closed:
            continue
        if exception.start_time is None or exception.end_time is None:
            continue
        for span in _times(
            exception.date, exception.start_time, exception.end_time, exception.slot_minutes
        ):
            new.append(
                _slot(
                    exception,
                    organisation_id=exception.organisation_id,
                    caseworker_id=exception.caseworker_id,
                    start=span[0],
                    end=span[1],
                )
            )
    Slot.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new)


def slots_fill_horizon(today: date, weeks: int = HORIZON_WEEKS) -> int:
    """Keep every caseworker's slots materialised `weeks` ahead (the daily task)."""
    patterns = WorkingPattern.objects.select_related("location", "room")
    return slots_materialise(patterns, today, today + timedelta(weeks=weeks))
