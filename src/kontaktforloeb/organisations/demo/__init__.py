"""Demo data: fictitious organisations, staff and citizens with realistic contact courses.

Everything is generated from a fixed seed, so two runs produce the same people; running it again
adds nothing. All CPR numbers are fictitious but valid in format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kontaktforloeb.booking.models import Booking, Slot, WorkingPattern
from kontaktforloeb.booking.services import booking_create
from kontaktforloeb.booking.slots import HORIZON_WEEKS, slots_materialise
from kontaktforloeb.cases.models import Citizen, CitizenPlan
from kontaktforloeb.cases.services import case_events_append, citizen_create
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Location, Organisation, Room, User
from kontaktforloeb.rules import BookingRuleError

from .names import FIRST_NAMES, LAST_NAMES

DEMO_PASSWORD = "demo-kontaktforloeb"

JOBCENTRES = [
    (
        101,
        "København",
        "Jobcenter København",
        ("Jobcenter København, Musvågevej", "Musvågevej 19", "2400", "København NV"),
    ),
    (
        751,
        "Aarhus",
        "Jobcenter Aarhus",
        ("Jobcenter Aarhus, Værkmestergade", "Værkmestergade 15", "8000", "Aarhus C"),
    ),
]
AKASSER = [
    (
        "Lønmodtagernes A-kasse",
        ("Lønmodtagernes A-kasse, Vesterbrogade", "Vesterbrogade 40", "1620", "København V"),
    ),
    ("Akademisk A-kasse", ("Akademisk A-kasse, Søndergade", "Søndergade 12", "8000", "Aarhus C")),
]
CASEWORKER_NAMES = [
    ("Mette", "Kjær"),
    ("Lars", "Holm"),
    ("Sofie", "Lund"),
    ("Anders", "Bech"),
    ("Camilla", "Dahl"),
    ("Jonas", "Krogh"),
    ("Louise", "Vinther"),
    ("Rasmus", "Friis"),
    ("Helle", "Skov"),
    ("Mads", "Thygesen"),
    ("Ida", "Brandt"),
    ("Peter", "Juhl"),
]
MANAGER_NAMES = [
    ("Karen", "Østergaard"),
    ("Henrik", "Mølgaard"),
    ("Birgitte", "Lauridsen"),
    ("Søren", "Kirkegaard"),
]

# Groups in roughly Danish proportions of the contact course population.
GROUPS = [
    ("dagpenge", 55),
    ("kontanthjaelp_jobparat", 15),
    ("kontanthjaelp_aktivitetsparat", 18),
    ("uddannelseshjaelp_uddannelsesparat", 7),
    ("uddannelseshjaelp_aktivitetsparat", 5),
]


@dataclass
class SeedResult:
    organisations: int = 0
    staff: int = 0
    citizens: int = 0
    created: int = 0
    bookings: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


def _staff(org: Organisation, username: str, first: str, last: str, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": role,
            "organisation": org,
            "email": f"{username}@demo.kontaktforloeb.dk",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _organisations(result: SeedResult) -> tuple[list[Organisation], list[Organisation]]:
    jobcentres, akasser = [], []
    for code, municipality, name, _place in JOBCENTRES:
        org, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": "jobcenter",
                "municipality_code": code,
                "municipality_name": municipality,
            },
        )
        jobcentres.append(org)
    for name, _place in AKASSER:
        org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": "akasse"})
        akasser.append(org)
    places = [p for *_, p in JOBCENTRES] + [p for _, p in AKASSER]
    for org, (loc_name, street, postal, city) in zip([*jobcentres, *akasser], places, strict=True):
        location, _ = Location.objects.get_or_create(
            organisation=org,
            name=loc_name,
            defaults={"street": street, "postal_code": postal, "city": city},
        )
        for room in ("Mødelokale 1", "Mødelokale 2"):
            Room.objects.get_or_create(location=location, name=room)
    result.organisations = len(jobcentres) + len(akasser)
    return jobcentres, akasser


# Short ASCII names for the demo log-ins, so they are easy to type.
SLUGS = {
    "Jobcenter København": "jc-kbh",
    "Jobcenter Aarhus": "jc-aarhus",
    "Lønmodtagernes A-kasse": "ak-loen",
    "Akademisk A-kasse": "ak-akad",
}


def _people(result: SeedResult, orgs: list[Organisation]) -> None:
    names = iter(CASEWORKER_NAMES)
    for index, org in enumerate(orgs):
        slug = SLUGS[org.name]
        role = User.Role.JOBCENTER_CASEWORKER if org.is_jobcenter else User.Role.AKASSE_CASEWORKER
        for n in range(1, 4):
            first, last = next(names)
            username = f"demo-{slug}-{n}"
            _staff(org, username, first, last, role)
            result.staff += 1
            if n == 1:
                result.logins.append((username, f"{role.label}, {org}"))
        first, last = MANAGER_NAMES[index]
        username = f"demo-{slug}-leder"
        _staff(org, username, first, last, User.Role.MANAGER)
        result.staff += 1
        result.logins.append((username, f"{User.Role.MANAGER.label}, {org}"))


def _cpr(rng: random.Random, used: set[str]) -> tuple[str, date]:
    while True:
        birth = date(1958, 1, 1) + timedelta(days=rng.randrange(365 * 42))
        seventh = rng.randrange(0, 4)  # 0–3: born in the 1900s
        cpr = f"{birth:%d%m%y}{seventh}{rng.randrange(1000):03d}"
        if cpr not in used:
            used.add(cpr)
            return cpr, birth


def _month_reports(start: date, today: date, rng: random.Random) -> list[dict[str, Any]]:
    """Monthly payment reports from the a-kasse for whole past months of the spell."""
    reports = []
    month_start = start
    while True:
        next_month = (month_start.replace(day=1) + timedelta(days=32)).replace(day=1)
        month_end = next_month - timedelta(days=1)
        if month_end >= today:
            break
        weekdays = sum(
            1
            for d in range((month_end - month_start).days + 1)
            if (month_start + timedelta(days=d)).weekday() < 5
        )
        worked = rng.choice([0, 0, 0, 0, 1, 3, 5])  # days with work, not paid
        hours = f"{(weekdays - min(worked, weekdays)) * 7.4:.2f}"
        reports.append(
            {
                "type": "dagpenge_paid",
                "date": (month_end + timedelta(days=5)).isoformat(),
                "from": month_start.isoformat(),
                "to": month_end.isoformat(),
                "hours": hours,
            }
        )
        month_start = next_month
    return [r for r in reports if r["date"] <= today.isoformat()]


def _history(group: str, start: date, today: date, rng: random.Random) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = [
        {
            "type": "registered",
            "date": start.isoformat(),
            "group": group,
            **({"insured": "part_time"} if group == "dagpenge" and rng.random() < 0.1 else {}),
        }
    ]
    days = (today - start).days
    if group == "dagpenge":
        events += _month_reports(start, today, rng)
    if days > 10 and rng.random() < 0.85:
        events.append(
            {
                "type": "cv_published",
                "date": (start + timedelta(days=rng.randrange(3, 20))).isoformat(),
            }
        )
        if rng.random() < 0.8:
            events.append(
                {
                    "type": "cv_approved",
                    "date": (start + timedelta(days=rng.randrange(20, 24))).isoformat(),
                }
            )
    # Interviews held roughly as the law schedules them, some late, some missed.
    holder_first = "akasse" if group == "dagpenge" else "jobcenter"
    schedule = [10, 35, 70, 110, 140, 170] if group == "dagpenge" else [6, 50, 100, 160]
    for number, offset in enumerate(schedule, start=1):
        held_on = start + timedelta(days=offset + rng.randrange(-3, 8))
        while held_on.weekday() >= 5:
            held_on += timedelta(days=1)
        if held_on >= today:
            break
        holder = holder_first if number <= 3 else "jobcenter"
        if rng.random() < 0.06:
            events.append(
                {
                    "type": "interview_missed",
                    "date": held_on.isoformat(),
                    "holder": holder,
                    "lawful_absence": rng.random() < 0.5,
                }
            )
            continue
        channel = (
            "in_person" if number == 1 else rng.choice(["in_person", "in_person", "phone", "video"])
        )
        events.append(
            {
                "type": "interview_held",
                "date": held_on.isoformat(),
                "holder": holder,
                "channel": channel,
            }
        )
    if days > 40 and rng.random() < 0.08:
        sick_from = start + timedelta(days=rng.randrange(20, days - 10))
        events.append(
            {
                "type": "sick",
                "date": sick_from.isoformat(),
                "from": sick_from.isoformat(),
                "to": (sick_from + timedelta(days=rng.randrange(3, 14))).isoformat(),
            }
        )
    if days > 60 and rng.random() < 0.05:
        documented = today - timedelta(days=rng.randrange(1, 20))
        events.append(
            {
                "type": "job_start_documented",
                "date": documented.isoformat(),
                "start_date": (documented + timedelta(days=rng.randrange(7, 40))).isoformat(),
                "kind": "job",
            }
        )
    events.sort(key=lambda e: e["date"])
    return events


def _email(first: str, last: str, index: int) -> str:
    local = f"{first}.{last}.{index}".lower()
    for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), (" ", "")):
        local = local.replace(danish, ascii_)
    return f"{local}@example.dk"


@transaction.atomic
def seed_demo(*, citizens: int = 320, today: date, seed: int = 20240901) -> SeedResult:
    result = SeedResult()

    jobcentres, akasser = _organisations(result)
    _people(result, [*jobcentres, *akasser])
    recorder = Actor.of_operator("seed-demo")
    used: set[str] = set(Citizen.objects.values_list("cpr", flat=True))
    groups, weights = zip(*GROUPS, strict=True)
    for index in range(citizens):
        person_rng = random.Random(seed * 1000 + index)
        cpr, _birth = _cpr(person_rng, set())
        first = person_rng.choice(FIRST_NAMES)
        last = person_rng.choice(LAST_NAMES)
        group = person_rng.choices(groups, weights)[0]
        jobcenter = jobcentres[index % 2]
        akasse = akasser[person_rng.randrange(2)] if group == "dagpenge" else None
        citizen = Citizen.objects.filter(cpr=cpr).first()
        if citizen is None:
            if cpr in used:
                continue
            used.add(cpr)
            citizen = citizen_create(
                actor=recorder,
                cpr=cpr,
                first_name=first,
                last_name=last,
                jobcenter_id=jobcenter.pk,
                akasse_id=akasse.pk if akasse else None,
                email=_email(first, last, index),
                mobile=f"+45 {20000000 + person_rng.randrange(9999999)}",
                language="en" if person_rng.random() < 0.08 else "da",
            )
            start = today - timedelta(days=person_rng.randrange(0, 300))
            case_events_append(
                actor=recorder, citizen=citizen, events=_history(group, start, today, person_rng)
            )
            result.created += 1
        if index < 6:
            username = f"demo-borger-{index + 1}"
            if citizen.user_id is None:
                citizen.user = User.objects.create_user(
                    username=username,
                    first_name=citizen.first_name,
                    last_name=citizen.last_name,
                    role=User.Role.CITIZEN,
                    email=citizen.email,
                )
                citizen.save(update_fields=["user"])
            result.logins.append((username, f"{User.Role.CITIZEN.label}: {citizen.name}"))
        result.citizens += 1
    _calendars(result, [*jobcentres, *akasser], today)
    return result


# Each demo caseworker's week (by their number in the organisation): weekdays, hours, break.
WORKING_WEEKS = {
    1: ([0, 1, 2, 3, 4], time(9), time(15), (time(12), time(12, 30))),
    2: ([0, 1, 3, 4], time(8, 30), time(14), (time(11, 45), time(12, 15))),
    3: ([1, 2, 3], time(10), time(16), (time(12, 30), time(13))),
}
BOOKINGS_PER_ORGANISATION = 4


def _calendars(result: SeedResult, orgs: list[Organisation], today: date) -> None:
    """Working hours for every demo caseworker, free times 12 weeks ahead, and a few meetings
    booked through the booking service (so the cases' events and plans follow)."""
    for org in orgs:
        location = Location.objects.filter(organisation=org).order_by("pk").first()
        caseworkers = User.objects.filter(
            organisation=org, username__startswith="demo-", role__in=_CASEWORKER_ROLES
        ).order_by("username")
        for caseworker in caseworkers:
            number = int(caseworker.username.rsplit("-", 1)[1])
            weekdays, start, end, (pause_start, pause_end) = WORKING_WEEKS[number]
            for weekday in weekdays:
                WorkingPattern.objects.get_or_create(
                    caseworker=caseworker,
                    weekday=weekday,
                    start_time=start,
                    defaults={
                        "organisation": org,
                        "end_time": end,
                        "break_start": pause_start,
                        "break_end": pause_end,
                        "slot_minutes": 45,
                        "location": location,
                        "valid_from": today - timedelta(weeks=4),
                    },
                )
    patterns = WorkingPattern.objects.filter(
        organisation__in=orgs, caseworker__username__startswith="demo-"
    ).select_related("location", "room")
    slots_materialise(patterns, today, today + timedelta(weeks=HORIZON_WEEKS))
    for org in orgs:
        result.bookings += _demo_bookings(org, today)


_CASEWORKER_ROLES = [User.Role.AKASSE_CASEWORKER, User.Role.JOBCENTER_CASEWORKER]


def _demo_bookings(org: Organisation, today: date) -> int:
    """Summon a few citizens whose next interview is with `org`; once only."""
    if Booking.objects.filter(organisation=org).exists():
        return 0
    holder = "jobcenter" if org.is_jobcenter else "akasse"
    members = Citizen.objects.filter(**{holder: org}).order_by("pk")
    plans = CitizenPlan.objects.filter(citizen__in=members[:60]).select_related("citizen")
    caseworkers = list(
        User.objects.filter(
            organisation=org, username__startswith="demo-", role__in=_CASEWORKER_ROLES
        )
    )
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(0)))
    not_before = max(timezone.now(), tomorrow)
    made = 0
    for index, plan in enumerate(plans):
        if made >= BOOKINGS_PER_ORGANISATION or not caseworkers:
            break
        due = next(
            (
                i
                for i in plan.document_da.get("interviews", [])
                if i["holder"] == holder and i["status"] in ("open", "upcoming", "overdue")
            ),
            None,
        )
        if due is None:
            continue
        caseworker = caseworkers[made % len(caseworkers)]
        free = (
            Slot.objects.filter(caseworker=caseworker, blocked=False, start__gt=not_before)
            .exclude(bookings__status=Booking.Status.LIVE)
            .order_by("start")
        )
        offset = made * 9 + index % 2  # spread over the coming days
        slot = next(iter(free[offset : offset + 1]), None)
        if slot is None:
            continue
        try:
            booking_create(
                actor=Actor.of_user(caseworker),
                citizen=plan.citizen,
                slot_id=slot.pk,
                interview=due["number"],
                channel="in_person",
                topic="job_search",
                summons=True,
            )
        except BookingRuleError:
            continue
        made += 1
    return made
