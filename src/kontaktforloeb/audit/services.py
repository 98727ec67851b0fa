"""Writes to the access log."""

from __future__ import annotations

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.access import Actor

from .models import AccessLogEntry


def access_log_record(*, actor: Actor, citizen: Citizen, what: str, why: str) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        citizen=citizen,
        what=what,
        why=why[:200],
        user=actor.user,
        system=actor.system_name,
        organisation=actor.organisation,
        role=actor.role,
    )
