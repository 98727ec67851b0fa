"""RS2020: the contact course in force 1 January 2020 to 31 December 2023 (LAB § 31 as in
LBK nr. 701 af 22/5/2022).

Differences from LEAFLET-2024 (RULES.md §1): dagpenge recipients have no a-kasse period and no
handover; the jobcenter holds at least four interviews in the first six months (in hours, R13),
two of them joint with the a-kasse (one by three months on request, one between three and six
months unless the citizen declines); the a-kasse holds a CV interview in person within 14 days;
the CV is due in 14 days for dagpenge; every interview is in person; paid hours in the COVID
suspensions do not count (BEK nr. 2636/2021 § 7).
"""

from __future__ import annotations

from datetime import date, timedelta

from kontaktforloeb.rules.explain import Hours, Ordinal
from kontaktforloeb.rules.model import Reason
from kontaktforloeb.rules.rulesets.base import (
    DagpengeContext,
    DagpengeOutcome,
    Requirement,
    Ruleset,
)
from kontaktforloeb.rules.rulesets.leaflet_2024 import CITATIONS as LEAFLET_CITATIONS
from kontaktforloeb.rules.snapshot import Snapshot

CITATIONS = {
    **LEAFLET_CITATIONS,
    "R1": "LAB § 31, stk. 1 (LBK nr. 701/2022)",
    "R1-jobcenter": "LAB § 31, stk. 1 (LBK nr. 701/2022)",
    "R4": "LAB § 31, stk. 2 (LBK nr. 701/2022)",
    "R6": "LAB § 32, stk. 2 (LBK nr. 701/2022)",
    "R7": "LAB § 31, stk. 3 og 5 (LBK nr. 701/2022)",
    "R8": "LAB § 31, stk. 3 (LBK nr. 701/2022)",
    "R13": "BEK nr. 1216/2023 § 45; BEK nr. 2636/2021 § 7",
    "R19": "LAB § 31 (LBK nr. 701/2022)",
    "R36": "LAB § 31, stk. 1 (LBK nr. 701/2022)",
}


class RS2020(Ruleset):
    """The second ruleset, proving that rules are effective-dated."""

    id = "RS2020"
    effective_from = date(2020, 1, 1)
    effective_to = date(2023, 12, 31)
    citations = CITATIONS

    def excluded_periods(self, snapshot: Snapshot) -> tuple[tuple[date, date], ...]:
        return snapshot.periods("time/dagpenge_suspended_periods")

    def channel(self, first_of_spell: bool) -> tuple[str | None, Reason | None]:
        return "in_person", self.fixed_reason("R19", "channel_all_in_person")

    def dagpenge(self, context: DagpengeContext) -> DagpengeOutcome:
        snapshot = context.snapshot
        count = snapshot.integer("interviews/dagpenge_jobcenter_count")
        window_months = snapshot.integer("interviews/dagpenge_window_months")
        early_months = snapshot.integer("interviews/dagpenge_early_joint_months")
        window_end, threshold = self.crossing(context, window_months)
        early_end, _ = self.crossing(context, early_months)
        requirements = []
        for number in range(1, count + 1):
            earliest = context.period_start
            if number == count:
                earliest = early_end + timedelta(days=1)
            requirement = Requirement(number, "jobcenter", earliest, window_end)
            if context.explain:
                requirement.reasons.append(
                    self.reason(
                        "R1-jobcenter",
                        "rs2020_jobcenter_window",
                        ordinal=Ordinal(number),
                        deadline=window_end,
                        count=count,
                        months=window_months,
                        threshold=Hours(threshold),
                    )
                )
            if number == 2:
                requirement.joint = "optional"
                requirement.joint_kind = "early"
                if context.explain:
                    requirement.reasons.append(
                        self.reason("R4", "rs2020_joint_early", date=early_end)
                    )
            elif number == count:
                requirement.joint = "required"
                requirement.joint_kind = "late"
                if context.explain:
                    requirement.reasons.append(
                        self.reason(
                            "R4",
                            "rs2020_joint_late",
                            earliest=earliest,
                            deadline=window_end,
                            from_months=early_months,
                            to_months=window_months,
                        )
                    )
            if context.explain:
                requirement.reasons.extend(self.hours_reasons(context))
            requirements.append(requirement)
        requirements.append(self.sixteen_months(context, count + 1, window_end + timedelta(days=1)))
        return DagpengeOutcome(requirements, None)

    def cv_reasons(self, snapshot: Snapshot, registered: date, group: str) -> list[Reason]:
        """The a-kasse's CV interview in person within 14 days (dagpenge only)."""
        if group != "dagpenge":
            return []
        days = snapshot.integer("cv/akasse_cv_interview_days")
        return [self.reason("R36", "rs2020_cv_interview", date=registered + timedelta(days=days))]
