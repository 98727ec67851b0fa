"""RS2026-07: the contact course from 1 July 2026 (lov nr. 1750 af 29/12/2025, RULES-2026.md §2–§3).

The shape is LEAFLET-2024's; what differs is data (fewer interviews: two with the a-kasse within
three months and two with the municipality before six months) and three rules the earlier law did
not have: the holder's exemption from the interviews beyond the first (R65, at most one in four,
R66), the offer due within six months (R67), and R60: the ruleset also governs the requirement
windows of LEAFLET-2024 spells still open on 1 July 2026.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from kontaktforloeb.rules.rulesets.leaflet_2024 import CITATIONS as LEAFLET_CITATIONS
from kontaktforloeb.rules.rulesets.leaflet_2024 import Leaflet2024

LOV_1750 = "som ændret ved lov nr. 1750 af 29/12/2025"

CITATIONS = {
    **LEAFLET_CITATIONS,
    "R1": f"LAB § 31, stk. 1, {LOV_1750}",
    "R1-jobcenter": f"LAB § 31, stk. 4, {LOV_1750}",
    "R2": f"LAB § 27, stk. 3, {LOV_1750}",
    "R3": f"LAB § 27, stk. 2, {LOV_1750}",
    "R6": f"LAB § 32, stk. 2, {LOV_1750}",
    "R7": f"LAB § 31, stk. 3 og 5, {LOV_1750}",
    "R8": f"LAB § 31, stk. 3, {LOV_1750}",
    "R60": "lov nr. 1750 af 29/12/2025, ikrafttræden og overgang",
    "R61": f"LAB § 31, stk. 1 og 4, {LOV_1750}",
    "R62": f"LAB § 31, stk. 3 og 5, {LOV_1750}",
    "R63": f"LAB § 31, stk. 3, {LOV_1750}",
    "R64": "LAB § 31 a, stk. 1, som indsat ved lov nr. 1750 af 29/12/2025",
    "R65": "LAB § 31 a, som indsat ved lov nr. 1750 af 29/12/2025",
    "R66": "LAB § 31 a, stk. 2, som indsat ved lov nr. 1750 af 29/12/2025",
    "R67": f"LAB § 89, {LOV_1750}",
    "R68": "lov nr. 1750 af 29/12/2025 (kommunen i stedet for jobcentret)",
}


class RS2026_07(Leaflet2024):
    """The law since 1 July 2026: LEAFLET-2024's shape with the counts, rules and citations of
    lov nr. 1750."""

    id = "RS2026-07"
    effective_from = date(2026, 7, 1)
    effective_to: ClassVar[date | None] = date(2026, 12, 31)
    citations = CITATIONS
    # R61–R63 restate R1 and R7 with the new counts: their reasons cite the new rule ids.
    renamed = {"R1": "R61", "R1-jobcenter": "R61", "R7": "R62"}
    # R63: uddannelsesparate and aktivitetsparate have the same four interviews by their own rule.
    calendar_rules: ClassVar[dict[str, str]] = {
        "uddannelseshjaelp_uddannelsesparat": "R63",
        "kontanthjaelp_aktivitetsparat": "R63",
        "uddannelseshjaelp_aktivitetsparat": "R63",
    }
    # R60: the earlier rulesets whose open windows this one governs.
    reaches: ClassVar[tuple[str, ...]] = ("LEAFLET-2024",)
