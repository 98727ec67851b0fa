"""A known population for the capacity forecast, seen on TODAY (Wednesday 6 January 2027, 09:00
in Copenhagen): plan rows, free times and bookings written directly, so every figure is known.

Week 1 is 4–10 January 2027 (ISO week 1), week 2 11–17 January, week 12 22–28 March.

Jobcenter København's interviews still to be held (holder ``jobcenter``), by deadline week:

- week 1: C (in person, deadline Sunday 10 January, target 8 January); B (any channel, overdue
  since 20 December 2026, target 7 January);
- week 2: A (in person, deadline 12 January, target 5 January: before today, so week 1 by
  target); D (any channel, deadline and target Monday 11 January);
- week 3: five interviews of any channel (W3a–W3d and J, a joint interview with the a-kasse),
  deadline 22 January, target 19 January;
- week 4: four in-person interviews (W4a–W4d), deadline 29 January, target 26 January;
- none by deadline: K (deadline 29 March, week 13; target 22 March, week 12).

Not demand: E (booked: a live booking of its interview), F (the plan says booked), G (held),
H (exempted), I (the a-kasse's interview of a member in København: the a-kasse's demand), O
(Aarhus). Not the a-kasse's demand either: P's a-kasse interview, overdue since before the
handover, without a target date (R3).

København's free times (the caseworker Sanne): week 1 one in-person time (location Nord) and one
phone time (Nord); not counted in week 1: a blocked time, the time E's booking holds, a time
that started at 08:00 today. Week 2: one time offering every channel at Sunday 17 January 23:30
(Syd). Week 3: a phone time at Monday 18 January 00:00 (no location) and two video times (Syd).
Week 4: one in-person time (Nord). The a-kasse has one free time in week 1.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kontaktforloeb.booking.models import Booking, Slot
from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.organisations.models import Location, Organisation, User
from tests.support import factories
from tests.support.statistics_population import CPH, on

__all__ = ["CPH", "TODAY", "Population", "build", "on"]

TODAY = date(2027, 1, 6)
_serial = itertools.count(1)


@dataclass
class Population:
    jc: Organisation
    ak: Organisation
    other_jc: Organisation
    manager: User
    ak_manager: User
    other_manager: User
    caseworker: User
    ak_caseworker: User
    administrator: User
    nord: Location
    syd: Location
    people: dict[str, Citizen]


def interview(
    citizen: Citizen,
    *,
    deadline: date,
    target: date | None,
    in_person: bool = False,
    number: int = 2,
    holder: str = "jobcenter",
    status: str = "open",
    held_on: date | None = None,
    joint: str = "",
) -> PlanItem:
    return PlanItem.objects.create(
        citizen=citizen,
        jobcenter=citizen.jobcenter,
        akasse=citizen.akasse,
        kind=PlanItem.Kind.INTERVIEW,
        number=number,
        holder=holder,
        earliest=min(deadline, TODAY) - timedelta(days=30),
        target_date=target,
        deadline=deadline,
        status=status,
        held_on=held_on,
        joint=joint,
        required_channel="in_person" if in_person else "",
        ruleset_id="RS2026-07",
        parameter_hash="test",
        citizen_last_name=citizen.last_name,
        citizen_first_name=citizen.first_name,
    )


def slot(
    organisation: Organisation,
    caseworker: User,
    start: datetime,
    *,
    location: Location | None = None,
    in_person: bool = False,
    phone: bool = False,
    video: bool = False,
    blocked: bool = False,
) -> Slot:
    return Slot.objects.create(
        organisation=organisation,
        caseworker=caseworker,
        start=start,
        end=start + timedelta(minutes=30),
        location=location,
        offers_in_person=in_person,
        offers_phone=phone,
        offers_video=video,
        blocked=blocked,
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


def book(citizen: Citizen, free: Slot, number: int, holder: str = "jobcenter") -> Booking:
    return Booking.objects.create(
        citizen=citizen,
        slot=free,
        organisation=free.organisation,
        holder=holder,
        caseworker=free.caseworker,
        interview=number,
        start=free.start,
        end=free.end,
        channel="in_person",
        topic="job_search",
        title="Samtale",
        calendar_uid=f"capacity-{next(_serial)}@test",
    )


def build() -> Population:
    jc = factories.jobcenter(101, "Jobcenter København")
    ak = factories.akasse("A-kasse Test")
    other_jc = factories.jobcenter(751, "Jobcenter Aarhus")
    nord = Location.objects.create(
        organisation=jc, name="Jobcenter Nord", street="Nordvej 1", postal_code="2200", city="Kbh"
    )
    syd = Location.objects.create(
        organisation=jc, name="Jobcenter Syd", street="Sydvej 1", postal_code="2300", city="Kbh"
    )
    sanne = factories.staff(jc, username="sanne")
    alma = factories.staff(ak, username="alma")
    population = Population(
        jc=jc,
        ak=ak,
        other_jc=other_jc,
        manager=factories.staff(jc, role=User.Role.MANAGER, username="leder"),
        ak_manager=factories.staff(ak, role=User.Role.MANAGER, username="akleder"),
        other_manager=factories.staff(other_jc, role=User.Role.MANAGER, username="aarhusleder"),
        caseworker=sanne,
        ak_caseworker=alma,
        administrator=User.objects.create_user(
            username="admin", password=factories.PASSWORD, role=User.Role.ADMINISTRATOR
        ),
        nord=nord,
        syd=syd,
        people={},
    )
    people = population.people

    def citizen(name: str, organisation: Organisation = jc, akasse: Organisation | None = None):
        person = factories.citizen(organisation, akasse, first_name=name, last_name="Kapacitetsen")
        PlanItem.objects.filter(citizen=person).delete()
        people[name] = person
        return person

    d = date
    interview(citizen("C"), deadline=d(2027, 1, 10), target=d(2027, 1, 8), in_person=True, number=1)
    interview(citizen("B"), deadline=d(2026, 12, 20), target=d(2027, 1, 7), status="overdue")
    interview(citizen("A"), deadline=d(2027, 1, 12), target=d(2027, 1, 5), in_person=True, number=1)
    interview(citizen("D"), deadline=d(2027, 1, 11), target=d(2027, 1, 11))
    for name in ("W3a", "W3b", "W3c", "W3d"):
        interview(citizen(name), deadline=d(2027, 1, 22), target=d(2027, 1, 19), status="upcoming")
    interview(
        citizen("J", akasse=ak),
        deadline=d(2027, 1, 22),
        target=d(2027, 1, 19),
        number=7,
        joint="required",
    )
    for name in ("W4a", "W4b", "W4c", "W4d"):
        interview(
            citizen(name), deadline=d(2027, 1, 29), target=d(2027, 1, 26), in_person=True, number=1
        )
    interview(citizen("K"), deadline=d(2027, 3, 29), target=d(2027, 3, 22))
    # Not demand on København's free times.
    booked_time = slot(jc, sanne, at(d(2027, 1, 7), 10), location=nord, in_person=True)
    interview(citizen("E"), deadline=d(2027, 1, 14), target=d(2027, 1, 7))
    book(people["E"], booked_time, number=2)
    interview(citizen("F"), deadline=d(2027, 1, 14), target=d(2027, 1, 7), status="booked")
    interview(
        citizen("G"), deadline=d(2027, 1, 14), target=None, status="held", held_on=d(2027, 1, 4)
    )
    interview(citizen("H"), deadline=d(2027, 1, 14), target=None, status="exempted")
    interview(
        citizen("I", akasse=ak), deadline=d(2027, 1, 13), target=d(2027, 1, 12), holder="akasse"
    )
    interview(citizen("O", organisation=other_jc), deadline=d(2027, 1, 8), target=d(2027, 1, 7))
    # The a-kasse's interview not held by the handover: overdue, without a target date (R3).
    interview(
        citizen("P", akasse=ak),
        deadline=d(2026, 12, 1),
        target=None,
        holder="akasse",
        status="overdue",
    )
    # København's free times.
    slot(jc, sanne, at(d(2027, 1, 7), 9), location=nord, in_person=True)
    slot(jc, sanne, at(d(2027, 1, 8), 9), location=nord, phone=True)
    slot(jc, sanne, at(d(2027, 1, 8), 10), location=nord, in_person=True, blocked=True)
    slot(jc, sanne, at(d(2027, 1, 6), 8), location=nord, in_person=True)  # before now
    slot(
        jc, sanne, at(d(2027, 1, 17), 23, 30), location=syd, in_person=True, phone=True, video=True
    )
    slot(jc, sanne, at(d(2027, 1, 18), 0), phone=True)
    slot(jc, sanne, at(d(2027, 1, 20), 9), location=syd, video=True)
    slot(jc, sanne, at(d(2027, 1, 20), 10), location=syd, video=True)
    slot(jc, sanne, at(d(2027, 1, 27), 9), location=nord, in_person=True)
    slot(jc, sanne, at(d(2027, 3, 29), 9), location=nord, in_person=True)  # week 13
    # The a-kasse's.
    slot(ak, alma, at(d(2027, 1, 7), 9), in_person=True, phone=True)
    return population
