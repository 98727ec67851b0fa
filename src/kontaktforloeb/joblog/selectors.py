"""Reads of the joblog. The citizen reads their own; staff read through the case access gate
(`kontaktforloeb.cases.selectors`), and the worklist starts from the organisation's citizens.

Who is responsible for a citizen on a day: during the a-kasse period (a dagpenge spell before the
plan's handover date, R3) the citizen's a-kasse; otherwise the jobcentre.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from kontaktforloeb.cases.models import Citizen, CitizenPlan, PlanItem
from kontaktforloeb.cases.plans import plan_current, today
from kontaktforloeb.cases.selectors import citizens_visible_to
from kontaktforloeb.organisations.access import Actor

from .errors import JoblogNotFound
from .models import DEFAULT_PER_WEEK, Joblog, JoblogEntry

# R42 and the [M] rule of RULES.md §8: this many days without activity alert both sides.
INACTIVE_DAYS = 30
WEEKS_SHOWN = 8


def responsible_is(actor: Actor, citizen: Citizen, on: date) -> bool:
    """Whether the actor's organisation is responsible for the citizen on `on`."""
    organisation = actor.organisation
    if organisation is None:
        return False
    handover = (
        CitizenPlan.objects.filter(citizen=citizen).values_list("handover", flat=True).first()
    )
    in_akasse_period = handover is not None and handover > on
    if organisation.is_akasse:
        return in_akasse_period and citizen.akasse_id == organisation.pk
    return not in_akasse_period and citizen.jobcenter_id == organisation.pk


def responsible_kind(citizen: Citizen, on: date) -> str:
    """`akasse` or `jobcenter`: who sets the requirement and follows the joblog on `on`."""
    handover = (
        CitizenPlan.objects.filter(citizen=citizen).values_list("handover", flat=True).first()
    )
    return "akasse" if handover is not None and handover > on and citizen.akasse_id else "jobcenter"


# --- The citizen's entries ------------------------------------------------------------------


def joblog_entries(
    citizen: Citizen, *, status: str = "", month: date | None = None
) -> QuerySet[JoblogEntry]:
    """The citizen's entries, newest first; `status` one of `JoblogEntry.Status`, `month` any day
    of the month to show. Call only with a gated citizen."""
    entries = JoblogEntry.objects.filter(citizen=citizen)
    if status:
        entries = entries.filter(status=status)
    if month is not None:
        first = month.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        entries = entries.filter(applied_on__gte=first, applied_on__lt=following)
    return entries.order_by("-applied_on", "-id")


def joblog_months(citizen: Citizen) -> list[date]:
    """The first day of each month the citizen has entries in, newest first (for the filter)."""
    days = JoblogEntry.objects.filter(citizen=citizen).dates("applied_on", "month", order="DESC")
    return list(days)


def joblog_entry_get(*, actor: Actor, entry_id: int) -> JoblogEntry:
    """One entry of the logged-in citizen; anything else is `JoblogNotFound`."""
    user = actor.user
    if user is None or not actor.is_citizen:
        raise JoblogNotFound(entry_id)
    entry = (
        JoblogEntry.objects.select_related("citizen")
        .filter(pk=entry_id, citizen__user=user)
        .first()
    )
    if entry is None:
        raise JoblogNotFound(entry_id)
    return entry


# --- Requirement, weeks, exemption, inactivity ----------------------------------------------


@dataclass(frozen=True)
class Requirement:
    per_week: int
    reason: str
    set_at: dt.datetime | None
    # True when the caseworker has not set one and the common requirement applies (R40).
    default: bool


def joblog_requirement(citizen: Citizen) -> Requirement:
    joblog = Joblog.objects.filter(citizen=citizen).first()
    if joblog is None or joblog.set_at is None:
        return Requirement(DEFAULT_PER_WEEK, "", None, True)
    return Requirement(joblog.per_week, joblog.reason, joblog.set_at, False)


@dataclass(frozen=True)
class Exemption:
    """The six-week rule (R42) from the plan: `exempt_from` and why, in the plan's language."""

    exempt_from: date
    applies: bool
    because: list[dict[str, Any]]


def joblog_exemption(plan: CitizenPlan, on: date, language: str = "da") -> Exemption | None:
    """The plan's six-week exemption, if it has one; `applies` when it has started by `on`."""
    joblog = plan.document(language).get("joblog") or {}
    exempt_from = joblog.get("exempt_from")
    if not exempt_from:
        return None
    start = date.fromisoformat(exempt_from)
    because = [reason for reason in joblog.get("because", []) if reason.get("rule") == "R42"]
    return Exemption(start, start <= on, because or list(joblog.get("because", [])))


def joblog_required(plan: CitizenPlan) -> bool:
    return bool((plan.document("da").get("joblog") or {}).get("required"))


@dataclass(frozen=True)
class Week:
    year: int
    number: int
    monday: date
    sunday: date
    count: int
    # Applications expected this week: 0 when exempt, outside the spell or not required.
    required: int
    exempt: bool
    current: bool

    @property
    def met(self) -> bool:
        return self.count >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.count, 0)


def joblog_weeks(
    citizen: Citizen,
    *,
    on: date,
    per_week: int,
    required: bool = True,
    exempt_from: date | None = None,
    spell_start: date | None = None,
    weeks: int = WEEKS_SHOWN,
) -> list[Week]:
    """Applications per ISO week for the last `weeks` weeks up to the week of `on`, newest
    first, each against the requirement. A week is exempt when the six-week exemption starts on
    or before its Sunday; weeks ending before the spell started expect nothing. One query."""
    this_monday = on - timedelta(days=on.weekday())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    per_day = dict(
        JoblogEntry.objects.filter(
            citizen=citizen,
            applied_on__gte=first_monday,
            applied_on__lte=this_monday + timedelta(days=6),
        )
        .values("applied_on")
        .annotate(n=Count("id"))
        .values_list("applied_on", "n")
    )
    result = []
    for index in range(weeks):
        monday = this_monday - timedelta(weeks=index)
        sunday = monday + timedelta(days=6)
        count = sum(n for day, n in per_day.items() if monday <= day <= sunday)
        exempt = exempt_from is not None and exempt_from <= sunday
        before_spell = spell_start is not None and sunday < spell_start
        expected = per_week if required and not exempt and not before_spell else 0
        year, number, _weekday = monday.isocalendar()
        result.append(Week(year, number, monday, sunday, count, expected, exempt, index == 0))
    return result


def joblog_last_activity(citizen: Citizen) -> dt.datetime | None:
    return Joblog.objects.filter(citizen=citizen).values_list("last_activity_at", flat=True).first()


def _cutoff(on: date, days: int) -> dt.datetime:
    """The start of the first day of the `days` days up to and including `on`: activity before
    this instant means `days` whole days have passed without any."""
    first_day = on - timedelta(days=days - 1)
    return timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))


def joblog_is_inactive(
    *,
    last_activity: dt.datetime | None,
    spell_start: date | None,
    on: date,
    days: int = INACTIVE_DAYS,
) -> bool:
    """`days` days without an entry added, changed or deleted (counted from the spell's start
    when there has never been one)."""
    if last_activity is not None:
        return last_activity < _cutoff(on, days)
    return spell_start is not None and spell_start <= on - timedelta(days=days)


def joblogs_inactive(*, actor: Actor, on: date, days: int = INACTIVE_DAYS) -> QuerySet[Citizen]:
    """The worklist "joblogs without activity for `days` days": the citizens the actor's
    organisation is responsible for on `on` (the a-kasse for its members in the a-kasse period,
    the jobcentre otherwise) who must keep a joblog, are not in the six-week exemption, and have
    added, changed or deleted no entry for `days` days (counted from the spell's start when they
    never have). Oldest activity first; each citizen annotated with `joblog_last_activity_at`
    (null: never) and `joblog_spell_start`. One query, answered from the plan's indexed rows."""
    citizens = citizens_visible_to(actor)
    organisation = actor.organisation
    if organisation is not None and organisation.is_akasse:
        citizens = citizens.filter(plan__handover__gt=on)
    elif organisation is not None and organisation.is_jobcenter:
        citizens = citizens.filter(Q(plan__handover__isnull=True) | Q(plan__handover__lte=on))
    elif actor.is_citizen:
        return citizens.none()
    cutoff = _cutoff(on, days)
    # One joblog row per citizen in the plan: a join, not a subquery over the population. The
    # row's copy of the organisation (the same as the citizen's, see `PlanItem`) lets the query
    # start from the organisation's indexed joblog rows instead of all its citizens.
    not_exempt = Q(plan_items__earliest__isnull=True) | Q(plan_items__earliest__gt=on)
    same_organisation = Q()
    from kontaktforloeb.organisations.models import User

    user = actor.user
    everything = bool(actor.operator) or (user is not None and user.role == User.Role.ADMINISTRATOR)
    if organisation is not None and not everything:
        if organisation.is_akasse:
            same_organisation = Q(plan_items__akasse=organisation)
        else:
            same_organisation = Q(plan_items__jobcenter=organisation)
    return (
        citizens.filter(
            not_exempt,
            same_organisation,
            plan_items__kind=PlanItem.Kind.JOBLOG,
            plan_items__status="required",
        )
        .filter(
            Q(joblog__last_activity_at__lt=cutoff)
            | Q(
                joblog__last_activity_at__isnull=True,
                plan__spell_start__lte=on - timedelta(days=days),
            )
        )
        .annotate(
            joblog_last_activity_at=F("joblog__last_activity_at"),
            joblog_spell_start=F("plan__spell_start"),
        )
        .order_by(F("joblog__last_activity_at").asc(nulls_first=True), "last_name", "pk")
    )


def joblog_case_summary(citizen: Citizen, on: date | None = None) -> dict[str, Any]:
    """The context of `joblog/_case_summary.html` (include it with this dict as
    `joblog_summary`): for a citizen already obtained through the access gate.

    Keys: `citizen`; `required` (the plan says a joblog must be kept); `requirement`
    (`Requirement`: per_week, reason, set_at, default); `this_week` (`Week`: count, required,
    exempt, met, missing); `last_activity` (datetime or None); `inactive` (no activity for
    `inactive_days` days); `inactive_days`; `exemption` (`Exemption` or None, its `because` in
    the active language); `responsible` (`akasse` or `jobcenter`); `spell_start`; `on`. A few small queries, none
    over the population.
    """
    on = on or today()
    plan = plan_current(citizen)
    required = joblog_required(plan)
    exemption = joblog_exemption(plan, on, get_language() or "da")
    requirement = joblog_requirement(citizen)
    last_activity = joblog_last_activity(citizen)
    this_week = joblog_weeks(
        citizen,
        on=on,
        per_week=requirement.per_week,
        required=required,
        exempt_from=exemption.exempt_from if exemption else None,
        spell_start=plan.spell_start,
        weeks=1,
    )[0]
    return {
        "citizen": citizen,
        "required": required,
        "requirement": requirement,
        "this_week": this_week,
        "last_activity": last_activity,
        "inactive": required
        and not (exemption and exemption.applies)
        and joblog_is_inactive(last_activity=last_activity, spell_start=plan.spell_start, on=on),
        "inactive_days": INACTIVE_DAYS,
        "exemption": exemption,
        "responsible": responsible_kind(citizen, on),
        "spell_start": plan.spell_start,
        "on": on,
    }
