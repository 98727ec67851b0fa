"""Free times for tests: a fixed Tuesday, Copenhagen clock times, and weekday working patterns
made into slots the way the calendar does it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kontaktforloeb.booking.models import Slot, WorkingPattern
from kontaktforloeb.booking.slots import slots_materialise
from kontaktforloeb.organisations.models import User

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = date(2024, 9, 3)  # a Tuesday


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """`day` at `hour`:`minute`, Copenhagen time."""
    return datetime.combine(day, time(hour, minute), tzinfo=CPH)


def weekday_free_times(workers: Iterable[User], *, start: date = TODAY, weeks: int = 16) -> None:
    """Weekday free times 9–12 (45 minutes) for each caseworker, materialised for `weeks`."""
    workers = list(workers)
    for worker in workers:
        for weekday in range(5):
            WorkingPattern.objects.create(
                caseworker=worker,
                organisation=worker.organisation,
                weekday=weekday,
                start_time=time(9),
                end_time=time(12),
                slot_minutes=45,
                valid_from=start,
            )
    slots_materialise(
        WorkingPattern.objects.filter(caseworker__in=workers), start, start + timedelta(weeks=weeks)
    )


def slot_of(worker: User, day: date, hour: int, minute: int = 0) -> Slot:
    return Slot.objects.get(caseworker=worker, start=at(day, hour, minute))
