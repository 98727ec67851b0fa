"""Exemptions from the interviews (R65) and from the offer (R67), and the one-in-four share (R66).

The holder of a period may excuse a citizen who can get a job on their own from that period's
interviews beyond the first; the municipality may excuse from the offer. Whether the rules allow
a decision is the engine's to say: the candidate event is run through ``plan`` with the case's
events, and an event the plan would ignore (RULES-2026 §5) is refused with the engine's own rule
and sentence, so the service and the plan can never disagree. Nothing is stored on a refusal.

The share (R66 [D]) is counted from the stored plans and the event log, never by loading a
population: of the distinct citizens whose period with the organisation began in the last 12
months in a group that may be exempted, the fraction with an exemption the organisation decided.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from kontaktforloeb.booking.errors import NotAllowed
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.rules import BookingRuleError, plan, snapshot_on

from .models import CaseEvent, Citizen, CitizenPlan
from .plans import plan_current, plan_recompute, today

SHARE_MONTHS = 12


class ExemptionRefused(BookingRuleError):
    """The rules do not allow this exemption (R65, R67): the rule and why, in both languages."""

    def __init__(self, rule: str, message_da: str, message_en: str) -> None:
        super().__init__(message_da, message_en)
        self.rule = rule


class ExemptionReasonMissing(BookingRuleError):
    """R65 [D]: the reason is mandatory free text saying why the citizen can get a job alone."""

    rule = "R65"

    def __init__(self) -> None:
        super().__init__(
            "Skriv hvorfor borgeren vurderes selv at kunne komme i job.",
            "Write why the citizen is assessed as able to get a job on their own.",
        )


class ApprovalRequired(BookingRuleError):
    """R66: above 25 % an exemption needs a manager's approval."""

    rule = "R66"

    def __init__(self, after: Share) -> None:
        super().__init__(
            f"Med denne undtagelse vil {after.text('da')} af organisationens borgere være "
            f"undtaget, over grænsen på {after.limit} %. Det kræver en leders godkendelse.",
            f"With this exemption {after.text('en')} of the organisation's citizens would be "
            f"excused, above the limit of {after.limit} %. That needs a manager's approval.",
        )


class NotHolder(NotAllowed):
    """R65: only the holder of the period may exempt from its interviews or end it."""

    rule = "R65"

    def __init__(self) -> None:
        super().__init__(
            "Kun den, der har ansvaret for borgerens periode, kan undtage fra dens samtaler.",
            "Only the holder of the citizen's period can excuse from its interviews.",
        )


@dataclass(frozen=True)
class Share:
    """Exempted citizens of all the organisation's citizens in the groups that may be exempted."""

    exempted: int
    citizens: int
    limit: int

    @property
    def percent(self) -> float:
        return 100.0 * self.exempted / self.citizens if self.citizens else 0.0

    @property
    def above_limit(self) -> bool:
        return self.exempted * 100 > self.limit * self.citizens

    def text(self, lang: str) -> str:
        number = f"{self.percent:.1f}"
        return f"{number.replace('.', ',') if lang == 'da' else number} %"


def _own_organisation(actor: Actor, citizen: Citizen) -> bool:
    """The actor's organisation is the citizen's a-kasse, municipality or chosen other actor
    (R73) (the callers have come through the access gate; this keeps the service safe on its
    own)."""
    organisation = actor.organisation
    return organisation is not None and organisation.pk in (
        citizen.akasse_id,
        citizen.jobcenter_id,
        citizen.other_actor_id,
    )


def holder_kind(organisation: Organisation | None) -> str:
    if organisation is None:
        return ""
    return organisation.holder


def period_holder(citizen: Citizen, on: date) -> str:
    """Who holds the citizen's course on ``on``: the first holder until the handover, then the
    municipality (from the start where it holds the whole course)."""
    stored = plan_current(citizen)
    handover = stored.handover
    if handover is not None and on < handover:
        return str(stored.document("da").get("handover", {}).get("from_holder") or "akasse")
    return "jobcenter"


def _groups(kind: str, on: date) -> frozenset[str]:
    snapshot = snapshot_on(on)
    name = "exemptions/groups" if kind == "interviews" else "offers/duty_groups"
    return snapshot.names(name) if snapshot.has(name) else frozenset()


def _limit(on: date) -> int:
    snapshot = snapshot_on(on)
    if snapshot.has("exemptions/share_limit_percent"):
        return snapshot.integer("exemptions/share_limit_percent")
    return 0


# The citizen's organisation of each kind: whose share a plan counts in (R66, R73).
MEMBER = {"anden_aktoer": "citizen__other_actor", "akasse": "citizen__akasse"}


def _member(organisation_kind: str) -> str:
    return MEMBER.get(organisation_kind, "citizen__jobcenter")


def _began(organisation_kind: str, kind: str, on: date) -> Q | None:
    """The plans whose period with an organisation of ``organisation_kind`` began in the 12
    months up to ``on`` in a group that may be exempted (R66 [D]); None where no group may be
    (before the rule): nobody is counted."""
    groups = _groups(kind, on)
    if not groups:
        return None
    since = on - relativedelta(months=SHARE_MONTHS) + timedelta(days=1)
    if organisation_kind in MEMBER:  # the a-kasse; R73: another actor, from the spell's start
        began = Q(group="dagpenge", spell_start__range=(since, on))
    else:
        began = Q(group="dagpenge", handover__range=(since, on)) | (
            ~Q(group="dagpenge") & Q(spell_start__range=(since, on))
        )
    return Q(group__in=groups) & began


def share_population(organisation: Organisation, kind: str, on: date) -> QuerySet[CitizenPlan]:
    """The plans of the citizens whose period with ``organisation`` began in the 12 months up to
    ``on`` in a group that may be exempted (R66 [D])."""
    plans = CitizenPlan.objects.filter(**{_member(organisation.kind): organisation})
    began = _began(organisation.kind, kind, on)
    return plans.none() if began is None else plans.filter(began)


def _exemptions(organisation: Organisation | OuterRef, kind: str) -> QuerySet[CaseEvent]:
    """The exemptions of ``kind`` the organisation decided, of the outer query's citizen."""
    event_type = "interviews_exempted" if kind == "interviews" else "offer_exempted"
    return CaseEvent.objects.filter(
        citizen=OuterRef("citizen"), type=event_type, organisation=organisation
    )


def _exempted_by(organisation: Organisation | OuterRef, kind: str, on: date) -> Exists:
    """An exemption of ``kind`` the organisation decided on or before ``on``."""
    return Exists(_exemptions(organisation, kind).filter(date__lte=on))


def share_counted(organisation: Organisation, kind: str, on: date) -> QuerySet[Any]:
    """The share's population on ``on`` (`share_population`), each plan annotated ``exempted``:
    whether the organisation had exempted the citizen by then. Every cut of the share (per
    group, per month's end, the people behind it) counts these rows, so they add up to
    `exemption_share`."""
    return share_population(organisation, kind, on).annotate(
        exempted=_exempted_by(organisation, kind, on)
    )


def share_limit(on: date) -> int:
    """R66's limit in per cent on ``on``; 0 before the rule (no share is counted then)."""
    return _limit(on)


def exemption_share_by_group(
    organisation: Organisation, *, kind: str = "interviews", on: date | None = None
) -> dict[str, Share]:
    """The share of `exemption_share` cut by the citizens' group, in one query; the groups'
    numbers add up to the organisation's."""
    on = on or today()
    limit = _limit(on)
    rows = (
        share_counted(organisation, kind, on)
        .order_by()
        .values("group")
        .annotate(citizens=Count("pk"), exempted_count=Count("pk", filter=Q(exempted=True)))
    )
    return {
        row["group"]: Share(row["exempted_count"], row["citizens"], limit)
        for row in rows.order_by("group")
    }


def exemption_share_by_day(
    organisation: Organisation, *, kind: str = "interviews", days: list[date]
) -> dict[date, Share]:
    """The share of `exemption_share` on each of ``days``, in two queries: the organisation's
    plans of any day's population read once, each day's population (`share_population`'s
    conditions) counted apart; then of those the citizens the organisation has exempted, each
    counted on the days whose population they are in and by which it had exempted them (an
    exemption decided by then: the first one on or before the day)."""
    counted = [(day, _began(organisation.kind, kind, day)) for day in days]
    populations = {
        f"citizens_{n}": began for n, (_, began) in enumerate(counted) if began is not None
    }
    found: dict[str, Any] = {}
    if populations:
        plans = CitizenPlan.objects.filter(**{_member(organisation.kind): organisation}).filter(
            reduce(operator.or_, populations.values())
        )
        found = plans.aggregate(
            **{name: Count("pk", filter=began) for name, began in populations.items()}
        )
        first = _exemptions(organisation, kind).order_by("date").values("date")[:1]
        exempted = plans.filter(Exists(_exemptions(organisation, kind))).annotate(
            exempted_from=Subquery(first)
        )
        found |= exempted.aggregate(
            **{
                f"exempted_{n}": Count("pk", filter=began & Q(exempted_from__lte=day))
                for n, (day, began) in enumerate(counted)
                if began is not None
            }
        )
    return {
        day: Share(found.get(f"exempted_{n}", 0), found.get(f"citizens_{n}", 0), _limit(day))
        for n, (day, _) in enumerate(counted)
    }


def exemption_share_per_organisation(
    organisation_kind: str, *, kind: str = "interviews", on: date | None = None
) -> dict[int, Share]:
    """The share of `exemption_share` of every organisation of ``organisation_kind`` (by id) on
    ``on``, in one query: the plans of the population grouped by the citizen's organisation of
    that kind, each counting the exemptions that organisation decided. An organisation without
    citizens in its population is not in it (its share is 0 of 0)."""
    on = on or today()
    limit = _limit(on)
    began = _began(organisation_kind, kind, on)
    if began is None:
        return {}
    member = _member(organisation_kind)
    rows = (
        CitizenPlan.objects.filter(began, **{f"{member}__isnull": False})
        .annotate(exempted=_exempted_by(OuterRef(member), kind, on))
        .order_by()
        .values(member)
        .annotate(citizens=Count("pk"), exempted_count=Count("pk", filter=Q(exempted=True)))
    )
    return {row[member]: Share(row["exempted_count"], row["citizens"], limit) for row in rows}


def exemption_share(
    organisation: Organisation,
    *,
    kind: str = "interviews",
    on: date | None = None,
    citizen: Citizen | None = None,
) -> tuple[Share, Share]:
    """The organisation's share now, and after exempting ``citizen`` (R66)."""
    on = on or today()
    counted = share_counted(organisation, kind, on)
    citizens = counted.count()
    exempted = counted.filter(exempted=True).count()
    limit = _limit(on)
    before = Share(exempted, citizens, limit)
    if citizen is None:
        return before, before
    mine = counted.filter(citizen=citizen).first()
    after_citizens = citizens if mine is not None else citizens + 1
    already = mine is not None and bool(getattr(mine, "exempted", False))
    after = Share(exempted if already else exempted + 1, after_citizens, limit)
    return before, after


def _engine_refusal(citizen: Citizen, event: dict[str, Any], on: date) -> ExemptionRefused | None:
    """The engine's answer to the case with ``event`` added: refused if it would ignore it."""
    events = [row.as_plan_event() for row in citizen.events.order_by("id")]
    position = len(events)
    result = plan([*events, event], on)
    for ignored in result.ignored_events:
        if ignored.position == position:
            reason = ignored.reason
            return ExemptionRefused(reason.rule, reason.text("da"), reason.text("en"))
    return None


def _lock(citizen: Citizen) -> None:
    """Decisions on one citizen one at a time: the engine's answer holds until the event is in
    (a row lock on PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers)."""
    Citizen.objects.select_for_update().filter(pk=citizen.pk).first()


def _approver(actor: Actor, approve: bool) -> str | None:
    user = actor.user
    if approve and user is not None and user.role == User.Role.MANAGER:
        return user.get_full_name() or user.get_username()
    return None


def _record(actor: Actor, citizen: Citizen, event: dict[str, Any]) -> CaseEvent:
    data = {key: value for key, value in event.items() if key not in ("type", "date")}
    with transaction.atomic():
        row = CaseEvent(
            citizen=citizen,
            type=event["type"],
            date=date.fromisoformat(event["date"]),
            data=data,
            recorded_by=actor.user,
            recorded_by_system=actor.system_name,
            organisation=actor.organisation,
        )
        row.save()
        plan_recompute(citizen)
    return row


def _decide(
    *,
    actor: Actor,
    citizen: Citizen,
    kind: str,
    reason: str,
    approve: bool,
    on: date | None,
) -> CaseEvent:
    on = on or today()
    organisation = actor.organisation
    holder = holder_kind(organisation)
    if (
        organisation is None
        or not _own_organisation(actor, citizen)
        or (kind == "offer" and holder != "jobcenter")
    ):
        raise NotHolder()
    if kind == "interviews" and period_holder(citizen, on) != holder:
        raise NotHolder()
    text = reason.strip()
    if not text:
        raise ExemptionReasonMissing()
    event: dict[str, Any] = {
        "type": "interviews_exempted" if kind == "interviews" else "offer_exempted",
        "date": on.isoformat(),
        "reason": text,
    }
    if kind == "interviews":
        event["holder"] = holder
    with transaction.atomic():
        _lock(citizen)
        refusal = _engine_refusal(citizen, event, on)
        if refusal is not None:
            raise refusal
        _, after = exemption_share(organisation, kind=kind, on=on, citizen=citizen)
        if after.above_limit:
            approved_by = _approver(actor, approve)
            if approved_by is None:
                raise ApprovalRequired(after)
            event["approved_by"] = approved_by
        return _record(actor, citizen, event)


def _end(*, actor: Actor, citizen: Citizen, kind: str, on: date | None) -> CaseEvent:
    on = on or today()
    holder = holder_kind(actor.organisation)
    if not _own_organisation(actor, citizen) or (kind == "offer" and holder != "jobcenter"):
        raise NotHolder()
    if kind == "interviews" and period_holder(citizen, on) != holder:
        raise NotHolder()
    event: dict[str, Any] = {
        "type": "interviews_exemption_ended" if kind == "interviews" else "offer_exemption_ended",
        "date": on.isoformat(),
    }
    if kind == "interviews":
        event["holder"] = holder
    with transaction.atomic():
        _lock(citizen)
        refusal = _engine_refusal(citizen, event, on)
        if refusal is not None:
            raise refusal
        return _record(actor, citizen, event)


def interviews_exempt(
    *, actor: Actor, citizen: Citizen, reason: str, approve: bool = False, on: date | None = None
) -> CaseEvent:
    """R65: the holder of the period excuses the citizen from its interviews beyond the first."""
    return _decide(
        actor=actor, citizen=citizen, kind="interviews", reason=reason, approve=approve, on=on
    )


def interviews_exemption_end(
    *, actor: Actor, citizen: Citizen, on: date | None = None
) -> CaseEvent:
    """R65: the remaining interviews of the period apply again from today."""
    return _end(actor=actor, citizen=citizen, kind="interviews", on=on)


def offer_exempt(
    *, actor: Actor, citizen: Citizen, reason: str, approve: bool = False, on: date | None = None
) -> CaseEvent:
    """R67: the municipality excuses the citizen from the offer due within six months."""
    return _decide(
        actor=actor, citizen=citizen, kind="offer", reason=reason, approve=approve, on=on
    )


def offer_exemption_end(*, actor: Actor, citizen: Citizen, on: date | None = None) -> CaseEvent:
    return _end(actor=actor, citizen=citizen, kind="offer", on=on)
