from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kontaktforloeb.rules.clock import HoursClock, _in_order, _painted, weekday_number
from kontaktforloeb.rules.events import Event

START = date(2024, 9, 2)


def paid(reports: list[tuple[date, date, int]]) -> list[Event]:
    """Payment reports (first day, last day, hundredths) as the ``dagpenge_paid`` events the
    clock reads."""
    return [
        Event(index, "dagpenge_paid", end, from_date=start, to_date=end, hours=hours)
        for index, (start, end, hours) in enumerate(reports)
    ]


def test_three_months_is_the_65th_weekday_at_full_time() -> None:
    clock = HoursClock(START, 740)
    assert clock.crossing(3 * 16033) == date(2024, 11, 29)
    assert clock.total_on(date(2024, 11, 29)) == 48100


def test_a_report_spreads_its_remainder_to_the_earliest_weekdays() -> None:
    clock = HoursClock(START, 740, payments=paid([(date(2024, 9, 2), date(2024, 9, 6), 3)]))
    assert clock.total_on(date(2024, 9, 2)) == 1
    assert clock.total_on(date(2024, 9, 4)) == 3
    assert clock.total_on(date(2024, 9, 6)) == 3
    assert clock.total_on(date(2024, 9, 9)) == 3 + 740


def test_a_later_report_replaces_an_earlier_one_for_its_days() -> None:
    reports = [(date(2024, 9, 2), date(2024, 9, 6), 3700), (date(2024, 9, 2), date(2024, 9, 6), 0)]
    assert HoursClock(START, 740, payments=paid(reports)).total_on(date(2024, 9, 6)) == 0


def test_excluded_windows_never_count_even_when_reported() -> None:
    clock = HoursClock(
        START,
        740,
        payments=paid([(date(2024, 9, 2), date(2024, 9, 6), 3700)]),
        excluded=[(date(2024, 9, 4), date(2024, 9, 4))],
    )
    assert clock.total_on(date(2024, 9, 6)) == 2960


weeks = st.lists(st.integers(min_value=0, max_value=3700), min_size=1, max_size=40)


@given(weeks, st.integers(min_value=0, max_value=2_600_000))
def test_crossing_is_the_first_day_the_total_exceeds_the_threshold(
    hours: list[int], threshold: int
) -> None:
    reports = [
        (
            date.fromordinal(START.toordinal() + 7 * i),
            date.fromordinal(START.toordinal() + 7 * i + 4),
            h,
        )
        for i, h in enumerate(hours)
    ]
    clock = HoursClock(START, 740, payments=paid(reports))
    day = clock.crossing(threshold)
    assert day is not None
    assert clock.total_on(day) > threshold
    assert clock.total_on(date.fromordinal(day.toordinal() - 1)) <= threshold


@given(st.integers(min_value=0, max_value=39), st.integers(min_value=0, max_value=740))
def test_paying_less_never_brings_a_crossing_earlier(week: int, less: int) -> None:
    monday = date.fromordinal(START.toordinal() + 7 * week)
    friday = date.fromordinal(monday.toordinal() + 4)
    full = HoursClock(START, 740)
    reduced = HoursClock(START, 740, payments=paid([(monday, friday, less * 5)]))
    for months in (3, 6, 16):
        first = full.crossing(months * 16033)
        second = reduced.crossing(months * 16033)
        assert first is not None and second is not None and second >= first


# Reports as (days after the start the report begins, its length in days, hundredths paid).
report_lists = st.lists(
    st.tuples(
        st.integers(min_value=-40, max_value=400),
        st.integers(min_value=0, max_value=45),
        st.integers(min_value=0, max_value=20_000),
    ),
    max_size=14,
)


gap_lists = st.lists(
    st.tuples(st.integers(min_value=-20, max_value=400), st.integers(min_value=0, max_value=60)),
    max_size=3,
)


def _rates(runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The runs with neighbours of the same rate joined: the rate of every day, and no more."""
    joined: list[tuple[int, int, int]] = []
    for first, last, rate in runs:
        if joined and joined[-1][2] == rate and joined[-1][1] + 1 == first:
            joined[-1] = (joined[-1][0], last, rate)
        else:
            joined.append((first, last, rate))
    return joined


def _periods(
    drawn: list[tuple[int, int, int]], drawn_gaps: list[tuple[int, int]], monthly: bool
) -> tuple[list[tuple[date, date, int]], list[tuple[date, date]]]:
    """The drawn reports and unpaid periods as dates from START."""
    reports: list[tuple[date, date, int]] = []
    if monthly:  # back to back, as the a-kasse reports each month; the first may begin earlier
        day = START + timedelta(days=min(0, drawn[0][0]) if drawn else 0)
        for _, length, hours in drawn:
            end = day + timedelta(days=length)
            reports.append((day, end, hours))
            day = end + timedelta(days=1)
    else:
        reports = [
            (START + timedelta(days=offset), START + timedelta(days=offset + length), hours)
            for offset, length, hours in drawn
        ]
    unpaid = [
        (START + timedelta(days=offset), START + timedelta(days=offset + length))
        for offset, length in drawn_gaps
    ]
    return reports, unpaid


@given(report_lists, gap_lists, st.booleans())
def test_reports_in_date_order_give_the_rates_that_painting_gives(
    drawn: list[tuple[int, int, int]], drawn_gaps: list[tuple[int, int]], monthly: bool
) -> None:
    """Reports that follow one another are laid down by appending; whenever that path is taken
    it must pay every day what painting the unpaid days and the reports one by one pays."""
    reports, unpaid = _periods(drawn, drawn_gaps, monthly)
    low = weekday_number(START.toordinal() - 1) + 1
    painted = _rates(_painted(low, 740, unpaid, reports, ()))
    appended = _in_order(low, 740, reports, unpaid)
    if monthly:
        assert appended is not None
    if appended is not None:
        assert _rates(appended) == painted
    assert _rates(HoursClock(START, 740, unpaid=unpaid, payments=paid(reports)).runs) == painted


@given(report_lists, gap_lists, st.booleans(), st.integers(min_value=0, max_value=5_000_000))
def test_walking_the_reports_finds_the_crossing_the_runs_give(
    drawn: list[tuple[int, int, int]],
    drawn_gaps: list[tuple[int, int]],
    monthly: bool,
    threshold: int,
) -> None:
    """A crossing is found by walking reports that follow one another, without building the
    runs; it must be the day the built runs give, whatever the reports and unpaid days."""
    reports, unpaid = _periods(drawn, drawn_gaps, monthly)
    for rate in (740, 0):
        clock = HoursClock(START, rate, unpaid=unpaid, payments=paid(reports))
        assert clock.crossing(threshold) == clock.crossing_in_runs(threshold)
