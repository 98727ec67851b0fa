"""The 2027 trials in the demo (RULES-2026 R73, provisional).

Jobformidling Øst, a fictitious other actor (anden aktør), is named by Jobcenter København (one of
the 19 municipalities of the free-choice trial, as the parameter `trials/free_choice_municipalities`
says), with a caseworker, a manager, a place and free times like every demo caseworker's.

The trials begin on the first day of `trials/period` (1 January 2027); a spell in a trial cannot
have begun before it, so the trial citizens are seeded only when the demo's day is on or after
that day, never back-dated into 2026: one in København who chose Jobformidling Øst (summoned to
the first interview with it), one in København who has not chosen yet, and one in Aarhus in the
a-kasse trial. They are registered through the registration service and choose through the trials
service, as on the pages. Before the trials begin the actor has no citizens.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kontaktforloeb.booking.models import Booking, Slot
from kontaktforloeb.booking.services import booking_create
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.registration import Registration, citizen_register
from kontaktforloeb.cases.trials import FREE_CHOICE, trial_assign
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Location, Organisation, Room, User
from kontaktforloeb.rules import BookingRuleError, snapshot_on

from .history import cpr_number, email_address, weekday_on_or_after

ACTOR = "Jobformidling Øst"
ACTOR_SLUG = "aktoer-oest"
ACTOR_PLACE = ("Jobformidling Øst, Amagerbrogade", "Amagerbrogade 150", "2300", "København S")
ACTOR_PEOPLE = [("Nanna", "Refslund"), ("Malthe", "Kirk")]  # caseworker, manager


def trial_start(on: date) -> date | None:
    """The first day of the trials, as the parameters in force on `on` say; None before them."""
    for day in (on, date(on.year + 1, 1, 1)):
        snapshot = snapshot_on(day)
        if snapshot.has("trials/period"):
            return min(start for start, _ in snapshot.periods("trials/period"))
    return None


def demo_actor(
    municipality: Organisation, staff: Callable[[Organisation, str, str, str, str], User]
) -> tuple[Organisation, list[tuple[str, str]]]:
    """Jobformidling Øst, named by `municipality`, with its place, caseworker and manager; and
    their log-ins. `staff` makes a demo user (`demo._staff`)."""
    actor, _ = Organisation.objects.get_or_create(
        name=ACTOR, defaults={"kind": Organisation.Kind.ANDEN_AKTOER}
    )
    actor.serves.add(municipality)
    name, street, postal, city = ACTOR_PLACE
    location, _ = Location.objects.get_or_create(
        organisation=actor,
        name=name,
        defaults={"street": street, "postal_code": postal, "city": city},
    )
    for room in ("Mødelokale 1", "Mødelokale 2"):
        Room.objects.get_or_create(location=location, name=room)
    (first, last), (manager_first, manager_last) = ACTOR_PEOPLE
    role = User.Role.ANDEN_AKTOER_CASEWORKER
    staff(actor, f"demo-{ACTOR_SLUG}-1", first, last, role)
    staff(actor, f"demo-{ACTOR_SLUG}-leder", manager_first, manager_last, User.Role.MANAGER)
    return actor, [
        (f"demo-{ACTOR_SLUG}-1", f"{role.label}, {actor}"),
        (f"demo-{ACTOR_SLUG}-leder", f"{User.Role.MANAGER.label}, {actor}"),
    ]


def _register(
    *,
    key: str,
    seed: int,
    first: str,
    last: str,
    municipality: Organisation,
    akasse: Organisation,
    start: date,
    today: date,
    recorder: Actor,
) -> tuple[Citizen, bool]:
    rng = random.Random(f"{seed}-{key}")
    cpr = cpr_number(rng)
    known = Citizen.objects.filter(cpr=cpr).first()
    if known is not None:
        return known, False
    citizen = citizen_register(
        actor=recorder,
        registration=Registration(
            cpr=cpr,
            first_name=first,
            last_name=last,
            municipality=municipality,
            group="dagpenge",
            first_day=start,
            akasse=akasse,
            email=email_address(first, last, key),
            mobile=f"+45 {40000000 + rng.randrange(9999999)}",
        ),
        on=today,
    )
    return citizen, True


def _summon_first(citizen: Citizen, actor: Organisation, today: date) -> None:
    """The actor's caseworker summons the citizen to interview 1, on its first free time."""
    caseworker = User.objects.filter(organisation=actor, username=f"demo-{ACTOR_SLUG}-1").first()
    if caseworker is None or Booking.objects.filter(citizen=citizen).exists():
        return
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(0)))
    slot = (
        Slot.objects.filter(caseworker=caseworker, blocked=False, start__gte=tomorrow)
        .exclude(bookings__status=Booking.Status.LIVE)
        .order_by("start")
        .first()
    )
    if slot is None:
        return
    # Where the plan does not allow it on the demo's day, the case is shown as it is.
    with contextlib.suppress(BookingRuleError):
        booking_create(
            actor=Actor.of_user(caseworker),
            citizen=citizen,
            slot_id=slot.pk,
            interview=1,
            channel="in_person",
            topic="job_search",
            summons=True,
        )


def seed_trial_citizens(
    *,
    today: date,
    seed: int,
    jobcentres: dict[str, Organisation],
    akasse: Organisation,
    actor: Organisation,
    recorder: Actor,
    account: Callable[[Citizen, str], object],
) -> list[tuple[Citizen, str, bool]]:
    """The trial citizens, from the trials' first day only (see the module's docstring). Each
    with a log-in (`account`, given the citizen and a key); returns each citizen, what it shows
    and whether it is new."""
    start = trial_start(today)
    if start is None or today < start:
        return []
    kbh, aarhus = jobcentres["København"], jobcentres["Aarhus"]

    def first_day(days_back: int) -> date:
        return min(today, max(start, weekday_on_or_after(today - timedelta(days=days_back))))

    found = []
    chooser, created = _register(
        key="forsoeg-anden-aktoer",
        seed=seed,
        first="Freja",
        last="Bak",
        municipality=kbh,
        akasse=akasse,
        start=first_day(3),
        today=today,
        recorder=recorder,
    )
    account(chooser, "forsoeg-anden-aktoer")
    if created:
        assert chooser.user is not None
        with contextlib.suppress(BookingRuleError):  # too late on the demo's day: no choice
            trial_assign(
                actor=Actor.of_user(chooser.user),
                citizen=chooser,
                trial=FREE_CHOICE,
                holder="anden_aktoer",
                other_actor=actor,
                as_of=today,
                on=today,
            )
        chooser.refresh_from_db()
        _summon_first(chooser, actor, today)
    found.append((chooser, f"valgte {actor} i forsøget med frit valg", created))
    undecided, created = _register(
        key="forsoeg-frit-valg",
        seed=seed,
        first="Oliver",
        last="Skytte",
        municipality=kbh,
        akasse=akasse,
        start=first_day(1),
        today=today,
        recorder=recorder,
    )
    account(undecided, "forsoeg-frit-valg")
    found.append((undecided, "skal vælge i forsøget med frit valg", created))
    akasse_trial, created = _register(
        key="forsoeg-akasse",
        seed=seed,
        first="Astrid",
        last="Kjeldsen",
        municipality=aarhus,
        akasse=akasse,
        start=first_day(10),
        today=today,
        recorder=recorder,
    )
    account(akasse_trial, "forsoeg-akasse")
    found.append((akasse_trial, "i forsøget, hvor a-kassen holder de første fire måneder", created))
    return found
