"""The 2027 trials (RULES-2026 R73, provisional): which trial a new dagpenge spell is in, the
citizen's free choice of who holds the first four months, and the municipality's change of it.

Which trial applies follows the municipality of residence at the start of the dagpenge period:
in the 19 municipalities of the free-choice trial (`trials/free_choice_municipalities`) the
citizen chooses the a-kasse, the municipality or another actor (anden aktør); everywhere else the
a-kasse holds the first four months (`akasse4`), recorded with the registration. Both are read
from the rules' parameters in force on the spell's first day, never from a list of our own.

`trial_assign` is the only writer of `trial_assigned` (the events endpoint refuses the raw event,
`owners.THROUGH_SERVICE`). Whether the rules accept an assignment is the engine's to say: the
candidate event is run through `plan` with the case's events, and an event the plan would ignore
is refused with the engine's own rule and sentence, so the service and the plan never disagree.

The choice is made once, by the citizen. Afterwards only the citizen's municipality changes it,
with a reason ([D]): a further `trial_assigned` with the same trial and a `reason`, which the
engine reads as the latest choice while it is dated no later than interview 1's deadline and no
interview of the spell has been held. The chosen actor is `actor_id` in the event, and
`Citizen.other_actor`, which the access gate and booking read, follows the latest assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from kontaktforloeb.booking.errors import NotAllowed
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.rules import BookingRuleError, format_date, parse_events, plan, snapshot_on

from .models import CaseEvent, Citizen, CitizenPlan
from .plans import plan_current, plan_recompute, today

TRIAL_PERIOD = "trials/period"
FREE_CHOICE_MUNICIPALITIES = "trials/free_choice_municipalities"
AKASSE_TRIAL = "akasse4"
FREE_CHOICE = "frit_valg"
HOLDERS = ("akasse", "jobcenter", "anden_aktoer")
# The holders of a meeting that must be cancelled before the first months change hands.
_FIRST_HOLDERS = ("akasse", "anden_aktoer")


class TrialRefused(BookingRuleError):
    """The rules, or who is asking, do not allow this assignment: why, in both languages."""

    def __init__(self, message_da: str, message_en: str, rule: str = "R73") -> None:
        super().__init__(message_da, message_en)
        self.rule = rule


def trial_for_spell(*, municipality: Organisation, group: str, first_day: date) -> str | None:
    """The trial a spell starting on `first_day` in `municipality` is in: `akasse4`, `frit_valg`,
    or None (not dagpenge, or outside the trial period, e.g. a spell from 2026)."""
    if group != "dagpenge" or municipality.municipality_code is None:
        return None
    snapshot = snapshot_on(first_day)
    if not snapshot.has(TRIAL_PERIOD) or not snapshot.has(FREE_CHOICE_MUNICIPALITIES):
        return None
    if not any(start <= first_day <= end for start, end in snapshot.periods(TRIAL_PERIOD)):
        return None
    code = f"{municipality.municipality_code:03d}"
    return FREE_CHOICE if code in snapshot.names(FREE_CHOICE_MUNICIPALITIES) else AKASSE_TRIAL


def actors_for(municipality: Organisation) -> QuerySet[Organisation]:
    """The other actors the municipality's citizens may choose (R73 [D]: those it names)."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.ANDEN_AKTOER, serves=municipality
    ).order_by("name")


@dataclass(frozen=True)
class TrialState:
    """Where the citizen's current spell stands in the trials, as the stored plan says."""

    trial: str  # akasse4 | frit_valg
    spell_start: date
    # Interview 1's deadline: a choice, or a change of it, is made by then.
    deadline: date | None
    # The choice in force (the plan's `trial`), None while the citizen has not chosen.
    holder: str | None
    actor: Organisation | None
    first_held: bool
    # The assignment in force and the change that made it, if the municipality changed it.
    assigned: CaseEvent | None
    changed: CaseEvent | None

    @property
    def chosen(self) -> bool:
        return self.holder is not None

    @property
    def is_free_choice(self) -> bool:
        return self.trial == FREE_CHOICE

    @property
    def months(self) -> int:
        """How many months the first holder holds (`trials/early_period_months`)."""
        return snapshot_on(self.spell_start).integer("trials/early_period_months")

    @property
    def change_open(self) -> bool:
        """Today the choice can still be made or changed: free choice, interview 1 not held and
        its deadline not passed (R73 [D])."""
        return (
            self.trial == FREE_CHOICE
            and not self.first_held
            and (self.deadline is None or today() <= self.deadline)
        )

    @property
    def choice_open(self) -> bool:
        """The citizen can still choose: nothing chosen yet, and the choice still open."""
        return self.change_open and not self.chosen


def _spell_events(citizen: Citizen) -> list[CaseEvent]:
    events = list(citizen.events.order_by("id"))
    starts = [index for index, event in enumerate(events) if event.type == "registered"]
    return events[starts[-1] :] if starts else []


def trial_state(citizen: Citizen, stored: CitizenPlan | None = None) -> TrialState | None:
    """The trial of the citizen's current spell, or None where the spell is in none."""
    stored = stored or plan_current(citizen)
    if stored.group != "dagpenge" or stored.spell_start is None:
        return None
    trial = trial_for_spell(
        municipality=citizen.jobcenter, group=stored.group, first_day=stored.spell_start
    )
    if trial is None:
        return None
    document = stored.document("da")
    first = next((i for i in document.get("interviews", []) if i["number"] == 1), None)
    in_force = document.get("trial") or {}
    holder = in_force.get("holder")
    assigned = [e for e in _spell_events(citizen) if e.type == "trial_assigned"]
    latest = assigned[-1] if assigned and holder is not None else None
    return TrialState(
        trial=str(in_force.get("trial") or trial),
        spell_start=stored.spell_start,
        deadline=date.fromisoformat(first["deadline"]) if first else None,
        holder=str(holder) if holder is not None else None,
        actor=citizen.other_actor if holder == "anden_aktoer" else None,
        first_held=bool(first and first["status"] in ("held", "held_late")),
        assigned=latest,
        changed=latest if latest is not None and latest.data.get("reason") else None,
    )


# --- Who may assign --------------------------------------------------------------------------


def _check_who(actor: Actor, citizen: Citizen, trial: str, reason: str) -> None:
    """The a-kasse trial is recorded with the registration, by whoever registers the citizen;
    the free choice is the citizen's own, once; the municipality records or changes it, with a
    reason. An operator at the command line may record any."""
    user = actor.user
    if actor.operator or (user is not None and user.role == User.Role.ADMINISTRATOR):
        return
    organisation = actor.organisation
    own_municipality = organisation is not None and organisation.pk == citizen.jobcenter_id
    if trial == AKASSE_TRIAL:
        if (actor.is_citizen and user is not None and citizen.user_id == user.pk) or (
            organisation is not None
            and organisation.pk in (citizen.jobcenter_id, citizen.akasse_id)
        ):
            return
    elif actor.is_citizen and user is not None and citizen.user_id == user.pk:
        return
    elif own_municipality:
        if not reason:
            raise TrialRefused(
                "Skriv en begrundelse for valget eller ændringen.",
                "Give a reason for the choice or the change.",
            )
        return
    raise NotAllowed(
        "Kun borgeren selv vælger, og kun borgerens kommune kan ændre valget.",
        "Only the citizen chooses, and only the citizen's municipality can change the choice.",
    )


def _check_actor(citizen: Citizen, holder: str, other_actor: Organisation | None) -> None:
    if holder != "anden_aktoer":
        if other_actor is not None:
            raise TrialRefused(
                "En anden aktør kan kun vælges som anden aktør.",
                "Another actor can only be chosen as the other actor.",
            )
        return
    if other_actor is None or not actors_for(citizen.jobcenter).filter(pk=other_actor.pk).exists():
        raise TrialRefused(
            "Vælg en af de andre aktører, som kommunen tilbyder.",
            "Choose one of the other actors the municipality offers.",
        )


def _check_bookings(citizen: Citizen, holder: str) -> None:
    """A live meeting with the present first holder is cancelled before the months change hands."""
    from kontaktforloeb.booking.models import Booking

    live = (
        Booking.objects.filter(
            citizen=citizen, status=Booking.Status.LIVE, holder__in=_FIRST_HOLDERS
        )
        .exclude(holder=holder)
        .select_related("organisation")
        .first()
    )
    if live is not None:
        raise TrialRefused(
            f"Samtale {live.interview} er booket hos {live.organisation}. Den skal aflyses, "
            "før valget kan ændres.",
            f"Interview {live.interview} is booked with {live.organisation}. It must be "
            "cancelled before the choice can change.",
        )


def _engine_refusal(citizen: Citizen, event: dict[str, Any], on: date) -> TrialRefused | None:
    """The engine's answer to the case with `event` added: refused if it would ignore it."""
    events = [row.as_plan_event() for row in citizen.events.order_by("id")]
    position = len(events)
    result = plan([*events, event], on)
    for ignored in result.ignored_events:
        if ignored.position == position:
            reason = ignored.reason
            return TrialRefused(reason.text("da"), reason.text("en"), reason.rule)
    return None


def _already_chosen(state: TrialState | None) -> TrialRefused:
    deadline = state.deadline if state is not None else None
    when_da = f" senest {format_date(deadline, 'da')}" if deadline else ""
    when_en = f" by {format_date(deadline, 'en')}" if deadline else ""
    return TrialRefused(
        "Du har allerede valgt. Valget kan kun ændres af kommunens medarbejdere, med en "
        f"begrundelse{when_da}.",
        "You have already chosen. The choice can only be changed by the municipality's staff, "
        f"with a reason{when_en}.",
    )


def trial_assign(
    *,
    actor: Actor,
    citizen: Citizen,
    trial: str,
    holder: str,
    reason: str | None = None,
    other_actor: Organisation | None = None,
    on: date | None = None,
    as_of: date | None = None,
) -> CaseEvent:
    """Record the trial of the citizen's spell and who holds its first four months (R73): the
    a-kasse trial at registration, the citizen's free choice, or the municipality's change of it
    (with `reason`). `other_actor` is the actor chosen with holder `anden_aktoer`. One
    transaction: the event, the citizen's actor and the plan. Raises `TrialRefused` (the rules
    or the choice) or `NotAllowed` (who); then nothing is stored. `on` is the event's day
    (today; the first day at registration); the plan is worked out as of `as_of` (today)."""
    on = on or today()
    as_of = as_of or max(on, today())
    text = (reason or "").strip()
    if holder not in HOLDERS or trial not in (AKASSE_TRIAL, FREE_CHOICE):
        raise TrialRefused("Vælg hvem der skal holde forløbet.", "Choose who holds the course.")
    _check_who(actor, citizen, trial, text)
    stored = plan_current(citizen)
    expected = (
        trial_for_spell(
            municipality=citizen.jobcenter, group=stored.group, first_day=stored.spell_start
        )
        if stored.spell_start is not None
        else None
    )
    if expected is not None and expected != trial:
        raise TrialRefused(
            f"{citizen.jobcenter} er ikke med i det forsøg; forsøget følger bopælskommunen.",
            f"{citizen.jobcenter} is not in that trial; the trial follows the municipality "
            "of residence.",
        )
    state = trial_state(citizen, stored)
    if actor.is_citizen and state is not None and state.chosen:
        raise _already_chosen(state)
    _check_actor(citizen, holder, other_actor)
    _check_bookings(citizen, holder)
    event: dict[str, Any] = {
        "type": "trial_assigned",
        "date": on.isoformat(),
        "trial": trial,
        "holder": holder,
    }
    if other_actor is not None:
        event["actor_id"] = other_actor.pk
    if text and not actor.is_citizen:
        event["reason"] = text
    parse_events([event])
    refusal = _engine_refusal(citizen, event, as_of)
    if refusal is not None:
        raise refusal
    data = {key: value for key, value in event.items() if key not in ("type", "date")}
    with transaction.atomic():
        row = CaseEvent(
            citizen=citizen,
            type="trial_assigned",
            date=on,
            data=data,
            recorded_by=actor.user,
            recorded_by_system=actor.system_name or ("" if actor.user else "Kontaktforløb"),
            organisation=actor.organisation,
        )
        row.save()
        citizen.other_actor = other_actor  # the latest assignment's actor, or none
        citizen.save(update_fields=["other_actor"])
        plan_recompute(citizen, as_of)
    return row


def trial_assign_at_registration(
    *, actor: Actor, citizen: Citizen, group: str, first_day: date, on: date
) -> CaseEvent | None:
    """In the registration's transaction: outside the free-choice municipalities a new dagpenge
    spell from the trial start is in the a-kasse trial, recorded at once, dated the first day.
    In the 19 the citizen chooses afterwards (`selfservice` "Valg af forløb"); otherwise none."""
    trial = trial_for_spell(municipality=citizen.jobcenter, group=group, first_day=first_day)
    if trial != AKASSE_TRIAL:
        return None
    return trial_assign(
        actor=actor,
        citizen=citizen,
        trial=AKASSE_TRIAL,
        holder="akasse",
        on=first_day,
        as_of=on,
    )


# --- The choices, as the pages offer them ------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One of the holders the citizen may choose, with the organisation behind it."""

    value: str  # "akasse", "jobcenter" or "anden_aktoer:<id>"
    holder: str
    organisation: Organisation


def choices_for(citizen: Citizen) -> list[Choice]:
    """The a-kasse (for a member), the municipality, and each other actor it names."""
    found = []
    if citizen.akasse is not None:
        found.append(Choice("akasse", "akasse", citizen.akasse))
    found.append(Choice("jobcenter", "jobcenter", citizen.jobcenter))
    for actor in actors_for(citizen.jobcenter):
        found.append(Choice(f"anden_aktoer:{actor.pk}", "anden_aktoer", actor))
    return found


def choice_value(state: TrialState | None) -> str:
    """The value of the choice in force, as `choices_for` names it ("" while none)."""
    if state is None or state.holder is None:
        return ""
    if state.holder == "anden_aktoer" and state.actor is not None:
        return f"anden_aktoer:{state.actor.pk}"
    return state.holder


def choice_of(citizen: Citizen, value: str) -> Choice | None:
    return next((choice for choice in choices_for(citizen) if choice.value == value), None)
