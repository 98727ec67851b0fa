"""What every ruleset shares, and the hooks a ruleset module fills in.

A ruleset is the *shape* of the law in force from a date; its numbers come from the parameter
snapshot. A new shape is a new module (``leaflet_2024``, ``rs2020``), never ``if year >= …``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import date
from typing import ClassVar, Final

from kontaktforloeb.rules.clock import END_OF_TIME, HoursClock
from kontaktforloeb.rules.dates import add_months
from kontaktforloeb.rules.dates import days as days_of
from kontaktforloeb.rules.events import Event
from kontaktforloeb.rules.explain import (
    KOMMUNEN_FROM,
    Hours,
    Ordinal,
    Subject,
    Word,
    municipal,
    share,
)
from kontaktforloeb.rules.model import InterviewDeadline, Reason
from kontaktforloeb.rules.snapshot import Snapshot

_new_reason: Final = tuple.__new__

CALENDAR_GROUP_BENEFIT: Final = {
    "kontanthjaelp_jobparat": "kontanthjaelp",
    "kontanthjaelp_aktivitetsparat": "kontanthjaelp",
    "uddannelseshjaelp_uddannelsesparat": "uddannelseshjaelp",
    "uddannelseshjaelp_aktivitetsparat": "uddannelseshjaelp",
}


# The holder as an object of a sentence ("fordi din a-kasse skal holde …").
HOLDER_WORDS: Final = {
    "akasse": Word("din a-kasse", "your a-kasse"),
    "jobcenter": Word("dit jobcenter", "your jobcentre"),
    "anden_aktoer": Word("den anden aktør, du har valgt", "the other actor you chose"),
}


class Requirement(InterviewDeadline):
    """One required interview while the plan is being worked out: an interview deadline (its
    number, holder, deadline, status and the day it was held, which is what the deadlines path
    returns, as it is) and what the explained plan adds.

    ``joint_kind`` names the joint-interview rule it answers to (``after_handover``,
    ``sixteen_months``, ``early``, ``late``) so the citizen's choice (R4) can be applied.
    """

    __slots__ = (
        "_reasons",
        "booked_on",
        "calendar_deadline",
        "earliest",
        "exemption",
        "joint",
        "joint_kind",
        "required_channel",
        "rules",
    )

    def __init__(
        self,
        number: int,
        holder: str,
        earliest: date,
        deadline: date,
        required_channel: str | None = None,
        joint: str = "no",
        joint_kind: str | None = None,
        calendar_deadline: bool = False,
        reasons: list[Reason] | None = None,
    ) -> None:
        # The interview deadline's fields, set here rather than through its ``__init__`` (a
        # call less for every requirement); the status is the engine's to set, once the
        # interviews are filled and booked (§10).
        self.number = number
        self.holder = holder
        self.deadline = deadline
        self.status = "upcoming"
        self.held_on: date | None = None
        self.earliest = earliest
        self.required_channel = required_channel
        self.joint = joint
        self.joint_kind = joint_kind
        self.calendar_deadline = calendar_deadline
        self._reasons = reasons
        self.booked_on: date | None = None
        # The ruleset that set it (R60) and its parameters; the engine's ``_govern`` sets them.
        self.ruleset_id = ""
        self.provisional = False
        self.rules: Snapshot | None = None
        self.exemption: Event | None = None  # R65: the decision that exempts it

    @property
    def reasons(self) -> list[Reason]:
        """Why it is required: made when first asked for, which the deadlines path never does."""
        found = self._reasons
        if found is None:
            found = self._reasons = []
        return found

    def copy(self) -> Requirement:
        """A copy to work on, with its own list of reasons."""
        reasons = self._reasons
        copied = Requirement(
            self.number,
            self.holder,
            self.earliest,
            self.deadline,
            self.required_channel,
            self.joint,
            self.joint_kind,
            self.calendar_deadline,
            reasons.copy() if reasons else None,
        )
        copied.ruleset_id = self.ruleset_id
        copied.provisional = self.provisional
        copied.rules = self.rules
        return copied

    def govern(self, ruleset: Ruleset, snapshot: Snapshot) -> Requirement:
        """Record the ruleset that sets this requirement (R60) and whether it is provisional."""
        self.ruleset_id = ruleset.id
        self.provisional = snapshot.provisional
        self.rules = snapshot
        return self


class Transition:
    """R60: a later ruleset that governs the windows of a spell still open on its first day."""

    __slots__ = ("change", "ruleset", "snapshot")

    def __init__(self, ruleset: Ruleset, snapshot: Snapshot) -> None:
        self.ruleset = ruleset
        self.snapshot = snapshot
        self.change = ruleset.effective_from


class DagpengeContext:
    """What the dagpenge rules need: the period start, the clock and the parameters."""

    __slots__ = (
        "clock",
        "explain",
        "month_hours",
        "part_time",
        "period_start",
        "snapshot",
        "transition",
        "trial",
        "visited_to_jobcenter",
    )

    def __init__(
        self,
        snapshot: Snapshot,
        period_start: date,
        clock: HoursClock,
        month_hours: int,
        part_time: bool,
        visited_to_jobcenter: bool,
        explain: bool,
        transition: Transition | None = None,
        trial: tuple[str, str] | None = None,
    ) -> None:
        self.transition = transition
        self.trial = trial  # R73: (trial, holder of the first months), else None
        self.snapshot = snapshot
        self.period_start = period_start
        self.clock = clock
        self.month_hours = month_hours
        self.part_time = part_time
        self.visited_to_jobcenter = visited_to_jobcenter
        self.explain = explain


class DagpengeOutcome:
    __slots__ = (
        "boundary",
        "from_holder",
        "handover",
        "handover_reasons",
        "requirements",
        "window_end",
    )

    def __init__(
        self,
        requirements: list[Requirement],
        handover: date | None = None,
        window_end: date = END_OF_TIME,
        from_holder: str = "akasse",
    ) -> None:
        self.requirements = requirements
        self.handover = handover
        self.handover_reasons: Sequence[Reason] = ()
        self.window_end = window_end  # the six-month point, also the offer's deadline (R67)
        self.from_holder = from_holder
        # The end of the first holder's period (the handover, or R73's 4-month boundary where
        # the municipality holds the whole course).
        self.boundary = handover


class Ruleset(ABC):
    """The law of the contact course in force from ``effective_from`` (RULES.md §1)."""

    id: ClassVar[str] = ""
    effective_from: ClassVar[date] = date(2024, 1, 1)
    effective_to: ClassVar[date | None] = None
    citations: ClassVar[dict[str, str]] = {}
    # Rule ids this ruleset states anew: a reason for "R1" made by it cites its own "R61".
    renamed: ClassVar[dict[str, str]] = {}
    # R60: the ids of earlier rulesets whose windows still open on ``effective_from`` this one
    # governs, when its parameter ``transition/applies_to_open_windows`` is true.
    reaches: ClassVar[tuple[str, ...]] = ()
    # The rule that states the calendar groups' interviews where it is not R7 (or its restatement
    # in ``renamed``), by group: R63 for uddannelsesparate and aktivitetsparate from 2026.
    calendar_rules: ClassVar[dict[str, str]] = {}

    def lookup_date(self, day: date) -> date:
        """The date parameters are read for: ``day``, kept inside this ruleset's years."""
        if day < self.effective_from:
            return self.effective_from
        if self.effective_to is not None and day > self.effective_to:
            return self.effective_to
        return day

    def applies_to(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def cite(self, rule: str) -> str:
        return self.citations.get(rule, self.citations.get(rule.split("-")[0], ""))

    def reason(self, rule: str, key: str, **facts: object) -> Reason:
        """Why, by ``rule``: the sentence ``key`` built from ``facts``. R68: an item dated from
        1 February 2026 (its deadline, else its date) says "kommunen", not "jobcentret"."""
        try:
            citation = self._cited[rule]
        except KeyError:
            citation = self._cited[rule] = self.cite(self.renamed.get(rule, rule))
        day = facts.get("deadline") or facts.get("date") or facts.get("from_date")
        if isinstance(day, date) and day >= KOMMUNEN_FROM:
            key = municipal(key)
        return _new_reason(Reason, (self.renamed.get(rule, rule), citation, key, facts))

    def fixed_reason(
        self,
        rule: str,
        key: str,
        snapshot: Snapshot | None = None,
        day: date | None = None,
        **facts: object,
    ) -> Reason:
        """A reason whose facts follow from ``rule``, ``key`` and ``snapshot`` alone (or that has
        none): one shared value for them all, since reasons are immutable. ``day`` is the item's
        date, for its words (R68)."""
        if day is not None and day >= KOMMUNEN_FROM:
            key = municipal(key)
        memo = (rule, key, snapshot)
        found = self._fixed.get(memo)
        if found is None:
            found = self._fixed[memo] = share(self.reason(rule, key, **facts))
        return found

    def __init__(self) -> None:
        self._cited: dict[str, str] = {}
        self._fixed: dict[tuple[str, str, Snapshot | None], Reason] = {}
        self._decisions: dict[tuple[str, Snapshot, str], Reason] = {}
        self._calendars: dict[tuple[Snapshot, date, bool, bool, str], list[Requirement]] = {}

    def decision(
        self, rule: str, snapshot: Snapshot, parameter: str, day: date | None = None
    ) -> Reason:
        """A product decision, cited to its parameter and said as the system's interpretation.

        It depends only on the snapshot (and on ``day``'s words, R68), so one value is kept per
        rule, snapshot and parameter."""
        key = "decision"
        if day is not None and day >= KOMMUNEN_FROM:
            key = municipal(key)
        memo = (rule, snapshot, parameter + key)
        found = self._decisions.get(memo)
        if found is None:
            found = self._decisions[memo] = share(
                Reason(
                    rule,
                    snapshot.citation(parameter),
                    key,
                    {
                        "explanation": Word(
                            snapshot.decision(parameter, "da"), snapshot.decision(parameter, "en")
                        )
                    },
                )
            )
        return found

    # Hooks a ruleset module fills in -------------------------------------------------------

    def excluded_periods(self, snapshot: Snapshot) -> tuple[tuple[date, date], ...]:
        """Windows whose paid hours never count (none unless the ruleset says so)."""
        return ()

    @abstractmethod
    def dagpenge(self, context: DagpengeContext) -> DagpengeOutcome:
        """The dagpenge interviews and the handover, by this ruleset's shape."""

    def channel(self, first_of_spell: bool) -> tuple[str | None, Reason | None]:
        """The required channel of an interview (R19) and why."""
        if first_of_spell:
            return "in_person", self.fixed_reason("R19", "channel_first")
        return None, None

    def cv_reasons(self, snapshot: Snapshot, registered: date, group: str) -> list[Reason]:
        return []

    # Shared rules ----------------------------------------------------------------------------

    def governing(self, context: DagpengeContext, deadline: date) -> tuple[Ruleset, Snapshot]:
        """R60: the ruleset (and its parameters) of a window with ``deadline``: a later ruleset
        that governs open windows when the deadline is on or after its first day, else this."""
        transition = context.transition
        if transition is not None and deadline >= transition.change:
            return transition.ruleset, transition.snapshot
        return self, context.snapshot

    def open_window_reason(
        self,
        context: DagpengeContext,
        requirement: Requirement,
        rules: Ruleset,
        count: int,
        window: str,
    ) -> None:
        """R60: say that a window open on the later ruleset's first day follows it, and what the
        count was under the rules the spell began with."""
        transition = context.transition
        if transition is None or rules is self:
            return
        snapshot = context.snapshot
        if window == "early":
            old = snapshot.integer("interviews/dagpenge_akasse_count") - 1
        else:
            old = snapshot.integer("interviews/dagpenge_jobcenter_count")
        change = transition.change
        if old != count:
            requirement.reasons.append(
                rules.reason("R60", "open_window", change=change, old_count=old, count=count)
            )
        else:
            requirement.reasons.append(rules.reason("R60", "open_window_same", change=change))

    def crossing(self, context: DagpengeContext, months: int) -> tuple[date, int]:
        """The day ``months`` of unemployment are reached in paid hours (R13), and the threshold."""
        threshold = months * context.month_hours
        return context.clock.crossing(threshold) or END_OF_TIME, threshold

    def hours_reasons(self, context: DagpengeContext) -> tuple[Reason, ...]:
        if not (context.explain and context.clock.uses_default):
            return ()
        name = "time/default_daily_hours_" + ("part_time" if context.part_time else "full_time")
        return (self.decision("R13", context.snapshot, name),)

    def sixteen_months(self, context: DagpengeContext, number: int, earliest: date) -> Requirement:
        """R6: a joint interview with the a-kasse at the latest at 16 months of unemployment."""
        months = context.snapshot.integer("interviews/dagpenge_joint_interview_months")
        deadline, threshold = self.crossing(context, months)
        requirement = Requirement(
            number, "jobcenter", earliest, deadline, joint="required", joint_kind="sixteen_months"
        )
        rules, values = self.governing(context, deadline)
        requirement.govern(rules, values)
        if context.explain:
            requirement.reasons.append(
                rules.reason(
                    "R6",
                    "joint_16_months",
                    deadline=deadline,
                    months=months,
                    threshold=Hours(threshold),
                )
            )
            requirement.reasons.extend(self.hours_reasons(context))
        return requirement

    def calendar(
        self,
        snapshot: Snapshot,
        start: date,
        first_period: bool,
        explain: bool,
        group: str = "",
    ) -> list[Requirement]:
        """R7, R8: kontant- and uddannelseshjælp, four interviews in six calendar months; their
        reasons cite the rule that states them for ``group`` (``calendar_rules``, else R7).

        They follow from the period's start alone, and many periods start on the same day, so
        the worked-out interviews are remembered (a few hundred a year) and each plan gets its
        own copies; their reasons are shared values, whose sentences are written once."""
        rule = self.calendar_rules.get(group, "R7")
        memo = (snapshot, start, first_period, explain, rule)
        worked = self._calendars.get(memo)
        if worked is None:
            worked = self._calendars[memo] = self._calendar(
                snapshot, start, first_period, explain, rule
            )
            for requirement in worked:
                for reason in requirement.reasons:
                    share(reason)
        return [requirement.copy() for requirement in worked]

    def _calendar(
        self, snapshot: Snapshot, start: date, first_period: bool, explain: bool, rule: str
    ) -> list[Requirement]:
        count = snapshot.integer("interviews/kontanthjaelp_count")
        months = snapshot.integer("interviews/kontanthjaelp_window_months")
        days = snapshot.integer("interviews/kontanthjaelp_first_interview_days")
        window_end = add_months(start, months)
        seven_day_rule = first_period or snapshot.flag(
            "interviews/first_interview_rule_after_benefit_change"
        )
        requirements = []
        for number in range(1, count + 1):
            first = number == 1 and seven_day_rule
            deadline = start + days_of(days) if first else window_end
            requirement = Requirement(number, "jobcenter", start, deadline, calendar_deadline=True)
            if explain:
                if first:
                    requirement.reasons.append(
                        self.reason(
                            rule, "calendar_first", deadline=deadline, days=days, start=start
                        )
                    )
                else:
                    requirement.reasons.append(
                        self.reason(
                            rule,
                            "calendar_window",
                            ordinal=Ordinal(number),
                            deadline=deadline,
                            count=count,
                            months=months,
                            start=start,
                        )
                    )
                if not first_period and number == 1:
                    requirement.reasons.append(
                        self.reason(
                            "R8", "new_period_after_change", start=start, months=months, count=count
                        )
                    )
                    requirement.reasons.append(
                        self.decision(
                            "R8", snapshot, "interviews/first_interview_rule_after_benefit_change"
                        )
                    )
            requirements.append(requirement)
        return requirements

    def first_interview(self, context: DagpengeContext, holder: str) -> Requirement:
        """R1/R2: the first dagpenge interview no later than 14 days after registration."""
        days = context.snapshot.integer("interviews/dagpenge_first_interview_days")
        deadline = context.period_start + days_of(days)
        requirement = Requirement(1, holder, context.period_start, deadline, calendar_deadline=True)
        rules, values = self.governing(context, deadline)
        requirement.govern(rules, values)
        if context.explain:
            requirement.reasons.append(
                rules.reason(
                    "R1",
                    "first_interview_dagpenge",
                    holder=Subject(holder),
                    deadline=deadline,
                    days=days,
                )
            )
        return requirement
