"""Calendar arithmetic and date wording shared by the engine and the web layer.

Pure functions only: no clock, no I/O. Danish dates are written ``16. september 2024`` (weekday
optional, lowercase), English dates ``16 September 2024`` (RULES.md §3, ENGINE.md §11).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import holidays

DA_MONTHS: Final = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
DA_WEEKDAYS: Final = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
EN_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EN_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ONE_DAY: Final = timedelta(days=1)
_DAYS: Final = tuple(timedelta(days=n) for n in range(512))


def days(n: int) -> timedelta:
    """``timedelta(days=n)``, the common lengths made once (the engine adds them to every plan)."""
    return _DAYS[n] if 0 <= n < 512 else timedelta(days=n)


def format_date(day: date, lang: str = "da", *, weekday: bool = False) -> str:
    """Write ``day`` the way a citizen reads it, in Danish (``da``) or English (``en``)."""
    if lang == "en":
        text = f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
        return f"{EN_WEEKDAYS[day.weekday()]} {text}" if weekday else text
    text = f"{day.day}. {DA_MONTHS[day.month - 1]} {day.year}"
    return f"{DA_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def month_name(month: int, lang: str = "da") -> str:
    """The name of a month, lowercase in Danish and capitalised in English."""
    return EN_MONTHS[month - 1] if lang == "en" else DA_MONTHS[month - 1]


_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """The number of days in a month, as ``calendar.monthrange`` says, which is interpreted
    Python and cost a compiled plan more than all the rest of its month arithmetic."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


_ADD_MONTHS: Final[dict[tuple[date, int], date]] = {}


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (2024-01-31 + 1 = 2024-02-29).
    Remembered: a plan adds months to the same few days (its start, its deadlines) that many
    other plans do, and a lookup costs a compiled plan a fifth of working a date out."""
    key = (day, months)
    found = _ADD_MONTHS.get(key)
    if found is None:
        index = day.year * 12 + day.month - 1 + months
        year = index // 12
        month = index - year * 12 + 1
        found = date(year, month, min(day.day, days_in_month(year, month)))
        if len(_ADD_MONTHS) >= 32768:
            _ADD_MONTHS.clear()
        _ADD_MONTHS[key] = found
    return found


_FIRST_OF_NEXT_MONTH: Final[dict[date, date]] = {}


def first_of_next_month(day: date) -> date:
    """The first day of the month after ``day``'s month (remembered: every dagpenge plan asks
    for the month after its handover crossing)."""
    found = _FIRST_OF_NEXT_MONTH.get(day)
    if found is None:
        found = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
        if len(_FIRST_OF_NEXT_MONTH) >= 8192:
            _FIRST_OF_NEXT_MONTH.clear()
        _FIRST_OF_NEXT_MONTH[day] = found
    return found


def last_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return date(day.year, day.month, days_in_month(day.year, day.month))


# _WEEKDAYS_IN[w][r]: weekdays among r consecutive days starting on weekday w (Monday = 0).
_WEEKDAYS_IN: Final = tuple(
    tuple(sum(1 for i in range(r) if (w + i) % 7 < 5) for r in range(7)) for w in range(7)
)


def count_weekdays(start: date, end: date) -> int:
    """Monday-to-Friday days in ``start``..``end`` inclusive (public holidays included)."""
    days = (end - start).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    return weeks * 5 + _WEEKDAYS_IN[start.weekday()][rest]


def nth_weekday(start: date, n: int) -> date:
    """The ``n``-th Monday-to-Friday day (1-based) on or after ``start``."""
    weekday = start.weekday()
    if weekday >= 5:
        start += timedelta(days=7 - weekday)
        weekday = 0
    weeks, rest = divmod(n - 1, 5)
    if weekday + rest > 4:
        rest += 2
    return start + timedelta(days=weeks * 7 + rest)


# The caches below are plain dictionaries rather than ``functools.lru_cache``: the module is
# compiled with mypyc, whose calls between compiled functions go straight to the function and
# would skip a decorator's cache.
_HOLIDAYS: Final[dict[int, frozenset[date]]] = {}
_PREVIOUS_WORKING: Final[dict[date, date]] = {}
_NEXT_WORKING: Final[dict[date, date]] = {}


def danish_public_holidays(year: int) -> frozenset[date]:
    """Danish public holidays of ``year`` (the ``holidays`` package, Denmark), cached."""
    found = _HOLIDAYS.get(year)
    if found is None:
        found = _HOLIDAYS[year] = frozenset(holidays.country_holidays("DK", years=year).keys())
    return found


def is_working_day(day: date) -> bool:
    """A weekday that is not a Danish public holiday: the only days with offered slots."""
    return day.weekday() < 5 and day not in danish_public_holidays(day.year)


def previous_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the nearest working day before it (cached:
    target dates ask for the same few hundred days over and over)."""
    found = _PREVIOUS_WORKING.get(day)
    if found is None:
        found = day
        while not is_working_day(found):
            found -= ONE_DAY
        if len(_PREVIOUS_WORKING) >= 8192:
            _PREVIOUS_WORKING.clear()
        _PREVIOUS_WORKING[day] = found
    return found


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the nearest working day after it."""
    found = _NEXT_WORKING.get(day)
    if found is None:
        found = day
        while not is_working_day(found):
            found += ONE_DAY
        if len(_NEXT_WORKING) >= 8192:
            _NEXT_WORKING.clear()
        _NEXT_WORKING[day] = found
    return found
