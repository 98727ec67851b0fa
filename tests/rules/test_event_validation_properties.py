"""Properties of the event validator: any JSON value is a valid event or an `EventError`.

Whatever an organisation's system sends (wrong types, missing fields, unknown types, dates out of
range, huge strings, nested junk), `parse_events` either accepts it or raises `EventError` naming
the event's index and a field it reads — never another exception, which would be a 500.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontaktforloeb.rules.events import EVENT_TYPES, Event, EventError, parse_events
from tests.rules.strategies import event

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Every field name the vocabulary reads, and a few it does not.
FIELDS = [
    "type",
    "date",
    "group",
    "insured",
    "visited_to_jobcenter",
    "dagpenge_period_start",
    "from",
    "to",
    "hours",
    "holder",
    "channel",
    "joint",
    "lawful_absence",
    "contact_date",
    "deadline",
    "last_meeting_date",
    "interview",
    "meeting_date",
    "wants",
    "start_date",
    "kind",
    "by",
    "reason",
    "approved_by",
    "trial",
    "municipality_code",
    "consequence",
    "decision",
    "events",
    "note",
]

BAD_DATES = [
    "2026-02-31",
    "2026-02-29",
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2026-1-1",
    "01-01-2026",
    "2026-01-01\n",
    " 2026-01-01",
    "2026-01-01T00:00:00",
    "٢٠٢٦-٠١-٠١",  # Arabic-Indic digits, which `\d` matches
    "２０２６-０１-０１",  # fullwidth digits
    "",
]
HUGE = "x" * 100_000

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from([*BAD_DATES, HUGE, "\x00", "\ud800", "1e999999", "-0", "NaN", "Infinity"])
    | st.sampled_from(EVENT_TYPES)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def junk_event(draw: st.DrawFn) -> Any:
    """A valid event with fields replaced, removed or added, or any JSON value at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)
    raw: dict[str, Any] = dict(draw(event()))
    for _ in range(draw(st.integers(1, 4))):
        field = draw(st.sampled_from(FIELDS))
        if draw(st.booleans()):
            raw[field] = draw(json_values)
        else:
            raw.pop(field, None)
    return raw


def check(events: list[Any]) -> list[Event] | EventError:
    try:
        return parse_events(events)
    except EventError as error:
        return error


@SETTINGS
@given(
    st.lists(event(), max_size=5),
    st.lists(junk_event(), min_size=1, max_size=3),
    st.randoms(use_true_random=False),
)
def test_any_json_is_an_event_or_an_error_naming_its_index_and_field(valid, junk, random):
    events = [*valid, *junk]
    random.shuffle(events)  # the junk anywhere in the list
    result = check(events)
    if isinstance(result, EventError):
        assert 0 <= result.index < len(events)
        assert result.field in FIELDS
        assert f"events[{result.index}]" in str(result) and result.field in str(result)
        # The first problem: every event before the one named is valid on its own.
        assert not isinstance(check(events[: result.index]), EventError)
    else:
        assert [item.index for item in result] == list(range(len(events)))
        assert all(item.type in EVENT_TYPES and isinstance(item.date, dt.date) for item in result)


@SETTINGS
@given(json_values)
def test_anything_but_a_list_of_objects_is_refused(value):
    result = check([value])
    if not isinstance(value, dict):
        assert isinstance(result, EventError) and result.index == 0 and result.field == "type"
    if not isinstance(value, list):
        assert isinstance(check(value), EventError)  # type: ignore[arg-type]


@SETTINGS
@given(st.lists(event(), min_size=1, max_size=8))
def test_valid_events_round_trip_through_json(events):
    parsed = parse_events(events)
    again = parse_events(json.loads(json.dumps(events)))
    assert again == parsed
    assert [item.type for item in parsed] == [raw["type"] for raw in events]
    assert [item.date.isoformat() for item in parsed] == [raw["date"] for raw in events]


@SETTINGS
@given(st.sampled_from(BAD_DATES), st.sampled_from(["date", "from", "to"]))
def test_a_date_that_is_not_a_calendar_day_in_iso_form_is_refused(value, field):
    raw = {"type": "sick", "date": "2026-03-02", "from": "2026-03-02", "to": "2026-03-04"}
    result = check([{**raw, field: value}])
    if value in ("0001-01-01", "9999-12-31"):  # real days, if far ones
        assert not isinstance(result, EventError) or result.field == "to"
    else:
        assert isinstance(result, EventError) and result.field == field


@SETTINGS
@given(
    st.one_of(
        st.floats(min_value=1e26, allow_infinity=False, allow_nan=False),
        st.integers(min_value=10**26, max_value=10**400),
        st.sampled_from(["1e30", "1E+999", "9" * 60, "1e-30", "0.001", "  ", "7,40", "7.40.1"]),
    )
)
def test_hours_beyond_a_decimal_or_malformed_are_refused(hours):
    raw = {"type": "dagpenge_paid", "date": "2026-03-02", "from": "2026-02-01", "to": "2026-02-28"}
    result = check([{**raw, "hours": hours}])
    assert isinstance(result, EventError) and result.field == "hours"
