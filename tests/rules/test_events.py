import pytest

from kontaktforloeb.rules import EventError, parse_events

REG = {"type": "registered", "date": "2024-09-02", "group": "dagpenge"}


def error_of(events: list[object]) -> EventError:
    with pytest.raises(EventError) as caught:
        parse_events(events)
    return caught.value


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"type": "teleported", "date": "2024-09-02"}, "type"),
        ({"type": "registered", "date": "2024-9-2", "group": "dagpenge"}, "date"),
        ({"type": "registered", "date": "2024-09-02"}, "group"),
        (
            {"type": "registered", "date": "2024-09-02", "group": "dagpenge", "insured": "half"},
            "insured",
        ),
        (
            {
                "type": "dagpenge_paid",
                "date": "2024-09-02",
                "from": "2024-09-10",
                "to": "2024-09-01",
                "hours": 1,
            },
            "to",
        ),
        (
            {
                "type": "dagpenge_paid",
                "date": "2024-09-02",
                "from": "2024-09-01",
                "to": "2024-09-10",
                "hours": "-1",
            },
            "hours",
        ),
        (
            {
                "type": "dagpenge_paid",
                "date": "2024-09-02",
                "from": "2024-09-01",
                "to": "2024-09-10",
                "hours": "7.405",
            },
            "hours",
        ),
        (
            {
                "type": "dagpenge_paid",
                "date": "2024-09-02",
                "from": "2024-09-01",
                "to": "2024-09-10",
                "hours": "many",
            },
            "hours",
        ),
        (
            {"type": "interview_held", "date": "2024-09-02", "holder": "akasse", "channel": "fax"},
            "channel",
        ),
        (
            {"type": "booked", "date": "2024-09-02", "holder": "akasse", "channel": "phone"},
            "meeting_date",
        ),
        (
            {
                "type": "booking_deadline_issued",
                "date": "2024-09-02",
                "deadline": "2024-09-10",
                "last_meeting_date": "2024-09-20",
                "interview": 0,
            },
            "interview",
        ),
        ({"type": "akasse_participation", "date": "2024-09-02", "wants": "yes"}, "wants"),
        (
            {
                "type": "job_start_documented",
                "date": "2024-09-02",
                "start_date": "2024-10-01",
                "kind": "holiday",
            },
            "kind",
        ),
    ],
)
def test_the_first_problem_names_index_type_and_field(event: dict[str, object], field: str) -> None:
    error = error_of([REG, event])
    assert (error.index, error.event_type, error.field) == (1, event["type"], field)
    line = str(error)
    assert "\n" not in line and "events[1]" in line and field in line


def test_decimal_hours_are_exact_hundredths() -> None:
    paid = {"type": "dagpenge_paid", "date": "2024-10-01", "from": "2024-09-02", "to": "2024-09-30"}
    events = parse_events(
        [REG, {**paid, "hours": "155.40"}, {**paid, "hours": 7.4}, {**paid, "hours": 0}]
    )
    assert [event.hours for event in events[1:]] == [15540, 740, 0]


def test_a_missing_type_is_named() -> None:
    error = error_of([{"date": "2024-09-02"}])
    assert error.event_type is None and error.field == "type"
