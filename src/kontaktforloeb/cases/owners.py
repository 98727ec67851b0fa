"""One owner for every fact of a case: who records which event.

A fact an organisation reports about a citizen is recorded by the organisation responsible for
it, and by no one else, so the log never holds two versions of the same fact from two sources:

| fact | the citizen's municipality | the citizen's a-kasse | where it is said |
|---|---|---|---|
| `group_changed` | yes | no | [D] RULES.md is silent |
| `sick` | yes | while the member is on dagpenge | R14, R48 |
| `job_start_documented` | yes | no | [D] RULES.md is silent (R42) |
| `deregistered`, `reregistered` | yes | while the member is on dagpenge | R25 |
| `akasse_participation` | yes | no | [D] R4 (the municipality's interview) |
| `dagpenge_paid` | no | yes | R13 (the a-kasse's payment reports) |
| `interview_held`, `interview_missed` | its own (`holder`) | its own (`holder`) | R52 |

Product decisions ([D]) where RULES.md does not say who records a fact: the municipality owns
it, since it holds the citizen's case from registration to the end of the spell. The a-kasse
records the facts RULES.md ties to dagpenge for its members on dagpenge: a dagpenge recipient's
sickness in the first 14 days lifts the duty to book and attend the a-kasse's meetings (R14,
R48), and a missed booking deadline deregisters a dagpenge recipient until re-registration (R25).
"On dagpenge" is the group of the citizen's stored plan, as changed by the earlier events of the
same request.

Facts with a service of their own are refused as raw events, naming the service: bookings,
deadlines, self-booking and exemptions check what a raw event cannot; the CV's status is the CV
module's (so the CV section and the plan agree); a consequence is decided with a reason by the
organisation that decides it (`consequences.consequence_decide`); the trial of a spell and who
holds its first months is assigned by `trials.trial_assign` (R73).

An operator at the command line (no organisation) may record any event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kontaktforloeb.booking.errors import NotAllowed
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation

from .models import Citizen, CitizenPlan

# The a-kasse records a fact: never, for its members on dagpenge, or for every member.
NEVER = ""
ON_DAGPENGE = "on_dagpenge"
MEMBERS = "members"


@dataclass(frozen=True)
class Owner:
    """Who records one kind of fact, and what it is called in a refusal."""

    what_da: str
    what_en: str
    municipality: bool
    akasse: str


OWNERS: dict[str, Owner] = {
    "group_changed": Owner("skift af ydelse eller målgruppe", "a change of group", True, NEVER),
    "sick": Owner("sygemelding", "sickness", True, ON_DAGPENGE),
    "job_start_documented": Owner("start i job, barsel eller pension", "a job start", True, NEVER),
    "deregistered": Owner("afmelding", "a deregistration", True, ON_DAGPENGE),
    "reregistered": Owner("ny tilmelding", "a re-registration", True, ON_DAGPENGE),
    "akasse_participation": Owner(
        "borgerens valg om a-kassens deltagelse",
        "the citizen's choice of the a-kasse's participation",
        True,
        NEVER,
    ),
    "dagpenge_paid": Owner("udbetalte dagpenge", "paid dagpenge", False, MEMBERS),
}

INTERVIEWS = ("interview_held", "interview_missed")

# Events with their own service, which checks what a raw event cannot: a free time and no double
# booking, the holder, the minimum length of a deadline, the jobcentre's decision (R28, R29), the
# rules of an exemption (R65-R67), the CV's completeness and approver (R36, R37), who decides a
# consequence and why (R25, R26, R48, R49).
THROUGH_SERVICE = {
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
    "cv_published": "the CV module: POST /api/v1/cv/{citizen_id}/submit (the citizen)",
    "cv_approved": "the CV module: POST /api/v1/cv/{citizen_id}/approve (the approver, R36)",
    "consequence_decided": "POST /api/v1/citizens/{id}/consequences/decisions",
    "trial_assigned": (
        "the trials service (R73): with the registration, the citizen's choice on Min side, "
        "the municipality's change on the case page"
    ),
}


class NotOwner(NotAllowed):
    """The organisation sees the citizen but does not record this fact; nothing is stored."""

    rule = "owner"


@dataclass(frozen=True)
class _Case:
    """What decides who records a fact: the citizen's two organisations and their group."""

    municipality: Organisation | None
    akasse: Organisation | None
    group: str


def _case(citizen: Citizen | None) -> _Case | None:
    if citizen is None:
        return None
    group = CitizenPlan.objects.filter(citizen=citizen).values_list("group", flat=True).first()
    return _Case(citizen.jobcenter, citizen.akasse, group or "")


def _who(owner: Owner, case: _Case | None) -> tuple[str, str]:
    municipality = f" ({case.municipality})" if case and case.municipality else ""
    akasse = f" ({case.akasse})" if case and case.akasse else ""
    if not owner.municipality:
        return f"borgerens a-kasse{akasse}", f"the citizen's a-kasse{akasse}"
    if owner.akasse == ON_DAGPENGE:
        return (
            f"borgerens kommune{municipality} eller, mens borgeren får dagpenge, "
            f"borgerens a-kasse{akasse}",
            f"the citizen's municipality{municipality} or, while the citizen is on dagpenge, "
            f"the citizen's a-kasse{akasse}",
        )
    return f"borgerens kommune{municipality}", f"the citizen's municipality{municipality}"


def _may(organisation: Organisation, owner: Owner, case: _Case | None, group: str) -> bool:
    """Whether `organisation` records the fact for the case (None: a citizen not stored yet,
    where only the kind of organisation is known)."""
    if organisation.is_jobcenter:
        return owner.municipality and (case is None or case.municipality == organisation)
    if owner.akasse == NEVER:
        return False
    if case is not None and case.akasse != organisation:
        return False
    return owner.akasse == MEMBERS or case is None or group == "dagpenge"


@dataclass(frozen=True)
class Refusal:
    """Why the events may not be recorded as raw events, naming the event, in both languages."""

    message_da: str
    message_en: str


def owner_refusal(
    *, actor: Actor, events: Sequence[dict[str, Any]], citizen: Citizen | None = None
) -> Refusal | None:
    """Why `actor` may not record `events` as raw events for `citizen`, or None.

    Without `citizen` (a citizen being registered) only the kind of organisation is checked."""
    organisation = actor.organisation
    if organisation is None:
        return None
    case = _case(citizen)
    group = case.group if case is not None else ""
    kind = organisation.holder  # another actor (R73) records its own interviews too
    for index, raw in enumerate(events):
        event_type = raw.get("type")
        if not isinstance(event_type, str):
            continue  # no event of the vocabulary: the validator refuses it (422)
        where = f"events[{index}] ({event_type})"
        if event_type in THROUGH_SERVICE:
            service = THROUGH_SERVICE[event_type]
            return Refusal(
                f"{where}: registrér det gennem {service}.",
                f"{where}: record it through {service}.",
            )
        if event_type in INTERVIEWS and raw.get("holder") != kind:
            return Refusal(
                f"{where}: en organisation registrerer sine egne samtaler (holder '{kind}').",
                f"{where}: an organisation records its own interviews (holder '{kind}').",
            )
        owner = OWNERS.get(event_type)
        if owner is not None and not _may(organisation, owner, case, group):
            who_da, who_en = _who(owner, case)
            return Refusal(
                f"{where}: {owner.what_da} registreres af {who_da}. Intet er gemt.",
                f"{where}: {owner.what_en} is recorded by {who_en}. Nothing was stored.",
            )
        if event_type in ("registered", "group_changed") and isinstance(raw.get("group"), str):
            group = raw["group"]
    return None


def may_record(*, actor: Actor, citizen: Citizen, event_type: str) -> bool:
    """Whether the actor's organisation records this kind of fact for the citizen now (the case
    page offers only those forms)."""
    organisation = actor.organisation
    owner = OWNERS.get(event_type)
    if organisation is None or owner is None:
        return organisation is None
    case = _case(citizen)
    assert case is not None
    return _may(organisation, owner, case, case.group)


def not_owner(refusal: Refusal) -> NotOwner:
    return NotOwner(refusal.message_da, refusal.message_en)
