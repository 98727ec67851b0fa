"""What a message says, in the citizen's language: receipts and reminders, with the .ics file.

A meeting receipt states what R52 lists: the citizen, date and time, channel, kind of interview,
place (address, who calls whom, or the video link), title and description, the caseworker, until
when it can be rebooked or cancelled, and for a joint interview whether the a-kasse takes part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kontaktforloeb.booking.models import Booking, Channel
from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.rules import format_date
from kontaktforloeb.web import words

from .ics import meeting_ics
from .models import Message


@dataclass
class Content:
    subject: str
    lines: list[str]
    details: list[tuple[str, str]] = field(default_factory=list)
    ics: str = ""

    def render(self, citizen: Citizen, language: str) -> tuple[str, str]:
        context = {"citizen": citizen, "lines": self.lines, "details": self.details}
        with translation.override(language):
            text = render_to_string("notifications/email/message.txt", context)
            html = render_to_string(
                "notifications/email/message.html", {**context, "subject": self.subject}
            )
        return text, html

    def sms(self) -> str:
        return " ".join([self.subject, *self.lines[:1]])


def language_of(citizen: Citizen) -> str:
    return "en" if citizen.language == "en" else "da"


def when(moment: datetime, language: str) -> str:
    """`tirsdag 10. september 2024 kl. 09.00` or `Tuesday 10 September 2024 at 09:00`."""
    local = timezone.localtime(moment)
    day = format_date(local.date(), language, weekday=True)
    if language == "en":
        return f"{day} at {local:%H:%M}"
    return f"{day} kl. {local:%H.%M}"


def _clock(moment: datetime, language: str) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M}" if language == "en" else f"{local:%H.%M}"


def _day(day: date, language: str) -> str:
    return format_date(day, language, weekday=True)


def _holder_name(booking: Booking) -> str:
    return str(booking.organisation)


def meeting_title(booking: Booking) -> str:
    return _("Samtale %(number)s med %(holder)s") % {
        "number": booking.interview,
        "holder": _holder_name(booking),
    }


def _kind(booking: Booking) -> str:
    if booking.akasse_participates is not None:
        # R68: "kommunen" for a meeting from 1 February 2026, "jobcentret" before.
        municipality = words.holder_name(
            "jobcenter", booking.start, translation.get_language() or "da"
        )
        return _("Fælles samtale med %(municipality)s og a-kassen") % {"municipality": municipality}
    if booking.interview == 1:
        return _("Første samtale")
    return _("Opfølgende samtale")


def _caseworker(booking: Booking) -> str:
    worker = booking.caseworker
    return worker.get_full_name() or worker.get_username()


def meeting_place(booking: Booking) -> str:
    if booking.channel == Channel.VIDEO:
        return _("Videomøde: %(link)s") % {"link": booking.video_link}
    if booking.channel == Channel.PHONE:
        number = booking.phone_to_call
        if number[:1].isdigit() or number.startswith("+"):
            return _("Telefonmøde: ring til %(number)s") % {"number": number}
        return _("Telefonmøde: sagsbehandleren ringer til dit mobilnummer")
    return booking.address or _("Adressen får du af din sagsbehandler")


def _changeable(booking: Booking, language: str) -> str:
    if booking.changeable_until is None:
        return _("Kontakt din sagsbehandler, hvis du vil ombooke eller aflyse.")
    return _("Du kan ombooke eller aflyse mødet indtil %(until)s.") % {
        "until": when(booking.changeable_until, language)
    }


def meeting_description(booking: Booking, language: str) -> str:
    parts = [
        _("%(kind)s med %(caseworker)s, %(holder)s.")
        % {
            "kind": _kind(booking),
            "caseworker": _caseworker(booking),
            "holder": _holder_name(booking),
        },
        _changeable(booking, language),
    ]
    return "\n".join(parts)


def _details(booking: Booking, language: str) -> list[tuple[str, str]]:
    details = [
        (_("Borger"), booking.citizen.name),
        (
            _("Tid"),
            f"{when(booking.start, language)}–{_clock(booking.end, language)}",
        ),
        (_("Samtale"), f"{meeting_title(booking)} ({_kind(booking).lower()})"),
        (_("Samtaleform"), str(Channel(booking.channel).label)),
        (_("Sted"), meeting_place(booking)),
        (_("Sagsbehandler"), f"{_caseworker(booking)}, {_holder_name(booking)}"),
        (_("Ombooking og aflysning"), _changeable(booking, language)),
    ]
    if booking.topic_text:
        details.append((_("Det vil du tale om"), booking.topic_text))
    if booking.akasse_participates is not None:
        details.append(
            (
                _("A-kassen deltager"),
                _("Ja") if booking.akasse_participates else _("Nej"),
            )
        )
    return details


def meeting_content(booking: Booking, kind: str, language: str) -> Content:
    """A receipt (booked, summons, rebooked, cancelled) or the reminder the day before."""
    with translation.override(language):
        moment = when(booking.start, language)
        cancel = kind == Message.Kind.CANCELLED
        subjects = {
            Message.Kind.BOOKED: _("Kvittering: dit møde %(when)s"),
            Message.Kind.SUMMONS: _("Indkaldelse til møde %(when)s"),
            Message.Kind.REBOOKED: _("Dit møde er flyttet til %(when)s"),
            Message.Kind.CANCELLED: _("Dit møde %(when)s er aflyst"),
            Message.Kind.MEETING_REMINDER: _("Påmindelse: du har møde i morgen, %(when)s"),
        }
        intros = {
            Message.Kind.BOOKED: _("Du har booket et møde. Her er detaljerne."),
            Message.Kind.SUMMONS: _(
                "Du er indkaldt til et møde. Du skal deltage for at bevare din ret til ydelse."
            ),
            Message.Kind.REBOOKED: _(
                "Dit møde er flyttet. Den nye tid står herunder; kalenderfilen opdaterer dit møde."
            ),
            Message.Kind.CANCELLED: _(
                "Dit møde er aflyst. Kalenderfilen fjerner mødet fra din kalender."
            ),
            Message.Kind.MEETING_REMINDER: _("Husk dit møde i morgen."),
        }
        content = Content(
            subject=subjects[Message.Kind(kind)] % {"when": moment},
            lines=[intros[Message.Kind(kind)]],
            details=_details(booking, language),
        )
        if kind != Message.Kind.MEETING_REMINDER:
            content.lines.append(_("Mødet er vedhæftet som en kalenderfil (.ics)."))
            content.ics = meeting_ics(
                booking,
                summary=meeting_title(booking),
                location=meeting_place(booking),
                description=meeting_description(booking, language),
                cancel=cancel,
            )
    return content


def deadline_content(item: PlanItem, language: str) -> Content:
    """The reminder three days before a booking deadline."""
    assert item.deadline is not None
    with translation.override(language):
        lines = [
            _("Du skal booke samtale %(number)s senest %(deadline)s.")
            % {"number": item.number, "deadline": _day(item.deadline, language)},
        ]
        if item.end is not None:
            lines.append(
                _("Mødet skal ligge senest %(last)s.") % {"last": _day(item.end, language)}
            )
        lines.append(
            _("Log ind på Kontaktforløb og vælg en tid. Hvis du ikke booker, indkalder vi dig.")
        )
        return Content(
            subject=_("Påmindelse: book din samtale senest %(deadline)s")
            % {"deadline": _day(item.deadline, language)},
            lines=lines,
        )
