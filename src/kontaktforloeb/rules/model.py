"""What a plan is made of: frozen values, each carrying the reasons that produced it.

Reasons are kept as rule id, citation and facts; their sentences are written only when a plan is
turned into the contract JSON (``Plan.to_dict``), so mass recomputation never builds text.

The plan's values are named tuples: immutable, with the same fields, and built in one step (a
frozen dataclass sets each field through ``object.__setattr__``, which costs per field and per
value). The deadlines path's values, ``InterviewDeadline`` and ``Deadlines``, are plain classes
instead, which the compiled engine builds with a direct call (see ``InterviewDeadline``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from kontaktforloeb.rules import explain

_NO_FACTS: Final[Mapping[str, object]] = MappingProxyType({})


class Reason(NamedTuple):
    """Why an item is as it is: one rule, its citation, and the facts its sentence is built from."""

    rule: str
    citation: str
    key: str
    facts: Mapping[str, object] = _NO_FACTS

    def text(self, lang: str = "da") -> str:
        return explain.render(self.key, self.facts, self.citation, lang)

    def to_dict(self, lang: str = "da") -> dict[str, str]:
        return {"rule": self.rule, "citation": self.citation, "text": self.text(lang)}


# ISO text of the dates plans are written with: the same few thousand days recur in every plan,
# and a lookup is cheaper than formatting (``date.isoformat`` goes through printf).
_ISO_TEXT: Final[dict[date, str]] = {}


def _iso(day: date | None) -> str | None:
    if day is None:
        return None
    text = _ISO_TEXT.get(day)
    if text is None:
        if len(_ISO_TEXT) >= 100_000:
            _ISO_TEXT.clear()
        text = _ISO_TEXT[day] = day.isoformat()
    return text


def _because(reasons: tuple[Reason, ...], lang: str) -> list[dict[str, str]]:
    return explain.render_all(reasons, lang)


class Interview(NamedTuple):
    """One required job interview of the counting period."""

    number: int
    holder: str
    earliest: date
    target_date: date | None
    deadline: date
    required_channel: str | None
    joint: str
    status: str
    held_on: date | None
    because: tuple[Reason, ...]
    ruleset: str = ""  # the ruleset that set this requirement (R60)
    provisional: bool = False  # R70

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "number": self.number,
            "holder": self.holder,
            "earliest": _iso(self.earliest),
            "target_date": _iso(self.target_date),
            "deadline": _iso(self.deadline),
            "required_channel": self.required_channel,
            "joint": self.joint,
            "status": self.status,
            "held_on": _iso(self.held_on),
            "ruleset": self.ruleset,
            "provisional": self.provisional,
            "because": _because(self.because, lang),
        }


class Handover(NamedTuple):
    """The first day the jobcenter is responsible for a dagpenge recipient (R3)."""

    date: date
    because: tuple[Reason, ...]
    from_holder: str = "akasse"
    provisional: bool = False

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "from_holder": self.from_holder,
            "provisional": self.provisional,
            "because": _because(self.because, lang),
        }


class CvDuty(NamedTuple):
    """The complete, searchable CV (R36, R37)."""

    deadline: date | None
    approver: str | None
    status: str
    because: tuple[Reason, ...]
    provisional: bool = False

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "deadline": _iso(self.deadline),
            "approver": self.approver,
            "status": self.status,
            "provisional": self.provisional,
            "because": _because(self.because, lang),
        }


class JoblogDuty(NamedTuple):
    """The joblog (R39) and its six-week exemption (R42)."""

    required: bool
    exempt_from: date | None
    because: tuple[Reason, ...]
    provisional: bool = False

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "required": self.required,
            "exempt_from": _iso(self.exempt_from),
            "provisional": self.provisional,
            "because": _because(self.because, lang),
        }


class OpenDeadline(NamedTuple):
    """A booking deadline the citizen must still book inside (R21, R22)."""

    deadline: date
    last_meeting_date: date
    interview: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "deadline": _iso(self.deadline),
            "last_meeting_date": _iso(self.last_meeting_date),
            "interview": self.interview,
        }


class SelfbookingDuty(NamedTuple):
    """Whether the citizen books their own interviews, and the deadlines still open."""

    required: bool
    open_deadlines: tuple[OpenDeadline, ...]
    because: tuple[Reason, ...]
    provisional: bool = False

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "required": self.required,
            "open_deadlines": [deadline.to_dict() for deadline in self.open_deadlines],
            "provisional": self.provisional,
            "because": _because(self.because, lang),
        }


class Consequence(NamedTuple):
    """A basis the caseworker acts on: deregistration (R25), deduction (R26, R49), lost day (R48)."""

    type: str
    from_date: date
    to_date: date | None
    because: tuple[Reason, ...]
    provisional: bool = False

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "type": self.type,
            "from": _iso(self.from_date),
            "to": _iso(self.to_date),
            "provisional": self.provisional,
            "because": _because(self.because, lang),
        }


class OfferDuty(NamedTuple):
    """An offer due within the first six months (R67)."""

    deadline: date
    status: str  # open | fulfilled | late | overdue | exempted | cancelled
    started_on: date | None
    ruleset: str
    because: tuple[Reason, ...]
    provisional: bool = False

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "deadline": _iso(self.deadline),
            "status": self.status,
            "started_on": _iso(self.started_on),
            "ruleset": self.ruleset,
            "provisional": self.provisional,
            "because": _because(self.because, lang),
        }


class Exemption(NamedTuple):
    """A holder's decision to exempt the citizen from interviews (R65) or the offer (R67)."""

    kind: str  # interviews | offer
    holder: str
    from_date: date
    to_date: date | None
    reason: str
    approved_by: str | None
    because: tuple[Reason, ...]

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "kind": self.kind,
            "holder": self.holder,
            "from": _iso(self.from_date),
            "to": _iso(self.to_date),
            "reason": self.reason,
            "approved_by": self.approved_by,
            "because": _because(self.because, lang),
        }


class Trial(NamedTuple):
    """The 2027 trial the spell is in, and who holds its first months (R73)."""

    trial: str  # akasse4 | frit_valg
    holder: str
    because: tuple[Reason, ...]
    provisional: bool = True

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "trial": self.trial,
            "holder": self.holder,
            "provisional": self.provisional,
            "because": _because(self.because, lang),
        }


class IgnoredEvent(NamedTuple):
    """An event the rules do not allow, which the plan ignores and says so (RULES-2026 §5)."""

    position: int  # the event's index in the input
    type: str
    reason: Reason

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "index": self.position,
            "type": self.type,
            "rule": self.reason.rule,
            "text": self.reason.text(lang),
        }


class Plan(NamedTuple):
    """The plan of a citizen's latest spell as seen on ``as_of`` (DESIGN.md contract)."""

    ruleset_id: str
    ruleset_effective_from: date
    as_of: date
    group: str | None
    spell_start: date | None
    interviews: tuple[Interview, ...]
    handover: Handover | None
    cv: CvDuty
    joblog: JoblogDuty
    selfbooking: SelfbookingDuty
    consequences: tuple[Consequence, ...]
    offer: OfferDuty | None = None
    exemptions: tuple[Exemption, ...] = ()
    trial: Trial | None = None
    ignored_events: tuple[IgnoredEvent, ...] = ()
    provisional: bool = False

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """The contract JSON, with every ``because`` sentence in ``lang`` (``da`` or ``en``)."""
        return {
            "ruleset": {"id": self.ruleset_id, "effective_from": _iso(self.ruleset_effective_from)},
            "as_of": _iso(self.as_of),
            "group": self.group,
            "spell_start": _iso(self.spell_start),
            "interviews": [interview.to_dict(lang) for interview in self.interviews],
            "handover": self.handover.to_dict(lang) if self.handover else None,
            "cv": self.cv.to_dict(lang),
            "joblog": self.joblog.to_dict(lang),
            "selfbooking": self.selfbooking.to_dict(lang),
            "consequences": [consequence.to_dict(lang) for consequence in self.consequences],
            "offer": self.offer.to_dict(lang) if self.offer else None,
            "exemptions": [exemption.to_dict(lang) for exemption in self.exemptions],
            "trial": self.trial.to_dict(lang) if self.trial else None,
            "ignored_events": [ignored.to_dict(lang) for ignored in self.ignored_events],
            "provisional": self.provisional,
        }


class InterviewDeadline:
    """An interview's deadline and status, without explanation (the mass-recomputation path).

    ``InterviewDeadline`` and ``Deadlines`` are plain classes, not named tuples: the compiled
    engine builds them with a direct call, where a named tuple goes through ``tuple.__new__``.
    The engine's working ``Requirement`` is an interview deadline with more to it, so the
    deadlines path returns the requirements it worked out, without copying them."""

    __slots__ = ("deadline", "held_on", "holder", "number", "provisional", "ruleset_id", "status")

    def __init__(
        self,
        number: int,
        holder: str,
        deadline: date,
        status: str,
        held_on: date | None,
        ruleset_id: str = "",
        provisional: bool = False,
    ) -> None:
        self.number = number
        self.holder = holder
        self.deadline = deadline
        self.status = status
        self.held_on = held_on
        self.ruleset_id = ruleset_id  # the ruleset that set it (R60)
        self.provisional = provisional  # R70

    def fields(self) -> tuple[int, str, date, str, date | None, str, bool]:
        return (
            self.number,
            self.holder,
            self.deadline,
            self.status,
            self.held_on,
            self.ruleset_id,
            self.provisional,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InterviewDeadline) and self.fields() == other.fields()

    def __repr__(self) -> str:
        return f"InterviewDeadline{self.fields()!r}"


class Deadlines:
    """Deadlines and statuses only: what the nightly recomputation stores."""

    __slots__ = (
        "consequences",
        "cv_deadline",
        "cv_status",
        "group",
        "handover",
        "interviews",
        "offer_deadline",
        "offer_status",
        "open_deadlines",
        "provisional",
        "ruleset_id",
        "spell_start",
    )

    def __init__(
        self,
        ruleset_id: str,
        group: str | None,
        spell_start: date | None,
        interviews: tuple[InterviewDeadline, ...],
        handover: date | None,
        cv_deadline: date | None,
        cv_status: str,
        open_deadlines: tuple[OpenDeadline, ...],
        consequences: tuple[tuple[str, date, date | None], ...],
        offer_deadline: date | None = None,
        offer_status: str | None = None,
        provisional: bool = False,
    ) -> None:
        self.offer_deadline = offer_deadline  # R67
        self.offer_status = offer_status
        self.provisional = provisional  # R70: some item rests on a provisional value
        self.ruleset_id = ruleset_id
        self.group = group
        self.spell_start = spell_start
        self.interviews = interviews
        self.handover = handover
        self.cv_deadline = cv_deadline
        self.cv_status = cv_status
        self.open_deadlines = open_deadlines
        self.consequences = consequences

    def fields(self) -> tuple[object, ...]:
        return (
            self.ruleset_id,
            self.group,
            self.spell_start,
            self.interviews,
            self.handover,
            self.cv_deadline,
            self.cv_status,
            self.open_deadlines,
            self.consequences,
            self.offer_deadline,
            self.offer_status,
            self.provisional,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deadlines) and self.fields() == other.fields()

    def __repr__(self) -> str:
        return f"Deadlines{self.fields()!r}"
