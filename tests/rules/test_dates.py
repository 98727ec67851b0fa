import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kontaktforloeb.rules.dates import (
    add_months,
    count_weekdays,
    days_in_month,
    format_date,
    is_working_day,
    last_of_month,
    nth_weekday,
    previous_working_day,
)

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def test_danish_and_english_dates_are_written_as_citizens_read_them() -> None:
    assert format_date(date(2024, 9, 16), "da") == "16. september 2024"
    assert format_date(date(2024, 9, 16), "da", weekday=True) == "mandag 16. september 2024"
    assert format_date(date(2024, 9, 16), "en") == "16 September 2024"
    assert format_date(date(2024, 9, 16), "en", weekday=True) == "Monday 16 September 2024"


def test_the_days_of_a_month_are_those_of_the_standard_library() -> None:
    for year in range(1900, 2201):
        for month in range(1, 13):
            length = calendar.monthrange(year, month)[1]
            assert days_in_month(year, month) == length
            assert last_of_month(date(year, month, 1)) == date(year, month, length)


def test_month_arithmetic_clamps_at_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 31), 6) == date(2024, 7, 31)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


@given(days, st.integers(min_value=0, max_value=30))
def test_adding_months_lands_in_the_right_month_never_past_its_end(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(1)).day == 1)


@given(days, st.integers(min_value=0, max_value=800))
def test_weekday_counting_agrees_with_counting_day_by_day(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    slow = sum(1 for i in range(length + 1) if (start + timedelta(i)).weekday() < 5)
    assert count_weekdays(start, end) == slow


@given(days, st.integers(min_value=1, max_value=600))
def test_the_nth_weekday_is_the_weekday_that_makes_the_count_n(start: date, n: int) -> None:
    day = nth_weekday(start, n)
    assert day.weekday() < 5
    assert count_weekdays(start, day) == n


def test_public_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2024, 12, 25))
    assert not is_working_day(date(2024, 3, 29))
    assert is_working_day(date(2024, 12, 23))
    assert previous_working_day(date(2024, 12, 26)) == date(2024, 12, 24)
