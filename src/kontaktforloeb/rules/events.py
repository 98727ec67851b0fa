"""The case event vocabulary (DESIGN.md, "Contract: kontaktforloeb plan") and its validation.

``parse_events`` turns raw mappings (JSON, YAML, the database) into frozen ``Event`` values and
raises ``EventError`` for the first problem, naming the event's index, its type and the field.
Unknown extra fields are ignored: the vocabulary is extended, never renamed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

GROUPS = (
    "dagpenge",
    "kontanthjaelp_jobparat",
    "kontanthjaelp_aktivitetsparat",
    "uddannelseshjaelp_uddannelsesparat",
    "uddannelseshjaelp_aktivitetsparat",
)
HOLDERS = ("akasse", "jobcenter", "anden_aktoer")  # anden_aktoer: another actor (R73)
TRIALS = ("akasse4", "frit_valg")  # R73
CONSEQUENCES = ("deregistered", "deduction_basis", "lost_day")  # R25, R26, R48, R49
CONSEQUENCE_DECISIONS = ("imposed", "not_imposed")
MUNICIPALITY_CODE = re.compile(r"^\d{3}$")
CHANNELS = ("in_person", "phone", "video")
INSURANCE = ("full_time", "part_time")
JOB_START_KINDS = ("job", "barsel", "efterloen", "fleksydelse", "folkepension")
EVENT_TYPES = (
    "registered",
    "group_changed",
    "dagpenge_paid",
    "interview_held",
    "interview_missed",
    "booking_deadline_issued",
    "booked",
    "booking_cancelled",
    "akasse_participation",
    "job_start_documented",
    "sick",
    "cv_published",
    "cv_approved",
    "selfbooking_exempted",
    "selfbooking_withdrawn",
    "selfbooking_restored",
    "deregistered",
    "reregistered",
    "interviews_exempted",
    "interviews_exemption_ended",
    "offer_exempted",
    "offer_exemption_ended",
    "offer_started",
    "trial_assigned",
    "moved",
    "consequence_decided",
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HUNDREDTH = Decimal("0.01")


class EventError(ValueError):
    """The first problem in a list of events: which event, of what type, which field, and why."""

    def __init__(self, index: int, event_type: str | None, field: str, message: str) -> None:
        self.index = index
        self.event_type = event_type
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"events[{self.index}] ({self.event_type or 'unknown type'}), field '{self.field}': {self.message}"


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened in a citizen's case; only the fields of its type are set.

    ``index`` is the position in the input list; ``hours`` is in integer hundredths of an hour.
    """

    index: int
    type: str
    date: dt.date
    group: str | None = None
    insured: str = "full_time"
    visited_to_jobcenter: bool = False
    dagpenge_period_start: dt.date | None = None
    from_date: dt.date | None = None
    to_date: dt.date | None = None
    hours: int | None = None
    holder: str | None = None
    channel: str | None = None
    joint: bool = False
    lawful_absence: bool = False
    contact_date: dt.date | None = None
    deadline: dt.date | None = None
    last_meeting_date: dt.date | None = None
    interview: int | None = None
    meeting_date: dt.date | None = None
    wants: bool | None = None
    start_date: dt.date | None = None
    kind: str | None = None
    by: str | None = None
    reason: str | None = None
    approved_by: str | None = None
    trial: str | None = None
    municipality_code: str | None = None
    consequence: str | None = None
    decision: str | None = None


class _Reader:
    """Reads the fields of one raw event, raising EventError with its index and type."""

    def __init__(self, index: int, event_type: str | None, raw: Mapping[str, Any]) -> None:
        self.index = index
        self.event_type = event_type
        self.raw = raw

    def fail(self, field: str, message: str) -> EventError:
        return EventError(self.index, self.event_type, field, message)

    def date(self, field: str, *, required: bool = True) -> dt.date | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise self.fail(field, "is required (a date YYYY-MM-DD)")
            return None
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or not ISO_DATE.match(value):
            raise self.fail(field, f"is not an ISO date (YYYY-MM-DD): {value!r}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.fail(field, f"is not a valid date: {value!r}") from None

    def required_date(self, field: str) -> dt.date:
        value = self.date(field)
        assert value is not None
        return value

    def choice(self, field: str, allowed: Sequence[str], *, required: bool = True) -> str | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise self.fail(field, f"is required (one of {', '.join(allowed)})")
            return None
        if value not in allowed:
            raise self.fail(field, f"must be one of {', '.join(allowed)}, not {value!r}")
        return str(value)

    def boolean(self, field: str, *, required: bool = False) -> bool | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise self.fail(field, "is required (true or false)")
            return None
        if not isinstance(value, bool):
            raise self.fail(field, f"must be true or false, not {value!r}")
        return value

    def text(self, field: str) -> str | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(field, f"must be text, not {value!r}")
        return value

    def required_text(self, field: str) -> str:
        value = self.text(field)
        if value is None or not value.strip():
            raise self.fail(field, "is required (a text saying why)")
        return value

    def positive_int(self, field: str) -> int | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(field, f"must be a whole number of at least 1, not {value!r}")
        return value

    def hundredths(self, field: str) -> int:
        value = self.raw.get(field)
        if value is None:
            raise self.fail(field, 'is required (hours as a decimal, e.g. "7.40")')
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise self.fail(field, f"must be a decimal number of hours, not {value!r}")
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.fail(field, f"must be a decimal number of hours, not {value!r}") from None
        if not amount.is_finite():
            raise self.fail(field, f"must be a finite number of hours, not {value!r}")
        if amount < 0:
            raise self.fail(field, f"must be 0 or more, not {value!r}")
        try:
            whole = amount.quantize(HUNDREDTH)
        except InvalidOperation:  # more digits than a decimal holds: no period has such hours
            raise self.fail(field, f"is far too many hours: {value!r}") from None
        if amount != whole:
            raise self.fail(field, f"has more than two decimals (hundredths of an hour): {value!r}")
        return int(amount * 100)


def _registered(r: _Reader) -> dict[str, Any]:
    return {
        "group": r.choice("group", GROUPS),
        "insured": r.choice("insured", INSURANCE, required=False) or "full_time",
        "visited_to_jobcenter": bool(r.boolean("visited_to_jobcenter")),
    }


def _group_changed(r: _Reader) -> dict[str, Any]:
    return {
        "group": r.choice("group", GROUPS),
        "dagpenge_period_start": r.date("dagpenge_period_start", required=False),
    }


def _period(r: _Reader) -> dict[str, Any]:
    start = r.required_date("from")
    end = r.required_date("to")
    if end < start:
        raise r.fail("to", f"{end.isoformat()} is before from {start.isoformat()}")
    return {"from_date": start, "to_date": end}


def _dagpenge_paid(r: _Reader) -> dict[str, Any]:
    fields = _period(r)
    fields["hours"] = r.hundredths("hours")
    return fields


def _interview_held(r: _Reader) -> dict[str, Any]:
    return {
        "holder": r.choice("holder", HOLDERS),
        "channel": r.choice("channel", CHANNELS),
        "joint": bool(r.boolean("joint")),
    }


def _interview_missed(r: _Reader) -> dict[str, Any]:
    return {
        "holder": r.choice("holder", HOLDERS),
        "lawful_absence": bool(r.boolean("lawful_absence")),
        "contact_date": r.date("contact_date", required=False),
    }


def _booking_deadline_issued(r: _Reader) -> dict[str, Any]:
    return {
        "deadline": r.required_date("deadline"),
        "last_meeting_date": r.required_date("last_meeting_date"),
        "interview": r.positive_int("interview"),
    }


def _booked(r: _Reader) -> dict[str, Any]:
    return {
        "meeting_date": r.required_date("meeting_date"),
        "holder": r.choice("holder", HOLDERS),
        "channel": r.choice("channel", CHANNELS),
        "interview": r.positive_int("interview"),
    }


def _booking_cancelled(r: _Reader) -> dict[str, Any]:
    return {
        "meeting_date": r.required_date("meeting_date"),
        "lawful_absence": bool(r.boolean("lawful_absence")),
    }


def _akasse_participation(r: _Reader) -> dict[str, Any]:
    return {"wants": r.boolean("wants", required=True), "interview": r.positive_int("interview")}


def _job_start_documented(r: _Reader) -> dict[str, Any]:
    return {"start_date": r.required_date("start_date"), "kind": r.choice("kind", JOB_START_KINDS)}


def _by(r: _Reader) -> dict[str, Any]:
    return {"by": r.text("by")}


def _reason(r: _Reader) -> dict[str, Any]:
    return {"reason": r.text("reason")}


def _nothing(r: _Reader) -> dict[str, Any]:
    return {}


def _interviews_exempted(r: _Reader) -> dict[str, Any]:
    return {
        "holder": r.choice("holder", HOLDERS),
        "reason": r.required_text("reason"),
        "approved_by": r.text("approved_by"),
    }


def _interviews_exemption_ended(r: _Reader) -> dict[str, Any]:
    return {"holder": r.choice("holder", HOLDERS), "reason": r.text("reason")}


def _offer_exempted(r: _Reader) -> dict[str, Any]:
    return {"reason": r.required_text("reason"), "approved_by": r.text("approved_by")}


def _offer_started(r: _Reader) -> dict[str, Any]:
    return {"kind": r.text("kind")}


def _moved(r: _Reader) -> dict[str, Any]:
    """The citizen moved to another municipality: the case goes with them (its history too)."""
    code = r.raw.get("municipality_code")
    if not isinstance(code, str) or not MUNICIPALITY_CODE.match(code):
        raise r.fail("municipality_code", f"must be a municipality code of 3 digits, not {code!r}")
    return {"municipality_code": code}


def _consequence_decided(r: _Reader) -> dict[str, Any]:
    """The caseworker's decision on a consequence the rules found (R25, R26, R48, R49)."""
    return {
        "consequence": r.choice("consequence", CONSEQUENCES),
        "from_date": r.required_date("from"),
        "decision": r.choice("decision", CONSEQUENCE_DECISIONS),
        "reason": r.required_text("reason"),
    }


def _trial_assigned(r: _Reader) -> dict[str, Any]:
    """R73; with a ``reason``, the municipality's change of the free choice."""
    return {
        "trial": r.choice("trial", TRIALS),
        "holder": r.choice("holder", HOLDERS),
        "reason": r.text("reason"),
    }


_FIELDS: dict[str, Callable[[_Reader], dict[str, Any]]] = {
    "registered": _registered,
    "group_changed": _group_changed,
    "dagpenge_paid": _dagpenge_paid,
    "interview_held": _interview_held,
    "interview_missed": _interview_missed,
    "booking_deadline_issued": _booking_deadline_issued,
    "booked": _booked,
    "booking_cancelled": _booking_cancelled,
    "akasse_participation": _akasse_participation,
    "job_start_documented": _job_start_documented,
    "sick": _period,
    "cv_published": _by,
    "cv_approved": _by,
    "selfbooking_exempted": _reason,
    "selfbooking_withdrawn": _reason,
    "selfbooking_restored": _reason,
    "deregistered": _reason,
    "reregistered": _nothing,
    "interviews_exempted": _interviews_exempted,
    "interviews_exemption_ended": _interviews_exemption_ended,
    "offer_exempted": _offer_exempted,
    "offer_exemption_ended": _reason,
    "offer_started": _offer_started,
    "trial_assigned": _trial_assigned,
    "moved": _moved,
    "consequence_decided": _consequence_decided,
}


def parse_event(index: int, raw: object) -> Event:
    """Validate one raw event; ``index`` is its position, used in errors."""
    if not isinstance(raw, Mapping):
        raise EventError(index, None, "type", "an event is an object with a type and a date")
    event_type = raw.get("type")
    if not isinstance(event_type, str) or event_type not in _FIELDS:
        raise EventError(
            index,
            event_type if isinstance(event_type, str) else None,
            "type",
            f"unknown event type {event_type!r}",
        )
    reader = _Reader(index, event_type, raw)
    day = reader.required_date("date")
    return Event(index=index, type=event_type, date=day, **_FIELDS[event_type](reader))


def parse_events(raw: Sequence[object]) -> list[Event]:
    """Validate every event in input order; the first problem raises ``EventError``."""
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes):
        raise EventError(0, None, "events", "events must be a list")
    return [parse_event(index, item) for index, item in enumerate(raw)]
