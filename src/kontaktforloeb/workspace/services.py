"""Writes of the workspace: interviews planned by individual assessment (R5, R6) and the
handling of citizens' requests for an interview. The citizen has come through the access gate."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from kontaktforloeb.booking.errors import NotAllowed, NotBookable
from kontaktforloeb.cases.models import Citizen, InterviewRequest
from kontaktforloeb.cases.plans import today
from kontaktforloeb.organisations.access import Actor

from .models import PlannedInterview


def _organisation_holder(actor: Actor, citizen: Citizen) -> str:
    """The holder the actor's organisation is for this citizen; staff of either only."""
    organisation = actor.organisation
    if actor.is_citizen or organisation is None:
        raise NotAllowed(
            "Kun kommunen og a-kassen kan gøre dette.",
            "Only the municipality and the a-kasse can do this.",
        )
    if organisation.pk == citizen.jobcenter_id:
        return "jobcenter"
    if organisation.pk == citizen.akasse_id:
        return "akasse"
    raise NotAllowed(
        "Kun borgerens kommune og a-kasse kan gøre dette.",
        "Only the citizen's municipality and a-kasse can do this.",
    )


def planned_interview_create(
    *, actor: Actor, citizen: Citizen, on: date, reason: str
) -> PlannedInterview:
    """Plan an interview after six months by individual assessment (R5); the actor's organisation
    holds it. Refused without a reason or in the past."""
    holder = _organisation_holder(actor, citizen)
    organisation = actor.organisation
    assert organisation is not None
    if not reason.strip():
        raise NotBookable(
            "Skriv hvorfor samtalen er planlagt.", "Say why the interview is planned."
        )
    if on < today():
        raise NotBookable(
            "Datoen er passeret. Vælg en dato fra i dag.",
            "The date has passed. Choose a date from today.",
        )
    with transaction.atomic():
        return PlannedInterview.objects.create(
            citizen=citizen,
            date=on,
            holder=holder,
            reason=reason.strip()[:2000],
            organisation=organisation,
            created_by=actor.user,
            created_by_system=actor.system_name,
        )


def interview_request_handle(
    *, actor: Actor, request: InterviewRequest, note: str
) -> InterviewRequest:
    """Mark a citizen's request for an interview handled (R5), with a note of what was done."""
    _organisation_holder(actor, request.citizen)
    if not note.strip():
        raise NotBookable(
            "Skriv hvad der er gjort ved anmodningen.", "Say what was done about the request."
        )
    with transaction.atomic():
        row = InterviewRequest.objects.select_for_update().get(pk=request.pk)
        if row.handled_at is not None:
            raise NotBookable(
                "Anmodningen er allerede behandlet.", "The request has already been handled."
            )
        row.handled_at = timezone.now()
        row.handled_by = actor.user
        row.handled_note = note.strip()[:2000]
        row.save(update_fields=["handled_at", "handled_by", "handled_note"])
    return row
