"""Kalender og ledige tider: the caseworker's week, working patterns and exceptions, the team.

A caseworker sees and changes only their own calendar. A manager sees every caseworker of their
organisation (the team's week and each caseworker's week), read-only: only the caseworker blocks
and frees their times and changes their working hours. Any other organisation's caseworker, slot,
pattern or exception is 404, as are citizens; the anonymous are sent to log in.

Saving a pattern or an exception regenerates the caseworker's future free times: free times that
no longer fit are removed, new ones are made, and booked meetings are never touched (the page says
when one now lies outside the working hours).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_POST

from kontaktforloeb.cases.plans import today
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import CASEWORKER_ROLES, User
from kontaktforloeb.web.templatetags.kf import clock
from kontaktforloeb.web.views import staff_required

from .calendar import (
    SHOWN_STATUSES,
    Regenerated,
    SlotNotChangeable,
    SlotNotFound,
    bookings_outside_hours,
    closed_days,
    local,
    slot_block_set,
    slots_regenerate,
)
from .forms import WEEKDAYS, PatternExceptionForm, WorkingPatternForm
from .models import Booking, Channel, PatternException, Slot, WorkingPattern

# --- Weeks and days ------------------------------------------------------------------------


def _danish() -> bool:
    return (get_language() or "da").startswith("da")


def day_label(day: date) -> str:
    """`mandag 9. september` in Danish, `Monday 9 September` in English."""
    return date_format(day, "l j. F" if _danish() else "l j F")


def _week_param(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(value: str | None, fallback: date) -> date:
    """The Monday of `?uge=2024-W37`; this week when it is missing or not a week, or one too near
    the ends of the calendar (year 1, year 9999) for the weeks before and after it to exist."""
    if value:
        try:
            year, week = value.upper().split("-W")
            monday = date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            pass
        else:
            if date.min + timedelta(weeks=1) <= monday <= date.max - timedelta(weeks=2):
                return monday
    return fallback - timedelta(days=fallback.weekday())


@dataclass
class Week:
    monday: date
    days: list[date]

    @classmethod
    def of(cls, monday: date, weekend: bool = False) -> Week:
        return cls(monday, [monday + timedelta(days=n) for n in range(7 if weekend else 5)])

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def param(self) -> str:
        return _week_param(self.monday)

    @property
    def previous(self) -> str:
        return _week_param(self.monday - timedelta(days=7))

    @property
    def next(self) -> str:
        return _week_param(self.monday + timedelta(days=7))

    @property
    def start(self) -> datetime:
        return local(self.monday)

    @property
    def end(self) -> datetime:
        return local(self.monday + timedelta(days=7))


def _closed(organisation_id: int, first: date, last: date) -> dict[date, str]:
    return closed_days(organisation_id, first, last, "da" if _danish() else "en")


# --- What a slot shows ---------------------------------------------------------------------


@dataclass
class SlotView:
    slot: Slot
    booking: Booking | None
    passed: bool
    week: str
    announce: str = ""

    @property
    def state(self) -> str:
        if self.booking is not None:
            return str(self.booking.status)
        if self.slot.blocked:
            return "blocked"
        return "passed" if self.passed else "free"

    @property
    def changeable(self) -> bool:
        return self.booking is None and not self.passed

    @property
    def time_label(self) -> str:
        end = timezone.localtime(self.slot.end)
        return (
            f"{clock(self.slot.start)}–{end:%H.%M}"
            if _danish()
            else f"{clock(self.slot.start)}–{end:%H:%M}"
        )

    @property
    def channel_labels(self) -> str:
        return ", ".join(str(Channel(c).label) for c in self.slot.channels).capitalize()

    @property
    def when(self) -> str:
        return f"{day_label(timezone.localtime(self.slot.start).date())} {clock(self.slot.start)}"


@dataclass
class DayView:
    day: date
    label: str
    closed: str
    is_today: bool
    absences: list[PatternException] = field(default_factory=list)
    slots: list[SlotView] = field(default_factory=list)


def _bookings_by_slot(slots: Iterable[Slot]) -> dict[int, Booking]:
    bookings = Booking.objects.filter(
        slot__in=[s.pk for s in slots], status__in=SHOWN_STATUSES
    ).select_related("citizen")
    return {b.slot_id: b for b in bookings}


def _slot_view(slot: Slot, booking: Booking | None, week: str, announce: str = "") -> SlotView:
    return SlotView(slot, booking, slot.start <= timezone.now(), week, announce)


def _week_days(caseworker: User, week: Week, on: date) -> list[DayView]:
    slots = list(
        Slot.objects.filter(caseworker=caseworker, start__gte=week.start, start__lt=week.end)
    )
    bookings = _bookings_by_slot(slots)
    weekend = any(timezone.localtime(s.start).weekday() >= 5 for s in slots)
    if weekend:
        week = Week.of(week.monday, weekend=True)
    assert caseworker.organisation_id is not None
    closed = _closed(caseworker.organisation_id, week.days[0], week.days[-1])
    days = {d: DayView(d, day_label(d), closed.get(d, ""), d == on) for d in week.days}
    for exception in PatternException.objects.filter(
        caseworker=caseworker,
        kind=PatternException.Kind.ABSENCE,
        date__range=(week.days[0], week.days[-1]),
    ):
        days[exception.date].absences.append(exception)
    for slot in slots:
        day = timezone.localtime(slot.start).date()
        days[day].slots.append(_slot_view(slot, bookings.get(slot.pk), week.param))
    return list(days.values())


# --- Who may see which calendar --------------------------------------------------------------


def _caseworker_of(actor: Actor) -> User:
    """The acting caseworker; managers and others have no calendar of their own (404)."""
    user = actor.user
    if user is None or user.role not in CASEWORKER_ROLES:
        raise Http404
    return user


def _manager_of(actor: Actor) -> User:
    user = actor.user
    if user is None or user.role != User.Role.MANAGER:
        raise Http404
    return user


def _team(actor: Actor) -> list[User]:
    return list(
        User.objects.filter(
            organisation=actor.organisation, role__in=CASEWORKER_ROLES, is_active=True
        ).order_by("first_name", "last_name")
    )


# --- The week ------------------------------------------------------------------------------


def _week_context(request: HttpRequest, caseworker: User) -> dict[str, Any]:
    on = today()
    week = Week.of(week_monday(request.GET.get("uge"), on))
    days = _week_days(caseworker, week, on)
    counts = Counter(s.state for d in days for s in d.slots)
    return {
        "caseworker": caseworker,
        "week": week,
        "days": days,
        "span": f"{days[0].label} – {days[-1].label}",
        "counts": counts,
        "this_week": _week_param(on - timedelta(days=on.weekday())),
    }


@staff_required
def calendar_week(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The caseworker's own week; a manager is taken to the team."""
    if actor.user is not None and actor.user.role == User.Role.MANAGER:
        return redirect("booking:team")
    caseworker = _caseworker_of(actor)
    context = _week_context(request, caseworker)
    return render(request, "booking/week.html", {**context, "own": True})


@staff_required
def caseworker_week(request: HttpRequest, actor: Actor, caseworker_id: int) -> HttpResponse:
    """A manager looks at one caseworker's week (read-only)."""
    if actor.user is not None and actor.user.pk == caseworker_id:
        return redirect(f"{reverse('booking:week')}?{request.GET.urlencode()}")
    _manager_of(actor)
    caseworker = get_object_or_404(
        User, pk=caseworker_id, organisation=actor.organisation, role__in=CASEWORKER_ROLES
    )
    context = _week_context(request, caseworker)
    return render(request, "booking/week.html", {**context, "own": False})


@dataclass
class TeamRow:
    caseworker: User
    days: list[Counter[str]]
    total: Counter[str]


@staff_required
def team_week(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The manager's view: every caseworker's free, booked and blocked times per day."""
    _manager_of(actor)
    on = today()
    week = Week.of(week_monday(request.GET.get("uge"), on))
    team = _team(actor)
    live = Booking.objects.filter(slot=OuterRef("pk"), status=Booking.Status.LIVE)
    slots = (
        Slot.objects.filter(
            organisation=actor.organisation,
            caseworker__in=team,
            start__gte=week.start,
            start__lt=week.end,
        )
        .annotate(booked=Exists(live))
        .values_list("caseworker_id", "start", "blocked", "booked")
    )
    counts: dict[tuple[int, date], Counter[str]] = {}
    for caseworker_id, start, blocked, booked in slots:
        day = timezone.localtime(start).date()
        state = "booked" if booked else "blocked" if blocked else "free"
        counts.setdefault((caseworker_id, day), Counter())[state] += 1
    if any(day.weekday() >= 5 for _, day in counts):
        week = Week.of(week.monday, weekend=True)
    rows = []
    for caseworker in team:
        per_day = [counts.get((caseworker.pk, d), Counter()) for d in week.days]
        rows.append(TeamRow(caseworker, per_day, sum(per_day, Counter())))
    assert actor.organisation is not None
    closed = _closed(actor.organisation.pk, week.days[0], week.days[-1])
    return render(
        request,
        "booking/team.html",
        {
            "week": week,
            "rows": rows,
            "day_labels": [(day_label(d), closed.get(d, "")) for d in week.days],
            "this_week": _week_param(on - timedelta(days=on.weekday())),
        },
    )


# --- Blocking and freeing one slot -----------------------------------------------------------


@staff_required
@require_POST
def slot_toggle(request: HttpRequest, actor: Actor, slot_id: int) -> HttpResponse:
    """Block (`action=block`) or free (`action=free`) a slot. htmx gets the slot back to swap in
    place; without JavaScript the week is shown again."""
    _caseworker_of(actor)
    blocked = request.POST.get("action") == "block"
    problem = ""
    try:
        slot = slot_block_set(
            actor=actor, caseworker=_caseworker_of(actor), slot_id=slot_id, blocked=blocked
        )
    except SlotNotFound:
        raise Http404 from None
    except SlotNotChangeable:
        slot = get_object_or_404(Slot, pk=slot_id, caseworker=actor.user)
        problem = gettext("Tiden er booket eller passeret og kan ikke ændres.")
    view = _slot_view(slot, _bookings_by_slot([slot]).get(slot.pk), "")
    done = (
        gettext("Tiden %(when)s er spærret.")
        if slot.blocked
        else gettext("Tiden %(when)s er ledig.")
    ) % {"when": view.when}
    week = _week_param(timezone.localtime(slot.start).date())
    view.week = week
    if request.headers.get("HX-Request") == "true":
        view.announce = problem or done
        return render(request, "booking/_slot.html", {"s": view, "own": True})
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, done)
    return redirect(f"{reverse('booking:week')}?uge={week}#slot-{slot.pk}")


# --- Regenerating the free times after a change ---------------------------------------------


def _report(request: HttpRequest, saved: str, result: Regenerated) -> None:
    changes = []
    if result.added:
        changes.append(
            ngettext("%(n)d ny ledig tid", "%(n)d nye ledige tider", result.added)
            % {"n": result.added}
        )
    if result.removed:
        changes.append(
            ngettext("%(n)d ledig tid fjernet", "%(n)d ledige tider fjernet", result.removed)
            % {"n": result.removed}
        )
    summary = ", ".join(changes) if changes else gettext("ingen ledige tider ændret")
    messages.success(request, f"{saved} ({summary}).")


# --- Patterns and exceptions -----------------------------------------------------------------


@staff_required
def pattern_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    caseworker = _caseworker_of(actor)
    on = today()
    return render(
        request,
        "booking/patterns.html",
        {
            "patterns": [
                {
                    "pattern": p,
                    "weekday": WEEKDAYS[p.weekday][1],
                    "channels": ", ".join(str(Channel(c).label).lower() for c in p.channels),
                }
                for p in WorkingPattern.objects.filter(caseworker=caseworker).select_related(
                    "location"
                )
            ],
            "exceptions": PatternException.objects.filter(caseworker=caseworker, date__gte=on),
            "outside": bookings_outside_hours(caseworker),
        },
    )


def _pattern_of(actor: Actor, pattern_id: int) -> WorkingPattern:
    return get_object_or_404(
        WorkingPattern,
        pk=pattern_id,
        caseworker=_caseworker_of(actor),
        organisation=actor.organisation,
    )


@staff_required
def pattern_edit(request: HttpRequest, actor: Actor, pattern_id: int | None = None) -> HttpResponse:
    caseworker = _caseworker_of(actor)
    pattern = _pattern_of(actor, pattern_id) if pattern_id is not None else None
    assert actor.organisation is not None
    form = WorkingPatternForm(
        request.POST if request.method == "POST" else None,
        organisation=actor.organisation,
        caseworker=caseworker,
        instance=pattern,
        today=today(),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            result = slots_regenerate(actor=actor, caseworker=caseworker)
        _report(request, gettext("Arbejdstiden er gemt"), result)
        return redirect("booking:patterns")
    return render(request, "booking/pattern_form.html", {"form": form, "pattern": pattern})


@staff_required
@require_POST
def pattern_delete(request: HttpRequest, actor: Actor, pattern_id: int) -> HttpResponse:
    caseworker = _caseworker_of(actor)
    pattern = _pattern_of(actor, pattern_id)
    with transaction.atomic():
        pattern.delete()
        result = slots_regenerate(actor=actor, caseworker=caseworker)
    _report(request, gettext("Arbejdstiden er slettet"), result)
    return redirect("booking:patterns")


@staff_required
def exception_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    caseworker = _caseworker_of(actor)
    assert actor.organisation is not None
    form = PatternExceptionForm(
        request.POST if request.method == "POST" else None,
        organisation=actor.organisation,
        caseworker=caseworker,
        today=today(),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            result = slots_regenerate(actor=actor, caseworker=caseworker)
        _report(request, gettext("Undtagelsen er gemt"), result)
        return redirect("booking:patterns")
    return render(request, "booking/exception_form.html", {"form": form})


@staff_required
@require_POST
def exception_delete(request: HttpRequest, actor: Actor, exception_id: int) -> HttpResponse:
    caseworker = _caseworker_of(actor)
    exception = get_object_or_404(
        PatternException, pk=exception_id, caseworker=caseworker, organisation=actor.organisation
    )
    with transaction.atomic():
        exception.delete()
        result = slots_regenerate(actor=actor, caseworker=caseworker)
    _report(request, gettext("Undtagelsen er slettet"), result)
    return redirect("booking:patterns")
