from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

OfferTypeValue = Literal[
    "vejledning_opkvalificering", "virksomhedspraktik", "loentilskud", "jobrettet_uddannelse"
]


class RecommendationIn(Schema):
    type: OfferTypeValue
    provider: str = Field(..., min_length=1, max_length=200)
    start: date
    end: date
    justification: str = Field(..., min_length=1, max_length=5000)


class OfferIn(Schema):
    type: OfferTypeValue
    provider: str = Field(..., min_length=1, max_length=200)
    start: date
    end: date
    description: str = Field("", max_length=5000)


class AcceptIn(Schema):
    note: str = Field("", max_length=5000, description="Optional note to the decision.")


class RejectIn(Schema):
    reason: str = Field(
        "",
        max_length=5000,
        description="The written reason, mandatory (R45): an empty one is refused with 422.",
    )


class OfferOut(Schema):
    id: int
    citizen: int
    type: str
    type_label: str
    provider: str
    start: date
    end: date
    description: str
    status: str
    decided_at: datetime
    participation_accepted_at: datetime | None
    recommendation: int | None


class RecommendationOut(Schema):
    id: int
    citizen: int
    akasse: str
    jobcenter: str
    type: str
    type_label: str
    provider: str
    start: date
    end: date
    justification: str
    status: Literal["pending", "accepted", "rejected"]
    created_at: datetime
    decision_reason: str
    decided_at: datetime | None
    offer: int | None


class CitizenOffersOut(Schema):
    offers: list[OfferOut]
    recommendations: list[RecommendationOut]
