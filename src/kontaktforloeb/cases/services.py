"""Writes to a citizen's case. Each is one transaction that appends events to the log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import parse_events

from .cpr import cpr_birth_date, normalise_cpr
from .models import CaseEvent, Citizen
from .owners import not_owner, owner_refusal
from .plans import plan_recompute


def _event_row(*, actor: Actor, citizen: Citizen, raw: dict[str, Any]) -> CaseEvent:
    data = {key: value for key, value in raw.items() if key not in ("type", "date")}
    return CaseEvent(
        citizen=citizen,
        type=raw["type"],
        date=date.fromisoformat(raw["date"]),
        data=data,
        recorded_by=actor.user,
        recorded_by_system=actor.system_name,
        organisation=actor.organisation,
    )


def case_events_refusal(
    *, actor: Actor, events: Sequence[dict[str, Any]], citizen: Citizen | None = None
) -> str | None:
    """Why `actor` may not record `events` as raw events for `citizen`, or None (in English; the
    owner of each fact and the events with services of their own are in `owners`). Without
    `citizen` (one being registered) only the kind of organisation is checked."""
    refusal = owner_refusal(actor=actor, events=events, citizen=citizen)
    return refusal.message_en if refusal is not None else None


def case_events_append(
    *, actor: Actor, citizen: Citizen, events: Sequence[dict[str, Any]]
) -> list[CaseEvent]:
    """Validate `events` against the engine's vocabulary and append them, all or none.

    Raises `kontaktforloeb.rules.EventError` naming the first bad event and field; then nothing
    is stored. The caller has already obtained `citizen` through the access gate.
    """
    parse_events(list(events))
    with transaction.atomic():
        rows = [_event_row(actor=actor, citizen=citizen, raw=dict(raw)) for raw in events]
        for row in rows:
            row.save()
        plan_recompute(citizen)
    return rows


def case_facts_record(
    *, actor: Actor, citizen: Citizen, events: Sequence[dict[str, Any]]
) -> list[CaseEvent]:
    """Record facts the actor's organisation owns (`owners`) as raw events, all or none: the API's
    events endpoint and the case page's event forms. Raises `owners.NotOwner` (403) naming the
    event and who records it, or `EventError`; then nothing is stored."""
    refusal = owner_refusal(actor=actor, events=events, citizen=citizen)
    if refusal is not None:
        raise not_owner(refusal)
    return case_events_append(actor=actor, citizen=citizen, events=events)


def citizen_create(
    *,
    actor: Actor,
    cpr: str,
    first_name: str,
    last_name: str,
    jobcenter_id: int,
    akasse_id: int | None = None,
    email: str = "",
    mobile: str = "",
    language: str = "da",
) -> Citizen:
    digits = normalise_cpr(cpr)
    citizen = Citizen(
        cpr=digits,
        birth_date=cpr_birth_date(digits),
        first_name=first_name,
        last_name=last_name,
        jobcenter_id=jobcenter_id,
        akasse_id=akasse_id,
        email=email,
        mobile=mobile,
        language=language,
    )
    citizen.full_clean()
    citizen.save()
    return citizen


def case_export(citizen: Citizen) -> dict[str, Any]:
    """The case in the `plan` command's input format, so it can be replayed by hand."""
    return {
        "citizen": {"birth_date": citizen.birth_date.isoformat()},
        "events": [event.as_plan_event() for event in citizen.events.order_by("id")],
    }
