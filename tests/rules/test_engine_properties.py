from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontaktforloeb.rules import deadlines, parse_events, plan
from tests.rules.strategies import case, days

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(case(), days)
def test_the_engine_never_raises_on_valid_events(raw: list[dict[str, Any]], as_of: date) -> None:
    events = parse_events(raw)
    for lang in ("da", "en"):
        plan(events, as_of).to_dict(lang)
    deadlines(events, as_of)
    plan(events, as_of, "RS2020").to_dict()


@SETTINGS
@given(case(), days)
def test_the_fast_path_agrees_with_the_plan(raw: list[dict[str, Any]], as_of: date) -> None:
    events = parse_events(raw)
    full = plan(events, as_of)
    fast = deadlines(events, as_of)
    assert [(i.number, i.deadline, i.status, i.held_on) for i in full.interviews] == [
        (i.number, i.deadline, i.status, i.held_on) for i in fast.interviews
    ]
    assert fast.open_deadlines == full.selfbooking.open_deadlines
    assert fast.handover == (full.handover.date if full.handover else None)


@SETTINGS
@given(case(), days)
def test_no_deadline_falls_before_the_spell_starts(raw: list[dict[str, Any]], as_of: date) -> None:
    events = parse_events(raw)
    result = plan(events, as_of)
    if result.spell_start is None:
        return
    earliest_start = min(
        [result.spell_start]
        + [e.dagpenge_period_start for e in events if e.dagpenge_period_start is not None]
    )
    for interview in result.interviews:
        assert interview.deadline >= earliest_start
        assert interview.target_date is None or interview.target_date >= earliest_start
    assert result.cv.deadline is not None and result.cv.deadline >= result.spell_start


@SETTINGS
@given(case(), st.integers(0, 400), st.integers(1, 400))
def test_moving_as_of_forward_never_unholds_an_interview(
    raw: list[dict[str, Any]], after: int, more: int
) -> None:
    events = parse_events(raw)
    last = max(event.date for event in events)
    first_view = plan(events, last + timedelta(days=after))
    later_view = plan(events, last + timedelta(days=after + more))
    later = {i.number: i for i in later_view.interviews}
    for interview in first_view.interviews:
        if interview.status in ("held", "held_late"):
            assert later[interview.number].status == interview.status
            assert later[interview.number].held_on == interview.held_on


@SETTINGS
@given(
    st.dates(min_value=date(2022, 1, 3), max_value=date(2025, 1, 1)),
    st.sampled_from(["full_time", "part_time"]),
    st.lists(st.integers(0, 70), min_size=1, max_size=6, unique=True),
    st.integers(0, 500),
)
def test_reporting_unpaid_weeks_never_moves_deadlines_earlier(
    start: date, insured: str, weeks: list[int], look: int
) -> None:
    registered = {
        "type": "registered",
        "date": start.isoformat(),
        "group": "dagpenge",
        "insured": insured,
    }
    as_of = start + timedelta(days=look)
    before = plan(parse_events([registered]), as_of)
    unpaid = [
        {
            "type": "dagpenge_paid",
            "date": start.isoformat(),
            "from": (start + timedelta(weeks=week)).isoformat(),
            "to": (start + timedelta(weeks=week, days=6)).isoformat(),
            "hours": 0,
        }
        for week in weeks
    ]
    after = plan(parse_events([registered, *unpaid]), as_of)
    for old, new in zip(before.interviews, after.interviews, strict=True):
        assert new.deadline >= old.deadline
    if before.handover is not None:
        assert after.handover is not None and after.handover.date >= before.handover.date


@SETTINGS
@given(case(), days)
def test_a_relaxation_never_adds_a_requirement_to_an_open_window(
    raw: list[dict[str, Any]], as_of: date
) -> None:
    # R60: RS2026-07 re-derives the windows of a LEAFLET-2024 spell still open on 1 July 2026;
    # per holder it never asks for more interviews than the spell's own rules pinned.
    events = parse_events(raw)
    result = plan(events, as_of)
    if result.ruleset_id != "LEAFLET-2024":
        return
    pinned = plan(events, as_of, "LEAFLET-2024")
    for holder in ("akasse", "jobcenter"):
        followed = [i for i in result.interviews if i.holder == holder]
        own = [i for i in pinned.interviews if i.holder == holder]
        assert len(followed) <= len(own)


@SETTINGS
@given(case(), days)
def test_an_exemption_never_changes_a_deadline(raw: list[dict[str, Any]], as_of: date) -> None:
    # R65: exemptions change statuses, never deadlines (nor, without booking deadlines, the
    # number of interviews).
    if any(event["type"] == "booking_deadline_issued" for event in raw):
        return
    events = parse_events(raw)
    without = parse_events(
        [e for e in raw if e["type"] not in ("interviews_exempted", "interviews_exemption_ended")]
    )
    exempted = plan(events, as_of)
    plain = plan(without, as_of)
    assert [(i.number, i.holder, i.deadline) for i in exempted.interviews] == [
        (i.number, i.holder, i.deadline) for i in plain.interviews
    ]


@SETTINGS
@given(case(), days)
def test_provisional_exactly_when_a_provisional_value_was_used(
    raw: list[dict[str, Any]], as_of: date
) -> None:
    # R70: only RS2027's values are provisional, and RS2027 reaches no earlier window; so an item
    # is provisional exactly when the ruleset that set it is RS2027, and the plan when any is.
    events = parse_events(raw)
    result = plan(events, as_of)
    for interview in result.interviews:
        assert interview.provisional == (interview.ruleset == "RS2027")
    spell_provisional = result.spell_start is not None and result.ruleset_id == "RS2027"
    assert result.cv.provisional == spell_provisional
    assert result.joblog.provisional == spell_provisional
    if result.handover is not None:
        assert result.handover.provisional == spell_provisional
    if result.offer is not None:
        assert result.offer.provisional == (result.offer.ruleset == "RS2027")
    items = [i.provisional for i in result.interviews] + [result.cv.provisional]
    if result.offer is not None:
        items.append(result.offer.provisional)
    if result.trial is not None:
        items.append(result.trial.provisional)
    assert result.provisional == any(items)
    fast = deadlines(events, as_of)
    assert fast.provisional == result.provisional
    assert [i.ruleset_id for i in fast.interviews] == [i.ruleset for i in result.interviews]
