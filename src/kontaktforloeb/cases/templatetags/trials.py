"""Template helpers for the 2027 trials (RULES-2026 R73): where the citizen's spell stands."""

from __future__ import annotations

from django import template

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.trials import TrialState, trial_state

register = template.Library()


@register.simple_tag
def trial_of(citizen: Citizen) -> TrialState | None:
    """`{% trial_of citizen as trial %}`: the trial of the citizen's current spell, or None."""
    return trial_state(citizen)
