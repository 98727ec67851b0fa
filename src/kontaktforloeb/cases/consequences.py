"""Decisions on the consequences the rules engine finds (R25, R26, R48, R49).

The engine computes the basis of a consequence: a deregistration after a missed booking deadline
(R25), a lost dagpenge day after a missed meeting or a cancellation without lawful absence (R48),
a basis for a deduction in kontant- or uddannelseshjælp (R26, R49). The system never pays or
deducts money (RULES.md §10): the organisation that pays the benefit decides, with a reason, and
the decision is recorded as `consequence_decided` in the case log. So the a-kasse decides the
dagpenge consequences of its members (deregistered, lost_day), the municipality the deduction
basis (R26: "the caseworker decides"). A consequence is decided once; a decision is a fact of the
log like any other, and the plan's row for the consequence points to it (`PlanItem.decision`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from kontaktforloeb.booking.errors import NotAllowed
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import BookingRuleError, format_date
from kontaktforloeb.rules.events import CONSEQUENCE_DECISIONS

from .models import CaseEvent, Citizen, PlanItem
from .plans import plan_current, today
from .services import case_events_append

# Who decides each consequence: the organisation that pays the benefit it concerns.
DECIDER = {"deregistered": "akasse", "lost_day": "akasse", "deduction_basis": "jobcenter"}
RULES = {"deregistered": "R25", "lost_day": "R48", "deduction_basis": "R26"}
NAMES = {
    "deregistered": ("afmeldingen som jobsøgende", "the deregistration as a job seeker"),
    "lost_day": ("den mistede dagpengedag", "the lost dagpenge day"),
    "deduction_basis": ("grundlaget for fradrag i hjælpen", "the basis for a deduction"),
}


class ConsequenceRefused(BookingRuleError):
    """The decision is not possible as asked (422): why, in Danish and English."""

    def __init__(self, rule: str, message_da: str, message_en: str) -> None:
        super().__init__(message_da, message_en)
        self.rule = rule


class NotDecider(NotAllowed):
    """The organisation sees the citizen but does not decide this consequence (403)."""

    def __init__(self, rule: str, message_da: str, message_en: str) -> None:
        super().__init__(message_da, message_en)
        self.rule = rule


def decider(citizen: Citizen, consequence_type: str) -> str:
    """`akasse` or `jobcenter`: who decides a consequence of this type for the citizen."""
    return DECIDER.get(consequence_type, "jobcenter")


def decides(actor: Actor, citizen: Citizen, consequence_type: str) -> bool:
    """Whether the actor's organisation decides the citizen's consequences of this type."""
    organisation = actor.organisation
    if organisation is None:
        return False
    if decider(citizen, consequence_type) == "akasse":
        return organisation.is_akasse and organisation.pk == citizen.akasse_id
    return organisation.is_jobcenter and organisation.pk == citizen.jobcenter_id


def _name(consequence_type: str, day: date, lang: str) -> str:
    da, en = NAMES.get(consequence_type, (consequence_type, consequence_type))
    if lang == "da":
        return f"{da} fra {format_date(day, 'da')}"
    return f"{en} from {format_date(day, 'en')}"


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _not_decider(citizen: Citizen, consequence_type: str, day: date) -> NotDecider:
    rule = RULES.get(consequence_type, "")
    if decider(citizen, consequence_type) == "akasse":
        who = citizen.akasse
        return NotDecider(
            rule,
            f"Kun borgerens a-kasse{f' ({who})' if who else ''} afgør "
            f"{_name(consequence_type, day, 'da')}.",
            f"Only the citizen's a-kasse{f' ({who})' if who else ''} decides "
            f"{_name(consequence_type, day, 'en')}.",
        )
    who = citizen.jobcenter
    return NotDecider(
        rule,
        f"Kun borgerens kommune ({who}) afgør {_name(consequence_type, day, 'da')}.",
        f"Only the citizen's municipality ({who}) decides {_name(consequence_type, day, 'en')}.",
    )


def consequence_item(citizen: Citizen, consequence_type: str, from_date: date) -> PlanItem | None:
    """The consequence in the citizen's stored plan, with its decision, or None."""
    plan_current(citizen)
    return (
        PlanItem.objects.filter(
            citizen=citizen,
            kind=PlanItem.Kind.CONSEQUENCE,
            subtype=consequence_type,
            earliest=from_date,
        )
        .select_related("decision__recorded_by", "decision__organisation")
        .first()
    )


def consequence_decide(
    *,
    actor: Actor,
    citizen: Citizen,
    consequence_type: str,
    from_date: date,
    decision: str,
    reason: str,
) -> CaseEvent:
    """The deciding organisation decides a consequence the rules found, with a reason: the
    `consequence_decided` event is appended and the plan recomputed in one transaction.

    `citizen` has come through the access gate. Raises `ConsequenceRefused` (422: no such
    consequence in the plan, no reason, an unknown decision, decided already) or `NotDecider`
    (403: the other organisation). Nothing is stored on a refusal."""
    rule = RULES.get(consequence_type, "")
    if not decides(actor, citizen, consequence_type):
        raise _not_decider(citizen, consequence_type, from_date)
    if decision not in CONSEQUENCE_DECISIONS:
        raise ConsequenceRefused(
            rule,
            "Vælg om konsekvensen gennemføres eller ej.",
            "Choose whether the consequence is imposed or not.",
        )
    text = reason.strip()
    if not text:
        raise ConsequenceRefused(
            rule,
            "Skriv en begrundelse for afgørelsen.",
            "Write the reason for the decision.",
        )
    with transaction.atomic():
        # One decision at a time per citizen: the second one sees the first.
        Citizen.objects.select_for_update().filter(pk=citizen.pk).first()
        item = consequence_item(citizen, consequence_type, from_date)
        if item is None:
            raise ConsequenceRefused(
                rule,
                "Borgerens plan har ikke den konsekvens: "
                f"{_name(consequence_type, from_date, 'da')}.",
                "The citizen's plan has no such consequence: "
                f"{_name(consequence_type, from_date, 'en')}.",
            )
        if item.decision is not None:
            earlier = item.decision
            raise ConsequenceRefused(
                rule,
                f"{_upper(_name(consequence_type, from_date, 'da'))} er allerede afgjort "
                f"{format_date(earlier.date, 'da')} af {decided_by(earlier)}.",
                f"{_upper(_name(consequence_type, from_date, 'en'))} was already decided "
                f"on {format_date(earlier.date, 'en')} by {decided_by(earlier)}.",
            )
        event: dict[str, Any] = {
            "type": "consequence_decided",
            "date": today().isoformat(),
            "consequence": consequence_type,
            "from": from_date.isoformat(),
            "decision": decision,
            "reason": text,
        }
        (row,) = case_events_append(actor=actor, citizen=citizen, events=[event])
    return row


def decided_by(event: CaseEvent) -> str:
    """Who decided: the caseworker (or system) and their organisation."""
    who = event.recorder
    return f"{who}, {event.organisation}" if event.organisation else who
