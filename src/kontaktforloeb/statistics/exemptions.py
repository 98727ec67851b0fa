"""The one-in-four rule (RULES-2026 R66, R67): an organisation's exemption share, over time and
by group, against the 25 % limit, with a warning before it is reached.

Every number is `kontaktforloeb.cases.exemptions`' own: the rolling share is
`exemption_share(organisation, kind=…, on=today)` itself, the number the exemption form shows;
the cuts (per group, the people behind a number) count the same rows (`share_counted`), so they
add up to it; the months' ends and the administrator's overview count the same population (the
conditions of `share_population`) in one query for all the days or all the organisations.
R66 [D]: of the distinct citizens whose period with the organisation began in the 12 months up
to a day, in a group that may be exempted, the share with an exemption the organisation had
decided by that day. The share *for month M* is that share on
M's last day (today, for the current month); the trend shows the last 12 months. Offers (R67)
are counted the same way on their own, for municipalities only. Each month's population is read
from the plans as they stand (a citizen's group, spell start and handover today).

Status of a share: ``above`` the limit (R66: a further exemption needs a manager's approval),
``warning`` from `warn_percent()` (the setting ``STATISTICS_EXEMPTION_WARN_PERCENT``, default 20)
up to the limit, ``within`` below it, and ``none`` where the rule did not apply (before
2026-07-01 the limit is 0 and no group may be exempted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from kontaktforloeb.cases.exemptions import (
    Share,
    exemption_share,
    exemption_share_by_day,
    exemption_share_by_group,
    exemption_share_per_organisation,
    share_counted,
    share_limit,
)
from kontaktforloeb.cases.selectors import citizens_visible_to
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation

from .scope import Month
from .timeliness import band_day

KINDS = ("interviews", "offer")
SHARE_MEASURES = ("citizens", "exempted", "not_exempted")
DEFAULT_WARN_PERCENT = 20


def warn_percent() -> int:
    """From which share (per cent) the pages warn that the limit is near (a setting)."""
    return int(getattr(settings, "STATISTICS_EXEMPTION_WARN_PERCENT", DEFAULT_WARN_PERCENT))


def kinds_of(organisation: Organisation) -> tuple[str, ...]:
    """Interviews for every organisation; offers only for a municipality (R67)."""
    return KINDS if organisation.is_jobcenter else ("interviews",)


def status_of(share: Share, warn: int | None = None) -> str:
    warn = warn_percent() if warn is None else warn
    if share.limit <= 0:
        return "none"
    if share.above_limit:
        return "above"
    if share.citizens and share.exempted * 100 >= warn * share.citizens:
        return "warning"
    return "within"


def share_dict(share: Share) -> dict[str, Any]:
    return {
        "exempted": share.exempted,
        "citizens": share.citizens,
        "percent": round(share.percent, 1),
        "limit": share.limit,
        "status": status_of(share),
    }


@dataclass
class ShareRow:
    key: Any
    share: Share
    day: date

    @property
    def status(self) -> str:
        return status_of(self.share)


def _total(parts: dict[str, Share], day: date) -> Share:
    return Share(
        sum(part.exempted for part in parts.values()),
        sum(part.citizens for part in parts.values()),
        share_limit(day),
    )


def rolling(organisation: Organisation, kind: str, today: date) -> Share:
    """The share the exemption form shows (two queries)."""
    return exemption_share(organisation, kind=kind, on=today)[0]


def by_group(organisation: Organisation, kind: str, day: date) -> list[ShareRow]:
    """The share on ``day`` per group (one query)."""
    parts = exemption_share_by_group(organisation, kind=kind, on=day)
    return [ShareRow(group, share, day) for group, share in parts.items()]


def monthly(
    organisation: Organisation, kind: str, month: Month, today: date, months: int = 12
) -> list[ShareRow]:
    """The share at the end of each of the ``months`` months up to ``month``, oldest first (one
    query)."""
    ends = [month.minus(step) for step in range(months - 1, -1, -1)]
    days = [band_day(current, today) for current in ends]
    shares = exemption_share_by_day(organisation, kind=kind, days=days)
    return [ShareRow(current, shares[day], day) for current, day in zip(ends, days, strict=True)]


def per_organisation(kind: str, today: date) -> list[ShareRow]:
    """The administrator's table: every organisation's rolling share (one query for the
    municipalities, one for the a-kasser; an organisation nobody in its population is 0 of 0)."""
    organisations = Organisation.objects.filter(
        kind__in=["jobcenter"] if kind == "offer" else ["jobcenter", "akasse"]
    ).order_by("kind", "name")
    shares = {
        organisation_kind: exemption_share_per_organisation(organisation_kind, kind=kind, on=today)
        for organisation_kind in {organisation.kind for organisation in organisations}
    }
    nobody = Share(0, 0, share_limit(today))
    return [
        ShareRow(organisation, shares[organisation.kind].get(organisation.pk, nobody), today)
        for organisation in organisations
    ]


def listed(
    actor: Actor,
    organisation: Organisation,
    kind: str,
    day: date,
    measure: str,
    group: str = "",
) -> QuerySet[Any]:
    """The plans (with their citizens) behind one number of the share on ``day``: the
    population (``citizens``), those exempted, or those not; through the access gate."""
    plans = share_counted(organisation, kind, day).filter(
        citizen__in=citizens_visible_to(actor).values("pk")
    )
    if group:
        plans = plans.filter(group=group)
    if measure == "exempted":
        plans = plans.filter(exempted=True)
    elif measure == "not_exempted":
        plans = plans.filter(exempted=False)
    return plans.select_related("citizen").order_by("citizen__last_name", "citizen__first_name")
