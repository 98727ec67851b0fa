"""The dagpenge clock: accumulated paid hours, in integer hundredths of an hour (R13, R35).

Time is held as runs of equal daily rate (hundredths paid on each weekday of the run). A
threshold is reached on the first day the running total *exceeds* it; crossings are found by
arithmetic over the runs, never by looping over days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from kontaktforloeb.rules.dates import count_weekdays, nth_weekday

END_OF_TIME = date(9999, 12, 31)
ONE_DAY = timedelta(days=1)

Run = tuple[date, date, int]


def _paint(runs: list[Run], start: date, end: date, rate: int) -> list[Run]:
    """``runs`` with ``start``..``end`` set to ``rate`` (runs are sorted, disjoint, contiguous)."""
    if end < runs[0][0] or start > runs[-1][1]:
        return runs
    start = max(start, runs[0][0])
    painted: list[Run] = []
    placed = False
    for run_start, run_end, run_rate in runs:
        if run_end < start or run_start > end:
            if run_start > end and not placed:
                painted.append((start, end, rate))
                placed = True
            painted.append((run_start, run_end, run_rate))
            continue
        if run_start < start:
            painted.append((run_start, start - ONE_DAY, run_rate))
        if not placed:
            painted.append((start, end, rate))
            placed = True
        if run_end > end:
            painted.append((end + ONE_DAY, run_end, run_rate))
    if not placed:
        painted.append((start, end, rate))
    return painted


class HoursClock:
    """Paid dagpenge hours from the first day of the dagpenge period."""

    __slots__ = ("runs", "start")

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
        runs: list[Run] = [(start, END_OF_TIME, default_rate)]
        for gap_start, gap_end in unpaid:
            runs = _paint(runs, gap_start, gap_end, 0)
        for report_start, report_end, hours in reports:
            runs = self._paint_report(runs, report_start, report_end, hours)
        for window_start, window_end in excluded:
            runs = _paint(runs, window_start, window_end, 0)
        self.runs = runs

    @staticmethod
    def _paint_report(runs: list[Run], start: date, end: date, hours: int) -> list[Run]:
        """Spread a report evenly over its weekdays; the remainder goes to the earliest ones [D]."""
        weekdays = count_weekdays(start, end)
        if weekdays == 0:
            return runs
        base, remainder = divmod(hours, weekdays)
        if remainder == 0:
            return _paint(runs, start, end, base)
        split = nth_weekday(start, remainder)
        runs = _paint(runs, start, split, base + 1)
        if split < end:
            runs = _paint(runs, split + ONE_DAY, end, base)
        return runs

    @property
    def uses_default(self) -> bool:
        """True when some weekday is counted at the assumed default rate (no report)."""
        return len(self.runs) > 0 and self.runs[-1][2] > 0

    def crossing(self, threshold: int) -> date | None:
        """The first day on which the running total exceeds ``threshold`` hundredths."""
        total = 0
        for run_start, run_end, rate in self.runs:
            if rate <= 0:
                continue
            weekdays = count_weekdays(run_start, run_end)
            if total + weekdays * rate > threshold:
                return nth_weekday(run_start, (threshold - total) // rate + 1)
            total += weekdays * rate
        return None

    def total_on(self, day: date) -> int:
        """Hundredths paid from the start up to and including ``day``."""
        total = 0
        for run_start, run_end, rate in self.runs:
            if run_start > day:
                break
            total += count_weekdays(run_start, min(run_end, day)) * rate
        return total
