"""Checks the booking services make before they write (R19, R22), as domain errors.

Each error carries its message in Danish and English; ``str()`` is the Danish one.
"""

from __future__ import annotations

from datetime import date

from kontaktforloeb.rules.dates import format_date
from kontaktforloeb.rules.snapshot import snapshot_on


class BookingRuleError(ValueError):
    """A booking or deadline the rules refuse, with a message for the citizen or caseworker."""

    rule = ""

    def __init__(self, message_da: str, message_en: str) -> None:
        self.message_da = message_da
        self.message_en = message_en
        super().__init__(message_da)

    def message(self, lang: str = "da") -> str:
        return self.message_en if lang == "en" else self.message_da


class ChannelNotAllowed(BookingRuleError):
    """R19: the first interview of the spell is held in person."""

    rule = "R19"


class DeadlineTooShort(BookingRuleError):
    """R22: a booking deadline is at least the minimum number of days after it is issued."""

    rule = "R22"


def check_booking_channel(required_channel: str | None, channel: str) -> None:
    """Refuse a booking whose channel the interview does not allow (``required_channel`` is the
    plan's ``required_channel`` of that interview)."""
    if required_channel is not None and channel != required_channel:
        raise ChannelNotAllowed(
            "Den første samtale skal holdes ved personligt fremmøde. Vælg personligt fremmøde; "
            "de næste samtaler kan du holde på telefon eller video.",
            "The first interview must be held in person. Choose in person; you can hold the next "
            "interviews by phone or video.",
        )


def check_deadline_length(issued_on: date, deadline: date) -> None:
    """Refuse a booking deadline shorter than the minimum (R22): use a summons instead."""
    minimum = snapshot_on(issued_on).integer("booking/minimum_deadline_days")
    days = (deadline - issued_on).days
    if days < minimum:
        raise DeadlineTooShort(
            f"En frist til at booke skal være mindst {minimum} dage; fristen "
            f"{format_date(deadline, 'da')} er kun {days} dage efter "
            f"{format_date(issued_on, 'da')}. Indkald borgeren i stedet.",
            f"A booking deadline must be at least {minimum} days; the deadline "
            f"{format_date(deadline, 'en')} is only {days} days after "
            f"{format_date(issued_on, 'en')}. Summon the citizen instead.",
        )
