"""``plan(events, as_of)``: the contact course of a citizen's latest spell (ENGINE.md).

The steps follow ENGINE.md: order the events (§1), find the spell (§2), the groups and the
counting period (§3), the ruleset (§4), the clock (§5), the required interviews (§6), fill them
with held interviews (§7), run the booking deadlines and their consequences (§8), the duties (§9)
and the statuses for ``as_of`` (§10). Pure: the same events and ``as_of`` give the same plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import Final

from kontaktforloeb.rules.clock import HoursClock
from kontaktforloeb.rules.dates import days as days_of
from kontaktforloeb.rules.dates import next_working_day, previous_working_day
from kontaktforloeb.rules.events import Event, parse_events
from kontaktforloeb.rules.explain import Word
from kontaktforloeb.rules.model import (
    Consequence,
    CvDuty,
    Deadlines,
    Handover,
    Interview,
    JoblogDuty,
    OpenDeadline,
    Plan,
    Reason,
    SelfbookingDuty,
)
from kontaktforloeb.rules.rulesets import Ruleset, get_ruleset, ruleset_for
from kontaktforloeb.rules.rulesets.base import (
    CALENDAR_GROUP_BENEFIT,
    DagpengeContext,
    Requirement,
)
from kontaktforloeb.rules.snapshot import Snapshot, snapshot_on

ONE_DAY: Final = timedelta(days=1)
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
        "consequences",
        "deadlines",
        "exempted",
        "explain",
        "gaps",
        "group",
        "notes",
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
        if self.awaiting_reregistration is not None:
            self.reissue(
                self.awaiting_reregistration,
                event.date,
                "reissued_reregistered",
                "R25",
                date=event.date,
            )
            self.awaiting_reregistration = None

    def on_booking_deadline_issued(self, event: Event) -> None:
        assert event.deadline is not None and event.last_meeting_date is not None
        deadline = _Deadline(event.date, event.deadline, event.last_meeting_date, event.interview)
        self.deadlines.append(deadline)
        if not self.active or self.exempted or self.withdrawn:
            deadline.state = "closed"
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
    if not active:
        return "cancelled"
    if requirement.deadline < as_of:
        return "overdue"
    if requirement.booked_on is not None:
        return "booked"
    if requirement.earliest > as_of:
        return "upcoming"
    return "open"


def _target_dates(requirements: list[Requirement], as_of: date) -> list[date | None]:
    """[D] Spread the interviews still due evenly over what is left of their window, each on a
    working day; a booked interview's target is its meeting, an overdue one's the next working day."""
    targets: list[date | None] = [None] * len(requirements)
    windows: dict[tuple[date, date], list[int]] = {}
    for position, requirement in enumerate(requirements):
        status = requirement.status
        if status == "booked":
            targets[position] = requirement.booked_on
        elif status == "overdue":
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


# --- The plan -----------------------------------------------------------------------------------


class _Worked:
    """Everything worked out for one spell, before it is frozen into a Plan or Deadlines."""

    __slots__ = (
        "as_of",
        "course",
        "cv_approver",
        "cv_deadline",
        "cv_reasons",
        "cv_status",
        "group",
        "handover",
        "handover_reasons",
        "joblog_exempt_from",
        "joblog_reasons",
        "requirements",
        "ruleset",
        "spell_start",
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


def _as_events(events: Sequence[Event] | Sequence[Mapping[str, object]]) -> Sequence[Event]:
    if isinstance(events, list):  # indexed directly when compiled
        if events and not isinstance(events[0], Event):
            return parse_events(events)
        return events
    if events and not isinstance(events[0], Event):
        return parse_events(list(events))
    return events  # type: ignore[return-value]


_SETTINGS: Final[dict[str, dict[date, tuple[Ruleset, Snapshot]]]] = {}


def _setting(ruleset_id: str | None, start: date) -> tuple[Ruleset, Snapshot]:
    """The ruleset (named, else the one in force on ``start``) and its parameters for a spell
    starting on ``start``; remembered, since many spells start on the same day."""
    by_start = _SETTINGS.get(ruleset_id or "")
    if by_start is None:
        by_start = _SETTINGS[ruleset_id or ""] = {}
    found = by_start.get(start)
    if found is None:
        ruleset = get_ruleset(ruleset_id) if ruleset_id else ruleset_for(start)
        found = (ruleset, snapshot_on(ruleset.lookup_date(start)))
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
    spell, start, end = _spell(_as_events(events), as_of)
    if start == end:
        ruleset = get_ruleset(ruleset_id) if ruleset_id else ruleset_for(as_of)
        return _Worked(ruleset, as_of)
    registered = spell[start]
    assert registered.group is not None
    ruleset, snapshot = _setting(ruleset_id, registered.date)
    worked = _Worked(ruleset, as_of, spell_start=registered.date)

    timeline: list[tuple[date, str, date | None]] = [(registered.date, registered.group, None)]
    held: list[Event] = []
    payments: list[Event] = []  # dagpenge_paid, read by the hours clock
    sick: tuple[tuple[date, date], ...] = ()  # rare: a tuple, not a list made for every plan
    choices: tuple[Event, ...] = ()  # R4, R6; rare
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
        elif kind in STEPS:
            steps.append(event)

    course = _Course(ruleset, snapshot, explain, _merge_periods(sick), group=registered.group)
    issued = course.deadlines  # appended to, never replaced
    # Deadlines expire only between the steps: the other events do not touch the course.
    for event in steps:
        if issued:
            course.expire_before(event.date)
        course.handle(event)
    course.expire_before(as_of)
    worked.course = course

    period = _counting_period(timeline)
    worked.group = period.group
    gaps: Sequence[tuple[date, date]] = _NO_PERIODS
    closed_gaps: Sequence[tuple[date, date]] = _NO_PERIODS
    if course.gaps:
        gaps = [(start, end or as_of) for start, end in course.gaps if start is not None]
        closed_gaps = [
            (start, end) for start, end in course.gaps if start is not None and end is not None
        ]

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
        )
        outcome = ruleset.dagpenge(context)
        requirements = outcome.requirements
        worked.handover = outcome.handover
        worked.handover_reasons = outcome.handover_reasons
        if explain and excluded and period.start < date(2021, 7, 1):
            for requirement in requirements:
                if not requirement.calendar_deadline:
                    requirement.reasons.append(ruleset.fixed_reason("R13", "covid_suspension"))
    else:
        requirements = ruleset.calendar(snapshot, period.start, period.first, explain)

    _pause_calendar_deadlines(requirements, closed_gaps, snapshot, ruleset, explain)
    _shift_holidays(requirements, snapshot)
    _fill(requirements, held, period.start)
    _book(requirements, course.bookings)
    if explain:  # the joint interviews and channels are not part of the deadlines
        _joint_choices(requirements, choices, ruleset, explain)
        _channels(requirements, held, period, ruleset, explain)

    worked.requirements = requirements
    for requirement in requirements:
        requirement.status = _status(requirement, as_of, course.active)
    if explain:
        group_since = _group_since(timeline)
        held_before_group = {
            event.date for event in held if period.start <= event.date < group_since
        }
        _status_reasons(worked, held_before_group, period, course, as_of)
    _duties(worked, cv_status, latest_start, registered, snapshot, ruleset, explain)
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
    """R4, R6: the citizen's choice about the a-kasse's part in a joint interview."""
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
                requirement.reasons.append(ruleset.fixed_reason("R4", "joint_declined"))
        elif requirement.joint_kind == "after_handover":
            requirement.joint = "required" if choice else "optional"
            if explain:
                key = "joint_after_handover_required" if choice else "joint_after_handover_optional"
                requirement.reasons.append(ruleset.fixed_reason("R4", key))


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
    targets = _target_dates(worked.requirements, worked.as_of)
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
                ),
            )
            for r, target in zip(worked.requirements, targets, strict=True)
        ]
    )
    course = worked.course
    ruleset = worked.ruleset
    handover = None
    if worked.handover is not None:
        handover = _new(Handover, (worked.handover, tuple(worked.handover_reasons)))
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
                    tuple(worked.cv_reasons),
                ),
            ),
            _new(JoblogDuty, (active, worked.joblog_exempt_from, tuple(worked.joblog_reasons))),
            _new(
                SelfbookingDuty,
                (selfbooking_required, open_deadlines, tuple(selfbooking_reasons)),
            ),
            tuple(
                [
                    _new(Consequence, (c.type, c.start, c.end, tuple(c.reasons)))
                    for c in _consequences(course)
                ]
            ),
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
    )
