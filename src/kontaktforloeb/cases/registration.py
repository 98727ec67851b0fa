"""Where a course begins: registering as unemployed, three ways, one service; and a move.

The citizen registers themself after MitID has vouched for their CPR number; a caseworker
registers someone who walks in; another system registers through the API. All three go through
`citizen_register`, which creates the citizen in the municipality of residence, appends the
`registered` event (and any initial events) and works out the plan in one transaction.

Who may register whom: the municipality of residence, the a-kasse its own members, the person
themself. A CPR number that is already known is never registered twice: the caller who may see
that citizen is told which one it is (`AlreadyRegistered`); anyone else is answered as for any
citizen that is not theirs (`CitizenNotFound`), so the answer never reveals that a number is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.audit.services import access_log_record
from kontaktforloeb.booking.errors import NotAllowed
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.rules import BookingRuleError, format_date, parse_events

from .cpr import normalise_cpr
from .models import CaseEvent, Citizen
from .plans import plan_recompute, today
from .selectors import CitizenNotFound, citizens_visible_to
from .services import case_events_refusal, citizen_create
from .trials import trial_assign_at_registration

# The groups a person registers in; the municipality assesses kontanthjælp recipients and records
# the exact group afterwards (`group_changed`). [D] a new kontanthjælp recipient starts jobparat.
REGISTRATION_GROUPS = ("dagpenge", "kontanthjaelp_jobparat")
# [D] How far back the first day may lie: the a-kasse may report a dagpenge period that began
# before the person registered here (R12), but not long before.
FIRST_DAY_DAYS_BACK = 28


class RegistrationRefused(BookingRuleError):
    """The registration is not allowed as asked, with the reason in Danish and English."""

    rule = "registration"


class AlreadyRegistered(Exception):
    """The CPR number belongs to a citizen the caller may see: open that one instead."""

    def __init__(self, citizen: Citizen) -> None:
        super().__init__(citizen.pk)
        self.citizen = citizen


class NotResponsible(NotAllowed):
    """Only the municipality of residence, or the a-kasse for its members, registers a citizen."""

    rule = "registration"


@dataclass(frozen=True)
class Registration:
    """What a registration says about the person and the start of the course."""

    cpr: str
    first_name: str
    last_name: str
    municipality: Organisation
    group: str
    first_day: date
    akasse: Organisation | None = None
    email: str = ""
    mobile: str = ""
    language: str = "da"


def municipality_by_code(code: int | str) -> Organisation:
    """The municipality (its jobcentre organisation) with this municipality code."""
    try:
        number = int(code)
    except (TypeError, ValueError):
        number = -1
    found = Organisation.objects.filter(
        kind=Organisation.Kind.JOBCENTER, municipality_code=number
    ).first()
    if found is None:
        raise RegistrationRefused(
            f"Der er ingen kommune med kommunekoden {code} i Kontaktforløb.",
            f"There is no municipality with the code {code} in Kontaktforløb.",
        )
    return found


def _check_first_day(first_day: date, on: date) -> None:
    earliest = on - timedelta(days=FIRST_DAY_DAYS_BACK)
    if first_day > on:
        raise RegistrationRefused(
            f"Den første dag kan ikke ligge efter i dag ({format_date(on, 'da')}).",
            f"The first day cannot be after today ({format_date(on, 'en')}).",
        )
    if first_day < earliest:
        raise RegistrationRefused(
            f"Den første dag kan højst ligge {FIRST_DAY_DAYS_BACK} dage tilbage, altså tidligst "
            f"{format_date(earliest, 'da')}. Kontakt kommunen, hvis du blev ledig før.",
            f"The first day can lie at most {FIRST_DAY_DAYS_BACK} days back, so no earlier than "
            f"{format_date(earliest, 'en')}. Contact the municipality if you became unemployed "
            "before.",
        )


def _check_group(registration: Registration) -> None:
    if registration.group not in REGISTRATION_GROUPS:
        raise RegistrationRefused(
            "Vælg dagpenge eller kontanthjælp.", "Choose dagpenge or kontanthjælp."
        )
    if registration.group == "dagpenge" and registration.akasse is None:
        raise RegistrationRefused(
            "Dagpenge forudsætter, at du er medlem af en a-kasse. Vælg din a-kasse.",
            "Dagpenge require membership of an a-kasse. Choose your a-kasse.",
        )


def _check_responsible(actor: Actor, registration: Registration) -> None:
    """The municipality of residence, the a-kasse for its members, the person, an operator."""
    if actor.operator or actor.is_citizen:
        return
    organisation = actor.organisation
    user = actor.user
    if user is not None and user.role == User.Role.ADMINISTRATOR:
        return
    if organisation is not None and organisation.pk == registration.municipality.pk:
        return
    if (
        organisation is not None
        and registration.akasse is not None
        and organisation.pk == registration.akasse.pk
    ):
        return
    raise NotResponsible(
        "Kun borgerens bopælskommune, eller a-kassen for sine medlemmer, kan registrere borgeren "
        "som ledig.",
        "Only the citizen's municipality of residence, or the a-kasse for its members, can "
        "register the citizen as unemployed.",
    )


def _existing(actor: Actor, cpr: str) -> None:
    """Never register a known CPR number twice; tell only those who may see the citizen."""
    known = Citizen.objects.filter(cpr=cpr).first()
    if known is None:
        return
    if actor.is_citizen or citizens_visible_to(actor).filter(pk=known.pk).exists():
        raise AlreadyRegistered(known)
    raise CitizenNotFound(cpr)


def citizen_register(
    *,
    actor: Actor,
    registration: Registration,
    events: Sequence[dict[str, Any]] = (),
    user: User | None = None,
    on: date | None = None,
) -> Citizen:
    """Register a person as unemployed: the citizen, the `registered` event (and `events`, the
    caller's own initial events, checked against who records what) and the plan, all or none.

    Raises `AlreadyRegistered` (a known CPR the actor may see), `CitizenNotFound` (known, not
    theirs), `NotResponsible`, `RegistrationRefused`, `ValidationError` (CPR, e-mail) and
    `kontaktforloeb.rules.EventError` (an initial event outside the vocabulary)."""
    on = on or today()
    cpr = normalise_cpr(registration.cpr)
    _check_responsible(actor, registration)
    _check_group(registration)
    _check_first_day(registration.first_day, on)
    _existing(actor, cpr)
    registered: dict[str, Any] = {
        "type": "registered",
        "date": registration.first_day.isoformat(),
        "group": registration.group,
    }
    initial = [dict(event) for event in events]
    refusal = case_events_refusal(actor=actor, events=initial)
    if refusal is not None:
        raise NotAllowed(refusal, refusal)
    parse_events([registered, *initial])
    try:
        with transaction.atomic():
            citizen = citizen_create(
                actor=actor,
                cpr=cpr,
                first_name=registration.first_name.strip(),
                last_name=registration.last_name.strip(),
                jobcenter_id=registration.municipality.pk,
                akasse_id=registration.akasse.pk if registration.akasse else None,
                email=registration.email.strip(),
                mobile=registration.mobile.strip(),
                language=registration.language,
            )
            if user is not None:
                citizen.user = user
                citizen.save(update_fields=["user"])
            for raw in (registered, *initial):
                data = {key: value for key, value in raw.items() if key not in ("type", "date")}
                CaseEvent(
                    citizen=citizen,
                    type=raw["type"],
                    date=date.fromisoformat(raw["date"]),
                    data=data,
                    recorded_by=actor.user,
                    recorded_by_system=actor.system_name or ("" if actor.user else "MitID"),
                    organisation=actor.organisation,
                ).save()
            plan_recompute(citizen, on)
            # R73: outside the free-choice municipalities the a-kasse trial, with the registration.
            trial_assign_at_registration(
                actor=actor,
                citizen=citizen,
                group=registration.group,
                first_day=registration.first_day,
                on=on,
            )
    except IntegrityError:
        # Registered meanwhile by someone else (the unique CPR number): never a second one.
        _existing(actor, cpr)
        raise
    return citizen


def citizen_move(
    *, actor: Actor, citizen: Citizen, municipality_code: int | str, on: date | None = None
) -> CaseEvent:
    """The citizen moved: the case, with its history, goes to the new municipality, and both
    organisations' access logs say so. Recorded by the municipality that holds the case (or an
    operator); `citizen` has come through the access gate."""
    on = on or today()
    organisation = actor.organisation
    if not actor.operator and (organisation is None or organisation.pk != citizen.jobcenter_id):
        raise NotAllowed(
            "Kun den kommune, der har sagen, kan registrere en flytning.",
            "Only the municipality that holds the case can record a move.",
        )
    new = municipality_by_code(municipality_code)
    if new.pk == citizen.jobcenter_id:
        raise RegistrationRefused(
            f"Borgeren bor allerede i {new}.", f"The citizen already lives in {new}."
        )
    old = citizen.jobcenter
    with transaction.atomic():
        event = CaseEvent(
            citizen=citizen,
            type="moved",
            date=on,
            data={"municipality_code": f"{new.municipality_code:03d}"},
            recorded_by=actor.user,
            recorded_by_system=actor.system_name,
            organisation=organisation,
        )
        event.save()
        citizen.jobcenter = new
        try:
            citizen.full_clean(exclude=["cpr"])
        except ValidationError as error:
            raise RegistrationRefused(str(error), str(error)) from error
        citizen.save(update_fields=["jobcenter"])
        plan_recompute(citizen, on)
        # The hand-over is a read by both: the old municipality sends the case, the new one
        # receives it with its history.
        access_log_record(actor=actor, citizen=citizen, what="case", why=f"Flyttet til {new}")
        AccessLogEntry.objects.create(
            citizen=citizen,
            what="case",
            why=f"Sagen overtaget fra {old} ved flytning"[:200],
            system="Flytning",
            organisation=new,
            role="system",
        )
    return event
