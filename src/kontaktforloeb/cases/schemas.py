from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class CitizenOut(Schema):
    id: int
    masked_cpr: str
    name: str
    jobcenter: str
    municipality_code: int | None
    akasse: str | None


class EventsIn(Schema):
    events: list[dict[str, Any]] = Field(
        ...,
        min_length=1,
        max_length=500,
        description="Events in the vocabulary of the plan contract, stored all or none.",
        examples=[
            [
                {
                    "type": "dagpenge_paid",
                    "date": "2024-10-05",
                    "from": "2024-09-01",
                    "to": "2024-09-30",
                    "hours": "148.00",
                }
            ]
        ],
    )


class EventOut(Schema):
    id: int
    type: str
    date: date
    data: dict[str, Any]
    recorded_at: datetime
    recorded_by: str
    organisation: str | None
