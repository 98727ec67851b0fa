"""LEAFLET-2024: the law in force from 1 January 2024 (lov nr. 727 af 13/6/2023; LAB as
consolidated in LBK nr. 280 af 1/3/2024), as the citizen leaflet "Jobrettede samtaler" states it.

Dagpenge: three a-kasse interviews within three months (the first within 14 days), the handover
to the jobcenter (R3), three jobcenter interviews before six months (the first optionally joint,
R4), a joint interview at 16 months (R6); R2 replaces this with six jobcenter interviews.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from kontaktforloeb.rules.dates import ONE_DAY, first_of_next_month, last_of_month
from kontaktforloeb.rules.explain import Hours, Month, Ordinal, Subject
from kontaktforloeb.rules.parameters import ParameterError
from kontaktforloeb.rules.rulesets.base import (
    HOLDER_WORDS,
    DagpengeContext,
    DagpengeOutcome,
    Requirement,
    Ruleset,
)

CITATIONS = {
    "R1": "LAB § 31, stk. 1",
    "R1-jobcenter": "LAB § 31, stk. 4",
    "R2": "LAB § 27, stk. 3",
    "R3": "LAB § 27, stk. 2",
    "R4": "LAB § 31, stk. 2",
    "R6": "LAB § 32, stk. 2",
    "R7": "LAB § 31, stk. 3 og 5",
    "R8": "LAB § 31, stk. 3",
    "R13": "BEK nr. 1216/2023 § 45",
    "R14": "rådighedsbekendtgørelsen, BEK nr. 808/2017",
    "R19": "pjecen Jobrettede samtaler; STAR, Kontaktforløbet 2024",
    "R21": "LAB § 35; vejledning nr. 10190 af 11/11/2016",
    "R22": "vejledning nr. 10190 af 11/11/2016",
    "R24": "vejledning nr. 10190 af 11/11/2016",
    "R25": "rådighedsbekendtgørelsen § 10, BEK nr. 808/2017",
    "R26": "aktivloven §§ 35 og 37",
    "R28": "LAB § 35",
    "R29": "LAB § 35",
    "R34": "STAR, Kontaktforløbet 2024",
    "R36": "pjecen Jobrettede samtaler",
    "R39": "pjecen Jobrettede samtaler",
    "R42": "pjecen Jobrettede samtaler",
    "R47": "STAR, opgørelse af rettidighed i kontaktforløbet",
    "R48": "rådighedsbekendtgørelsen § 20, BEK nr. 808/2017",
    "R49": "aktivloven § 35",
}


class Leaflet2024(Ruleset):
    """The default ruleset: implements every rule of RULES.md."""

    id = "LEAFLET-2024"
    effective_from = date(2024, 1, 1)
    effective_to: ClassVar[date | None] = date(2026, 6, 30)
    citations = CITATIONS

    def dagpenge(self, context: DagpengeContext) -> DagpengeOutcome:
        snapshot = context.snapshot
        if context.visited_to_jobcenter and snapshot.flag(
            "interviews/visited_to_jobcenter_applies"
        ):
            return self._visited(context)
        explain = context.explain
        holder, early_months, handover_threshold, has_handover = self.early_period(context)
        window_months = snapshot.integer("interviews/dagpenge_window_months")
        # Lowest threshold first: the clock walks on from where the previous crossing was found.
        handover, crossed = self.handover(context, handover_threshold)
        early_end, early_threshold = self.crossing(context, early_months)
        window_end, window_threshold = self.crossing(context, window_months)
        hours_reasons = self.hours_reasons(context)
        # [D] R3: the first holder holds its interviews before the handover (where there is one:
        # the municipality holding the whole course, R73, holds them up to the boundary itself).
        capped = (
            has_handover
            and early_end >= handover
            and snapshot.flag("handover/akasse_deadline_before_handover")
        )
        if capped:
            early_end = handover - ONE_DAY

        first = self.first_interview(context, holder)
        requirements = [first]
        rules, values = self.governing(context, early_end)
        early_total = values.integer("interviews/dagpenge_akasse_count")
        for number in range(2, early_total + 1):
            requirement = Requirement(number, holder, context.period_start, early_end)
            requirement.govern(rules, values)
            if explain:
                if holder == "akasse" and early_months == snapshot.integer(
                    "interviews/dagpenge_akasse_window_months"
                ):
                    requirement.reasons.append(
                        rules.reason(
                            "R1",
                            "akasse_window",
                            ordinal=Ordinal(number),
                            deadline=early_end,
                            count=early_total,
                            months=early_months,
                            threshold=Hours(early_threshold),
                            month_hours=Hours(context.month_hours),
                        )
                    )
                else:
                    requirement.reasons.append(
                        rules.reason(
                            "R73",
                            "early_window",
                            holder=Subject(holder),
                            holder_lower=HOLDER_WORDS[holder],
                            ordinal=Ordinal(number),
                            deadline=early_end,
                            count=early_total,
                            months=early_months,
                            threshold=Hours(early_threshold),
                        )
                    )
                if capped:
                    requirement.reasons.append(
                        self.reason(
                            "R3",
                            "before_handover",
                            deadline=early_end,
                            handover=handover,
                            holder=HOLDER_WORDS[holder],
                        )
                    )
                    requirement.reasons.append(
                        self.decision(
                            "R3", snapshot, "handover/akasse_deadline_before_handover", early_end
                        )
                    )
                requirement.reasons.extend(hours_reasons)
                self.open_window_reason(context, requirement, rules, early_total - 1, "early")
            requirements.append(requirement)
        rules, values = self.governing(context, window_end)
        jobcenter_count = values.integer("interviews/dagpenge_jobcenter_count")
        for offset in range(jobcenter_count):
            number = len(requirements) + 1
            requirement = Requirement(number, "jobcenter", handover, window_end)
            requirement.govern(rules, values)
            if offset == 0 and has_handover:
                requirement.joint = "optional"
                requirement.joint_kind = "after_handover"
            if explain:
                requirement.reasons.append(
                    rules.reason(
                        "R1-jobcenter",
                        "jobcenter_window" if has_handover else "jobcenter_window_after_boundary",
                        ordinal=Ordinal(number),
                        earliest=handover,
                        deadline=window_end,
                        count=jobcenter_count,
                        months=window_months,
                        threshold=Hours(window_threshold),
                        early_months=early_months,
                    )
                )
                if not has_handover:  # R73: the municipality holds the whole course
                    requirement.reasons.append(
                        rules.reason("R73", "trial_boundary", date=handover, months=early_months)
                    )
                requirement.reasons.extend(hours_reasons)
                if offset == 0:
                    self.open_window_reason(
                        context, requirement, rules, jobcenter_count, "jobcenter"
                    )
            requirements.append(requirement)
        requirements.append(
            self.sixteen_months(context, len(requirements) + 1, window_end + ONE_DAY)
        )
        outcome = DagpengeOutcome(
            requirements, handover if has_handover else None, window_end, holder
        )
        outcome.boundary = handover
        if explain and has_handover:
            outcome.handover_reasons = [
                self.reason(
                    "R3",
                    "handover",
                    date=handover,
                    month=Month(crossed),
                    threshold=Hours(handover_threshold),
                ),
                self.decision("R3", snapshot, "handover/day", handover),
                *hours_reasons,
            ]
        return outcome

    def early_period(self, context: DagpengeContext) -> tuple[str, int, int, bool]:
        """Who holds the first months, how many months (in paid hours), the hours that end them
        and whether a handover follows: the a-kasse, three months, R3's 410 hours."""
        snapshot = context.snapshot
        return (
            "akasse",
            snapshot.integer("interviews/dagpenge_akasse_window_months"),
            snapshot.hours("handover/dagpenge_hours_threshold"),
            True,
        )

    def handover(self, context: DagpengeContext, threshold: int) -> tuple[date, date]:
        """R3: the end of the first month at whose end more than ``threshold`` hours (410) are
        paid; [D] the jobcenter is responsible from the next day. Returns that day and the
        crossing day."""
        crossed = context.clock.crossing(threshold)
        if crossed is None:
            crossed = date(9999, 11, 30)
        rule = context.snapshot.text("handover/day")
        if rule == "first_day_of_next_month":
            return first_of_next_month(crossed), crossed
        if rule == "last_day_of_month":
            return last_of_month(crossed), crossed
        raise ParameterError(f"handover/day: unknown value {rule!r}")

    def _visited(self, context: DagpengeContext) -> DagpengeOutcome:
        """R2: visited to a course in the jobcenter from the start: six jobcenter interviews."""
        snapshot = context.snapshot
        count = snapshot.integer("interviews/dagpenge_visited_jobcenter_count")
        window_months = snapshot.integer("interviews/dagpenge_window_months")
        window_end, _ = self.crossing(context, window_months)
        requirements = [self.first_interview(context, "jobcenter")]
        rules, values = self.governing(context, window_end)
        for number in range(2, count + 1):
            requirement = Requirement(number, "jobcenter", context.period_start, window_end)
            requirement.govern(rules, values)
            if context.explain:
                requirement.reasons.append(
                    self.reason(
                        "R2",
                        "visited_window",
                        ordinal=Ordinal(number),
                        deadline=window_end,
                        count=count,
                        months=window_months,
                    )
                )
                requirement.reasons.extend(self.hours_reasons(context))
            requirements.append(requirement)
        requirements.append(
            self.sixteen_months(context, len(requirements) + 1, window_end + ONE_DAY)
        )
        return DagpengeOutcome(requirements, None, window_end, "jobcenter")
