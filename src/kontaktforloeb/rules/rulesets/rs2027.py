"""RS2027: the contact course from 1 January 2027, provisional as a whole (RULES-2026.md §7, R70).

RS2026-07 with the uddannelsespålæg abolished (R72: ``visited_to_jobcenter`` no longer applies
to new spells, and uddannelsesparate follow the jobparate rules) and the three-year trials of
R73 for new dagpenge spells: the a-kasse, or in the free-choice trial the holder the citizen
chose, holds the first four months. Every value is provisional (``law/provisional``); RS2027
does not reach the windows of earlier spells (``transition/applies_to_open_windows``).
"""

from __future__ import annotations

from datetime import date

from kontaktforloeb.rules.rulesets.base import DagpengeContext
from kontaktforloeb.rules.rulesets.rs2026_07 import CITATIONS as RS2026_CITATIONS
from kontaktforloeb.rules.rulesets.rs2026_07 import RS2026_07

AFTALE = "aftale om en ny beskæftigelseslov (2025), lovforslag ikke vedtaget"

CITATIONS = {
    **RS2026_CITATIONS,
    "R70": AFTALE,
    "R72": f"{AFTALE}: uddannelsespålægget afskaffes",
    "R73": "forsøg med a-kassernes kontaktforløb og frit valg, pressemeddelelse 3/12/2025",
}


class RS2027(RS2026_07):
    """The provisional law from 1 January 2027."""

    id = "RS2027"
    effective_from = date(2027, 1, 1)
    effective_to = None
    citations = CITATIONS
    renamed = {"R1": "R61", "R1-jobcenter": "R61", "R7": "R62"}
    # R72: uddannelsesparate follow the jobparate rules (R62); aktivitetsparate keep R63.
    calendar_rules = {
        "kontanthjaelp_aktivitetsparat": "R63",
        "uddannelseshjaelp_aktivitetsparat": "R63",
    }
    reaches = ()

    def early_period(self, context: DagpengeContext) -> tuple[str, int, int, bool]:
        """R73: in a trial the chosen holder (the a-kasse in the a-kasse trial) holds the first
        four months, which end at the month end after 570.33 paid hours; with the municipality
        as chosen holder there is no handover."""
        if context.trial is None:
            return super().early_period(context)
        _, holder = context.trial
        snapshot = context.snapshot
        return (
            holder,
            snapshot.integer("trials/early_period_months"),
            snapshot.hours("trials/handover_hours"),
            holder != "jobcenter",
        )
