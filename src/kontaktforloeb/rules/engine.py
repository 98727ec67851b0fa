"""``plan(events, as_of)``: the contact course of a citizen's latest spell (ENGINE.md).

The steps follow ENGINE.md: order the events (§1), find the spell (§2), the groups and the
counting period (§3), the ruleset (§4), the clock (§5), the required interviews (§6), fill them
with held interviews (§7), run the booking deadlines and their consequences (§8), the duties (§9)
and the statuses for ``as_of`` (§10). Pure: the same events and ``as_of`` give the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from operator import attrgetter
from typing import Final

from kontaktforloeb.rules.clock import HoursClock
from kontaktforloeb.rules.dates import add_months, next_working_day, previous_working_day
from kontaktforloeb.rules.dates import days as days_of
from kontaktforloeb.rules.events import Event, parse_events
from kontaktforloeb.rules.explain import Subject, Word
from kontaktforloeb.rules.model import (
    Consequence,
    CvDuty,
    Deadlines,
    Exemption,
    Handover,
    IgnoredEvent,
    Interview,
    JoblogDuty,
    OfferDuty,
    OpenDeadline,
    Plan,
    Reason,
    SelfbookingDuty,
    Trial,
)
from kontaktforloeb.rules.rulesets import RULESETS, VARIANTS, Ruleset, get_ruleset, ruleset_for
from kontaktforloeb.rules.rulesets.base import (
    CALENDAR_GROUP_BENEFIT,
    HOLDER_WORDS,
    DagpengeContext,
    Requirement,
    Transition,
)
from kontaktforloeb.rules.snapshot import Snapshot, snapshot_on, with_values

ONE_DAY: Final = timedelta(days=1)
_NO_CLOSING: Final[Mapping[int, tuple[frozenset[int], date | None]]] = {}
_new: Final = tuple.__new__  # builds a named tuple from its fields in one step
DEDUCTION_ON_MISSED_DEADLINE: Final = (
    "kontanthjaelp_jobparat",
    "uddannelseshjaelp_uddannelsesparat",
)
JOB_START_WORDS: Final = {
    "job": Word("begynder i job", "start a job"),
    "barsel": Word("går på barsel", "go on maternity or parental leave"),
    "efterloen": Word("går på efterløn", "go on efterløn"),
    "fleksydelse": Word("går på fleksydelse", "go on fleksydelse"),
    "folkepension": Word("går på folkepension", "go on folkepension"),
}


# --- §8 Booking deadlines, bookings and their consequences -----------------------------------


class _Booking:
    __slots__ = ("booked_on", "fulfils", "holder", "interview", "live", "meeting")

    def __init__(self, booked_on: date, meeting: date, holder: str, interview: int | None) -> None:
        self.booked_on = booked_on
        self.meeting = meeting
        self.holder = holder
        self.interview = interview
        self.live = True
        self.fulfils: _Deadline | None = None


class _Deadline:
    # No reference back to the booking that fulfils it: the booking points here, and a link
    # both ways would make every plan's bookings a reference cycle for the garbage collector.
    __slots__ = ("deadline", "interview", "issued", "last_meeting", "reason", "state")

    def __init__(
        self, issued: date, deadline: date, last_meeting: date, interview: int | None
    ) -> None:
        self.issued = issued
        self.deadline = deadline
        self.last_meeting = last_meeting
        self.interview = interview
        self.state = "open"  # open | fulfilled | expired | suspended | closed
        self.reason: Reason | None = None


class _Consequence:
    __slots__ = ("end", "open_until", "reasons", "start", "type")

    def __init__(
        self,
        type: str,
        start: date,
        end: date | None,
        reasons: list[Reason],
        open_until: str | None = None,  # "reregistered" or "booked" while ``end`` is unknown
    ) -> None:
        self.type = type
        self.start = start
        self.end = end
        self.reasons = reasons
        self.open_until = open_until


class _Course:
    """The state machine of ENGINE.md §8, run over the spell's events in date order."""

    __slots__ = (
        "active",
        "awaiting_reregistration",
        "bookings",
        "closing",
        "closing_active",
        "consequences",
        "deadlines",
        "exempted",
        "explain",
        "gaps",
        "group",
        "notes",
        "removed",
        "ruleset",
        "sick",
        "snapshot",
        "withdrawn",
    )

    def __init__(
        self,
        ruleset: Ruleset,
        snapshot: Snapshot,
        explain: bool,
        sick: Sequence[tuple[date, date]],
        group: str = "dagpenge",
    ) -> None:
        self.ruleset = ruleset
        self.snapshot = snapshot
        self.explain = explain
        self.sick = sick
        self.group = group
        self.active = True
        self.exempted: date | None = None
        self.withdrawn: date | None = None
        self.deadlines: list[_Deadline] = []
        self.bookings: list[_Booking] = []
        self.consequences: list[_Consequence] = []
        self.gaps: list[list[date | None]] = []
        self.awaiting_reregistration: _Deadline | None = None
        self.notes: tuple[Reason, ...] = ()  # explained plans only
        # R65: the valid interview exemptions, by event index: the interview numbers they
        # exempt and the day they end (None: still active); found by a first pass (``_work``).
        self.closing: Mapping[int, tuple[frozenset[int], date | None]] = _NO_CLOSING
        self.closing_active: list[tuple[frozenset[int], date | None, date]] = []
        # R60: booking deadlines (event indices) for interviews the later rules do not require.
        self.removed: frozenset[int] = frozenset()

    def minimum_days(self) -> int:
        return self.snapshot.integer("booking/minimum_deadline_days")

    def reissue(
        self, previous: _Deadline, start: date, reason_key: str, rule: str, **facts: object
    ) -> None:
        """A new deadline of minimum length from ``start``, keeping the old meeting margin."""
        deadline = start + days_of(self.minimum_days())
        margin = max(previous.last_meeting - previous.deadline, timedelta(0))
        new = _Deadline(start, deadline, deadline + margin, previous.interview)
        if self.explain:
            new.reason = self.ruleset.reason(rule, reason_key, deadline=deadline, **facts)
        self.deadlines.append(new)

    def close_open(self) -> None:
        for deadline in self.deadlines:
            if deadline.state == "open":
                deadline.state = "closed"

    def expire_before(self, day: date) -> None:
        """Every open deadline whose day has passed before ``day`` expires or is suspended."""
        while True:
            due = None
            for deadline in self.deadlines:
                if (
                    deadline.state == "open"
                    and deadline.deadline < day
                    and (due is None or deadline.deadline < due.deadline)
                ):
                    due = deadline
            if due is None:
                return
            self.expire(due)

    def expire(self, deadline: _Deadline) -> None:
        for sick_from, sick_to in self.sick:
            if sick_from <= deadline.deadline <= sick_to:
                deadline.state = "suspended"
                self.reissue(
                    deadline,
                    sick_to + ONE_DAY,
                    "reissued_sickness",
                    "R14",
                    old=deadline.deadline,
                    sick_from=sick_from,
                    sick_to=sick_to,
                )
                return
        deadline.state = "expired"
        reasons: list[Reason] = []
        if self.group == "dagpenge":
            start = deadline.deadline + ONE_DAY
            if self.explain:
                reasons.append(
                    self.ruleset.reason(
                        "R25",
                        "deregistered_missed_deadline",
                        from_date=start,
                        deadline=deadline.deadline,
                    )
                )
            self.consequences.append(
                _Consequence("deregistered", start, None, reasons, "reregistered")
            )
            self.deregister(start)
            self.awaiting_reregistration = deadline
        elif self.group in DEDUCTION_ON_MISSED_DEADLINE:
            if self.explain:
                reasons.append(
                    self.ruleset.reason(
                        "R26",
                        "deduction_missed_deadline",
                        from_date=deadline.deadline,
                        deadline=deadline.deadline,
                    )
                )
            self.consequences.append(
                _Consequence("deduction_basis", deadline.deadline, None, reasons, "booked")
            )
        elif self.explain:
            self.notes = (
                *self.notes,
                self.ruleset.reason("R26", "availability_assessment", deadline=deadline.deadline),
            )

    def deregister(self, day: date) -> None:
        if self.active:
            self.active = False
            self.gaps.append([day, None])
            self.close_open()

    def exempts(self, deadline: _Deadline, day: date) -> date | None:
        """R65: the day of the exemption active on ``day`` that covers ``deadline``, if any."""
        for numbers, until, since in self.closing_active:
            if (until is None or day < until) and (
                deadline.interview is None or deadline.interview in numbers
            ):
                return since
        return None

    def close_exempted(self, deadline: _Deadline, since: date) -> None:
        deadline.state = "closed"
        if self.explain:
            deadline.reason = self.ruleset.reason("R65", "deadline_exempted", date=since)

    def handle(self, event: Event) -> None:
        """One step: the event, if it is one of ``STEPS``, moves the course on."""
        kind = event.type
        if kind == "booking_deadline_issued":
            self.on_booking_deadline_issued(event)
        elif kind == "booked":
            self.on_booked(event)
        elif kind == "interview_held":
            self.on_interview_held(event)
        elif kind == "booking_cancelled":
            self.on_booking_cancelled(event)
        elif kind == "interview_missed":
            self.on_interview_missed(event)
        elif kind == "group_changed":
            self.on_group_changed(event)
        elif kind == "deregistered":
            self.on_deregistered(event)
        elif kind == "reregistered":
            self.on_reregistered(event)
        elif kind == "selfbooking_exempted":
            self.on_selfbooking_exempted(event)
        elif kind == "selfbooking_withdrawn":
            self.on_selfbooking_withdrawn(event)
        elif kind == "selfbooking_restored":
            self.on_selfbooking_restored(event)
        elif kind == "interviews_exempted":
            self.on_interviews_exempted(event)
        else:  # every type in STEPS has its branch above
            raise AssertionError(f"no step for {kind!r}")

    def on_group_changed(self, event: Event) -> None:
        assert event.group is not None
        self.group = event.group

    def on_deregistered(self, event: Event) -> None:
        self.deregister(event.date)

    def on_reregistered(self, event: Event) -> None:
        if self.active:
            return
        self.active = True
        self.gaps[-1][1] = event.date - ONE_DAY
        for consequence in self.consequences:
            if consequence.open_until == "reregistered" and consequence.end is None:
                consequence.end = max(consequence.start, event.date - ONE_DAY)
        missed = self.awaiting_reregistration
        if missed is not None:
            self.awaiting_reregistration = None
            # R65 [D]: no new deadline for an interview exempted since the one missed.
            if not self.closing_active or self.exempts(missed, event.date) is None:
                self.reissue(missed, event.date, "reissued_reregistered", "R25", date=event.date)

    def on_booking_deadline_issued(self, event: Event) -> None:
        assert event.deadline is not None and event.last_meeting_date is not None
        deadline = _Deadline(event.date, event.deadline, event.last_meeting_date, event.interview)
        self.deadlines.append(deadline)
        if not self.active or self.exempted or self.withdrawn:
            deadline.state = "closed"
            return
        if self.removed and event.index in self.removed:
            deadline.state = "closed"
            if self.explain:
                deadline.reason = self.ruleset.reason("R60", "deadline_removed", date=event.date)
            return
        if self.closing_active:
            since = self.exempts(deadline, event.date)
            if since is not None:
                self.close_exempted(deadline, since)
                return
        for booking in self.bookings:  # R23: a qualifying booking fulfils it at once
            if (
                booking.live
                and booking.fulfils is None
                and event.date <= booking.meeting <= deadline.last_meeting
                and (deadline.interview is None or booking.interview in (None, deadline.interview))
            ):
                self.fulfil(deadline, booking)
                return

    def fulfil(self, deadline: _Deadline, booking: _Booking) -> None:
        deadline.state = "fulfilled"
        booking.fulfils = deadline

    def on_booked(self, event: Event) -> None:
        assert event.meeting_date is not None and event.holder is not None
        booking = _Booking(event.date, event.meeting_date, event.holder, event.interview)
        if event.interview is not None:  # R24: a rebooking moves the booking, never two live
            for old in self.bookings:
                if old.live and old.interview == event.interview:
                    old.live = False
                    if old.fulfils is not None:
                        booking.fulfils = old.fulfils
                        old.fulfils = None
        self.bookings.append(booking)
        if booking.fulfils is None:
            for deadline in self.deadlines:
                if (
                    deadline.state == "open"
                    and booking.meeting <= deadline.last_meeting
                    and (
                        deadline.interview is None or event.interview in (None, deadline.interview)
                    )
                ):
                    self.fulfil(deadline, booking)
                    break
        for consequence in self.consequences:
            if consequence.open_until == "booked" and consequence.end is None:
                consequence.end = max(consequence.start, event.date - ONE_DAY)

    def _take_booking(self, meeting: date, holder: str | None) -> _Booking | None:
        for booking in reversed(self.bookings):
            if booking.live and booking.meeting == meeting and holder in (None, booking.holder):
                booking.live = False
                return booking
        return None

    def on_booking_cancelled(self, event: Event) -> None:
        assert event.meeting_date is not None
        booking = self._take_booking(event.meeting_date, None)
        if booking is not None and booking.fulfils is not None:
            deadline = booking.fulfils
            booking.fulfils = None
            if deadline.deadline >= event.date:
                deadline.state = "open"
            else:  # [D] the original deadline has passed: reissue with the minimum length
                deadline.state = "closed"
                self.reissue(deadline, event.date, "reissued_cancellation", "R24", date=event.date)
        if not event.lawful_absence and self.group == "dagpenge":
            reasons = []
            if self.explain:
                reasons.append(
                    self.ruleset.reason("R48", "lost_day_cancelled", from_date=event.meeting_date)
                )
            self.consequences.append(
                _Consequence("lost_day", event.meeting_date, event.meeting_date, reasons)
            )

    def on_interview_held(self, event: Event) -> None:
        self._take_booking(event.date, event.holder)

    def on_interview_missed(self, event: Event) -> None:
        self._take_booking(event.date, event.holder)
        if event.lawful_absence:
            return
        end = None
        if event.contact_date is not None:
            end = max(event.date, event.contact_date - ONE_DAY)
        dagpenge = self.group == "dagpenge"
        reasons = []
        if self.explain:
            holder = Word("din a-kasse", "your a-kasse")
            if event.holder == "jobcenter":
                holder = Word("dit jobcenter", "your jobcentre")
            if dagpenge:
                reasons.append(
                    self.ruleset.reason(
                        "R48", "lost_day_missed", from_date=event.date, holder=holder
                    )
                )
            else:
                reasons.append(self.ruleset.reason("R49", "deduction_missed", from_date=event.date))
        kind = "lost_day" if dagpenge else "deduction_basis"
        self.consequences.append(_Consequence(kind, event.date, end, reasons))

    def on_selfbooking_exempted(self, event: Event) -> None:
        self.exempted = event.date
        self.close_open()

    def on_selfbooking_withdrawn(self, event: Event) -> None:
        self.withdrawn = event.date
        self.close_open()

    def on_selfbooking_restored(self, event: Event) -> None:
        self.exempted = None
        self.withdrawn = None

    def on_interviews_exempted(self, event: Event) -> None:
        """R65: a booking deadline for an exempted interview is closed; none follows from it."""
        found = self.closing.get(event.index)
        if found is None:
            return
        numbers, until = found
        self.closing_active.append((numbers, until, event.date))
        for deadline in self.deadlines:
            if deadline.state == "open" and (
                deadline.interview is None or deadline.interview in numbers
            ):
                self.close_exempted(deadline, event.date)


# The events the state machine handles, one ``on_`` method each (``_Course.handle``).
STEPS: Final = frozenset(
    name.removeprefix("on_") for name in dir(_Course) if name.startswith("on_")
)


def _merge_periods(periods: Sequence[tuple[date, date]]) -> Sequence[tuple[date, date]]:
    if len(periods) < 2:
        return periods
    merged: list[tuple[date, date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- §2–§3 The spell, its groups and the counting period ---------------------------------------


_DATE: Final = attrgetter("date")
_POSITION: Final = attrgetter("position")
_DEADLINE_DAY: Final = attrgetter("deadline")
_START: Final = attrgetter("start")
_MEETING: Final = attrgetter("meeting")
_NO_PERIODS: Final[tuple[tuple[date, date], ...]] = ()


def _spell(events: Sequence[Event], as_of: date) -> tuple[list[Event], int, int]:
    """The events of the latest spell seen on ``as_of``, in date order (input order on ties):
    ``events[start:end]`` of the list returned, empty when there is none."""
    return _spell_of(events if isinstance(events, list) else list(events), as_of)


def _spell_of(events: list[Event], as_of: date) -> tuple[list[Event], int, int]:
    # Events usually come in date order (the event log is read that way): then the events seen
    # on ``as_of`` are a prefix, and neither sorted nor copied.
    count = len(events)
    for position in range(1, count):
        if events[position].date < events[position - 1].date:
            return _spell_unordered(events, as_of)
    end = count
    while end > 0 and events[end - 1].date > as_of:
        end -= 1
    for position in range(end - 1, -1, -1):
        if events[position].type == "registered":
            return events, position, end
    return events, 0, 0


def _spell_unordered(events: Sequence[Event], as_of: date) -> tuple[list[Event], int, int]:
    seen = sorted([event for event in events if event.date <= as_of], key=_DATE)
    for position in range(len(seen) - 1, -1, -1):
        if seen[position].type == "registered":
            return seen, position, len(seen)
    return seen, 0, 0


class _Period:
    __slots__ = ("first", "group", "start")

    def __init__(self, group: str, start: date, first: bool) -> None:
        self.group = group
        self.start = start
        self.first = first


def _counting_period(timeline: list[tuple[date, str, date | None]]) -> _Period:
    """R12, R34 for dagpenge; R8 for kontant- and uddannelseshjælp."""
    group = timeline[-1][1]
    if group == "dagpenge":
        position = len(timeline) - 1
        while position > 0 and timeline[position - 1][1] == "dagpenge":
            position -= 1
        day, _, period_start = timeline[position]
        return _Period(group, period_start or day, position == 0)
    benefit = CALENDAR_GROUP_BENEFIT[group]
    position = len(timeline) - 1
    while position > 0 and CALENDAR_GROUP_BENEFIT.get(timeline[position - 1][1]) == benefit:
        position -= 1
    return _Period(group, timeline[position][0], position == 0)


# --- §7 Held interviews fill requirements ------------------------------------------------------


def _fill(requirements: list[Requirement], held: list[Event], counted_from: date) -> None:
    """[D] Each interview held from ``counted_from`` on fills the earliest open requirement of
    its holder whose earliest day has come, else the earliest open one of any holder (R34); a
    requirement for a joint interview is filled only by a joint one. One that fills none, or was
    held before the counting period, stays history."""
    for event in held:
        if event.date < counted_from:
            continue
        chosen = None
        any_holder = None  # the earliest open one of any holder, should its own have none
        for requirement in requirements:
            if (
                requirement.held_on is None
                and requirement.earliest <= event.date
                and (requirement.joint != "required" or event.joint)
            ):
                if requirement.holder == event.holder:
                    chosen = requirement
                    break
                if any_holder is None:
                    any_holder = requirement
        chosen = chosen or any_holder
        if chosen is not None:
            chosen.held_on = event.date


def _book(requirements: list[Requirement], bookings: list[_Booking]) -> None:
    """A live booking marks the requirement it is for (its number, else the earliest open one)."""
    live = [booking for booking in bookings if booking.live]
    if len(live) > 1:
        live.sort(key=_MEETING)
    for booking in live:
        by_number = by_holder = first_open = None
        for r in requirements:
            if r.held_on is not None or r.booked_on is not None:
                continue
            if first_open is None:
                first_open = r
            if by_holder is None and r.holder == booking.holder:
                by_holder = r
            if r.number == booking.interview:
                by_number = r
                break
        chosen = by_number or by_holder or first_open
        if chosen is not None:
            chosen.booked_on = booking.meeting


# --- §10 Statuses and target dates --------------------------------------------------------------


def _status(requirement: Requirement, as_of: date, active: bool) -> str:
    if requirement.held_on is not None:
        return "held" if requirement.held_on <= requirement.deadline else "held_late"
    if requirement.exemption is not None:  # R65: booked > exempted > cancelled > overdue
        return "booked" if requirement.booked_on is not None else "exempted"
    if not active:
        return "cancelled"
    if requirement.deadline < as_of:
        return "overdue"
    if requirement.booked_on is not None:
        return "booked"
    if requirement.earliest > as_of:
        return "upcoming"
    return "open"


def _target_dates(
    requirements: list[Requirement], as_of: date, boundary: date | None = None
) -> list[date | None]:
    """[D] Spread the interviews still due evenly over what is left of their window, each on a
    working day; a booked interview's target is its meeting, an overdue one's the next working
    day, unless its holder's period ended at ``boundary`` (R3 [D]: the first holder's interviews
    are not proposed after the handover). Exempted interviews get none (R65)."""
    targets: list[date | None] = [None] * len(requirements)
    windows: dict[tuple[date, date], list[int]] = {}
    for position, requirement in enumerate(requirements):
        status = requirement.status
        if status == "booked":
            targets[position] = requirement.booked_on
        elif status == "overdue":
            if not (
                boundary is not None and requirement.holder != "jobcenter" and as_of >= boundary
            ):
                targets[position] = next_working_day(as_of)
        elif status in ("open", "upcoming"):
            windows.setdefault((requirement.earliest, requirement.deadline), []).append(position)
    for (earliest, deadline), positions in windows.items():
        start = max(as_of, earliest)
        length = max((deadline - start).days, 0)
        count = len(positions)
        for order, position in enumerate(positions, start=1):
            day = start + timedelta(days=length * (2 * order - 1) // (2 * count))
            working = previous_working_day(day)
            if working < start:
                working = next_working_day(day)
            targets[position] = working if working <= deadline or working <= start else deadline
    return targets


# --- R60, R65, R67, R73: the law since 2026 ---------------------------------------------------

DECISIONS: Final = frozenset(
    (
        "interviews_exempted",
        "interviews_exemption_ended",
        "offer_exempted",
        "offer_exemption_ended",
        "offer_started",
        "trial_assigned",
    )
)
TRIAL_WHY: Final = {
    "ruleset": Word(
        "forsøgene gælder dagpengeperioder efter reglerne fra 2027",
        "the trials concern dagpenge periods under the rules from 2027",
    ),
    "period": Word(
        "din dagpengeperiode ligger uden for forsøgsperioden",
        "your dagpenge period is outside the trial period",
    ),
    "holder": Word(
        "i a-kasseforsøget holder a-kassen de første måneder",
        "in the a-kasse trial the a-kasse holds the first months",
    ),
    "late": Word(
        "forsøget skal være valgt senest ved fristen for den første samtale",
        "the trial must be chosen by the deadline of the first interview",
    ),
    "again": Word(
        "forsøget er allerede valgt for dette forløb",
        "the trial has already been chosen for this spell",
    ),
    "held": Word(
        "den første samtale er allerede holdt",
        "the first interview has already been held",
    ),
}


def _govern(
    requirements: list[Requirement],
    ruleset: Ruleset,
    snapshot: Snapshot,
    transition: Transition | None,
    explain: bool,
) -> bool:
    """R60: each requirement records the ruleset that set it: a later one that governs open
    windows where its deadline is on or after that ruleset's first day, else the spell's own.
    Returns whether any follows the later one."""
    followed = False
    for requirement in requirements:
        if requirement.rules is None:
            if transition is not None and requirement.deadline >= transition.change:
                requirement.govern(transition.ruleset, transition.snapshot)
            else:
                requirement.govern(ruleset, snapshot)
        if (
            explain
            and transition is not None
            and requirement.ruleset_id != ruleset.id
            and not any(reason.rule == "R60" for reason in requirement.reasons)
        ):
            requirement.reasons.append(
                transition.ruleset.reason("R60", "open_window_same", change=transition.change)
            )
        if explain and requirement.provisional and requirement.rules is not None:
            requirement.reasons.append(_provisional_reason(ruleset, requirement.rules))
        if requirement.ruleset_id != ruleset.id:
            followed = True
    return followed


_STATING: Final[dict[tuple[str, str], tuple[Ruleset, Ruleset]]] = {}


def _stating(ruleset: Ruleset, rule: str) -> Ruleset:
    """The ruleset whose citation explains ``rule``: the spell's own where it states the rule,
    else the first later one that does. An exemption, offer or trial event met under earlier
    law is refused by the rule of the law since 2026 (R65, R67, R73), which the reason cites.
    Remembered for each ruleset (every plan asks for R67)."""
    key = (ruleset.id, rule)
    remembered = _STATING.get(key)
    if remembered is not None and remembered[0] is ruleset:
        return remembered[1]
    found = ruleset
    if not ruleset.cite(rule):
        for later in RULESETS.values():
            if later.effective_from > ruleset.effective_from and later.cite(rule):
                found = later
                break
    _STATING[key] = (ruleset, found)
    return found


def _provisional_reason(ruleset: Ruleset, snapshot: Snapshot) -> Reason:
    """R70: the rule is not yet final law, and what it rests on."""
    da, en = snapshot.rests_on
    return ruleset.fixed_reason("R70", "provisional", snapshot, rests_on=Word(da, en))


def _trial(
    worked: _Worked,
    decisions: Sequence[Event],
    snapshot: Snapshot,
    period: _Period,
    registered: Event,
    explain: bool,
    held: Sequence[Event] = (),
) -> tuple[str, str] | None:
    """R73: the spell's trial, from its first valid ``trial_assigned``; the others are listed.

    [D] A change of the free choice is a further ``trial_assigned`` with the same trial and a
    ``reason`` (the municipality's): it replaces the choice when it is dated no later than
    interview 1's deadline and no interview of the spell has been held by its date."""
    ruleset = _stating(worked.ruleset, "R73")
    chosen: tuple[str, str] | None = None
    changes: tuple[Reason, ...] = ()
    for event in decisions:
        if event.type != "trial_assigned":
            continue
        assert event.trial is not None and event.holder is not None
        why = None
        change = chosen is not None and bool(event.reason) and event.trial == chosen[0]
        if chosen is not None and not change:
            why = "again"
        elif change and any(interview.date <= event.date for interview in held):
            why = "held"
        elif period.group != "dagpenge" or not snapshot.has("trials/period"):
            why = "ruleset"
        elif not any(
            start <= period.start <= end for start, end in snapshot.periods("trials/period")
        ):
            why = "period"
        elif event.trial == "akasse4" and event.holder != "akasse":
            why = "holder"
        elif event.date > period.start + days_of(
            snapshot.integer("interviews/dagpenge_first_interview_days")
        ):
            why = "late"
        if why is not None:
            worked.ignore(
                event, ruleset.reason("R73", "ignored_trial", date=event.date, why=TRIAL_WHY[why])
            )
            continue
        if change and explain:
            changes = (
                *changes,
                ruleset.reason("R73", "trial_changed", date=event.date, reason=event.reason),
            )
        chosen = (event.trial, event.holder)
        reasons: tuple[Reason, ...] = ()
        if explain:
            months = snapshot.integer("trials/early_period_months")
            if event.trial == "akasse4":
                reasons = (ruleset.reason("R73", "trial_akasse4", months=months),)
            else:
                reasons = (
                    ruleset.reason(
                        "R73",
                        "trial_frit_valg",
                        holder_lower=HOLDER_WORDS[event.holder],
                        months=months,
                    ),
                )
            reasons = (*reasons, *changes, _provisional_reason(ruleset, snapshot))
        worked.trial = _new(Trial, (event.trial, event.holder, reasons, True))
    return chosen


def _holder_periods(worked: _Worked, period: _Period) -> dict[str, tuple[date, date | None]]:
    """Who holds the course when: the first holder until the day before the handover, the
    municipality from it; the municipality from the start where it holds the whole course."""
    if worked.handover is not None and worked.from_holder != "jobcenter":
        return {
            worked.from_holder: (period.start, worked.handover),
            "jobcenter": (worked.handover, None),
        }
    return {"jobcenter": (period.start, None)}


def _group_on(timeline: list[tuple[date, str, date | None]], day: date) -> str:
    group = timeline[0][1]
    for since, name, _ in timeline:
        if since <= day:
            group = name
    return group


def _exemptions(
    worked: _Worked,
    decisions: Sequence[Event],
    period: _Period,
    timeline: list[tuple[date, str, date | None]],
    course: _Course,
    explain: bool,
) -> None:
    """R65, R66 [D]: the holder's exemptions from the interviews beyond the spell's first.

    A decision counts if the rules in force on its date allow exemptions, it is dated inside
    the deciding holder's period and the citizen's group may be exempted; anything else is
    ignored and listed. It lasts until it is ended, the holder's period ends or the group
    changes to one that may not be exempted. An exempted requirement whose deadline comes
    while the exemption lasts is ``exempted``; after an end, the rest apply again from it."""
    ruleset = _stating(worked.ruleset, "R65")
    as_of = worked.as_of
    holders = _holder_periods(worked, period)
    active: dict[str, tuple[Event, date | None]] = {}  # holder -> decision, automatic end
    found: list[tuple[Event, date | None]] = []  # each decision with its end (None: none yet)
    for event in decisions:
        kind = event.type
        if kind not in ("interviews_exempted", "interviews_exemption_ended"):
            continue
        if event.date < period.start:  # an earlier counting period's: ended with it
            continue
        holder = event.holder
        assert holder is not None
        if kind == "interviews_exemption_ended":
            current = active.pop(holder, None)
            if current is not None and current[1] is not None and current[1] <= event.date:
                current = None  # it had already ended with the holder's period or the group
            if current is None:
                worked.ignore(event, ruleset.reason("R65", "ignored_not_exempted", date=event.date))
                continue
            decision, automatic = current
            ended = event.date if automatic is None or event.date < automatic else automatic
            found = [(d, ended if d is decision else e) for d, e in found]
            continue
        rules = snapshot_on(event.date)
        held_by = holders.get(holder)
        current = active.get(holder)
        if current is not None and current[1] is not None and current[1] <= event.date:
            del active[holder]  # it ended with the holder's period or the group
        why = None
        if not rules.flag("exemptions/interviews_allowed") or not any(
            r.holder == holder
            and r.rules is not None
            and r.rules.flag("exemptions/interviews_allowed")
            for r in worked.requirements
        ):
            why = "ignored_no_exemption"
        elif held_by is None or not (
            held_by[0] <= event.date and (held_by[1] is None or event.date < held_by[1])
        ):
            why = "ignored_not_holder"
        elif _group_on(timeline, event.date) not in rules.names("exemptions/groups"):
            why = "ignored_group"
        elif holder in active:
            why = "ignored_already"
        if why is not None:
            worked.ignore(event, ruleset.reason("R65", why, date=event.date))
            continue
        automatic = held_by[1] if held_by is not None else None
        for since, name, _ in timeline:  # a change to a group that may not be exempted
            if since > event.date and name not in rules.names("exemptions/groups"):
                if automatic is None or since < automatic:
                    automatic = since
                break
        active[holder] = (event, automatic)
        found.append((event, automatic))

    for decision, end in found:
        decided_by = decision.holder
        assert decided_by is not None
        numbers = []
        for requirement in worked.requirements:
            if (
                requirement.holder != decided_by
                or requirement.joint_kind == "sixteen_months"  # R6 is never exempt
                or (requirement.number == 1 and period.first)  # R64
                or requirement.rules is None
                or not requirement.rules.flag("exemptions/interviews_allowed")
                or requirement.held_on is not None
                or requirement.deadline < decision.date
            ):
                continue
            numbers.append(requirement.number)
            if end is None or end > as_of or requirement.deadline < end:
                requirement.exemption = decision
                if explain:
                    requirement.reasons.append(
                        ruleset.reason(
                            "R65",
                            "exempted",
                            holder=Subject(decided_by),
                            date=decision.date,
                            reason=decision.reason or "",
                        )
                    )
            else:
                requirement.exemption = None
                if end > requirement.earliest:
                    requirement.earliest = end
                if explain:
                    requirement.reasons.append(
                        ruleset.reason("R65", "exemption_ended", end=end, deadline=end)
                    )
        shown_end = end if end is not None and end <= as_of else None
        if course.deadlines or course.closing:
            worked.closing[decision.index] = (frozenset(numbers), end)
        reasons: tuple[Reason, ...] = ()
        if explain:
            reasons = (
                ruleset.reason(
                    "R65",
                    "exemption_decided",
                    holder=Subject(decided_by),
                    date=decision.date,
                    reason=decision.reason or "",
                ),
            )
        worked.exemptions.append(
            _new(
                Exemption,
                (
                    "interviews",
                    decided_by,
                    decision.date,
                    shown_end,
                    decision.reason or "",
                    decision.approved_by,
                    reasons,
                ),
            )
        )


def _offer(
    worked: _Worked,
    decisions: Sequence[Event],
    period: _Period,
    transition: Transition | None,
    snapshot: Snapshot,
    context: DagpengeContext | None,
    course: _Course,
    explain: bool,
) -> None:
    """R67 [D]: an offer due within six months of the counting period's start, where the rules
    of that window have the offer duty and the group is one of the three it concerns."""
    ruleset = _stating(worked.ruleset, "R67")
    as_of = worked.as_of
    # The window's deadline first, then its rules (R60), as for the interviews.
    months_snapshot = snapshot
    if transition is not None and transition.snapshot.has("offers/duty_months"):
        months_snapshot = transition.snapshot
    if not months_snapshot.has("offers/duty_months"):
        _ignore_offer_decisions(worked, decisions)
        return
    months = months_snapshot.integer("offers/duty_months")
    if context is not None:
        if worked.window_end is not None and months == snapshot.integer(
            "interviews/dagpenge_window_months"
        ):
            deadline = worked.window_end
        else:
            deadline = ruleset.crossing(context, months)[0]
    else:
        deadline = add_months(period.start, months)
    rules, values = ruleset, snapshot
    if transition is not None and deadline >= transition.change:
        rules, values = transition.ruleset, transition.snapshot
    if (
        not values.has("offers/duty")
        or not values.flag("offers/duty")
        or period.group not in values.names("offers/duty_groups")
    ):
        _ignore_offer_decisions(worked, decisions)
        return
    started = None
    exempted_from: Event | None = None
    exempt_end: date | None = None
    exempt_covers = False
    holders = _holder_periods(worked, period)
    municipal_from = holders["jobcenter"][0]
    for event in decisions:
        kind = event.type
        if event.date < period.start:
            continue
        if kind == "offer_started":
            if started is None:
                started = event.date
        elif kind == "offer_exempted":
            if exempted_from is not None and exempt_end is None:
                worked.ignore(event, ruleset.reason("R67", "ignored_already", date=event.date))
            elif event.date < municipal_from:
                worked.ignore(event, ruleset.reason("R67", "ignored_not_holder", date=event.date))
            elif not snapshot_on(event.date).flag("offers/duty"):
                worked.ignore(
                    event, ruleset.reason("R67", "ignored_no_offer_duty", date=event.date)
                )
            else:
                exempted_from, exempt_end = event, None
                if deadline >= event.date:
                    exempt_covers = True
        elif kind == "offer_exemption_ended":
            if exempted_from is None or exempt_end is not None:
                worked.ignore(event, ruleset.reason("R67", "ignored_not_exempted", date=event.date))
            else:
                exempt_end = event.date
                if deadline >= exempt_end:
                    exempt_covers = False
    reasons: list[Reason] = []
    if explain:
        reasons.append(rules.reason("R67", "offer_due", deadline=deadline, months=months))
    if started is not None and started <= deadline:
        status = "fulfilled"
    elif started is not None:
        status = "late"
    elif exempted_from is not None and exempt_covers:
        status = "exempted"
    elif not course.active and course.gaps and (course.gaps[-1][0] or deadline) <= deadline:
        status = "cancelled"
    elif deadline < as_of:
        status = "overdue"
    else:
        status = "open"
    if explain:
        if started is not None:
            reasons.append(rules.reason("R67", "offer_started", date=started))
        if status == "exempted" and exempted_from is not None:
            reasons.append(
                rules.reason(
                    "R67",
                    "offer_exempted",
                    date=exempted_from.date,
                    reason=exempted_from.reason or "",
                )
            )
        if status == "cancelled":
            reasons.append(rules.reason("R67", "offer_cancelled", date=course.gaps[-1][0]))
        if values.provisional:
            reasons.append(_provisional_reason(ruleset, values))
    if exempted_from is not None:
        worked.exemptions.append(
            _new(
                Exemption,
                (
                    "offer",
                    "jobcenter",
                    exempted_from.date,
                    exempt_end,
                    exempted_from.reason or "",
                    exempted_from.approved_by,
                    (
                        (
                            rules.reason(
                                "R67",
                                "offer_exemption_decided",
                                date=exempted_from.date,
                                reason=exempted_from.reason or "",
                            ),
                        )
                        if explain
                        else ()
                    ),
                ),
            )
        )
    worked.offer = _new(
        OfferDuty, (deadline, status, started, rules.id, tuple(reasons), values.provisional)
    )
    if values.provisional:
        worked.provisional = True


def _ignore_offer_decisions(worked: _Worked, decisions: Sequence[Event]) -> None:
    for event in decisions:
        if event.type in ("offer_exempted", "offer_exemption_ended"):
            worked.ignore(
                event,
                _stating(worked.ruleset, "R67").reason(
                    "R67", "ignored_no_offer_duty", date=event.date
                ),
            )


# --- The plan -----------------------------------------------------------------------------------


class _Worked:
    """Everything worked out for one spell, before it is frozen into a Plan or Deadlines."""

    __slots__ = (
        "as_of",
        "boundary",
        "closing",
        "course",
        "cv_approver",
        "cv_deadline",
        "cv_reasons",
        "cv_status",
        "exemptions",
        "from_holder",
        "group",
        "handover",
        "handover_reasons",
        "ignored",
        "joblog_exempt_from",
        "joblog_reasons",
        "offer",
        "provisional",
        "renumber_before",
        "requirements",
        "ruleset",
        "spell_start",
        "trial",
        "window_end",
    )

    def __init__(self, ruleset: Ruleset, as_of: date, spell_start: date | None = None) -> None:
        self.ruleset = ruleset
        self.as_of = as_of
        self.spell_start = spell_start
        self.group: str | None = None
        self.requirements: list[Requirement] = []
        self.handover: date | None = None
        self.handover_reasons: Sequence[Reason] = ()
        self.course: _Course | None = None
        self.cv_deadline: date | None = None
        self.cv_approver: str | None = None
        self.cv_status = "missing"
        self.cv_reasons: Sequence[Reason] = ()
        self.joblog_exempt_from: date | None = None
        self.joblog_reasons: Sequence[Reason] = ()
        self.provisional = False  # R70
        self.from_holder = "akasse"
        self.boundary: date | None = None  # the end of the first holder's period
        self.window_end: date | None = None
        self.offer: OfferDuty | None = None  # R67
        self.exemptions: list[Exemption] = []  # R65, R67
        self.trial: Trial | None = None  # R73
        self.ignored: list[IgnoredEvent] = []  # RULES-2026 §5
        self.closing: dict[int, tuple[frozenset[int], date | None]] = {}
        # R60: the change date, when some window follows a later ruleset (numbers before it may
        # be in the spell's own numbering).
        self.renumber_before: date | None = None

    def ignore(self, event: Event, reason: Reason) -> None:
        """An event the rules do not allow: ignored, and listed so (RULES-2026 §5)."""
        self.ignored.append(_new(IgnoredEvent, (event.index, event.type, reason)))


def _as_events(events: Sequence[Event] | Sequence[Mapping[str, object]]) -> Sequence[Event]:
    if isinstance(events, list):  # indexed directly when compiled
        if events and not isinstance(events[0], Event):
            return parse_events(events)
        return events
    if events and not isinstance(events[0], Event):
        return parse_events(list(events))
    return events  # type: ignore[return-value]


_Setting = tuple[Ruleset, Snapshot, Transition | None]
_SETTINGS: Final[dict[str, dict[date, _Setting]]] = {}


def _transition(ruleset: Ruleset) -> Transition | None:
    """R60: the first later ruleset that governs this one's windows still open on its first day
    (its ``transition/applies_to_open_windows`` is true and it names this ruleset)."""
    for later in RULESETS.values():
        if later.effective_from <= ruleset.effective_from or ruleset.id not in later.reaches:
            continue
        snapshot = snapshot_on(later.lookup_date(later.effective_from))
        if snapshot.flag("transition/applies_to_open_windows"):
            return Transition(later, snapshot)
    return None


def _setting(ruleset_id: str | None, start: date) -> _Setting:
    """The ruleset (named, else the one in force on ``start``), its parameters for a spell
    starting on ``start`` and the later ruleset that governs its open windows (R60; none for a
    named ruleset, which pins every window); remembered, since many spells start on one day."""
    by_start = _SETTINGS.get(ruleset_id or "")
    if by_start is None:
        by_start = _SETTINGS[ruleset_id or ""] = {}
    found = by_start.get(start)
    if found is None:
        variant = VARIANTS.get(ruleset_id) if ruleset_id else None
        named = ruleset_id if variant is None else variant[0]
        ruleset = get_ruleset(named) if named else ruleset_for(start)
        transition = None if named else _transition(ruleset)
        snapshot = snapshot_on(ruleset.lookup_date(start))
        if variant is not None:  # a what-if: the same rules with some values replaced
            snapshot = with_values(snapshot, variant[1])
            if transition is not None:
                transition = Transition(
                    transition.ruleset, with_values(transition.snapshot, variant[1])
                )
        found = (ruleset, snapshot, transition)
        if len(by_start) >= 4096:
            by_start.clear()
        by_start[start] = found
    return found


def _work(
    events: Sequence[Event] | Sequence[Mapping[str, object]],
    as_of: date,
    ruleset_id: str | None,
    explain: bool,
) -> _Worked:
    """The spell worked out; where a holder's exemption (R65) closes booking deadlines, a second
    pass runs the course with the exemptions the first one found valid (they decide which
    deadlines expire, and so which consequences and gaps follow)."""
    parsed = _as_events(events)
    worked = _work_once(parsed, as_of, ruleset_id, explain, _NO_CLOSING)
    removed: frozenset[int] = frozenset()
    if worked.renumber_before is not None:
        renumbered = _renumbered(worked, parsed, as_of, worked.renumber_before)
        if renumbered is not None:
            parsed, removed = renumbered
            worked = _work_once(parsed, as_of, ruleset_id, explain, _NO_CLOSING, removed)
    if worked.closing:
        worked = _work_once(parsed, as_of, ruleset_id, explain, worked.closing, removed)
    return worked


def _renumbered(
    worked: _Worked, events: Sequence[Event], as_of: date, change: date
) -> tuple[list[Event], frozenset[int]] | None:
    """R60 [D]: an interview number in an event dated before the change of law was given under
    the spell's own numbering; it is resolved by holder and position within that holder's
    interviews (the 16-month interview by its kind). Returns the events renumbered and the
    indices of booking deadlines whose interview the new rules no longer require (closed), or
    None when the numbering is the same."""
    if not any(e.interview is not None and e.date < change for e in events):
        return None
    pinned = _work_once(events, as_of, worked.ruleset.id, False, _NO_CLOSING)

    def places(requirements: list[Requirement]) -> dict[tuple[str, int], int]:
        found: dict[tuple[str, int], int] = {}
        counts: dict[str, int] = {}
        for r in requirements:
            kind = "sixteen_months" if r.joint_kind == "sixteen_months" else r.holder
            counts[kind] = counts.get(kind, 0) + 1
            found[(kind, counts[kind])] = r.number
        return found

    old = places(pinned.requirements)
    new = places(worked.requirements)
    if list(old) == list(new):
        return None
    number_of = {number: place for place, number in old.items()}
    renumbered: list[Event] = []
    removed = set()
    for event in events:
        if event.interview is not None and event.date < change:
            place = number_of.get(event.interview)
            target = new.get(place) if place is not None else None
            if target is None and event.type == "booking_deadline_issued":
                removed.add(event.index)
            if target != event.interview:
                event = replace(event, interview=target)
        renumbered.append(event)
    return renumbered, frozenset(removed)


def _work_once(
    events: Sequence[Event],
    as_of: date,
    ruleset_id: str | None,
    explain: bool,
    closing: Mapping[int, tuple[frozenset[int], date | None]],
    removed: frozenset[int] = frozenset(),
) -> _Worked:
    spell, start, end = _spell(events, as_of)
    if start == end:
        return _Worked(_setting(ruleset_id, as_of)[0], as_of)
    registered = spell[start]
    assert registered.group is not None
    timeline: list[tuple[date, str, date | None]] = [(registered.date, registered.group, None)]
    held: list[Event] = []
    payments: list[Event] = []  # dagpenge_paid, read by the hours clock
    sick: tuple[tuple[date, date], ...] = ()  # rare: a tuple, not a list made for every plan
    choices: tuple[Event, ...] = ()  # R4, R6; rare
    decisions: tuple[Event, ...] = ()  # exemptions, offers started, trials; rare
    cv_status = "missing"  # R36: "published", then "approved" wins
    latest_start: Event | None = None  # R42
    steps: list[Event] = []  # the events the state machine of §8 handles
    for position in range(start + 1, end):
        event = spell[position]
        kind = event.type
        if kind == "dagpenge_paid":
            payments.append(event)
            continue
        # The commonest kinds first, so that the membership test below is rarely reached.
        if kind == "booking_deadline_issued" or kind == "booked":
            steps.append(event)
        elif kind == "interview_held":
            steps.append(event)
            held.append(event)
        elif kind == "group_changed":
            steps.append(event)
            if event.group is not None and event.group != timeline[-1][1]:
                timeline.append((event.date, event.group, event.dagpenge_period_start))
        elif kind == "sick":
            assert event.from_date is not None and event.to_date is not None
            sick = (*sick, (event.from_date, event.to_date))
        elif kind == "cv_published":
            if cv_status == "missing":
                cv_status = "published"
        elif kind == "cv_approved":
            cv_status = "approved"
        elif kind == "akasse_participation":
            choices = (*choices, event)
        elif kind == "job_start_documented":
            latest_start = event
        elif kind in DECISIONS:  # R65, R67, R73: rare
            decisions = (*decisions, event)
            if kind == "interviews_exempted":
                steps.append(event)
        elif kind in STEPS:
            steps.append(event)

    # The spell is judged by the law in force on the start of its counting period (RULES.md §1,
    # ENGINE §3-4): the spell's start, unless a group change began a later period (R8, R12).
    period = _counting_period(timeline)
    ruleset, snapshot, transition = _setting(ruleset_id, period.start)
    worked = _Worked(ruleset, as_of, spell_start=registered.date)
    worked.provisional = snapshot.provisional

    course = _Course(ruleset, snapshot, explain, _merge_periods(sick), group=registered.group)
    course.closing = closing
    course.removed = removed
    issued = course.deadlines  # appended to, never replaced
    # Deadlines expire only between the steps: the other events do not touch the course.
    for event in steps:
        if issued:
            course.expire_before(event.date)
        course.handle(event)
    course.expire_before(as_of)
    worked.course = course
    worked.group = period.group
    gaps: Sequence[tuple[date, date]] = _NO_PERIODS
    closed_gaps: Sequence[tuple[date, date]] = _NO_PERIODS
    if course.gaps:
        gaps = [(start, end or as_of) for start, end in course.gaps if start is not None]
        closed_gaps = [
            (start, end) for start, end in course.gaps if start is not None and end is not None
        ]

    trial = None
    if decisions:
        trial = _trial(worked, decisions, snapshot, period, registered, explain, held)
    if registered.visited_to_jobcenter and not snapshot.flag(
        "interviews/visited_to_jobcenter_applies"
    ):  # R72: the uddannelsespålæg is abolished
        worked.ignore(
            registered, ruleset.reason("R72", "ignored_visited", date=ruleset.effective_from)
        )
    outcome = None
    dagpenge_context = None
    if period.group == "dagpenge":
        insured_part = registered.insured == "part_time"
        excluded = ruleset.excluded_periods(snapshot)
        clock = HoursClock(
            period.start,
            snapshot.hours(
                "time/default_daily_hours_part_time"
                if insured_part
                else "time/default_daily_hours_full_time"
            ),
            unpaid=gaps,
            payments=payments,
            excluded=excluded,
        )
        context = DagpengeContext(
            snapshot,
            period.start,
            clock,
            snapshot.hours(
                "time/dagpenge_month_hours_part_time"
                if insured_part
                else "time/dagpenge_month_hours_full_time"
            ),
            insured_part,
            registered.visited_to_jobcenter,
            explain,
            transition,
            trial,
        )
        dagpenge_context = context
        outcome = ruleset.dagpenge(context)
        requirements = outcome.requirements
        worked.handover = outcome.handover
        worked.handover_reasons = outcome.handover_reasons
        worked.from_holder = outcome.from_holder
        worked.boundary = outcome.boundary
        worked.window_end = outcome.window_end
        if explain and excluded and period.start < date(2021, 7, 1):
            for requirement in requirements:
                if not requirement.calendar_deadline:
                    requirement.reasons.append(ruleset.fixed_reason("R13", "covid_suspension"))
    else:
        requirements = ruleset.calendar(snapshot, period.start, period.first, explain, period.group)
    if _govern(requirements, ruleset, snapshot, transition, explain) and transition is not None:
        worked.renumber_before = transition.change

    _pause_calendar_deadlines(requirements, closed_gaps, snapshot, ruleset, explain)
    _shift_holidays(requirements, snapshot)
    _fill(requirements, held, period.start)
    _book(requirements, course.bookings)
    if explain:  # the joint interviews and channels are not part of the deadlines
        _joint_choices(requirements, choices, ruleset, explain)
        _channels(requirements, held, period, ruleset, explain)

    worked.requirements = requirements
    if decisions:
        _exemptions(worked, decisions, period, timeline, course, explain)
    for requirement in requirements:
        requirement.status = _status(requirement, as_of, course.active)
    if explain:
        group_since = _group_since(timeline)
        held_before_group = {
            event.date for event in held if period.start <= event.date < group_since
        }
        _status_reasons(worked, held_before_group, period, course, as_of)
    _duties(worked, cv_status, latest_start, registered, snapshot, ruleset, explain)
    _offer(worked, decisions, period, transition, snapshot, dagpenge_context, course, explain)
    for requirement in requirements:
        if requirement.provisional:
            worked.provisional = True
    return worked


def _group_since(timeline: list[tuple[date, str, date | None]]) -> date:
    return timeline[-1][0]


def _pause_calendar_deadlines(
    requirements: list[Requirement],
    gaps: Sequence[tuple[date, date]],
    snapshot: Snapshot,
    ruleset: Ruleset,
    explain: bool,
) -> None:
    """[D] Days of deregistration move calendar deadlines later (nothing is due meanwhile)."""
    if not gaps or not snapshot.flag("interviews/deregistration_pauses_calendar_windows"):
        return
    for requirement in requirements:
        if not requirement.calendar_deadline:
            continue
        moved = 0
        for start, end in gaps:
            if start <= requirement.deadline:
                days = (end - start).days + 1
                requirement.deadline += days_of(days)
                moved += days
        if moved and explain:
            requirement.reasons.append(ruleset.reason("R8", "paused", days=moved))
            requirement.reasons.append(
                ruleset.decision(
                    "R8", snapshot, "interviews/deregistration_pauses_calendar_windows"
                )
            )


def _shift_holidays(requirements: list[Requirement], snapshot: Snapshot) -> None:
    """[D] ``holiday_shift``: by default a deadline on a weekend or holiday does not move."""
    if snapshot.text("time/holiday_shift") == "next_working_day":
        for requirement in requirements:
            requirement.deadline = next_working_day(requirement.deadline)


def _joint_choices(
    requirements: list[Requirement], choices: Sequence[Event], ruleset: Ruleset, explain: bool
) -> None:
    """R4, R6: the citizen's choice about the a-kasse's part in a joint interview, said in the
    words of the interview's deadline (R68)."""
    for requirement in requirements:
        if requirement.joint_kind is None:
            continue
        choice = None
        for event in choices:
            if event.interview in (None, requirement.number):
                choice = event.wants
        if choice is False:
            requirement.joint = "no"
            if explain:
                requirement.reasons.append(
                    ruleset.fixed_reason("R4", "joint_declined", day=requirement.deadline)
                )
        elif requirement.joint_kind == "after_handover":
            requirement.joint = "required" if choice else "optional"
            if explain:
                key = "joint_after_handover_required" if choice else "joint_after_handover_optional"
                requirement.reasons.append(
                    ruleset.fixed_reason("R4", key, day=requirement.deadline)
                )


def _channels(
    requirements: list[Requirement],
    held: list[Event],
    period: _Period,
    ruleset: Ruleset,
    explain: bool,
) -> None:
    """R19: the first interview of the spell is in person; the ruleset says the rest."""
    held_before = any(event.date < period.start for event in held)
    answers: dict[bool, tuple[str | None, Reason | None]] = {}
    for requirement in requirements:
        first = requirement.number == 1 and not held_before
        answer = answers.get(first)
        if answer is None:
            answer = answers[first] = ruleset.channel(first)
        channel, reason = answer
        requirement.required_channel = channel
        if explain and reason is not None:
            requirement.reasons.append(reason)


def _status_reasons(
    worked: _Worked, across_groups: set[date], period: _Period, course: _Course, as_of: date
) -> None:
    ruleset = worked.ruleset
    for requirement in worked.requirements:
        status = requirement.status
        if (
            period.group == "dagpenge"
            and requirement.held_on is not None
            and requirement.held_on in across_groups
        ):
            requirement.reasons.append(
                ruleset.reason(
                    "R34", "counted_across_groups", held=requirement.held_on, start=period.start
                )
            )
        if status == "held_late":
            requirement.reasons.append(
                ruleset.reason(
                    "R47", "held_late", held=requirement.held_on, deadline=requirement.deadline
                )
            )
        elif status == "cancelled" and course.gaps:
            gap_start = course.gaps[-1][0]
            assert gap_start is not None
            requirement.reasons.append(ruleset.reason("R25", "cancelled", date=gap_start))


def _duties(
    worked: _Worked,
    cv_status: str,
    latest: Event | None,
    registered: Event,
    snapshot: Snapshot,
    ruleset: Ruleset,
    explain: bool,
) -> None:
    """R36 (CV) and R39, R42 (joblog)."""
    assert registered.group is not None
    dagpenge = registered.group == "dagpenge"
    days = snapshot.integer("cv/deadline_days_dagpenge" if dagpenge else "cv/deadline_days_other")
    deadline = registered.date + days_of(days)
    if snapshot.text("time/holiday_shift") == "next_working_day":
        deadline = next_working_day(deadline)
    worked.cv_deadline = deadline
    worked.cv_approver = "akasse" if dagpenge else "jobcenter"
    if cv_status != "missing":
        worked.cv_status = cv_status
    elif worked.as_of > deadline:
        worked.cv_status = "overdue"
    if explain:
        approver = (
            Word("din a-kasse", "your a-kasse") if dagpenge else Word("jobcentret", "the jobcentre")
        )
        worked.cv_reasons = [
            ruleset.reason("R36", "cv_deadline", deadline=deadline, days=days, approver=approver),
            *ruleset.cv_reasons(snapshot, registered.date, registered.group),
        ]

    if not explain:  # the joblog is not part of the deadlines
        return
    assert worked.course is not None
    key = "joblog_required" if worked.course.active else "joblog_not_required"
    joblog_reasons = [ruleset.fixed_reason("R39", key)]
    weeks_days = snapshot.integer("joblog/six_week_rule_days")
    if latest is not None:
        assert latest.start_date is not None and latest.kind is not None
        exempt_from = max(latest.start_date - days_of(weeks_days), latest.date)
        worked.joblog_exempt_from = exempt_from
        joblog_reasons.append(
            ruleset.reason(
                "R42",
                "joblog_six_weeks",
                exempt_from=exempt_from,
                kind=JOB_START_WORDS[latest.kind],
                start=latest.start_date,
                weeks=weeks_days // 7,
            )
        )
    worked.joblog_reasons = joblog_reasons


def _open_deadlines(course: _Course | None) -> tuple[OpenDeadline, ...]:
    if course is None:
        return ()
    open_ones = [d for d in course.deadlines if d.state == "open"]
    if not open_ones:
        return ()
    open_ones.sort(key=_DEADLINE_DAY)
    return tuple([_new(OpenDeadline, (d.deadline, d.last_meeting, d.interview)) for d in open_ones])


def _consequences(course: _Course | None) -> list[_Consequence]:
    if course is None or not course.consequences:
        return []
    if len(course.consequences) == 1:
        return course.consequences
    return sorted(course.consequences, key=_START)


def _freeze(worked: _Worked) -> Plan:
    targets = _target_dates(
        worked.requirements, worked.as_of, worked.boundary if worked.handover else None
    )
    interviews = tuple(
        [
            _new(
                Interview,
                (
                    r.number,
                    r.holder,
                    r.earliest,
                    target,
                    r.deadline,
                    r.required_channel,
                    r.joint,
                    r.status,
                    r.held_on,
                    tuple(r.reasons),
                    r.ruleset_id,
                    r.provisional,
                ),
            )
            for r, target in zip(worked.requirements, targets, strict=True)
        ]
    )
    course = worked.course
    ruleset = worked.ruleset
    handover = None
    spell_provisional = course is not None and course.snapshot.provisional
    # R70: each item worked out under a provisional ruleset says that its rule is not final law.
    not_final: tuple[Reason, ...] = ()
    if course is not None and spell_provisional:
        not_final = (_provisional_reason(ruleset, course.snapshot),)
    if worked.handover is not None:
        handover = _new(
            Handover,
            (
                worked.handover,
                (*worked.handover_reasons, *not_final),
                worked.from_holder,
                spell_provisional,
            ),
        )
    active = course is not None and course.active
    selfbooking_required = (
        active and course is not None and not (course.exempted or course.withdrawn)
    )
    selfbooking_reasons: list[Reason] = []
    open_deadlines = _open_deadlines(course)
    if course is not None:
        snapshot = course.snapshot
        if course.exempted:
            selfbooking_reasons.append(
                ruleset.reason("R28", "selfbooking_exempted", date=course.exempted)
            )
        elif course.withdrawn:
            selfbooking_reasons.append(
                ruleset.reason("R29", "selfbooking_withdrawn", date=course.withdrawn)
            )
        else:
            selfbooking_reasons.append(
                ruleset.fixed_reason(
                    "R21", "selfbooking_required", snapshot, days=course.minimum_days()
                )
            )
        for deadline in sorted(course.deadlines, key=lambda d: d.deadline):
            if deadline.state != "open":
                continue
            selfbooking_reasons.append(
                ruleset.reason(
                    "R22",
                    "open_deadline",
                    deadline=deadline.deadline,
                    last_meeting=deadline.last_meeting,
                )
            )
            if deadline.reason is not None:
                selfbooking_reasons.append(deadline.reason)
                parameter = {
                    "R14": "booking/sickness_reissue",
                    "R24": "booking/cancellation_reopen",
                }
                if deadline.reason.rule in parameter:
                    selfbooking_reasons.append(
                        ruleset.decision(
                            deadline.reason.rule, snapshot, parameter[deadline.reason.rule]
                        )
                    )
        selfbooking_reasons.extend(course.notes)
    return _new(
        Plan,
        (
            ruleset.id,
            ruleset.effective_from,
            worked.as_of,
            worked.group,
            worked.spell_start,
            interviews,
            handover,
            _new(
                CvDuty,
                (
                    worked.cv_deadline,
                    worked.cv_approver,
                    worked.cv_status,
                    (*worked.cv_reasons, *not_final),
                    spell_provisional,
                ),
            ),
            _new(
                JoblogDuty,
                (
                    active,
                    worked.joblog_exempt_from,
                    (*worked.joblog_reasons, *not_final),
                    spell_provisional,
                ),
            ),
            _new(
                SelfbookingDuty,
                (
                    selfbooking_required,
                    open_deadlines,
                    (*selfbooking_reasons, *not_final),
                    spell_provisional,
                ),
            ),
            tuple(
                [
                    _new(
                        Consequence,
                        (c.type, c.start, c.end, (*c.reasons, *not_final), spell_provisional),
                    )
                    for c in _consequences(course)
                ]
            ),
            worked.offer,
            tuple(worked.exemptions),
            worked.trial,
            tuple(sorted(worked.ignored, key=_POSITION)),
            worked.provisional,
        ),
    )


def plan(
    events: Sequence[Event] | Sequence[Mapping[str, object]],
    as_of: date,
    ruleset: str | None = None,
) -> Plan:
    """The plan of the citizen's latest spell as it stands on ``as_of`` (events after it are
    ignored). ``ruleset`` names a ruleset; by default the one in force on the spell's start."""
    return _freeze(_work(events, as_of, ruleset, explain=True))


def deadlines(
    events: Sequence[Event] | Sequence[Mapping[str, object]],
    as_of: date,
    ruleset: str | None = None,
) -> Deadlines:
    """Deadlines and statuses only, with no explanation and no target dates: the fast path for
    recomputing many citizens."""
    worked = _work(events, as_of, ruleset, explain=False)
    return Deadlines(
        worked.ruleset.id,
        worked.group,
        worked.spell_start,
        tuple(worked.requirements),  # a requirement is an interview deadline (its status set)
        worked.handover,
        worked.cv_deadline,
        worked.cv_status,
        _open_deadlines(worked.course),
        tuple([(c.type, c.start, c.end) for c in _consequences(worked.course)]),
        worked.offer.deadline if worked.offer is not None else None,
        worked.offer.status if worked.offer is not None else None,
        worked.provisional,
    )
