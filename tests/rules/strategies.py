"""Hypothesis strategies over the whole event vocabulary of the plan contract."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from kontaktforloeb.rules.events import (
    CHANNELS,
    EVENT_TYPES,
    GROUPS,
    HOLDERS,
    JOB_START_KINDS,
    TRIALS,
)

FIRST = date(2021, 6, 1)
LAST = date(2027, 12, 31)  # across both changes of law (2026-07-01, 2027-01-01)
days = st.dates(min_value=FIRST, max_value=LAST)


def iso(day: date) -> str:
    return day.isoformat()


@st.composite
def period(draw: st.DrawFn) -> tuple[str, str]:
    start = draw(days)
    return iso(start), iso(start + timedelta(days=draw(st.integers(0, 60))))


@st.composite
def event(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(EVENT_TYPES))
    day = draw(days)
    raw: dict[str, Any] = {"type": kind, "date": iso(day)}
    later = st.integers(0, 40).map(lambda n: iso(day + timedelta(days=n)))
    if kind == "registered":
        raw["group"] = draw(st.sampled_from(GROUPS))
        raw["insured"] = draw(st.sampled_from(["full_time", "part_time"]))
        raw["visited_to_jobcenter"] = draw(st.booleans())
    elif kind == "group_changed":
        raw["group"] = draw(st.sampled_from(GROUPS))
        if draw(st.booleans()):
            raw["dagpenge_period_start"] = iso(day - timedelta(days=draw(st.integers(0, 90))))
    elif kind in ("dagpenge_paid", "sick"):
        raw["from"], raw["to"] = draw(period())
        if kind == "dagpenge_paid":
            raw["hours"] = f"{draw(st.integers(0, 20000)) / 100:.2f}"
    elif kind in ("interview_held", "interview_missed"):
        raw["holder"] = draw(st.sampled_from(HOLDERS))
        if kind == "interview_held":
            raw["channel"] = draw(st.sampled_from(CHANNELS))
            raw["joint"] = draw(st.booleans())
        else:
            raw["lawful_absence"] = draw(st.booleans())
            if draw(st.booleans()):
                raw["contact_date"] = draw(later)
    elif kind == "booking_deadline_issued":
        deadline = day + timedelta(days=draw(st.integers(0, 20)))
        raw["deadline"] = iso(deadline)
        raw["last_meeting_date"] = iso(deadline + timedelta(days=draw(st.integers(0, 20))))
        if draw(st.booleans()):
            raw["interview"] = draw(st.integers(1, 8))
    elif kind == "booked":
        raw["meeting_date"] = draw(later)
        raw["holder"] = draw(st.sampled_from(HOLDERS))
        raw["channel"] = draw(st.sampled_from(CHANNELS))
        if draw(st.booleans()):
            raw["interview"] = draw(st.integers(1, 8))
    elif kind == "booking_cancelled":
        raw["meeting_date"] = draw(later)
        raw["lawful_absence"] = draw(st.booleans())
    elif kind == "akasse_participation":
        raw["wants"] = draw(st.booleans())
    elif kind == "job_start_documented":
        raw["start_date"] = draw(later)
        raw["kind"] = draw(st.sampled_from(JOB_START_KINDS))
    elif kind in ("interviews_exempted", "interviews_exemption_ended"):
        raw["holder"] = draw(st.sampled_from(HOLDERS))
        if kind == "interviews_exempted":
            raw["reason"] = "Kan selv komme i job"
    elif kind == "offer_exempted":
        raw["reason"] = "Kan selv komme i job"
    elif kind == "moved":
        raw["municipality_code"] = draw(st.sampled_from(["101", "751", "169"]))
    elif kind == "consequence_decided":
        raw["consequence"] = draw(st.sampled_from(["deregistered", "deduction_basis", "lost_day"]))
        raw["from"] = iso(day)
        raw["decision"] = draw(st.sampled_from(["imposed", "not_imposed"]))
        raw["reason"] = "Vurderet efter samtale"
    elif kind == "trial_assigned":
        raw["trial"] = draw(st.sampled_from(TRIALS))
        raw["holder"] = draw(st.sampled_from(HOLDERS))
    return raw


@st.composite
def case(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A registration followed by any events of the vocabulary."""
    first = {
        "type": "registered",
        "date": iso(draw(st.dates(min_value=FIRST, max_value=date(2027, 6, 1)))),
        "group": draw(st.sampled_from(GROUPS)),
        "insured": draw(st.sampled_from(["full_time", "part_time"])),
    }
    return [first, *draw(st.lists(event(), max_size=25))]
