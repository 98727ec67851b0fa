"""A known population for the managers' statistics, built through the real services on the days
things happen (time travel), seen on TODAY (2026-11-16) after the nightly recomputation.

Jobcenter København (101) has these citizens; each line is its interviews and how our measure
counts them on TODAY (RULES.md R47; kontaktforloeb.statistics.timeliness):

- K1 kontanthjælp (jobparat) from 2026-08-03: interview 1 (deadline 2026-08-10) held on its
  deadline, on time; 2–4 due 2027-02-03. The municipality excuses K1 from the offer (R67).
- K2 from 2026-08-24: interview 1 due 2026-08-31 (August's last day), held 2026-09-01: late,
  counted in August.
- K3 from 2026-08-25: interview 1 due 2026-09-01 (September's first day), never held: overdue.
- K4 from 2026-09-10: interview 1 due 2026-09-17, held 2026-09-15 by the caseworker Sanne.
- K5 from 2026-07-27: interview 1 due 2026-08-03, never held: overdue in August.
- K6 from 2026-09-01: interview 1 due 2026-09-08, overdue; the municipality excuses K6 from
  interviews 2–4 (R65), exempted in March 2027.
- K7 from 2026-08-03, aktivitetsparat from 2026-08-20 (same benefit, same period): interview 1
  due 2026-08-10, overdue, in the group aktivitetsparat (which may not be excused, R63).
- K8 from 2026-08-03, deregistered 2026-08-20: interview 1 (due 2026-08-10, before the course
  ended) overdue; 2–4 (due 2027-02-03) lapsed.
- K9 from 2026-11-12: interview 1 due 2026-11-19, not yet: open.
- D1 dagpenge from 2026-08-03 (RULES-2026 S20), member of the a-kasse: interview 1 (a-kasse, due
  2026-08-17) held 2026-08-10 by the a-kasse's caseworker Alma, on time; the a-kasse's manager
  excuses D1 (above 25 %, approved) from interview 2 (due 2026-10-30): exempted in October.
- S21 dagpenge from 2026-05-04 (S21, the 2026-07-01 transition), member of the a-kasse:
  interview 1 (LEAFLET-2024, due 2026-05-18) held 2026-05-12, on time in May; interview 2
  (a-kasse, RS2026-07, due 2026-07-31) not held by the handover on 2026-08-01: overdue in July;
  interviews 3–4 (municipality, RS2026-07, due 2026-10-30): overdue in October.

Jobcenter Aarhus (751) has O1 (kontanthjælp from 2026-08-03, interview 1 overdue in August),
whom København's manager never sees.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from kontaktforloeb.cases.exemptions import interviews_exempt, offer_exempt
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import plans_refresh_due
from kontaktforloeb.cases.registration import Registration, citizen_register
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from tests.support import factories

TODAY = date(2026, 11, 16)
CPH = ZoneInfo("Europe/Copenhagen")
OPERATOR = Actor.of_operator("tests")
_serial = itertools.count(100)


@contextmanager
def on(day: date) -> Iterator[None]:
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=CPH), tick=False):
        yield


@dataclass
class Population:
    jc: Organisation
    ak: Organisation
    other_jc: Organisation
    manager: User
    ak_manager: User
    caseworker: User
    ak_caseworker: User
    administrator: User
    people: dict[str, Citizen]


def register(
    municipality: Organisation,
    day: date,
    name: str,
    group: str = "kontanthjaelp_jobparat",
    akasse: Organisation | None = None,
) -> Citizen:
    with on(day):
        return citizen_register(
            actor=OPERATOR,
            registration=Registration(
                cpr=f"0101851{next(_serial):03d}",
                first_name=name,
                last_name="Testesen",
                municipality=municipality,
                group=group,
                first_day=day,
                akasse=akasse,
            ),
        )


def record(citizen: Citizen, day: date, *events: dict[str, object], by: User | None = None) -> None:
    with on(day):
        case_events_append(
            actor=Actor.of_user(by) if by is not None else OPERATOR,
            citizen=citizen,
            events=[{"date": day.isoformat(), **event} for event in events],
        )


def held(holder: str = "jobcenter") -> dict[str, object]:
    return {"type": "interview_held", "holder": holder, "channel": "in_person"}


def build() -> Population:
    jc = factories.jobcenter(101, "Jobcenter København")
    other_jc = factories.jobcenter(751, "Jobcenter Aarhus")
    ak = factories.akasse("A-kasse Test")
    caseworker = factories.staff(jc, username="sanne")
    caseworker.first_name, caseworker.last_name = "Sanne", "Sagsbehandler"
    caseworker.save()
    ak_caseworker = factories.staff(ak, username="alma")
    ak_caseworker.first_name, ak_caseworker.last_name = "Alma", "Akasse"
    ak_caseworker.save()
    manager = factories.staff(jc, role=User.Role.MANAGER, username="kbh-leder")
    ak_manager = factories.staff(ak, role=User.Role.MANAGER, username="ak-leder")
    administrator = User.objects.create_user(
        username="admin", password=factories.PASSWORD, role=User.Role.ADMINISTRATOR
    )
    p: dict[str, Citizen] = {}
    p["S21"] = register(jc, date(2026, 5, 4), "S21", "dagpenge", ak)
    record(p["S21"], date(2026, 5, 12), held("akasse"))
    p["K5"] = register(jc, date(2026, 7, 27), "K5")
    for name in ("K1", "K7", "K8"):
        p[name] = register(jc, date(2026, 8, 3), name)
    p["D1"] = register(jc, date(2026, 8, 3), "D1", "dagpenge", ak)
    p["O1"] = register(other_jc, date(2026, 8, 3), "O1")
    record(p["K1"], date(2026, 8, 10), held())
    record(p["D1"], date(2026, 8, 10), held("akasse"), by=ak_caseworker)
    with on(date(2026, 8, 10)):
        interviews_exempt(
            actor=Actor.of_user(ak_manager),
            citizen=p["D1"],
            reason="Har jobtilbud på hånden",
            approve=True,
        )
    record(
        p["K7"],
        date(2026, 8, 20),
        {"type": "group_changed", "group": "kontanthjaelp_aktivitetsparat"},
    )
    record(p["K8"], date(2026, 8, 20), {"type": "deregistered"})
    p["K2"] = register(jc, date(2026, 8, 24), "K2")
    p["K3"] = register(jc, date(2026, 8, 25), "K3")
    p["K6"] = register(jc, date(2026, 9, 1), "K6")
    record(p["K2"], date(2026, 9, 1), held())
    with on(date(2026, 9, 1)):
        interviews_exempt(
            actor=Actor.of_user(caseworker), citizen=p["K6"], reason="Starter i job 1. oktober"
        )
    with on(date(2026, 9, 2)):
        offer_exempt(actor=Actor.of_user(caseworker), citizen=p["K1"], reason="Starter i job")
    p["K4"] = register(jc, date(2026, 9, 10), "K4")
    record(p["K4"], date(2026, 9, 15), held(), by=caseworker)
    p["K9"] = register(jc, date(2026, 11, 12), "K9")
    with on(TODAY):
        plans_refresh_due(TODAY)
    return Population(
        jc=jc,
        ak=ak,
        other_jc=other_jc,
        manager=manager,
        ak_manager=ak_manager,
        caseworker=caseworker,
        ak_caseworker=ak_caseworker,
        administrator=administrator,
        people=p,
    )
