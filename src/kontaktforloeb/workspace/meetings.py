"""The caseworker's day: today's meetings with topic, channel, the citizen's preparation and the
a-kasse's participation, and the outcome recorded in place (`?dato=YYYY-MM-DD` for another day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kontaktforloeb.audit.services import access_log_record
from kontaktforloeb.booking.models import Booking
from kontaktforloeb.booking.slots import COPENHAGEN
from kontaktforloeb.cases.plans import today
from kontaktforloeb.cases.selectors import citizens_visible_to
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.web.views import staff_required

from .forms import OutcomeForm

SHOWN = (Booking.Status.LIVE, Booking.Status.HELD, Booking.Status.NO_SHOW, Booking.Status.CANCELLED)


@dataclass(frozen=True)
class DayMeeting:
    booking: Booking
    form: OutcomeForm | None


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else today()
    except ValueError:
        return today()


def meetings_of_day(*, actor: Actor, day: date) -> list[Booking]:
    """The actor's own meetings on `day`, earliest first, with the preparation notes."""
    start = datetime.combine(day, time.min, tzinfo=COPENHAGEN)
    return list(
        Booking.objects.filter(
            caseworker=actor.user,
            start__gte=start,
            start__lt=start + timedelta(days=1),
            status__in=SHOWN,
            citizen__in=citizens_visible_to(actor),
        )
        .select_related("citizen", "organisation", "preparation")
        .order_by("start", "pk")
    )


@staff_required
def meetings_day(request: HttpRequest, actor: Actor) -> HttpResponse:
    day = _day(request.GET.get("dato"))
    bookings = meetings_of_day(actor=actor, day=day)
    for citizen in {booking.citizen.pk: booking.citizen for booking in bookings}.values():
        access_log_record(actor=actor, citizen=citizen, what="meetings", why="Dagens møder")
    meetings = [
        DayMeeting(
            booking,
            OutcomeForm(prefix=f"b{booking.pk}", initial={"channel": booking.channel})
            if booking.status == Booking.Status.LIVE
            else None,
        )
        for booking in bookings
    ]
    return render(
        request,
        "workspace/meetings_day.html",
        {
            "day": day,
            "is_today": day == today(),
            "previous": (day - timedelta(days=1)).isoformat(),
            "next": (day + timedelta(days=1)).isoformat(),
            "meetings": meetings,
        },
    )
