"""Reads of CVs, always through the citizen gate (`citizens_visible_to`).

Who approves a citizen's CV comes from the plan (R36): the a-kasse for dagpenge recipients, the
jobcentre for everyone else. Only the approving organisation sees a CV awaiting approval; for the
other organisation the approval pages are 404, as if the CV did not exist.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.cases.plans import plan_current
from kontaktforloeb.cases.selectors import CitizenNotFound, citizen_get, citizens_visible_to
from kontaktforloeb.organisations.access import Actor

from .models import Cv


def cv_of(citizen: Citizen) -> Cv:
    """The citizen's CV, or a new empty one (not saved) when they have not started it."""
    cv = Cv.objects.filter(citizen=citizen).first()
    return cv if cv is not None else Cv(citizen=citizen)


def cv_approver(citizen: Citizen) -> str:
    """`akasse` or `jobcenter`, as the citizen's plan says (R36); the jobcentre when no spell has
    started, since the a-kasse approves only for dagpenge recipients."""
    document = plan_current(citizen).document("da")
    approver = (document.get("cv") or {}).get("approver") if document else None
    return str(approver) if approver in ("akasse", "jobcenter") else "jobcenter"


def _approves(actor: Actor, citizen: Citizen) -> bool:
    organisation = actor.organisation
    if organisation is None or organisation.kind != cv_approver(citizen):
        return False
    if organisation.is_akasse:
        return citizen.akasse_id == organisation.pk
    return citizen.jobcenter_id == organisation.pk


def cv_citizen_for_approval(*, actor: Actor, citizen_id: int, why: str) -> Citizen:
    """The citizen whose CV the actor's organisation approves; `CitizenNotFound` otherwise, also
    when the actor may see the citizen but the other organisation approves the CV."""
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="cv", why=why)
    if not _approves(actor, citizen):
        raise CitizenNotFound(citizen_id)
    return citizen


def cvs_awaiting_approval(*, actor: Actor) -> QuerySet[Cv]:
    """Submitted CVs the actor's organisation approves, oldest submission first. Answered from the
    plan rows' CV item (holder = approver), not by working out plans."""
    organisation = actor.organisation
    if organisation is None or not (organisation.is_akasse or organisation.is_jobcenter):
        return Cv.objects.none()
    akasse_approves = Exists(
        PlanItem.objects.filter(
            citizen_id=OuterRef("citizen_id"), kind=PlanItem.Kind.CV, holder="akasse"
        )
    )
    cvs = Cv.objects.filter(
        status=Cv.Status.SUBMITTED, citizen__in=citizens_visible_to(actor)
    ).select_related("citizen")
    cvs = cvs.filter(akasse_approves) if organisation.is_akasse else cvs.exclude(akasse_approves)
    return cvs.order_by("submitted_at", "pk")
