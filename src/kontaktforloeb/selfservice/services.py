"""Writes the citizen makes on their own pages: preferences, preparation notes, and asking for an
interview. Booking, rebooking and cancelling are booking's services; the pages call them."""

from __future__ import annotations

from django.db import transaction

from kontaktforloeb.booking.models import Booking, PreparationNote
from kontaktforloeb.cases.models import Citizen, InterviewRequest

PREPARATION_FIELDS = ("dream_job", "acceptable_job", "necessary_job", "first_steps")


def citizen_preferences_update(
    *,
    citizen: Citizen,
    language: str,
    email: str,
    mobile: str,
    notify_by_email: bool,
    notify_by_sms: bool,
) -> Citizen:
    """Language and how messages reach the citizen. The form has checked that at least one way is
    chosen and that it has an address."""
    citizen.language = language
    citizen.email = email
    citizen.mobile = mobile
    citizen.notify_by_email = notify_by_email
    citizen.notify_by_sms = notify_by_sms
    citizen.save(update_fields=["language", "email", "mobile", "notify_by_email", "notify_by_sms"])
    return citizen


def preparation_save(
    *, citizen: Citizen, booking: Booking | None, answers: dict[str, str]
) -> PreparationNote:
    """Save the leaflet's four answers for a meeting (or, with no meeting, for the next one)."""
    values = {name: (answers.get(name) or "")[:2000] for name in PREPARATION_FIELDS}
    with transaction.atomic():
        if booking is not None:
            note, _ = PreparationNote.objects.update_or_create(
                booking=booking, defaults={"citizen": citizen, **values}
            )
            return note
        draft = PreparationNote.objects.filter(citizen=citizen, booking=None).first()
        if draft is None:
            return PreparationNote.objects.create(citizen=citizen, booking=None, **values)
        for name, value in values.items():
            setattr(draft, name, value)
        draft.save()
        return draft


def interview_request_create(*, citizen: Citizen, reason: str) -> InterviewRequest:
    """The citizen asks for an interview (R5); it stands on the responsible caseworker's list
    until it is handled. The page offers this only after the first six months."""
    return InterviewRequest.objects.create(citizen=citizen, reason=reason.strip()[:2000])
