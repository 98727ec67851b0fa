"""Domain errors of booking, each with its message in Danish and English.

They extend the rules engine's `BookingRuleError` (which also carries R19's `ChannelNotAllowed`
and R22's `DeadlineTooShort`), so pages and the API map one family of errors to messages.
"""

from __future__ import annotations

from kontaktforloeb.rules import BookingRuleError


class SlotTaken(BookingRuleError):
    """Someone else booked the time first (or it overlaps a meeting just booked)."""

    rule = "R23"

    def __init__(self) -> None:
        super().__init__(
            "Den tid blev lige taget af en anden. Vælg en anden tid.",
            "That time was just taken. Please choose another.",
        )


class SlotUnavailable(BookingRuleError):
    def __init__(self, message_da: str, message_en: str) -> None:
        super().__init__(message_da, message_en)


class ChannelNotOffered(BookingRuleError):
    rule = "R19"

    def __init__(self) -> None:
        super().__init__(
            "Den valgte samtaleform tilbydes ikke på denne tid. Vælg en anden samtaleform.",
            "This time does not offer the chosen channel. Please choose another channel.",
        )


class AfterLastMeetingDate(BookingRuleError):
    rule = "R22"


class OverlappingMeeting(BookingRuleError):
    rule = "R52"

    def __init__(self) -> None:
        super().__init__(
            "Du har allerede et møde med kommunen eller a-kassen på det tidspunkt. "
            "Vælg en anden tid.",
            "You already have a meeting with the municipality or the a-kasse at that time. "
            "Please choose another time.",
        )


class AlreadyBooked(BookingRuleError):
    rule = "R23"

    def __init__(self, interview: int) -> None:
        super().__init__(
            f"Du har allerede booket samtale {interview}. Ombook den i stedet.",
            f"You have already booked interview {interview}. Rebook it instead.",
        )


class NotBookable(BookingRuleError):
    """The interview cannot be booked now (held, not due, or self-booking is not allowed)."""


class NotAllowed(BookingRuleError):
    """The actor may not do this (e.g. an a-kasse summoning to a jobcentre interview)."""
