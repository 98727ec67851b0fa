"""The dagpenge clock: accumulated paid hours, in integer hundredths of an hour (R13, R35).

Only weekdays carry hours, so the clock counts in *weekday numbers*: weekday number ``k`` is the
``k``-th Monday-to-Friday day since 1 January of year 1 (a Monday, ordinal 1). Counting the
weekdays between two dates and finding the ``n``-th weekday after a date are then a subtraction
and an addition. Time is laid down as runs of equal daily rate over weekday numbers. A threshold
is reached on the first day the running total *exceeds* it; crossings are found by arithmetic,
never by looping over days: by walking the payment reports when they follow one another, else by
a bisection over the runs' running totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from kontaktforloeb.rules.events import Event

END_OF_TIME: Final = date(9999, 12, 31)
_END_ORDINAL: Final = END_OF_TIME.toordinal()

Run = tuple[int, int, int]  # first and last weekday number, hundredths paid on each


def weekday_number(ordinal: int) -> int:
    """How many weekdays there are among day ordinals 1..``ordinal`` (ordinal 1 is a Monday)."""
    rest = ordinal % 7
    return ordinal // 7 * 5 + (rest if rest < 5 else 5)


def _day_of(number: int) -> date:
    return date.fromordinal((number - 1) // 5 * 7 + (number - 1) % 5 + 1)


# The days of the weekday numbers from 1990 to 2100, made when first asked for and found by
# position: every citizen's thresholds fall on the same few thousand days, and a list index
# needs no number object, as a dictionary key does.
_FIRST_REMEMBERED: Final = weekday_number(date(1990, 1, 1).toordinal())
_DAYS_BY_NUMBER: Final[list[date | None]] = [None] * (
    weekday_number(date(2100, 1, 1).toordinal()) - _FIRST_REMEMBERED
)


def day_of_weekday_number(number: int) -> date:
    """The weekday whose weekday number is ``number`` (at least 1)."""
    position = number - _FIRST_REMEMBERED
    if position < 0 or position >= len(_DAYS_BY_NUMBER):
        return _day_of(number)
    found = _DAYS_BY_NUMBER[position]
    if found is None:
        found = _DAYS_BY_NUMBER[position] = _day_of(number)
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


_FIRST_WEEKDAY: Final[dict[date, int]] = {}
_LAST_WEEKDAY_BY: Final[dict[date, int]] = {}


def _first_weekday(day: date) -> int:
    """The weekday number of ``day``, or of the first weekday after it; remembered, since
    payment reports begin on the same few hundred days, and a lookup is cheaper than the call
    of ``date.toordinal`` from compiled code."""
    found = _FIRST_WEEKDAY.get(day)
    if found is None:
        if len(_FIRST_WEEKDAY) >= 100_000:
            _FIRST_WEEKDAY.clear()
        found = _FIRST_WEEKDAY[day] = weekday_number(day.toordinal() - 1) + 1
    return found


def _last_weekday(day: date) -> int:
    """The weekday number of ``day``, or of the last weekday before it; remembered."""
    found = _LAST_WEEKDAY_BY.get(day)
    if found is None:
        if len(_LAST_WEEKDAY_BY) >= 100_000:
            _LAST_WEEKDAY_BY.clear()
        found = _LAST_WEEKDAY_BY[day] = weekday_number(day.toordinal())
    return found


def _follow_one_another(payments: list[Event]) -> bool:
    """Whether each report begins after the one before it ends, as monthly reports do. Then no
    two of them share a weekday, which is all ``_in_order`` needs (it also takes reports that
    share only a weekend, or overlap days before the start: those are painted instead, with the
    same rates)."""
    for position in range(1, len(payments)):
        begins = payments[position].from_date
        ended = payments[position - 1].to_date
        assert begins is not None and ended is not None
        if begins <= ended:
            return False
    return True


def _report(payment: Event) -> tuple[date, date, int]:
    """A ``dagpenge_paid`` event as the report the runs are laid down from."""
    assert payment.from_date is not None and payment.to_date is not None
    assert payment.hours is not None
    return payment.from_date, payment.to_date, payment.hours


class HoursClock:
    """Paid dagpenge hours from the first day of the dagpenge period.

    When the reports follow one another (monthly reports do) and no window is excluded, a
    crossing is found by walking the reports and the days between them at the default rate, as
    ``_in_order`` lays them down, without building the runs; the runs are built only when asked
    for (``runs``, ``total_on``, ``uses_default``). A property test checks both give the same day.
    """

    __slots__ = (
        "_built",
        "_default_rate",
        "_excluded",
        "_gaps",
        "_low",
        "_mark_end",
        "_mark_position",
        "_mark_threshold",
        "_mark_total",
        "_payments",
        "_totals",
        "_unpaid",
        "_walkable",
        "start",
    )

    def __init__(
        self,
        start: date,
        default_rate: int,
        *,
        unpaid: Iterable[tuple[date, date]] = (),
        payments: Sequence[Event] = (),
        excluded: Iterable[tuple[date, date]] = (),
    ) -> None:
        """The default rate [D], then days with no default (deregistration), then the payment
        reports (``dagpenge_paid`` events) in order (a later report replaces an earlier one for
        its days), then the excluded windows whose hours never count (RS2020's COVID
        suspensions)."""
        self.start = start
        self._default_rate = default_rate
        self._totals: list[int] | None = None
        self._built: list[Run] | None = None
        low = self._low = _first_weekday(start)
        # A list, annotated: compiled code indexes a list directly, a sequence by a call.
        self._payments: list[Event] = payments if isinstance(payments, list) else list(payments)
        self._unpaid: Sequence[tuple[date, date]] = (
            unpaid if isinstance(unpaid, (list, tuple)) else list(unpaid)
        )
        self._excluded = excluded if isinstance(excluded, tuple) else tuple(excluded)
        self._walkable = not self._excluded and _follow_one_another(self._payments)
        # Where the walk stood when the highest threshold so far was crossed: a higher one is
        # crossed no earlier, so its walk starts there (the rulesets ask for three or four).
        self._mark_threshold = 0
        self._mark_position = 0
        self._mark_total = 0
        self._mark_end = low - 1
        self._gaps: list[tuple[int, int]] = []
        if self._walkable and self._unpaid:
            self._gaps = _weekday_spans(low, self._unpaid)

    @property
    def runs(self) -> list[Run]:
        """The runs of equal daily rate from the start: appended when the reports follow one
        another, else painted."""
        built = self._built
        if built is None:
            reports = [_report(payment) for payment in self._payments]
            low = self._low
            in_order = None
            if self._walkable:
                in_order = _in_order(low, self._default_rate, reports, self._unpaid)
            built = in_order or _painted(
                low, self._default_rate, self._unpaid, reports, self._excluded
            )
            self._built = built
        return built

    @property
    def uses_default(self) -> bool:
        """True when some weekday is counted at the assumed default rate (no report)."""
        runs = self.runs
        return len(runs) > 0 and runs[-1][2] > 0

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
        if not self._walkable:
            return self.crossing_in_runs(threshold)
        low = self._low
        rate = self._default_rate
        position = 0
        total = 0
        end = low - 1  # the last weekday number walked so far
        if threshold >= self._mark_threshold:
            position = self._mark_position
            total = self._mark_total
            end = self._mark_end
        payments = self._payments
        while position < len(payments):
            payment = payments[position]
            report_start = payment.from_date
            report_end = payment.to_date
            paid = payment.hours
            assert report_start is not None and report_end is not None and paid is not None
            first = _first_weekday(report_start)
            last = _last_weekday(report_end)
            if last < first or last < low:  # no weekdays from the start on: nothing to lay down
                position += 1
                continue
            day = 0
            before = total
            if first > end + 1:
                day, total = _fill_crossing(end + 1, first - 1, rate, self._gaps, total, threshold)
            if not day:
                weekdays = last - first + 1
                base = paid // weekdays
                split = first + paid % weekdays - 1  # the remainder goes to the earliest days [D]
                if split >= first and split >= low:
                    begin = first if first > low else low
                    amount = (split - begin + 1) * (base + 1)
                    if total + amount > threshold:
                        day = begin + (threshold - total) // (base + 1)
                    total += amount
                rest = split + 1 if split >= low else low
                if not day and rest <= last:
                    amount = (last - rest + 1) * base
                    if total + amount > threshold:
                        day = rest + (threshold - total) // base
                    total += amount
            if day:
                self._mark(threshold, position, before, end)
                return day_of_weekday_number(day)
            end = last
            position += 1
        day, _ = _fill_crossing(end + 1, _LAST_WEEKDAY, rate, self._gaps, total, threshold)
        if not day:
            return None
        self._mark(threshold, position, total, end)
        return day_of_weekday_number(day)

    def _mark(self, threshold: int, position: int, total: int, end: int) -> None:
        if threshold >= self._mark_threshold:
            self._mark_threshold = threshold
            self._mark_position = position
            self._mark_total = total
            self._mark_end = end

    def crossing_in_runs(self, threshold: int) -> date | None:
        """``crossing`` found in the built runs (a bisection over their running totals)."""
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


def _fill_crossing(
    first: int, last: int, rate: int, gaps: list[tuple[int, int]], total: int, threshold: int
) -> tuple[int, int]:
    """Walk weekday numbers ``first``..``last`` at ``rate``, and at 0 inside the gaps, as
    ``_fill`` lays them down: the weekday number on which the total passes ``threshold`` (0 if
    it does not) and the total after them."""
    if first > last:
        return 0, total
    for gap_first, gap_last in gaps:
        if gap_last < first or gap_first > last:
            continue
        if gap_first > first:
            amount = (gap_first - first) * rate
            if total + amount > threshold:
                return first + (threshold - total) // rate, total
            total += amount
        top = gap_last if gap_last < last else last
        first = top + 1
        if first > last:
            return 0, total
    amount = (last - first + 1) * rate
    if total + amount > threshold:
        return first + (threshold - total) // rate, total
    return 0, total + amount
