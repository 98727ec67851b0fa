"""Timeliness (rettidighed, RULES.md R47): our per-interview measure and STAR's duration bands.

Everything here is an aggregate query over the materialised plan (`PlanItem` rows of kind
``interview``) and the event log, grouped in the database; no citizen is loaded into Python to
count. Every query starts from the access gate (`plan_items_of`, `citizens_visible_to`).

**Our measure.** An interview requirement with a deadline, seen on the reference day ``today``
(`timezone.localdate()`), is exactly one of:

- ``on_time``: held (``held_on`` set) on or before its deadline;
- ``late``: held after its deadline;
- ``exempted``: not held, excused (status ``exempted``, R65); counted apart: neither due, on
  time nor overdue;
- ``overdue``: not held, not exempted, and the deadline has passed (``deadline < today``) while
  the citizen was in the course. A requirement the stored plan calls ``cancelled`` (the course
  ended, RULES.md R25: deregistered) is overdue when its deadline came before the day the course
  ended, since it was due then; so an a-kasse interview not held by the handover is overdue
  (its deadline is at the latest the day before the handover, R3 [D]);
- ``lapsed``: ``cancelled`` with the deadline on or after the day the course ended (the duty
  fell away with the course); counted apart, not due;
- ``open``: not held and the deadline has not passed yet (``deadline >= today``): still due.

``due`` = on_time + late + overdue + open. The requirements *due in month M* are those whose
deadline lies in M. *Rettidighed* (the rate) = on_time / (on_time + late + overdue): of the due
interviews that have been decided, the share held on time; none when nothing is decided yet.

The day the course ended: the start of the open R25 deregistration (the plan's consequence row)
if there is one, else the date of the last ``deregistered`` event.

**Dimensions.** *Holder*: the plan row's ``holder`` (``akasse``, ``jobcenter``,
``anden_aktoer``). *Group*: the group of the citizen's plan (a change of benefit starts a new
counting period whose interviews replace the earlier ones in the plan, R8; within a period a
group change moves the period's interviews to the new group). *Ruleset*: the ruleset that set
the requirement (R60: a window open on 2026-07-01 follows RS2026-07). *Caseworker*: the model has
no teams, so the team is the organisation and the breakdown is by caseworker: for a held
interview the staff member who recorded it as held (the ``interview_held`` event on its day;
from the meeting page that is the meeting's caseworker), for one not held the caseworker of its
live booking, else none. *Organisation* (the administrator): a municipality's citizens' and an
a-kasse's members' interviews, as each organisation's manager sees them.

**STAR's duration-band view** (R47: e.g. dagpenge recipients with 6–9 months of unemployment
should have had at least 6 interviews). On the band day E (the last day of the month, or today
for the current month), every citizen whose spell began on or before E and who was in the course
on E (their course has not ended, or ended after E: the day it ended as above) is in the band of
their duration: whole calendar months from the spell's start to E, in `BANDS`. A citizen who left
the course before E and has come back since counts as in it. The minimum a citizen should have had
is the number of their interview requirements (under the ruleset that set each, so the minima
are per ruleset and R60-aware) whose deadline is on or before E, exempted ones left out; they
have had the interviews held on or before E. A citizen *meets the minimum* when held ≥ required.

The figures rest on the plans as they stand: interviews of an earlier spell or counting period
are no longer plan rows, so a past month counts the interviews of the citizens' current plans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncMonth

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.cases.models import CaseEvent, Citizen, CitizenPlan, PlanItem
from kontaktforloeb.cases.selectors import plan_items_of

from .scope import Month, Scope

# The measures of one interview requirement, in the order of the tables.
MEASURES = ("due", "on_time", "late", "overdue", "open", "exempted", "lapsed")
# The measures a requirement is classified into (``due`` is their sum, without the apart ones).
CLASSES = ("on_time", "late", "overdue", "open", "exempted", "lapsed")
DUE = ("on_time", "late", "overdue", "open")

# STAR's duration bands, in whole months of the spell on the band day: [from, to) months.
BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 3),
    (3, 6),
    (6, 9),
    (9, 12),
    (12, 18),
    (18, None),
)


@dataclass
class Counts:
    """One row of a timeliness table: the count of each class, with ``due`` and the rate."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0
    exempted: int = 0
    lapsed: int = 0

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.overdue + self.open

    @property
    def decided(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        """Rettidighed in per cent: held on time of the due interviews decided so far."""
        return 100.0 * self.on_time / self.decided if self.decided else None

    def add(self, measure: str, count: int) -> None:
        setattr(self, measure, getattr(self, measure) + count)

    def as_dict(self) -> dict[str, Any]:
        return {
            **{measure: getattr(self, measure) for measure in MEASURES},
            "rate": None if self.rate is None else round(self.rate, 1),
        }


@dataclass
class Row:
    """A labelled row: ``key`` is the value of the dimension (a month, holder, group, ...)."""

    key: Any
    counts: Counts = field(default_factory=Counts)


# --- The classification -----------------------------------------------------------------------


def _course_ended(citizen: str = "citizen") -> Coalesce:
    """The day the citizen's course ended: the open R25 deregistration, else the last
    ``deregistered`` event. ``citizen`` names the outer query's citizen: ``citizen`` on plan
    rows, ``pk`` on citizens."""
    r25 = PlanItem.objects.filter(
        citizen=OuterRef(citizen),
        kind=PlanItem.Kind.CONSEQUENCE,
        subtype="deregistered",
        end__isnull=True,
    ).order_by("-earliest")
    event = CaseEvent.objects.filter(citizen=OuterRef(citizen), type="deregistered").order_by(
        "-date", "-id"
    )
    return Coalesce(Subquery(r25.values("earliest")[:1]), Subquery(event.values("date")[:1]))


def _course_ends(citizens: str) -> tuple[str, tuple[Any, ...]]:
    """SQL for the day the course ended (`_course_ended`) of each citizen of ``citizens`` (SQL
    selecting citizen ids): ``ended_citizen``, ``ended``, one row each."""
    ended = (
        Citizen.objects.filter(pk__in=RawSQL(citizens, ()))
        .order_by()
        .annotate(ended_citizen=F("pk"), ended=_course_ended("pk"))
        .values("ended_citizen", "ended")
    )
    sql, params = ended.query.sql_with_params()
    return sql, tuple(params)


# The class the aggregates give a row the plan calls cancelled until its course's end is known.
CANCELLED = "cancelled"


def _classified(today: date, cancelled: Case | Value) -> Case:
    return Case(
        When(held_on__isnull=False, held_on__lte=F("deadline"), then=Value("on_time")),
        When(held_on__isnull=False, then=Value("late")),
        When(status="exempted", then=Value("exempted")),
        When(status="cancelled", then=cancelled),
        When(deadline__lt=today, then=Value("overdue")),
        default=Value("open"),
        output_field=CharField(),
    )


def measure_of(today: date) -> Case:
    """The class of an interview row on ``today`` (see the module's docstring), as SQL: the
    day its course ended asked of each cancelled row (for the lists behind a number)."""
    return _classified(
        today,
        Case(
            When(deadline__lt=_course_ended(), then=Value("overdue")),
            default=Value("lapsed"),
            output_field=CharField(),
        ),
    )


def caseworker_of() -> Case:
    """Who held the interview (the recorder of ``interview_held`` on its day), else the
    caseworker of its live booking, else none."""
    held_by = CaseEvent.objects.filter(
        citizen=OuterRef("citizen"),
        type="interview_held",
        date=OuterRef("held_on"),
        recorded_by__isnull=False,
    ).order_by("id")
    booked_with = Booking.objects.filter(
        citizen=OuterRef("citizen"),
        holder=OuterRef("holder"),
        interview=OuterRef("number"),
        status=Booking.Status.LIVE,
    ).order_by("-start")
    return Case(
        When(held_on__isnull=False, then=Subquery(held_by.values("recorded_by")[:1])),
        default=Subquery(booked_with.values("caseworker")[:1]),
        output_field=IntegerField(),
    )


# --- The rows in scope --------------------------------------------------------------------------


def interview_rows(scope: Scope) -> QuerySet[PlanItem]:
    """The interview requirements with a deadline the scope covers, through the access gate."""
    items = plan_items_of(scope.actor).filter(kind=PlanItem.Kind.INTERVIEW, deadline__isnull=False)
    organisation = scope.organisation
    if organisation is not None:
        items = (
            items.filter(jobcenter=organisation)
            if organisation.is_jobcenter
            else items.filter(akasse=organisation)
        )
    if scope.group:
        items = items.filter(citizen__plan__group=scope.group)
    if scope.holder:
        items = items.filter(holder=scope.holder)
    if scope.ruleset:
        items = items.filter(ruleset_id=scope.ruleset)
    if scope.caseworker is not None:
        items = items.annotate(caseworker=caseworker_of())
        if scope.caseworker == 0:
            items = items.filter(caseworker__isnull=True)
        else:
            items = items.filter(caseworker=scope.caseworker)
    return items


def _tally(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, Counts]:
    found: dict[Any, Counts] = {}
    for row in rows:
        found.setdefault(row[key], Counts()).add(row["measure"], row["n"])
    return found


def _grouped(items: QuerySet[PlanItem], today: date, *dimension: str) -> list[dict[str, Any]]:
    """The rows of ``items`` counted by ``dimension`` and class (`measure_of`), in one query.

    A cancelled row's class needs the day its course ended, and a deregistered citizen has many
    cancelled rows: the rows are first counted by dimension and class, the cancelled ones also by
    citizen and deadline; the day the course ended (`_course_ended`) is then worked out once for
    each of those citizens and joined, and the counts summed. Per row it is the same class as
    `measure_of`. SQL around the ORM's two queries, since the ORM cannot join a subquery."""
    cancelled = Q(status="cancelled", held_on__isnull=True)
    names = {f"d{number}": name for number, name in enumerate(dimension)}
    counted = (
        items.annotate(
            measure=_classified(today, Value(CANCELLED)),
            cancelled_citizen=Case(
                When(cancelled, then=F("citizen_id")), default=None, output_field=IntegerField()
            ),
            cancelled_deadline=Case(
                When(cancelled, then=F("deadline")), default=None, output_field=DateField()
            ),
            **{alias: F(name) for alias, name in names.items()},
        )
        .order_by()
        .values(*names, "measure", "cancelled_citizen", "cancelled_deadline")
        .annotate(n=Count("*"))
    )
    counted_sql, counted_params = counted.query.sql_with_params()
    ended_sql, ended_params = _course_ends(
        "SELECT g.cancelled_citizen FROM g WHERE g.cancelled_citizen IS NOT NULL"
    )
    columns = "".join(f"{alias}, " for alias in names)
    sql = f"""
        WITH g AS ({counted_sql}), e AS ({ended_sql})
        SELECT {columns}measure, SUM(n) FROM (
            SELECT {"".join(f"g.{alias}, " for alias in names)}g.n,
                   CASE WHEN g.measure <> '{CANCELLED}' THEN g.measure
                        WHEN g.cancelled_deadline < e.ended THEN 'overdue'
                        ELSE 'lapsed' END AS measure
            FROM g LEFT JOIN e ON e.ended_citizen = g.cancelled_citizen
        ) c
        GROUP BY {columns}measure
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*counted_params, *ended_params])
        rows = cursor.fetchall()
    keys = [*dimension, "measure"]
    found = []
    for row in rows:
        values = dict(zip(keys, row[:-1], strict=True))
        values["n"] = int(row[-1])
        found.append(values)
    return found


def totals(scope: Scope, month: Month, today: date) -> Counts:
    """The interviews due in ``month``, by class: one query."""
    items = interview_rows(scope).filter(deadline__range=(month.first, month.last))
    counts = Counts()
    for row in _grouped(items, today):
        counts.add(row["measure"], row["n"])
    return counts


def _day(value: Any) -> date:
    """A month's first day as the database gives it outside the ORM (a date, a timestamp, or
    SQLite's text)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def trend(scope: Scope, month: Month, today: date, months: int = 12) -> list[Row]:
    """The ``months`` months up to and including ``month``, oldest first: one query."""
    first = month.minus(months - 1)
    items = interview_rows(scope).filter(deadline__range=(first.first, month.last))
    rows = items.annotate(month=TruncMonth("deadline"))
    found = {
        _day(key): counts for key, counts in _tally(_grouped(rows, today, "month"), "month").items()
    }
    result = []
    for step in range(months):
        current = first.plus(step)
        result.append(Row(current, found.get(current.first, Counts())))
    return result


DIMENSIONS = ("holder", "group", "ruleset", "caseworker", "organisation")


def breakdown(scope: Scope, month: Month, today: date, dimension: str) -> list[Row]:
    """The interviews due in ``month`` by ``dimension`` (one of `DIMENSIONS`), largest first.
    The organisation breakdown is two queries (municipalities, a-kasser); the others one."""
    items = interview_rows(scope).filter(deadline__range=(month.first, month.last))
    if dimension == "organisation":
        by_jobcenter = _tally(_grouped(items, today, "jobcenter"), "jobcenter")
        by_akasse = _tally(_grouped(items.filter(akasse__isnull=False), today, "akasse"), "akasse")
        found = {**by_jobcenter, **by_akasse}
    else:
        if dimension == "caseworker" and scope.caseworker is None:
            items = items.annotate(caseworker=caseworker_of())
        column = {"group": "citizen__plan__group", "ruleset": "ruleset_id"}.get(
            dimension, dimension
        )
        found = _tally(_grouped(items, today, column), column)
    rows = [Row(key, counts) for key, counts in found.items()]
    rows.sort(key=lambda row: (-row.counts.due, str(row.key)))
    return rows


def listed(scope: Scope, month: Month, today: date, measure: str) -> QuerySet[PlanItem]:
    """The interview rows behind one number: due in ``month`` and of ``measure`` (one of
    `MEASURES`), earliest deadline first, with their citizens."""
    items = interview_rows(scope).filter(deadline__range=(month.first, month.last))
    items = items.annotate(measure=measure_of(today))
    items = items.filter(measure__in=DUE) if measure == "due" else items.filter(measure=measure)
    return items.select_related("citizen").order_by(
        "deadline", "citizen_last_name", "citizen_first_name", "pk"
    )


# --- STAR's duration bands -------------------------------------------------------------------


@dataclass
class Band:
    """One duration band on the band day: citizens in it, interviews they should have had and
    have had, and the citizens who had at least the minimum."""

    start: int
    end: int | None
    citizens: int = 0
    required: int = 0
    held: int = 0
    met: int = 0

    @property
    def not_met(self) -> int:
        return self.citizens - self.met

    @property
    def share(self) -> float | None:
        return 100.0 * self.met / self.citizens if self.citizens else None

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end}" if self.end is not None else f"{self.start}-"

    def as_dict(self) -> dict[str, Any]:
        return {
            "band": self.key,
            "from_months": self.start,
            "to_months": self.end,
            "citizens": self.citizens,
            "required": self.required,
            "held": self.held,
            "met": self.met,
            "not_met": self.not_met,
            "share_met": None if self.share is None else round(self.share, 1),
        }


def band_day(month: Month, today: date) -> date:
    """The day the duration bands are seen on: the month's last day, or today within it."""
    return min(month.last, today) if month.first <= today else month.last


def _band_rows(scope: Scope, day: date) -> tuple[str, list[Any]]:
    """SQL for the scope's citizens in the course on ``day``: ``citizen_id``, ``band`` (the
    number in `BANDS`), ``required`` and ``had``, one row each.

    One aggregate over the scope's interview rows (from the access gate, as Django writes it)
    grouped by citizen, joined to the plans for the spell's start: an aggregate of aggregates,
    which the ORM cannot say. Whether the citizen was in the course on ``day``: the course has not
    ended (the plan has no ``cancelled`` interview), or it ended after ``day`` (the day it ended,
    `_course_ended`, asked only of those that have)."""
    items = plan_items_of(scope.actor).filter(kind=PlanItem.Kind.INTERVIEW)
    organisation = scope.organisation
    if organisation is not None:
        items = (
            items.filter(jobcenter=organisation)
            if organisation.is_jobcenter
            else items.filter(akasse=organisation)
        )
    if scope.holder:
        items = items.filter(holder=scope.holder)
    inner, inner_params = (
        items.order_by()
        .values("citizen_id", "deadline", "status", "held_on")
        .query.sql_with_params()
    )
    plan = CitizenPlan._meta.db_table
    # Asked per citizen only of those with a cancelled interview (a correlated subquery: as a
    # join it would be worked out for every citizen of a large scope first).
    ended = (
        Citizen.objects.filter(pk=RawSQL("per.citizen_id", ()))
        .order_by()
        .annotate(ended=_course_ended("pk"))
        .values("ended")
    )
    ended_sql, ended_params = ended.query.sql_with_params()
    bands = []
    band_params: list[Any] = []
    for number in range(len(BANDS) - 1):
        # Fewer whole months than the next band's first: this band (`BANDS` are in order).
        bands.append(f"WHEN p.spell_start > %s THEN {number}")
        band_params.append(day - relativedelta(months=BANDS[number + 1][0]))
    group = ""
    group_params: list[Any] = []
    if scope.group:
        group = 'AND p."group" = %s'
        group_params = [scope.group]
    sql = f"""
        SELECT per.citizen_id AS citizen_id,
               CASE {" ".join(bands)} ELSE {len(BANDS) - 1} END AS band,
               per.required AS required, per.had AS had
        FROM (
            SELECT i.citizen_id AS citizen_id,
                   SUM(CASE WHEN i.deadline <= %s AND i.status <> 'exempted' THEN 1 ELSE 0 END)
                       AS required,
                   SUM(CASE WHEN i.held_on <= %s THEN 1 ELSE 0 END) AS had,
                   SUM(CASE WHEN i.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled
            FROM ({inner}) i
            GROUP BY i.citizen_id
        ) per
        JOIN {plan} p ON p.citizen_id = per.citizen_id
        WHERE p.spell_start IS NOT NULL AND p.spell_start <= %s {group}
          AND (per.cancelled = 0 OR ({ended_sql}) > %s)
    """
    params = [*band_params, day, day, *inner_params, day, *group_params, *ended_params, day]
    return sql, params


def duration_bands(scope: Scope, month: Month, today: date) -> list[Band]:
    """STAR's view on the band day of ``month``: one query, grouped by band."""
    rows_sql, params = _band_rows(scope, band_day(month, today))
    sql = f"""
        SELECT band, COUNT(*), SUM(required), SUM(had),
               SUM(CASE WHEN had >= required THEN 1 ELSE 0 END)
        FROM ({rows_sql}) b GROUP BY band
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {row[0]: row for row in cursor.fetchall()}
    bands = []
    for number, (start, end) in enumerate(BANDS):
        _, citizens, required, held, met = found.get(number, (number, 0, 0, 0, 0))
        bands.append(
            Band(
                start,
                end,
                citizens=int(citizens or 0),
                required=int(required or 0),
                held=int(held or 0),
                met=int(met or 0),
            )
        )
    return bands


BAND_MEASURES = ("citizens", "met", "not_met")


@dataclass
class BandPerson:
    citizen: Citizen
    required: int
    held: int


class BandPeople:
    """The citizens behind one number of the band table, for a paginator: ``count()`` and
    slices, each slice one query for its rows and one for its citizens, in name order."""

    def __init__(self, scope: Scope, day: date, band: int, measure: str) -> None:
        rows_sql, self.params = _band_rows(scope, day)
        condition = {"met": "AND b.had >= b.required", "not_met": "AND b.had < b.required"}
        self.sql = f"""
            SELECT b.citizen_id, b.required, b.had FROM ({rows_sql}) b
            JOIN {Citizen._meta.db_table} c ON c.id = b.citizen_id
            WHERE b.band = %s {condition.get(measure, "")}
        """
        self.params = [*self.params, band]
        self.order = " ORDER BY c.last_name, c.first_name, c.id"

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) n", self.params)
            return int(cursor.fetchone()[0])

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[BandPerson]:
        return iter(self[slice(None)])

    def __getitem__(self, window: slice) -> list[BandPerson]:
        sql = self.sql + self.order
        params = list(self.params)
        if window.stop is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [window.stop - (window.start or 0), window.start or 0]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        citizens = Citizen.objects.select_related("jobcenter", "akasse").in_bulk(
            [row[0] for row in rows]
        )
        return [BandPerson(citizens[row[0]], int(row[1]), int(row[2])) for row in rows]


def band_listed(scope: Scope, month: Month, today: date, band: int, measure: str) -> BandPeople:
    """The citizens behind one number of the band table."""
    return BandPeople(scope, band_day(month, today), band, measure)
