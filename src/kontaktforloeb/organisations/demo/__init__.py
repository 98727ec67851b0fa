"""Demo data: fictitious organisations, staff and citizens with realistic contact courses.

Everything is generated from a fixed seed, so two runs for the same day produce the same people
and histories; running it again adds nothing. All CPR numbers are fictitious but valid in format.
The interviews follow the engine's plan for each spell (`history`), so spells from 2025, from
before 1 July 2026 (R60) and from after it each show their law; the citizens of `stories` show
exemptions and the offer duty, decided through the services. The CVs are brought in through the
CV module with the days of their history (`cv`), so the CV section and the plan agree. A spell from 2027 cannot have begun
on the demo's day, so it is a case file instead: docs/cases/rs2027-akasse-trial.json. Another
actor of the 2027 trials, Jobformidling Øst, has its staff and free times; its citizens, and
those of the a-kasse trial, are seeded once the demo's day is in the trials (`trials`).
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
from kontaktforloeb.organisations.models import (
    CASEWORKER_ROLES,
    Location,
    Organisation,
    Room,
    User,
)
from kontaktforloeb.rules import BookingRuleError

from .cv import record_demo_cv, without_cv
from .history import cpr_number, email_address, history
from .names import FIRST_NAMES, LAST_NAMES
from .stories import seed_stories
from .trials import demo_actor, seed_trial_citizens

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


# Every sixth demo citizen has been unemployed for one to two years (seeded in December 2026:
# since 2025), so the closed windows show the law of 2024 and, where the 16-month interview was
# still due on 1 July 2026, that window the new law (R60).
EARLIER_EVERY = 6
EARLIER_DAYS = (340, 670)
CITIZEN_LOGINS = 6


def _citizen_user(citizen: Citizen, username: str) -> User:
    if citizen.user is None:
        citizen.user = User.objects.create_user(
            username=username,
            first_name=citizen.first_name,
            last_name=citizen.last_name,
            role=User.Role.CITIZEN,
            email=citizen.email,
        )
        citizen.save(update_fields=["user"])
    return citizen.user


def _citizen_login(result: SeedResult, citizen: Citizen, username: str, about: str = "") -> None:
    user = _citizen_user(citizen, username)
    description = f"{User.Role.CITIZEN.label}: {citizen.name}"
    result.logins.append((user.username, f"{description} – {about}" if about else description))


def _story_username(number: int) -> str:
    return f"demo-borger-{CITIZEN_LOGINS + number}"


def _story_user(citizen: Citizen, number: int) -> None:
    _citizen_user(citizen, _story_username(number))


@transaction.atomic
def seed_demo(*, citizens: int = 320, today: date, seed: int = 20240901) -> SeedResult:
    """The demo population as of `today`, and the story citizens of `stories`."""
    result = SeedResult()

    jobcentres, akasser = _organisations(result)
    _people(result, [*jobcentres, *akasser])
    recorder = Actor.of_operator("seed-demo")
    used: set[str] = set(Citizen.objects.values_list("cpr", flat=True))
    groups, weights = zip(*GROUPS, strict=True)
    for index in range(citizens):
        person_rng = random.Random(seed * 1000 + index)
        cpr = cpr_number(person_rng)
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
                email=email_address(first, last, index),
                mobile=f"+45 {20000000 + person_rng.randrange(9999999)}",
                language="en" if person_rng.random() < 0.08 else "da",
            )
            start = today - timedelta(days=person_rng.randrange(0, 300))
            if index % EARLIER_EVERY == EARLIER_EVERY - 1:
                start = today - timedelta(days=person_rng.randrange(*EARLIER_DAYS))
            events = history(group, start, today, person_rng)
            case_events_append(actor=recorder, citizen=citizen, events=without_cv(events))
            record_demo_cv(actor=recorder, citizen=citizen, events=events, today=today)
            result.created += 1
        if index < CITIZEN_LOGINS:
            _citizen_login(result, citizen, f"demo-borger-{index + 1}")
        result.citizens += 1
    stories = seed_stories(
        today=today,
        seed=seed,
        organisations=[*jobcentres, *akasser],
        recorder=recorder,
        account=_story_user,
    )
    for number, (citizen, about, created) in enumerate(stories, start=1):
        _citizen_login(result, citizen, _story_username(number), about)
        result.citizens += 1
        result.created += created
    actor, actor_logins = demo_actor(jobcentres[0], _staff)  # R73: named by København
    result.logins += actor_logins
    result.staff += len(actor_logins)
    _calendars(result, [*jobcentres, *akasser, actor], today)
    trial_citizens = seed_trial_citizens(
        today=today,
        seed=seed,
        jobcentres={org.municipality_name: org for org in jobcentres},
        akasse=akasser[0],
        actor=actor,
        recorder=recorder,
        account=lambda citizen, key: _citizen_user(citizen, f"demo-borger-{key}"),
    )
    for citizen, about, created in trial_citizens:
        assert citizen.user is not None
        _citizen_login(result, citizen, citizen.user.username, about)
        result.citizens += 1
        result.created += created
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


_CASEWORKER_ROLES = list(CASEWORKER_ROLES)


def _meeting_window(
    document: dict[str, Any], interview: dict[str, Any], not_before: date
) -> tuple[date, date] | None:
    """The days a demo meeting for `interview` may lie on, or None when there are none.

    Inside its holder's window: from its earliest day (and near its target date, not a year
    early); for the a-kasse before the plan's handover, its deadline being the day before it
    (RULES.md R3 [D]), so an a-kasse interview whose window has passed stays unbooked; for the
    municipality by the deadline, or as soon as possible once it has passed.
    """
    first = max(date.fromisoformat(interview["earliest"]), not_before)
    if interview["target_date"]:
        first = max(first, date.fromisoformat(interview["target_date"]) - timedelta(days=7))
    deadline = date.fromisoformat(interview["deadline"])
    last = deadline if deadline >= not_before else date.max
    handover = (document.get("handover") or {}).get("date")
    if interview["holder"] != "jobcenter" and handover:
        last = min(last, date.fromisoformat(handover) - timedelta(days=1))
    return (first, last) if first <= last else None


def _demo_bookings(org: Organisation, today: date) -> int:
    """Summon a few citizens whose next interview is with `org`, each inside the interview's
    window (`_meeting_window`); once only."""
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
        document = plan.document_da
        due = next(
            (
                i
                for i in document.get("interviews", [])
                if i["holder"] == holder and i["status"] in ("open", "upcoming", "overdue")
            ),
            None,
        )
        if due is None:
            continue
        window = _meeting_window(document, due, timezone.localtime(not_before).date())
        if window is None:
            continue
        caseworker = caseworkers[made % len(caseworkers)]
        free = (
            Slot.objects.filter(
                caseworker=caseworker,
                blocked=False,
                start__gt=not_before,
                start__date__range=window,
            )
            .exclude(bookings__status=Booking.Status.LIVE)
            .order_by("start")
        )
        offset = made * 9 + index % 2  # spread over the coming days
        slot = next(iter(free[offset : offset + 1]), None) or free.first()
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
