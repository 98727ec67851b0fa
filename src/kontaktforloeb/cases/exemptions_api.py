"""`/api/v1/citizens/{id}/exemptions/…`: the holder's exemptions from interviews (R65) and the
municipality's from the offer (R67), with the same checks as the case page.

A citizen the caller may not see is 404; another organisation that sees the citizen but does not
hold the period gets 403; a decision the rules do not allow is 422 naming the rule; above 25 %
without a manager's approval is 422 (R66). Nothing is stored on a refusal.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from kontaktforloeb.api_errors import errors
from kontaktforloeb.organisations.access import Actor

from .exemptions import (
    Share,
    exemption_share,
    interviews_exempt,
    interviews_exemption_end,
    offer_exempt,
    offer_exemption_end,
)
from .models import CaseEvent
from .selectors import CitizenNotFound, citizen_get

router = Router(tags=["exemptions"])


class ExemptIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)
    # R66: a manager approves an exemption that takes the share above 25 %.
    approve: bool = False


class DecisionOut(Schema):
    citizen_id: int
    type: str
    date: date
    holder: str | None
    reason: str | None
    approved_by: str | None


class ExemptionShareOut(Schema):
    exempted: int
    citizens: int
    percent: float
    limit: int


class SharesOut(Schema):
    before: ExemptionShareOut
    after: ExemptionShareOut


REFUSALS = errors(403, 404, refusals=True)


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def _staff_citizen(request: HttpRequest, citizen_id: int, why: str):  # type: ignore[no-untyped-def]
    actor = _actor(request)
    if actor.is_citizen:
        raise CitizenNotFound(citizen_id)
    return actor, citizen_get(actor=actor, citizen_id=citizen_id, what="plan", why=why)


def _out(row: CaseEvent) -> DecisionOut:
    return DecisionOut(
        citizen_id=row.citizen_id,
        type=row.type,
        date=row.date,
        holder=row.data.get("holder"),
        reason=row.data.get("reason"),
        approved_by=row.data.get("approved_by"),
    )


def _share(share: Share) -> ExemptionShareOut:
    return ExemptionShareOut(
        exempted=share.exempted,
        citizens=share.citizens,
        percent=round(share.percent, 1),
        limit=share.limit,
    )


@router.post(
    "/citizens/{int:citizen_id}/exemptions/interviews",
    response={201: DecisionOut, **REFUSALS},
    summary="Excuse the citizen from the period's interviews beyond the first (R65)",
)
def exempt_interviews(request: HttpRequest, citizen_id: int, body: ExemptIn) -> Status[DecisionOut]:
    actor, citizen = _staff_citizen(request, citizen_id, "API: undtagelse fra samtaler")
    row = interviews_exempt(actor=actor, citizen=citizen, reason=body.reason, approve=body.approve)
    return Status(201, _out(row))


@router.post(
    "/citizens/{int:citizen_id}/exemptions/interviews/end",
    response={201: DecisionOut, **REFUSALS},
    summary="End the exemption from interviews (R65)",
)
def end_interviews(request: HttpRequest, citizen_id: int) -> Status[DecisionOut]:
    actor, citizen = _staff_citizen(request, citizen_id, "API: undtagelse afsluttet")
    return Status(201, _out(interviews_exemption_end(actor=actor, citizen=citizen)))


@router.post(
    "/citizens/{int:citizen_id}/exemptions/offer",
    response={201: DecisionOut, **REFUSALS},
    summary="Excuse the citizen from the offer due within six months (R67)",
)
def exempt_offer(request: HttpRequest, citizen_id: int, body: ExemptIn) -> Status[DecisionOut]:
    actor, citizen = _staff_citizen(request, citizen_id, "API: undtagelse fra tilbud")
    row = offer_exempt(actor=actor, citizen=citizen, reason=body.reason, approve=body.approve)
    return Status(201, _out(row))


@router.post(
    "/citizens/{int:citizen_id}/exemptions/offer/end",
    response={201: DecisionOut, **REFUSALS},
    summary="End the exemption from the offer (R67)",
)
def end_offer(request: HttpRequest, citizen_id: int) -> Status[DecisionOut]:
    actor, citizen = _staff_citizen(request, citizen_id, "API: undtagelse fra tilbud afsluttet")
    return Status(201, _out(offer_exemption_end(actor=actor, citizen=citizen)))


@router.get(
    "/citizens/{int:citizen_id}/exemptions/share",
    response={200: SharesOut, **errors(404)},
    summary="The organisation's exemption share now and after exempting this citizen (R66)",
)
def share(
    request: HttpRequest, citizen_id: int, kind: Literal["interviews", "offer"] = "interviews"
) -> SharesOut:
    actor, citizen = _staff_citizen(request, citizen_id, "API: undtagelsesandel")
    assert actor.organisation is not None
    before, after = exemption_share(actor.organisation, kind=kind, citizen=citizen)
    return SharesOut(before=_share(before), after=_share(after))
