"""The capacity forecast (Kapacitet): for each of the next 12 weeks, the interviews an
organisation's plans say must be held against the free times it has published, and how many
more times it must publish to keep every deadline.

Two aggregate queries, grouped in the database (no citizen is loaded to count): the plan rows by
week and channel, and the free times by week and location. Everything else is arithmetic on at
most 12 weeks. docs/statistics.md says the same in words.

**Weeks.** ISO weeks, Monday to Sunday, from the current week (week 1) for `WEEKS` weeks.

**Demand.** An interview requirement (`PlanItem` of kind ``interview``) the organisation holds
(its ``holder`` is the organisation's: a municipality's interviews, joint interviews included,
are held on the municipality's times, an a-kasse's on the a-kasse's, another actor's on the
actor's), not held, not excused or ended (status ``open``, ``upcoming`` or ``overdue``), and not
booked: an interview with a live booking already has its time, so it takes nothing from the free
times. An overdue interview the plan gives no target date is left out too: its holder's period
has ended (R3 [D], the a-kasse's interviews after the handover), so no time can be found for it.
Each interview is counted twice, once in each view:

- *by target date* (the plan): in the week of its target date (the deadline where there is none);
- *by deadline* (the law): in the week of its deadline.

A date before today (an overdue interview, a target already passed) counts in week 1: the
interview must be held now. An interview needs an in-person time when its ``required_channel``
is ``in_person`` (R19: the first interview), otherwise a time of any channel.

**Supply.** The organisation's slots that start from now to the end of the last week, are not
blocked and hold no live booking (free as the search for free times decides), per week,
location and channel (a slot offering two channels counts once in all, and once in each of
its channels).

**Keeping every deadline.** A free time in an earlier week can serve an interview due later, so
the deadline view is cumulative. With ``D(w)`` the interviews due by the end of week ``w`` and
``S(w)`` the free times up to then, all of them are kept when ``D(w) <= S(w)`` for every week,
for the in-person interviews against the in-person times and for all interviews against all
times (in-person times are a part of all times, so these two conditions are enough). The times
that must be published by the end of week ``w`` are ``T(w) = max(0, max over v <= w of (D(v) -
S(v)))``, for all and for in-person alike, and the shortfall of the 12 weeks is ``T(12)`` (the
larger of the two). The times to publish *in* week ``w`` are what ``T`` grows by in that week;
as in-person times serve every interview, they are in-person times as long as in-person times
are still missing later in the horizon, and times of any channel after that.

*Behind the plan* (a warning, not a broken deadline): a week where the interviews the plan puts in
it are more than its free times, in person or in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncWeek
from django.utils import timezone

from kontaktforloeb.booking.models import Booking, Slot
from kontaktforloeb.booking.slots import COPENHAGEN
from kontaktforloeb.cases.models import PlanItem
from kontaktforloeb.cases.selectors import plan_items_of
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation

WEEKS = 12
# The plan's statuses of an interview still to be held and not booked (booked, held, excused
# and ended interviews are not demand on the free times).
WAITING = ("open", "upcoming", "overdue")
VIEWS = ("target", "deadline")
CHANNELS = ("in_person", "phone", "video")
# The people behind a demand number: every interview, those needing an in-person time, or those
# already overdue (in week 1).
PEOPLE = ("all", "in_person", "overdue")


@dataclass(frozen=True)
class Week:
    number: int  # 1 … WEEKS, from the current week
    monday: date

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def iso(self) -> int:
        return self.monday.isocalendar().week

    @property
    def key(self) -> str:
        """The ISO week, ``2027-W02``."""
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


def weeks_from(today: date, count: int = WEEKS) -> list[Week]:
    monday = today - timedelta(days=today.weekday())
    return [Week(number + 1, monday + timedelta(weeks=number)) for number in range(count)]


@dataclass
class Need:
    """Interviews to hold in a week: those needing an in-person time and the rest."""

    in_person: int = 0
    any_channel: int = 0

    @property
    def total(self) -> int:
        return self.in_person + self.any_channel


@dataclass
class Supply:
    """Free times: all of them and per channel (a time may offer several channels)."""

    total: int = 0
    in_person: int = 0
    phone: int = 0
    video: int = 0

    def add(self, other: Supply) -> None:
        self.total += other.total
        self.in_person += other.in_person
        self.phone += other.phone
        self.video += other.video

    def of(self, channel: str) -> int:
        return int(getattr(self, channel)) if channel else self.total


@dataclass
class WeekFigures:
    week: Week
    by_target: Need = field(default_factory=Need)
    by_deadline: Need = field(default_factory=Need)
    # Of ``by_deadline`` (week 1 only): interviews whose deadline has already passed.
    overdue: Need = field(default_factory=Need)
    supply: Supply = field(default_factory=Supply)
    # Cumulative, from week 1 to this week's end.
    due_so_far: Need = field(default_factory=Need)
    free_so_far: Supply = field(default_factory=Supply)
    # Times to publish at the latest in this week to keep every deadline (see the module).
    publish_in_person: int = 0
    publish_any: int = 0
    # The plan's interviews this week beyond its free times (a warning).
    behind_plan: int = 0

    @property
    def publish(self) -> int:
        return self.publish_in_person + self.publish_any

    @property
    def status(self) -> str:
        if self.publish:
            return "short"
        if self.behind_plan:
            return "behind_plan"
        return "enough"


@dataclass
class LocationSupply:
    location_id: int | None
    weeks: list[Supply]

    @property
    def total(self) -> Supply:
        found = Supply()
        for supply in self.weeks:
            found.add(supply)
        return found


@dataclass
class Forecast:
    organisation: Organisation
    today: date
    weeks: list[WeekFigures]
    locations: list[LocationSupply]

    @property
    def shortfall_in_person(self) -> int:
        return sum(week.publish_in_person for week in self.weeks)

    @property
    def shortfall(self) -> int:
        """More times to publish over the weeks to keep every deadline (all channels)."""
        return sum(week.publish for week in self.weeks)

    @property
    def first_short(self) -> WeekFigures | None:
        return next((week for week in self.weeks if week.publish), None)


# --- The queries ---------------------------------------------------------------------------------


def demand_rows(actor: Actor, organisation: Organisation, today: date) -> QuerySet[PlanItem]:
    """The interviews ``organisation`` must still find a time for, through the access gate."""
    items = plan_items_of(actor).filter(
        kind=PlanItem.Kind.INTERVIEW,
        holder=organisation.holder,
        held_on__isnull=True,
        status__in=WAITING,
        deadline__isnull=False,
    )
    if organisation.is_jobcenter:
        items = items.filter(jobcenter=organisation)
    elif organisation.is_akasse:
        items = items.filter(akasse=organisation)
    else:
        items = items.filter(citizen__other_actor=organisation)
    live = Booking.objects.filter(
        citizen=OuterRef("citizen"),
        holder=OuterRef("holder"),
        interview=OuterRef("number"),
        status=Booking.Status.LIVE,
    )
    # An overdue interview without a target date is one whose holder's period has ended (R3
    # [D]: the first holder's interviews are not proposed after the handover): no time for it.
    # (Said by the dates, not the status, so the covering index answers alone.)
    return items.filter(~Exists(live)).exclude(target_date__isnull=True, deadline__lt=today)


def _target() -> Coalesce:
    return Coalesce("target_date", "deadline", output_field=DateField())


def _week_of(day: Any, today: date) -> TruncWeek:
    """The Monday of the week a date counts in: its own, or this week for a day before today."""
    return TruncWeek(
        Greatest(day, Value(today, output_field=DateField())), output_field=DateField()
    )


def _in_person() -> Case:
    return Case(
        When(required_channel="in_person", then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=COPENHAGEN)


def free_slots(organisation: Organisation, weeks: list[Week]) -> QuerySet[Slot]:
    """The organisation's free times from now to the end of the last week."""
    first = max(timezone.now(), _start_of(weeks[0].monday))
    live = Booking.objects.filter(slot=OuterRef("pk"), status=Booking.Status.LIVE)
    return Slot.objects.filter(
        organisation=organisation,
        start__gte=first,
        start__lt=_start_of(weeks[-1].sunday + timedelta(days=1)),
        blocked=False,
    ).filter(~Exists(live))


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value, COPENHAGEN).date()
            if timezone.is_aware(value)
            else value.date()
        )
    return value


def forecast(actor: Actor, organisation: Organisation, today: date) -> Forecast:
    """The 12 weeks from ``today``'s week for ``organisation``: two queries."""
    weeks = weeks_from(today)
    figures = [WeekFigures(week) for week in weeks]
    number = {week.monday: week.number for week in weeks}
    horizon = weeks[-1].sunday
    demand = (
        demand_rows(actor, organisation, today)
        .filter(Q(target_date__lte=horizon) | Q(deadline__lte=horizon))
        .annotate(
            target_week=_week_of(_target(), today),
            deadline_week=_week_of("deadline", today),
            in_person=_in_person(),
            overdue=Case(
                When(deadline__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by()
        .values("target_week", "deadline_week", "in_person", "overdue")
        .annotate(n=Count("*"))
    )
    for row in demand:
        channel = "in_person" if row["in_person"] else "any_channel"
        target = number.get(_as_date(row["target_week"]))
        deadline = number.get(_as_date(row["deadline_week"]))
        if target is not None:
            need = figures[target - 1].by_target
            setattr(need, channel, getattr(need, channel) + row["n"])
        if deadline is not None:
            need = figures[deadline - 1].by_deadline
            setattr(need, channel, getattr(need, channel) + row["n"])
            if row["overdue"]:
                need = figures[deadline - 1].overdue
                setattr(need, channel, getattr(need, channel) + row["n"])
    supply = (
        free_slots(organisation, weeks)
        .annotate(week=TruncWeek("start", tzinfo=COPENHAGEN))
        .order_by()
        .values("week", "location_id")
        .annotate(
            total=Count("pk"),
            in_person=Count("pk", filter=Q(offers_in_person=True)),
            phone=Count("pk", filter=Q(offers_phone=True)),
            video=Count("pk", filter=Q(offers_video=True)),
        )
    )
    locations: dict[int | None, LocationSupply] = {}
    for free in supply:
        week_number = number.get(_as_date(free["week"]))
        if week_number is None:
            continue
        found = Supply(free["total"], free["in_person"], free["phone"], free["video"])
        figures[week_number - 1].supply.add(found)
        place = locations.setdefault(
            free["location_id"], LocationSupply(free["location_id"], [Supply() for _ in weeks])
        )
        place.weeks[week_number - 1].add(found)
    _keep_deadlines(figures)
    return Forecast(
        organisation=organisation,
        today=today,
        weeks=figures,
        locations=sorted(
            locations.values(), key=lambda place: (place.location_id is None, place.location_id)
        ),
    )


def _keep_deadlines(figures: list[WeekFigures]) -> None:
    """The cumulative figures, the times to publish per week and the plan's warning."""
    due, free = Need(), Supply()
    missing_all: list[int] = []
    missing_in_person: list[int] = []
    worst_all = worst_in_person = 0
    for week in figures:
        due = Need(
            due.in_person + week.by_deadline.in_person,
            due.any_channel + week.by_deadline.any_channel,
        )
        free = Supply(
            free.total + week.supply.total,
            free.in_person + week.supply.in_person,
            free.phone + week.supply.phone,
            free.video + week.supply.video,
        )
        week.due_so_far, week.free_so_far = due, free
        worst_in_person = max(worst_in_person, due.in_person - free.in_person)
        worst_all = max(worst_all, due.total - free.total)
        missing_in_person.append(worst_in_person)
        missing_all.append(max(worst_all, worst_in_person))
        week.behind_plan = max(
            0,
            week.by_target.in_person - week.supply.in_person,
            week.by_target.total - week.supply.total,
        )
    # In-person times serve every interview: publish them first while they are missing later.
    in_person_at_end = missing_in_person[-1] if missing_in_person else 0
    published_in_person = published_any = 0
    for week, needed in zip(figures, missing_all, strict=True):
        in_person = min(needed, in_person_at_end)
        any_channel = needed - in_person
        week.publish_in_person = in_person - published_in_person
        week.publish_any = any_channel - published_any
        published_in_person, published_any = in_person, any_channel


def week_range(week: Week, first: bool) -> tuple[date | None, date]:
    """The dates an interview counts in ``week`` by: from its Monday (none for week 1, which
    takes every earlier date) to its Sunday."""
    return (None if first else week.monday), week.sunday


def listed(
    actor: Actor,
    organisation: Organisation,
    today: date,
    week: Week,
    view: str,
    people: str = "all",
) -> QuerySet[PlanItem]:
    """The interviews behind one demand number: counted in ``week`` by ``view`` (``target`` or
    ``deadline``), all of them, those needing an in-person time, or those overdue; earliest
    deadline first, with their citizens."""
    items = demand_rows(actor, organisation, today).annotate(counted_on=_target())
    column = "counted_on" if view == "target" else "deadline"
    start, end = week_range(week, week.number == 1)
    items = items.filter(**{f"{column}__lte": end})
    if start is not None:
        items = items.filter(**{f"{column}__gte": start})
    if people == "in_person":
        items = items.filter(required_channel="in_person")
    elif people == "overdue":
        items = items.filter(deadline__lt=today)
    return items.select_related("citizen", "citizen__jobcenter", "citizen__akasse").order_by(
        "deadline", "citizen_last_name", "citizen_first_name", "pk"
    )
