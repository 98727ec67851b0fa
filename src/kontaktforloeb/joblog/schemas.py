from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema

Source = Literal["advertised", "unsolicited", "network", "employer_contact"]
Hours = Literal["full_time", "part_time"]
Status = Literal["applied", "interview", "rejected", "hired"]


class EntryOut(Schema):
    id: int
    applied_on: date
    employer: str
    title: str
    source: str
    hours: str
    place: str
    status: str
    application_text: str
    created_at: datetime
    updated_at: datetime


class EntryIn(Schema):
    """A new application. Checked by the same rules as the page; errors come back as 422 with a
    message per field in the request's language (`Accept-Language`)."""

    applied_on: date
    employer: str
    title: str
    source: Source
    hours: Hours
    place: str = ""
    status: Status = "applied"
    application_text: str = ""


class EntryPatch(Schema):
    """Fields to change; those left out keep their value."""

    applied_on: date | None = None
    employer: str | None = None
    title: str | None = None
    source: Source | None = None
    hours: Hours | None = None
    place: str | None = None
    status: Status | None = None
    application_text: str | None = None


class WeekOut(Schema):
    year: int
    week: int
    monday: date
    count: int
    required: int
    exempt: bool


class JoblogOut(Schema):
    required: bool
    per_week: int
    reason: str
    exempt_from: date | None
    exemption_applies: bool
    last_activity_at: datetime | None
    inactive: bool
    weeks: list[WeekOut]
