"""The rulesets, each the shape of the law from an effective date (RULES.md §1)."""

from __future__ import annotations

from datetime import date
from typing import Final

from kontaktforloeb.rules.rulesets.base import Ruleset
from kontaktforloeb.rules.rulesets.leaflet_2024 import Leaflet2024
from kontaktforloeb.rules.rulesets.rs2020 import RS2020
from kontaktforloeb.rules.rulesets.rs2026_07 import RS2026_07
from kontaktforloeb.rules.rulesets.rs2027 import RS2027

# Oldest first: a later ruleset that governs open windows (R60) is found after the spell's own.
RULESETS: Final[dict[str, Ruleset]] = {
    ruleset.id: ruleset for ruleset in (RS2020(), Leaflet2024(), RS2026_07(), RS2027())
}
DEFAULT_RULESET = "LEAFLET-2024"


class UnknownRuleset(ValueError):
    """A ruleset id that is not one of ``RULESETS``."""


def get_ruleset(ruleset_id: str) -> Ruleset:
    try:
        return RULESETS[ruleset_id]
    except KeyError:
        known = ", ".join(RULESETS)
        raise UnknownRuleset(f"unknown ruleset {ruleset_id!r} (known: {known})") from None


def ruleset_for(day: date) -> Ruleset:
    """The ruleset in force on ``day``; before the earliest one, the earliest."""
    for ruleset in RULESETS.values():
        if ruleset.applies_to(day):
            return ruleset
    return min(RULESETS.values(), key=lambda ruleset: ruleset.effective_from)


__all__ = ["DEFAULT_RULESET", "RULESETS", "Ruleset", "UnknownRuleset", "get_ruleset", "ruleset_for"]
