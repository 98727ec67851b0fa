"""Writes of the CV. Each is one transaction; submitting and approving append `cv_published` and
`cv_approved` to the case event log, which recomputes the plan (its `cv.status` follows).

The citizen writes and submits; the approving organisation (R36, see `selectors.cv_approver`)
approves or returns with a comment. A return tells the citizen through the notifications outbox,
sent after commit. A CV written and approved before the case came here is brought in by an
operator with its history (`cv_record_history`), through the same events. Nothing else writes
`cv_published` or `cv_approved`: the events endpoint refuses them (`cases.owners`), so the CV and
the plan's CV duty always say the same.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import today
from kontaktforloeb.cases.selectors import CitizenNotFound
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.notifications.compose import Content
from kontaktforloeb.notifications.models import Message
from kontaktforloeb.notifications.services import message_write
from kontaktforloeb.organisations.access import Actor

from .completeness import cv_missing
from .errors import CvCommentRequired, CvIncomplete, CvNotAllowed, CvRefused, CvWrongStatus
from .models import Cv
from .schemas import CvContent
from .selectors import cv_approver, cv_citizen_for_approval

# The outbox's kind for the message that a CV was returned.
MESSAGE_KIND_CV_RETURNED = Message.Kind.CV_RETURNED


def _own(actor: Actor, citizen: Citizen) -> None:
    if not actor.is_citizen or actor.user is None or citizen.user_id != actor.user.pk:
        raise CvNotAllowed()


def _locked(citizen: Citizen) -> Cv:
    cv, _ = Cv.objects.get_or_create(citizen=citizen)
    return Cv.objects.select_for_update().get(pk=cv.pk)


def cv_save(*, actor: Actor, citizen: Citizen, content: CvContent) -> Cv:
    """Store what the citizen wrote. The status stays as it is: a submitted CV is reviewed as it
    now reads; an approved one stays approved, and is searchable only while it is complete."""
    _own(actor, citizen)
    data: dict[str, Any] = content.model_dump(mode="json")
    with transaction.atomic():
        cv = _locked(citizen)
        for name, value in data.items():
            setattr(cv, name, value)
        cv.save()
    return cv


def cv_submit(*, actor: Actor, citizen: Citizen) -> Cv:
    """Send the CV for approval. Refused while it lacks a part R37 requires (`CvIncomplete`
    names them), and when it is already submitted or approved."""
    _own(actor, citizen)
    with transaction.atomic():
        cv = _locked(citizen)
        if cv.status not in (Cv.Status.DRAFT, Cv.Status.RETURNED):
            raise CvWrongStatus(
                "Dit cv er allerede sendt til godkendelse eller godkendt.",
                "Your CV has already been submitted or approved.",
            )
        missing = cv_missing(cv)
        if missing:
            raise CvIncomplete(missing)
        cv.status = Cv.Status.SUBMITTED
        cv.submitted_at = timezone.now()
        cv.save(update_fields=["status", "submitted_at", "updated_at"])
        case_events_append(
            actor=actor,
            citizen=citizen,
            events=[{"type": "cv_published", "date": today().isoformat()}],
        )
    return cv


def _submitted(citizen: Citizen) -> Cv:
    cv = Cv.objects.select_for_update().filter(citizen=citizen).first()
    if cv is None or cv.status != Cv.Status.SUBMITTED:
        raise CvWrongStatus(
            "Cv'et venter ikke på godkendelse.",
            "The CV is not awaiting approval.",
        )
    return cv


def _approving(actor: Actor, citizen: Citizen) -> Citizen:
    """The citizen again through the approval gate: only the approving organisation passes."""
    if actor.is_citizen:
        raise CitizenNotFound(citizen.pk)
    return cv_citizen_for_approval(actor=actor, citizen_id=citizen.pk, why="CV-godkendelse")


def cv_approve(*, actor: Actor, citizen: Citizen) -> Cv:
    """The approving organisation approves a submitted, complete CV; `cv_approved` is appended
    with `by` (akasse or jobcenter). Anyone else: `CitizenNotFound` (404)."""
    citizen = _approving(actor, citizen)
    assert actor.organisation is not None
    with transaction.atomic():
        cv = _submitted(citizen)
        missing = cv_missing(cv)
        if missing:
            raise CvIncomplete(missing)
        cv.status = Cv.Status.APPROVED
        cv.reviewed_at = timezone.now()
        cv.reviewed_by = actor.user
        cv.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
        case_events_append(
            actor=actor,
            citizen=citizen,
            events=[
                {
                    "type": "cv_approved",
                    "date": today().isoformat(),
                    "by": str(actor.organisation.kind),
                }
            ],
        )
    return cv


def _returned_content(cv: Cv, organisation: str, language: str) -> Content:
    with translation.override(language):
        return Content(
            subject=_("Dit cv er sendt retur"),
            lines=[
                _("%(organisation)s har sendt dit cv retur med denne kommentar:")
                % {"organisation": organisation},
                cv.approver_comment,
                _("Ret dit cv på Kontaktforløb og send det til godkendelse igen."),
            ],
        )


def cv_return(*, actor: Actor, citizen: Citizen, comment: str) -> Cv:
    """The approving organisation returns a submitted CV with a comment (mandatory); the citizen
    gets a message with the comment after commit. Anyone else: `CitizenNotFound` (404)."""
    citizen = _approving(actor, citizen)
    comment = comment.strip()
    if not comment:
        raise CvCommentRequired()
    organisation = str(actor.organisation)
    with transaction.atomic():
        cv = _submitted(citizen)
        cv.status = Cv.Status.RETURNED
        cv.approver_comment = comment
        cv.reviewed_at = timezone.now()
        cv.reviewed_by = actor.user
        cv.save(
            update_fields=["status", "approver_comment", "reviewed_at", "reviewed_by", "updated_at"]
        )
        message_write(
            citizen=citizen,
            kind=MESSAGE_KIND_CV_RETURNED,
            key=f"cv:{cv.pk}:returned:{cv.reviewed_at.isoformat()}",
            compose=lambda language: _returned_content(cv, organisation, language),
        )
    return cv


# The hour of the day a CV brought in with its history is taken to have been submitted and
# approved (Europe/Copenhagen); only the days are known.
HISTORY_HOUR = time(10)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, HISTORY_HOUR))


def cv_record_history(
    *,
    actor: Actor,
    citizen: Citizen,
    content: CvContent,
    submitted_on: date,
    approved_on: date | None = None,
) -> Cv:
    """Bring in a CV with its history: written and submitted on `submitted_on`, approved on
    `approved_on` by the approving organisation (R36). For an operator at the command line (the
    demo's case histories, a move from another system): the CV, its status and days, and
    `cv_published` (and `cv_approved`) dated those days in the case log, in one transaction, so
    the CV section and the plan say the same. Refused for anyone else, for a citizen who already
    has a CV, and for a CV that is not complete (R37: it could not have been submitted)."""
    if not actor.operator:
        raise CvRefused(
            "Kun en driftsansvarlig kan indlæse et cv med dets historik.",
            "Only an operator can bring in a CV with its history.",
        )
    last = approved_on or submitted_on
    if last > today():
        raise CvRefused(
            "Et cv's historik kan ikke ligge efter i dag.",
            "A CV's history cannot lie after today.",
        )
    if approved_on is not None and approved_on < submitted_on:
        raise CvRefused(
            "Et cv kan ikke godkendes, før det er sendt til godkendelse.",
            "A CV cannot be approved before it is submitted.",
        )
    with transaction.atomic():
        if Cv.objects.filter(citizen=citizen).exists():
            raise CvWrongStatus("Borgeren har allerede et cv.", "The citizen already has a CV.")
        cv = Cv(citizen=citizen, **content.model_dump(mode="json"))
        missing = cv_missing(cv)
        if missing:
            raise CvIncomplete(missing)
        cv.status = Cv.Status.SUBMITTED if approved_on is None else Cv.Status.APPROVED
        cv.submitted_at = _at(submitted_on)
        cv.reviewed_at = _at(approved_on) if approved_on is not None else None
        cv.save()
        events: list[dict[str, Any]] = [{"type": "cv_published", "date": submitted_on.isoformat()}]
        if approved_on is not None:
            events.append(
                {"type": "cv_approved", "date": approved_on.isoformat(), "by": cv_approver(citizen)}
            )
        case_events_append(actor=actor, citizen=citizen, events=events)
    return cv
