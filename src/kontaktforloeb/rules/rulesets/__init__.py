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


# What-if variants (a change of law a manager tries out): a synthetic id ("WHATIF-…") for a base
# ruleset (empty: the law in force, chosen per spell as always) with some parameter values
# replaced. The engine computes them with the same code; they are hypothetical, never stored.
VARIANTS: Final[dict[str, tuple[str, tuple[tuple[str, object], ...]]]] = {}


def register_variant(variant_id: str, base: str, values: tuple[tuple[str, object], ...]) -> None:
    """Make ``variant_id`` a ruleset id the engine accepts: ``base`` (or the law in force) with
    ``values`` (sorted (name, value) pairs). An id stands for one variant: its values are the
    same each time it is registered."""
    if base:
        get_ruleset(base)
    VARIANTS[variant_id] = (base, values)


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


__all__ = [
    "DEFAULT_RULESET",
    "RULESETS",
    "VARIANTS",
    "Ruleset",
    "UnknownRuleset",
    "get_ruleset",
    "register_variant",
    "ruleset_for",
]
