"""`POST /api/v1/citizens/{id}/consequences/decisions`: the deciding organisation's decision on a
consequence the rules found (R25, R26, R48, R49), with the same checks as the case page.

A citizen the caller may not see is 404; the other organisation that sees the citizen gets 403
naming who decides; no such consequence in the plan, no reason or a second decision is 422.
Nothing is stored on a refusal.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from kontaktforloeb.api_errors import errors
from kontaktforloeb.organisations.access import Actor

from .consequences import consequence_decide, decided_by
from .models import CaseEvent
from .selectors import CitizenNotFound, citizen_get

router = Router(tags=["consequences"])


class DecisionIn(Schema):
    consequence: Literal["deregistered", "deduction_basis", "lost_day"] = Field(
        ..., description="The consequence's type, as in the plan's `consequences`."
    )
    from_: date = Field(..., alias="from", description="The consequence's first day (`from`).")
    decision: Literal["imposed", "not_imposed"]
    reason: str = Field(..., max_length=2000, description="Why; required, not blank.")


class ConsequenceDecisionOut(Schema):
    id: int
    citizen_id: int
    consequence: str
    from_: date = Field(..., alias="from")
    decision: str
    reason: str
    decided_on: date
    decided_by: str
    organisation: str | None
    recorded_at: datetime


def _out(row: CaseEvent) -> ConsequenceDecisionOut:
    return ConsequenceDecisionOut.model_validate(
        {
            "id": row.pk,
            "citizen_id": row.citizen_id,
            "consequence": row.data["consequence"],
            "from": row.data["from"],
            "decision": row.data["decision"],
            "reason": row.data["reason"],
            "decided_on": row.date,
            "decided_by": decided_by(row),
            "organisation": str(row.organisation) if row.organisation else None,
            "recorded_at": row.recorded_at,
        }
    )


@router.post(
    "/citizens/{int:citizen_id}/consequences/decisions",
    response={201: ConsequenceDecisionOut, **errors(403, 404, refusals=True)},
    by_alias=True,
    summary="Decide a consequence the rules found (R25, R26, R48, R49)",
    description=(
        "The a-kasse decides its members' dagpenge consequences (deregistered, lost_day), the "
        "municipality the deduction basis. The consequence must be in the citizen's plan "
        "(`type` and `from`), the reason is required, and a consequence is decided once. 403 "
        "names who decides; 422 says why, in the request's language; nothing is stored then."
    ),
)
def decide(
    request: HttpRequest, citizen_id: int, body: DecisionIn
) -> Status[ConsequenceDecisionOut]:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    if actor.is_citizen:
        raise CitizenNotFound(citizen_id)
    citizen = citizen_get(
        actor=actor, citizen_id=citizen_id, what="plan", why="API: afgørelse om konsekvens"
    )
    row = consequence_decide(
        actor=actor,
        citizen=citizen,
        consequence_type=body.consequence,
        from_date=body.from_,
        decision=body.decision,
        reason=body.reason,
    )
    return Status(201, _out(row))
