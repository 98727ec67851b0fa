"""Booking races, with real parallel database connections: the database decides, not luck.

Fifty citizens, each in their own thread with their own connection, press "book" at the same
moment (a barrier releases them together). On PostgreSQL the slot row lock and the constraints
decide; on SQLite the IMMEDIATE transactions serialise the writers. Runs on whichever database
the suite is configured with.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from kontaktforloeb.booking.errors import SlotTaken
from kontaktforloeb.booking.models import Booking, Slot, WorkingPattern
from kontaktforloeb.booking.services import booking_create
from kontaktforloeb.booking.slots import slots_materialise
from kontaktforloeb.cases.models import CaseEvent, Citizen
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User
from tests.support import factories

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = date(2024, 9, 3)  # a Tuesday
CLIENTS = 50
# Generous: a lost wake-up would show as a failure here, not as a hung test run.
JOIN_SECONDS = 60


@pytest.fixture
def shared_database(transactional_db: None) -> None:
    """A database every thread's own connection reaches: committed rows, and on SQLite a file
    (the test settings put the SQLite test database in a file), where each connection waits its
    turn (IMMEDIATE transactions, 20 s timeout, as in production)."""
    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(datetime.combine(TODAY, time(8), tzinfo=CPH), tick=False):
        yield


@pytest.fixture
def citizens(shared_database: None, clock: None) -> tuple[User, list[Citizen]]:
    """Fifty dagpenge members of one a-kasse, registered yesterday (interview 1 by 16 Sep), and
    two caseworkers with weekday free times 9–15 for the next two weeks."""
    jobcentre = factories.jobcenter(101, "Jobcenter København")
    akasse = factories.akasse("A-kasse Et")
    workers = [factories.staff(akasse, username=f"ak-{n}") for n in range(2)]
    for worker in workers:
        for weekday in range(5):
            WorkingPattern.objects.create(
                caseworker=worker,
                organisation=akasse,
                weekday=weekday,
                start_time=time(9),
                end_time=time(15),
                slot_minutes=45,
                valid_from=TODAY,
            )
    slots_materialise(WorkingPattern.objects.all(), TODAY, TODAY + timedelta(weeks=2))
    people = []
    for n in range(CLIENTS):
        person = factories.citizen(jobcentre, akasse, with_user=True, cpr=f"01019{n:05d}")
        case_events_append(
            actor=Actor.of_user(workers[0]),
            citizen=person,
            events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
        )
        people.append(
            Citizen.objects.select_related("user", "jobcenter", "akasse").get(pk=person.pk)
        )
    return workers[0], people


def race(jobs: list[Callable[[], Booking]]) -> list[Booking | BaseException]:
    """Run every job in its own thread and connection, all released at once by a barrier."""
    barrier = threading.Barrier(len(jobs))
    results: list[Booking | BaseException | None] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Booking]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=JOIN_SECONDS)
            results[index] = job()
        except BaseException as error:  # reported to the test below
            barrier.abort()
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a booking never finished"
    assert all(result is not None for result in results)
    return [result for result in results if result is not None]


def booking_job(citizen: Citizen, slot_id: int) -> Callable[[], Booking]:
    assert citizen.user is not None
    actor = Actor.of_user(citizen.user)

    def job() -> Booking:
        return booking_create(
            actor=actor,
            citizen=citizen,
            slot_id=slot_id,
            interview=1,
            channel="in_person",
            topic="job_search",
        )

    return job


def test_fifty_citizens_pressing_book_on_one_time_get_one_booking(citizens):
    _worker, people = citizens
    slot = Slot.objects.order_by("start", "pk").first()
    assert slot is not None
    results = race([booking_job(person, slot.pk) for person in people])

    won = [result for result in results if isinstance(result, Booking)]
    lost = [result for result in results if not isinstance(result, Booking)]
    assert len(won) == 1, lost[:3]
    assert len(lost) == CLIENTS - 1
    assert all(isinstance(error, SlotTaken) for error in lost), {type(e) for e in lost}
    assert lost[0].message("en") == "That time was just taken. Please choose another."
    assert Booking.objects.count() == 1
    assert Booking.objects.get().citizen_id == won[0].citizen_id
    assert CaseEvent.objects.filter(type="booked").count() == 1


def test_fifty_citizens_booking_fifty_times_at_once_all_succeed(citizens):
    _worker, people = citizens
    slots = list(Slot.objects.order_by("start", "pk")[:CLIENTS])
    assert len(slots) == CLIENTS
    results = race(
        [booking_job(person, slot.pk) for person, slot in zip(people, slots, strict=True)]
    )

    failures = [result for result in results if not isinstance(result, Booking)]
    assert failures == []
    assert Booking.objects.filter(status="live").count() == CLIENTS
    assert Booking.objects.values("slot").distinct().count() == CLIENTS
    assert CaseEvent.objects.filter(type="booked").count() == CLIENTS
