"""Demo citizens with a story of the 2026 law to show: excused from interviews by the a-kasse and
by the municipality (R65), an offer begun, and an offer due within weeks (R67).

Every decision goes through the service a caseworker's click goes through, as that caseworker, on
a day inside the deciding holder's period; a decision the rules refuse on the demo's day (a demo
seeded before 1 July 2026, say) is left out rather than forced. Each citizen has a demo log-in.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from kontaktforloeb.cases.exemptions import interviews_exempt
from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.cases.services import case_events_append, citizen_create
from kontaktforloeb.offers.errors import OfferError
from kontaktforloeb.offers.models import OfferType
from kontaktforloeb.offers.services import offer_accept_participation, offer_create
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.rules import BookingRuleError, add_months

from .cv import record_demo_cv, without_cv
from .history import cpr_number, email_address, interviews_held, registration, weekday_on_or_after


@dataclass(frozen=True)
class Story:
    key: str
    first_name: str
    last_name: str
    group: str
    jobcenter: str
    akasse: str | None
    about: str  # what the demo shows, for the list of log-ins
    shown_by: tuple[str, str]  # the plan row (kind, status) that shows it
    start: Callable[[date], date]  # the first day of unemployment, from the demo's day
    first_interview_only: bool  # else the interviews are held as the plan goes (`history`)
    act: Callable[[Citizen, dict[str, User], date], None] | None


def _caseworker(staff: dict[str, User], organisation: Organisation) -> Actor:
    return Actor.of_user(staff[organisation.name])


def _excused_by_akasse(citizen: Citizen, staff: dict[str, User], today: date) -> None:
    assert citizen.akasse is not None
    held = citizen.events.filter(type="interview_held").order_by("date").first()
    if held is None:
        return
    interviews_exempt(
        actor=_caseworker(staff, citizen.akasse),
        citizen=citizen,
        reason=(
            "Har fået tilbudt fast job som laborant med start om to måneder og søger selv "
            "videre indtil da"
        ),
        on=weekday_on_or_after(held.date + timedelta(days=1)),
    )


def _excused_by_municipality(citizen: Citizen, staff: dict[str, User], today: date) -> None:
    held = citizen.events.filter(type="interview_held").order_by("date").first()
    if held is None:
        return
    interviews_exempt(
        actor=_caseworker(staff, citizen.jobcenter),
        citizen=citizen,
        reason=(
            "Er uddannet tømrer, søger selv relevante stillinger og er inviteret til "
            "jobsamtale hos to virksomheder"
        ),
        on=weekday_on_or_after(held.date + timedelta(days=1)),
    )


def _offer_begun(citizen: Citizen, staff: dict[str, User], today: date) -> None:
    """The municipality decides a course that began this week, and the citizen accepts taking
    part; the offers module records the start (R67)."""
    start = weekday_on_or_after(today - timedelta(days=4))
    offer = offer_create(
        actor=_caseworker(staff, citizen.jobcenter),
        citizen=citizen,
        type=OfferType.GUIDANCE,
        provider="AOF København",
        start=start,
        end=start + timedelta(weeks=6),
        description="Jobsøgningskursus: cv, ansøgninger og jobsamtaler.",
    )
    assert citizen.user is not None
    offer_accept_participation(actor=Actor.of_user(citizen.user), offer=offer)


STORIES = [
    Story(
        key="undtaget-akasse",
        first_name="Maja",
        last_name="Lindholm",
        group="dagpenge",
        jobcenter="Jobcenter København",
        akasse="Lønmodtagernes A-kasse",
        about="undtaget fra samtaler af a-kassen",
        shown_by=(PlanItem.Kind.INTERVIEW, "exempted"),
        start=lambda today: weekday_on_or_after(today - timedelta(days=62)),
        first_interview_only=True,
        act=_excused_by_akasse,
    ),
    Story(
        key="undtaget-kommune",
        first_name="Kasper",
        last_name="Nørgaard",
        group="kontanthjaelp_jobparat",
        jobcenter="Jobcenter Aarhus",
        akasse=None,
        about="undtaget fra samtaler af kommunen",
        shown_by=(PlanItem.Kind.INTERVIEW, "exempted"),
        start=lambda today: weekday_on_or_after(today - timedelta(days=45)),
        first_interview_only=True,
        act=_excused_by_municipality,
    ),
    Story(
        key="tilbud-i-gang",
        first_name="Sara",
        last_name="Winther",
        group="kontanthjaelp_jobparat",
        jobcenter="Jobcenter København",
        akasse=None,
        about="tilbud i gang",
        shown_by=(PlanItem.Kind.OFFER, "fulfilled"),
        start=lambda today: weekday_on_or_after(today - timedelta(days=95)),
        first_interview_only=False,
        act=_offer_begun,
    ),
    Story(
        key="tilbud-snart",
        first_name="Niklas",
        last_name="Bruun",
        group="uddannelseshjaelp_uddannelsesparat",
        jobcenter="Jobcenter Aarhus",
        akasse=None,
        about="skal have et tilbud inden for fem uger",
        shown_by=(PlanItem.Kind.OFFER, "open"),
        # The offer is due six months after the start (R67): five weeks from the demo's day.
        start=lambda today: weekday_on_or_after(add_months(today + timedelta(weeks=5), -6)),
        first_interview_only=False,
        act=None,
    ),
]


def _events(story: Story, start: date, today: date, rng: random.Random) -> list[dict[str, Any]]:
    cv = ("cv_published", "cv_approved")  # a CV in good time: the story is about other things
    events = [e for e in registration(story.group, start, today, rng) if e["type"] not in cv]
    events += [
        {"type": "cv_published", "date": (start + timedelta(days=6)).isoformat()},
        {"type": "cv_approved", "date": (start + timedelta(days=16)).isoformat()},
    ]
    events = sorted((e for e in events if e["date"] < today.isoformat()), key=lambda e: e["date"])
    if story.first_interview_only:  # in person and in time (R64: it is never exempt)
        holder = "akasse" if story.group == "dagpenge" else "jobcenter"
        first = weekday_on_or_after(start + timedelta(days=4 if holder == "jobcenter" else 7))
        held = [
            {
                "type": "interview_held",
                "date": first.isoformat(),
                "holder": holder,
                "channel": "in_person",
            }
        ]
    else:
        held = interviews_held(events, today, rng)
    return sorted([*events, *held], key=lambda e: e["date"])


def seed_stories(
    *,
    today: date,
    seed: int,
    organisations: list[Organisation],
    recorder: Actor,
    account: Callable[[Citizen, int], None],
) -> list[tuple[Citizen, str, bool]]:
    """Create the story citizens not yet in the database, each with a log-in (`account`, given
    the citizen and the story's number from 1). Returns each story's citizen, what it shows (""
    where the rules did not allow the story on the demo's day) and whether it is new."""
    by_name = {org.name: org for org in organisations}
    staff = {
        org.name: User.objects.filter(organisation=org, username__startswith="demo-")
        .exclude(role=User.Role.MANAGER)
        .order_by("username")
        .first()
        for org in organisations
    }
    citizens = []
    for number, story in enumerate(STORIES, start=1):
        rng = random.Random(f"{seed}-{story.key}")
        cpr = cpr_number(rng)
        citizen = Citizen.objects.filter(cpr=cpr).first()
        created = citizen is None
        if citizen is None:
            akasse = by_name[story.akasse] if story.akasse else None
            citizen = citizen_create(
                actor=recorder,
                cpr=cpr,
                first_name=story.first_name,
                last_name=story.last_name,
                jobcenter_id=by_name[story.jobcenter].pk,
                akasse_id=akasse.pk if akasse else None,
                email=email_address(story.first_name, story.last_name, story.key),
                mobile=f"+45 {30000000 + rng.randrange(9999999)}",
            )
            start = story.start(today)
            events = _events(story, start, today, rng)
            case_events_append(actor=recorder, citizen=citizen, events=without_cv(events))
            record_demo_cv(actor=recorder, citizen=citizen, events=events, today=today)
            account(citizen, number)
            if story.act is not None:
                try:
                    with transaction.atomic():
                        story.act(citizen, {k: v for k, v in staff.items() if v}, today)
                except (BookingRuleError, OfferError):
                    pass  # the rules do not allow it on the demo's day: the case is shown as it is
        kind, status = story.shown_by
        shown = PlanItem.objects.filter(citizen=citizen, kind=kind, status=status).exists()
        citizens.append((citizen, story.about if shown else "", created))
    return citizens
