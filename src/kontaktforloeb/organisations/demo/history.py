"""Demo case histories: what happened to a demo citizen up to the demo's day, as events.

The interviews are held as the rules engine schedules them for the citizen's own spell, so each
ruleset shows as the law has it: a spell from 2025 has the old counts, a spell still open on
1 July 2026 the new counts for its open windows (R60), a spell from July 2026 the new law from the
start. Each interview is held inside its holder's window (the a-kasse's before the handover), most
in time, some late, a few missed or not held at all; an a-kasse interview whose window has passed
stays not held, as the law says it cannot be held after the handover.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from kontaktforloeb.rules import plan

# Of the interviews due, how many are held late, missed once (and held a week or two later),
# or not held at all. Product choices for a believable demo, not law.
LATE = 0.07
MISSED = 0.05
NOT_HELD = 0.03
LONG_WINDOW_DAYS = 120


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def cpr_number(rng: random.Random) -> str:
    """A fictitious CPR number, valid in format, born 1958–1999."""
    birth = date(1958, 1, 1) + timedelta(days=rng.randrange(365 * 42))
    seventh = rng.randrange(0, 4)  # 0–3: born in the 1900s
    return f"{birth:%d%m%y}{seventh}{rng.randrange(1000):03d}"


def email_address(first: str, last: str, index: int | str) -> str:
    local = f"{first}.{last}.{index}".lower()
    for danish, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), (" ", "")):
        local = local.replace(danish, ascii_)
    return f"{local}@example.dk"


def month_reports(start: date, today: date, rng: random.Random) -> list[dict[str, Any]]:
    """Monthly payment reports from the a-kasse for whole past months of the spell."""
    reports = []
    month_start = start
    while True:
        next_month = (month_start.replace(day=1) + timedelta(days=32)).replace(day=1)
        month_end = next_month - timedelta(days=1)
        if month_end >= today:
            break
        weekdays = sum(
            1
            for d in range((month_end - month_start).days + 1)
            if (month_start + timedelta(days=d)).weekday() < 5
        )
        worked = rng.choice([0, 0, 0, 0, 1, 3, 5])  # days with work, not paid
        hours = f"{(weekdays - min(worked, weekdays)) * 7.4:.2f}"
        reports.append(
            {
                "type": "dagpenge_paid",
                "date": (month_end + timedelta(days=5)).isoformat(),
                "from": month_start.isoformat(),
                "to": month_end.isoformat(),
                "hours": hours,
            }
        )
        month_start = next_month
    return [r for r in reports if r["date"] <= today.isoformat()]


def registration(group: str, start: date, today: date, rng: random.Random) -> list[dict[str, Any]]:
    """The registration, the a-kasse's payment reports for dagpenge, and the CV."""
    events: list[dict[str, Any]] = [
        {
            "type": "registered",
            "date": start.isoformat(),
            "group": group,
            **({"insured": "part_time"} if group == "dagpenge" and rng.random() < 0.1 else {}),
        }
    ]
    if group == "dagpenge":
        events += month_reports(start, today, rng)
    if (today - start).days > 10 and rng.random() < 0.85:
        events.append(
            {
                "type": "cv_published",
                "date": (start + timedelta(days=rng.randrange(3, 20))).isoformat(),
            }
        )
        if rng.random() < 0.8:
            events.append(
                {
                    "type": "cv_approved",
                    "date": (start + timedelta(days=rng.randrange(20, 24))).isoformat(),
                }
            )
    return events


def interviews_held(
    events: list[dict[str, Any]], today: date, rng: random.Random
) -> list[dict[str, Any]]:
    """The interviews of the engine's plan for `events`, held in order before `today`.

    Each is held inside its holder's window: from its earliest day, by its deadline (or, held
    late, after it), and for the a-kasse always before the handover.
    """
    schedule = plan(events, today)
    handover = schedule.handover.date if schedule.handover is not None else None
    held: list[dict[str, Any]] = []
    previous: date | None = None
    for interview in schedule.interviews:
        last_day = interview.deadline
        if interview.holder != "jobcenter" and handover is not None:
            last_day = min(last_day, handover - timedelta(days=1))
        first_day = interview.earliest
        if previous is not None:
            first_day = max(first_day, previous + timedelta(days=14))
        span = max((last_day - first_day).days, 0)
        # Early in a short window; towards the end of a long one (the 16-month interview).
        share = rng.uniform(0.65, 0.95) if span > LONG_WINDOW_DAYS else rng.uniform(0.15, 0.7)
        day = first_day + timedelta(days=int(span * share))
        draw = rng.random()
        if draw < NOT_HELD:
            continue
        if draw < NOT_HELD + LATE and interview.number > 1:
            day = last_day + timedelta(days=rng.randrange(2, 25))
        day = weekday_on_or_after(day)
        if draw > 1 - MISSED:
            if day >= today:
                break
            held.append(
                {
                    "type": "interview_missed",
                    "date": day.isoformat(),
                    "holder": interview.holder,
                    "lawful_absence": rng.random() < 0.5,
                }
            )
            day = weekday_on_or_after(day + timedelta(days=rng.randrange(7, 15)))
        if day >= today:
            break
        if interview.holder != "jobcenter" and handover is not None and day >= handover:
            continue  # the a-kasse's window has passed: not held in time (R3 [D])
        channel = interview.required_channel or rng.choice(
            ["in_person", "in_person", "phone", "video"]
        )
        held.append(
            {
                "type": "interview_held",
                "date": day.isoformat(),
                "holder": interview.holder,
                "channel": channel,
                **({"joint": True} if interview.joint == "required" else {}),
            }
        )
        previous = day
    return held


def history(group: str, start: date, today: date, rng: random.Random) -> list[dict[str, Any]]:
    """A whole demo case up to `today`: registration, payments, CV, absences and interviews."""
    events = registration(group, start, today, rng)
    days = (today - start).days
    if days > 40 and rng.random() < 0.08:
        sick_from = start + timedelta(days=rng.randrange(20, days - 10))
        events.append(
            {
                "type": "sick",
                "date": sick_from.isoformat(),
                "from": sick_from.isoformat(),
                "to": (sick_from + timedelta(days=rng.randrange(3, 14))).isoformat(),
            }
        )
    if days > 60 and rng.random() < 0.05:
        documented = today - timedelta(days=rng.randrange(1, 20))
        events.append(
            {
                "type": "job_start_documented",
                "date": documented.isoformat(),
                "start_date": (documented + timedelta(days=rng.randrange(7, 40))).isoformat(),
                "kind": "job",
            }
        )
    events.sort(key=lambda e: e["date"])
    events += interviews_held(events, today, rng)
    events.sort(key=lambda e: e["date"])
    return events
