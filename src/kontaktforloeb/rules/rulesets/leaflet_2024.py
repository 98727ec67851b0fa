"""LEAFLET-2024: the law in force from 1 January 2024 (lov nr. 727 af 13/6/2023; LAB as
consolidated in LBK nr. 280 af 1/3/2024), as the citizen leaflet "Jobrettede samtaler" states it.

Dagpenge: three a-kasse interviews within three months (the first within 14 days), the handover
to the jobcenter (R3), three jobcenter interviews before six months (the first optionally joint,
R4), a joint interview at 16 months (R6); R2 replaces this with six jobcenter interviews.
"""

from __future__ import annotations

from datetime import date

from kontaktforloeb.rules.dates import ONE_DAY, first_of_next_month, last_of_month
from kontaktforloeb.rules.explain import Hours, Month, Ordinal
from kontaktforloeb.rules.parameters import ParameterError
from kontaktforloeb.rules.rulesets.base import (
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
    effective_to = None
    citations = CITATIONS

    def dagpenge(self, context: DagpengeContext) -> DagpengeOutcome:
        if context.visited_to_jobcenter:
            return self._visited(context)
        snapshot = context.snapshot
        explain = context.explain
        akasse_count = snapshot.integer("interviews/dagpenge_akasse_count")
        akasse_months = snapshot.integer("interviews/dagpenge_akasse_window_months")
        jobcenter_count = snapshot.integer("interviews/dagpenge_jobcenter_count")
        window_months = snapshot.integer("interviews/dagpenge_window_months")
        # Lowest threshold first: the clock walks on from where the previous crossing was found.
        handover, crossed = self.handover(context)
        akasse_end, akasse_threshold = self.crossing(context, akasse_months)
        window_end, window_threshold = self.crossing(context, window_months)
        hours_reasons = self.hours_reasons(context)

        requirements = [self.first_interview(context, "akasse")]
        for number in range(2, akasse_count + 1):
            requirement = Requirement(number, "akasse", context.period_start, akasse_end)
            if explain:
                requirement.reasons.append(
                    self.reason(
                        "R1",
                        "akasse_window",
                        ordinal=Ordinal(number),
                        deadline=akasse_end,
                        count=akasse_count,
                        months=akasse_months,
                        threshold=Hours(akasse_threshold),
                        month_hours=Hours(context.month_hours),
                    )
                )
                requirement.reasons.extend(hours_reasons)
            requirements.append(requirement)
        for offset in range(jobcenter_count):
            number = akasse_count + 1 + offset
            requirement = Requirement(number, "jobcenter", handover, window_end)
            if offset == 0:
                requirement.joint = "optional"
                requirement.joint_kind = "after_handover"
            if explain:
                requirement.reasons.append(
                    self.reason(
                        "R1-jobcenter",
                        "jobcenter_window",
                        ordinal=Ordinal(number),
                        earliest=handover,
                        deadline=window_end,
                        count=jobcenter_count,
                        months=window_months,
                        threshold=Hours(window_threshold),
                    )
                )
                requirement.reasons.extend(hours_reasons)
            requirements.append(requirement)
        requirements.append(
            self.sixteen_months(context, len(requirements) + 1, window_end + ONE_DAY)
        )
        outcome = DagpengeOutcome(requirements, handover)
        if explain:
            threshold = snapshot.hours("handover/dagpenge_hours_threshold")
            outcome.handover_reasons = [
                self.reason(
                    "R3",
                    "handover",
                    date=handover,
                    month=Month(crossed),
                    threshold=Hours(threshold),
                ),
                self.decision("R3", snapshot, "handover/day"),
                *hours_reasons,
            ]
        return outcome

    def handover(self, context: DagpengeContext) -> tuple[date, date]:
        """R3: the end of the first month at whose end more than 410 hours are paid; [D] the
        jobcenter is responsible from the next day. Returns that day and the crossing day."""
        threshold = context.snapshot.hours("handover/dagpenge_hours_threshold")
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
        for number in range(2, count + 1):
            requirement = Requirement(number, "jobcenter", context.period_start, window_end)
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
        return DagpengeOutcome(requirements, None)
