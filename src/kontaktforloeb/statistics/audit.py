"""The access log for the lists behind the statistics: every citizen a manager sees in a list
(or exports) is a read of that citizen's plan, written to their access log as any other read by
staff is (`kontaktforloeb.audit.services.access_log_record`), in one insert per page."""

from __future__ import annotations

from collections.abc import Iterable

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.access import Actor


def people_read(actor: Actor, citizens: Iterable[Citizen], why: str) -> int:
    """One access-log row for each distinct citizen shown; returns how many."""
    seen: dict[int, Citizen] = {}
    for citizen in citizens:
        seen.setdefault(citizen.pk, citizen)
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                citizen=citizen,
                what=AccessLogEntry.What.PLAN,
                why=why[:200],
                user=actor.user,
                system=actor.system_name,
                organisation=actor.organisation,
                role=actor.role,
            )
            for citizen in seen.values()
        ]
    )
    return len(seen)
