"""Reads of citizens and their cases. The one gate: every read starts from `citizens_visible_to`.

A jobcentre sees the citizens of its municipality, an a-kasse its members, a citizen themself.
Another actor (R73) sees the citizens who chose it, and only during its period: from the trial
assignment (`Citizen.other_actor`) until the handover in the stored plan, while the plan says the
actor holds the first months. Anything else is `CitizenNotFound`, answered as 404 whether it is
missing or not yours.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from kontaktforloeb.audit.services import access_log_record
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User

from .cpr import normalise_cpr
from .models import CaseEvent, Citizen, PlanItem
from .plans import today


class CitizenNotFound(Exception):
    """The citizen does not exist, or the actor may not see them. Both are answered as 404."""


def citizens_visible_to(actor: Actor) -> QuerySet[Citizen]:
    citizens = Citizen.objects.select_related("jobcenter", "akasse")
    user = actor.user
    if user is not None and user.is_citizen:
        return citizens.filter(user=user)
    if actor.operator or (user is not None and user.role == User.Role.ADMINISTRATOR):
        return citizens.all()
    organisation = actor.organisation
    if organisation is None:
        return citizens.none()
    if organisation.kind == Organisation.Kind.JOBCENTER:
        return citizens.filter(jobcenter=organisation)
    if organisation.kind == Organisation.Kind.ANDEN_AKTOER:
        return citizens.filter(other_actor=organisation).filter(_in_actor_period(today()))
    return citizens.filter(akasse=organisation)


def _in_actor_period(on: date) -> Exists:
    """R73: the stored plan hands the citizen over from another actor after `on`: the actor's
    period has begun (the assignment) and not yet ended."""
    return Exists(
        PlanItem.objects.filter(
            citizen=OuterRef("pk"),
            kind=PlanItem.Kind.HANDOVER,
            holder="anden_aktoer",
            deadline__gt=on,
        )
    )


def citizen_get(*, actor: Actor, citizen_id: int, what: str, why: str) -> Citizen:
    """One citizen through the gate; a read by staff or a system is written to the access log."""
    try:
        citizen = citizens_visible_to(actor).get(pk=citizen_id)
    except Citizen.DoesNotExist:
        raise CitizenNotFound(citizen_id) from None
    if actor.is_staff_or_system:
        access_log_record(actor=actor, citizen=citizen, what=what, why=why)
    return citizen


def citizen_find(*, actor: Actor, cpr_or_id: str, what: str, why: str) -> Citizen:
    """Look a citizen up by CPR number or database id (as typed on a command line or a search)."""
    value = cpr_or_id.strip()
    if value.isdigit() and len(value) < 10:
        return citizen_get(actor=actor, citizen_id=int(value), what=what, why=why)
    try:
        cpr = normalise_cpr(value)
    except Exception:
        raise CitizenNotFound(value) from None
    citizen = citizens_visible_to(actor).filter(cpr=cpr).first()
    if citizen is None:
        raise CitizenNotFound(value)
    if actor.is_staff_or_system:
        access_log_record(actor=actor, citizen=citizen, what=what, why=why)
    return citizen


def citizen_events(citizen: Citizen) -> QuerySet[CaseEvent]:
    """The citizen's events in the order they were recorded. Call only with a gated citizen."""
    return citizen.events.select_related("recorded_by", "organisation").order_by("id")


def citizen_search(*, actor: Actor, query: str = "") -> QuerySet[Citizen]:
    """Staff search by name or full CPR number, within what the actor may see. Not logged: a list
    of names is not a read of a case; opening one is."""
    citizens = citizens_visible_to(actor)
    query = query.strip()
    if not query:
        return citizens
    if "\x00" in query:  # no name holds NUL, and PostgreSQL refuses it even in a search
        return citizens.none()
    try:
        return citizens.filter(cpr=normalise_cpr(query))
    except Exception:
        pass
    for word in query.split():
        citizens = citizens.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return citizens


def plan_items_of(actor: Actor) -> QuerySet[PlanItem]:
    """The plan rows of the actor's citizens, through the organisation columns copied onto each
    row, so the organisation-scoped indexes answer (the same scope as `citizens_visible_to`)."""
    items = PlanItem.objects.all()
    user = actor.user
    if actor.operator or (user is not None and user.role == User.Role.ADMINISTRATOR):
        return items
    organisation = actor.organisation
    if organisation is None or actor.is_citizen:
        return items.none()
    if organisation.kind == Organisation.Kind.JOBCENTER:
        return items.filter(jobcenter=organisation)
    if organisation.kind == Organisation.Kind.ANDEN_AKTOER:
        # No copied column: an actor has few citizens, found through the gate itself.
        return items.filter(citizen__in=citizens_visible_to(actor).values("pk"))
    return items.filter(akasse=organisation)


def interviews_due_soon(*, actor: Actor, on: date, days: int = 14) -> QuerySet[PlanItem]:
    """Interviews the actor's organisation holds whose deadline falls within `days` of `on` and
    that are neither booked nor held: the first worklist. Answered from the plan rows' index."""
    items = plan_items_of(actor).filter(
        kind=PlanItem.Kind.INTERVIEW,
        status__in=["open", "upcoming"],
        deadline__gte=on,
        deadline__lte=on + timedelta(days=days),
    )
    organisation = actor.organisation
    if organisation is not None:
        items = items.filter(holder=organisation.holder)
    return items.select_related("citizen").order_by(
        "deadline", "citizen_last_name", "citizen_first_name", "pk"
    )


def consequences_awaiting_decision(*, actor: Actor) -> QuerySet[PlanItem]:
    """Consequences the rules engine found (missed booking deadline R25/R26, no-show or
    cancellation R48/R49) for the actor's citizens, newest first: the caseworker decides."""
    return (
        plan_items_of(actor)
        .filter(kind=PlanItem.Kind.CONSEQUENCE)
        .select_related("citizen")
        .order_by("-earliest", "citizen__last_name")
    )
