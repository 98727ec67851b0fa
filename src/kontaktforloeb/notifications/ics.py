"""The calendar entry of a meeting, as an iCalendar file the citizen's calendar can import.

One meeting keeps one UID (`Booking.calendar_uid`) through rebookings; each change raises
SEQUENCE, so the calendar updates the entry it already has instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from kontaktforloeb.booking.models import Booking

CPH = ZoneInfo("Europe/Copenhagen")


def meeting_ics(
    booking: Booking, *, summary: str, location: str, description: str, cancel: bool = False
) -> str:
    """A METHOD:REQUEST file that creates or updates the entry, or METHOD:CANCEL to remove it."""
    calendar = Calendar()
    calendar.add("prodid", "-//Kontaktforløb//kontaktforloeb.dk//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", booking.calendar_uid)
    event.add("sequence", booking.calendar_sequence)
    event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    event.add("dtstart", _local(booking.start))
    event.add("dtend", _local(booking.end))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(str(booking.organisation))
    event.add("organizer", organizer)
    if booking.citizen.email:
        attendee = vCalAddress(f"mailto:{booking.citizen.email}")
        attendee.params["cn"] = vText(booking.citizen.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return str(calendar.to_ical().decode())


def _local(moment: datetime) -> datetime:
    return moment.astimezone(CPH)
