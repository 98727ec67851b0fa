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


# Events with their own service, which checks what a raw event cannot: a free time and no double
# booking, the holder, the minimum length of a deadline, the jobcentre's decision (R28, R29).
_THROUGH_SERVICE = {
    "booking_deadline_issued": "POST /api/v1/citizens/{id}/deadlines",
    "booked": "POST /api/v1/citizens/{id}/bookings or /summons",
    "booking_cancelled": "POST /api/v1/bookings/{id}/cancel",
    "selfbooking_exempted": "POST /api/v1/citizens/{id}/selfbooking/exempt",
    "selfbooking_withdrawn": "POST /api/v1/citizens/{id}/selfbooking/withdraw",
    "selfbooking_restored": "POST /api/v1/citizens/{id}/selfbooking/restore",
    "interviews_exempted": "POST /api/v1/citizens/{id}/exemptions/interviews",
    "interviews_exemption_ended": "POST /api/v1/citizens/{id}/exemptions/interviews/end",
    "offer_exempted": "POST /api/v1/citizens/{id}/exemptions/offer",
    "offer_exemption_ended": "POST /api/v1/citizens/{id}/exemptions/offer/end",
    "offer_started": "the offers module, when the citizen's participation begins",
}


def case_events_refusal(*, actor: Actor, events: Sequence[dict[str, Any]]) -> str | None:
    """Why `actor` may not record `events` as raw events (the API, the case page), or None.

    An organisation records what is its own to record: the a-kasse the dagpenge it paid, each
    organisation the interviews it held or missed (their holder); bookings, deadlines and
    self-booking go through their own services. An operator at the command line may record any.
    """
    organisation = actor.organisation
    if organisation is None:
        return None
    kind = "akasse" if organisation.is_akasse else "jobcenter"
    for index, raw in enumerate(events):
        event_type = raw.get("type")
        where = f"events[{index}] ({event_type})"
        if event_type in _THROUGH_SERVICE:
            return f"{where}: record it through {_THROUGH_SERVICE[event_type]}."
        if event_type == "dagpenge_paid" and kind != "akasse":
            return f"{where}: only the citizen's a-kasse records paid dagpenge."
        if event_type in ("interview_held", "interview_missed") and raw.get("holder") != kind:
            return f"{where}: an organisation records its own interviews (holder '{kind}')."
    return None


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
