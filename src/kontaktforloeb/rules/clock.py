"""The dagpenge clock: accumulated paid hours, in integer hundredths of an hour (R13, R35).

Only weekdays carry hours, so the clock counts in *weekday numbers*: weekday number ``k`` is the
``k``-th Monday-to-Friday day since 1 January of year 1 (a Monday, ordinal 1). Counting the
weekdays between two dates and finding the ``n``-th weekday after a date are then a subtraction
and an addition. Time is held as runs of equal daily rate over weekday numbers. A threshold is
reached on the first day the running total *exceeds* it; crossings are found by arithmetic over
the runs (a bisection over their running totals), never by looping over days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

END_OF_TIME: Final = date(9999, 12, 31)
_END_ORDINAL: Final = END_OF_TIME.toordinal()

Run = tuple[int, int, int]  # first and last weekday number, hundredths paid on each


def weekday_number(ordinal: int) -> int:
    """How many weekdays there are among day ordinals 1..``ordinal`` (ordinal 1 is a Monday)."""
    rest = ordinal % 7
    return ordinal // 7 * 5 + (rest if rest < 5 else 5)


_DAYS_BY_NUMBER: Final[dict[int, date]] = {}


def day_of_weekday_number(number: int) -> date:
    """The weekday whose weekday number is ``number`` (at least 1); the days are remembered,
    since every citizen's thresholds fall on the same few thousand days."""
    found = _DAYS_BY_NUMBER.get(number)
    if found is None:
        if len(_DAYS_BY_NUMBER) >= 100_000:
            _DAYS_BY_NUMBER.clear()
        found = _DAYS_BY_NUMBER[number] = date.fromordinal(
            (number - 1) // 5 * 7 + (number - 1) % 5 + 1
        )
    return found


_LAST_WEEKDAY: Final = weekday_number(_END_ORDINAL)


def _paint(runs: list[Run], first: int, last: int, rate: int) -> None:
    """Set weekday numbers ``first``..``last`` (inside the runs, ``first <= last``) to ``rate``.

    Runs are sorted, disjoint and contiguous; the search starts from the end because reports
    usually come in date order and so land on the last run."""
    i = len(runs) - 1
    while runs[i][0] > first:
        i -= 1
    j = i
    while runs[j][1] < last:
        j += 1
    run_first, _, first_rate = runs[i]
    _, run_last, last_rate = runs[j]
    if run_first < first:
        if run_last > last:
            runs[i : j + 1] = [
                (run_first, first - 1, first_rate),
                (first, last, rate),
                (last + 1, run_last, last_rate),
            ]
        else:
            runs[i : j + 1] = [(run_first, first - 1, first_rate), (first, last, rate)]
    elif run_last > last:
        runs[i : j + 1] = [(first, last, rate), (last + 1, run_last, last_rate)]
    else:
        runs[i : j + 1] = [(first, last, rate)]


def _in_order(
    low: int,
    default_rate: int,
    reports: list[tuple[date, date, int]],
    unpaid: Iterable[tuple[date, date]] = (),
) -> list[Run] | None:
    """The runs when each report begins after the one before it ends, as monthly reports do,
    built by appending: the first may begin before the start and is cut there, and the days no
    report covers are paid at the default rate except the unpaid ones. ``None`` when a report
    reaches back over one already laid down, and painting is needed.

    Gives the same rate on every day as painting the reports one by one (the runs may be cut
    at other places, which no total or crossing can tell)."""
    gaps = _weekday_spans(low, unpaid)
    runs: list[Run] = []
    end = low - 1  # the last weekday number covered so far
    for report_start, report_end, hours in reports:
        first = weekday_number(report_start.toordinal() - 1) + 1
        last = weekday_number(report_end.toordinal())
        weekdays = last - first + 1
        if weekdays <= 0 or last < low:
            continue  # no weekdays in the period: painting leaves the runs as they are
        if first <= end:
            if end >= low:
                return None
        elif first > end + 1:
            _fill(runs, end + 1, first - 1, default_rate, gaps)
        base = hours // weekdays
        split = first + hours % weekdays - 1  # the remainder goes to the earliest days [D]
        if split >= first and split >= low:
            runs.append((first if first > low else low, split, base + 1))
        rest = split + 1 if split >= low else low
        if rest <= last:
            runs.append((rest, last, base))
        end = last
    _fill(runs, end + 1, _LAST_WEEKDAY, default_rate, gaps)
    return runs


def _weekday_spans(low: int, periods: Iterable[tuple[date, date]]) -> list[tuple[int, int]]:
    """The periods as sorted, merged spans of weekday numbers from ``low`` on."""
    spans = []
    for period_start, period_end in periods:
        first = weekday_number(period_start.toordinal() - 1) + 1
        last = weekday_number(period_end.toordinal())
        if first < low:
            first = low
        if first <= last:
            spans.append((first, last))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


def _fill(runs: list[Run], first: int, last: int, rate: int, gaps: list[tuple[int, int]]) -> None:
    """Append weekday numbers ``first``..``last`` at ``rate``, and at 0 inside the gaps."""
    if first > last:
        return
    for gap_first, gap_last in gaps:
        if gap_last < first or gap_first > last:
            continue
        if gap_first > first:
            runs.append((first, gap_first - 1, rate))
        top = gap_last if gap_last < last else last
        runs.append((gap_first if gap_first > first else first, top, 0))
        first = top + 1
        if first > last:
            return
    runs.append((first, last, rate))


def _painted(
    low: int,
    default_rate: int,
    unpaid: Iterable[tuple[date, date]],
    reports: Iterable[tuple[date, date, int]],
    excluded: Iterable[tuple[date, date]],
) -> list[Run]:
    """The runs from weekday number ``low``: the default rate, painted over by the unpaid days,
    each report in turn and the excluded windows."""
    runs: list[Run] = [(low, _LAST_WEEKDAY, default_rate)]
    _paint_unpaid(runs, low, unpaid)
    for report_start, report_end, hours in reports:
        first = weekday_number(report_start.toordinal() - 1) + 1
        last = weekday_number(report_end.toordinal())
        weekdays = last - first + 1
        if weekdays <= 0 or last < low:
            continue
        base = hours // weekdays
        remainder = hours % weekdays
        # Spread evenly over its weekdays; the remainder goes to the earliest ones [D].
        split = first + remainder - 1
        if remainder and split >= low:
            _paint(runs, first if first > low else low, split, base + 1)
        rest = split + 1
        if rest < low:
            rest = low
        if rest <= last:
            _paint(runs, rest, last, base)
    _paint_unpaid(runs, low, excluded)
    return runs


def _paint_unpaid(runs: list[Run], low: int, periods: Iterable[tuple[date, date]]) -> None:
    """Set the weekdays of ``periods`` from weekday number ``low`` on to no pay."""
    for first, last in _weekday_spans(low, periods):
        _paint(runs, first, last, 0)


class HoursClock:
    """Paid dagpenge hours from the first day of the dagpenge period."""

    __slots__ = ("_totals", "runs", "start")

    def __init__(
        self,
        start: date,
        default_rate: int,
        *,
        unpaid: Iterable[tuple[date, date]] = (),
        reports: Iterable[tuple[date, date, int]] = (),
        excluded: Iterable[tuple[date, date]] = (),
    ) -> None:
        """Build the runs: the default rate [D], then days with no default (deregistration),
        then payment reports in order (a later report replaces an earlier one for its days), then
        the excluded windows whose hours never count (RS2020's COVID suspensions)."""
        self.start = start
        self._totals: list[int] | None = None
        low = weekday_number(start.toordinal() - 1) + 1
        given = reports if isinstance(reports, list) else list(reports)
        gaps = unpaid if isinstance(unpaid, list) else list(unpaid)
        in_order = None if excluded else _in_order(low, default_rate, given, gaps)
        self.runs = in_order or _painted(low, default_rate, gaps, given, excluded)

    @property
    def uses_default(self) -> bool:
        """True when some weekday is counted at the assumed default rate (no report)."""
        return len(self.runs) > 0 and self.runs[-1][2] > 0

    def _running_totals(self) -> list[int]:
        totals = self._totals
        if totals is None:
            totals = []
            total = 0
            for first, last, rate in self.runs:
                total += (last - first + 1) * rate
                totals.append(total)
            self._totals = totals
        return totals

    def crossing(self, threshold: int) -> date | None:
        """The first day on which the running total exceeds ``threshold`` hundredths."""
        totals = self._running_totals()
        # The first run whose running total exceeds the threshold (``bisect_right``, written out:
        # a compiled loop over a few dozen runs is cheaper than the call).
        low = 0
        high = len(totals)
        while low < high:
            middle = (low + high) // 2
            if threshold < totals[middle]:
                high = middle
            else:
                low = middle + 1
        index = low
        if index == len(totals):
            return None
        first, _, rate = self.runs[index]
        before = totals[index - 1] if index else 0
        return day_of_weekday_number(first + (threshold - before) // rate)

    def total_on(self, day: date) -> int:
        """Hundredths paid from the start up to and including ``day``."""
        until = weekday_number(day.toordinal())
        total = 0
        for first, last, rate in self.runs:
            if first > until:
                break
            total += ((last if last < until else until) - first + 1) * rate
        return total
