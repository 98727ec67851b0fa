"""The CV's content as the API and the services read it: one definition of its shape."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import Field, field_validator

from .models import DRIVING_LICENCES

LanguageLevel = Literal["basic", "good", "very_good", "native"]
Hours = Literal["", "full_time", "part_time", "either"]
Licence = Literal[DRIVING_LICENCES]  # type: ignore[valid-type]
JOB_GOALS = 20  # jobs the citizen seeks, each a line of at most JOB_GOAL_LENGTH characters
JOB_GOAL_LENGTH = 200


class ExperienceRow(Schema):
    employer: str = Field("", max_length=200)
    title: str = Field("", max_length=200)
    start: date | None = None
    end: date | None = None
    description: str = Field("", max_length=2000)


class EducationRow(Schema):
    institution: str = Field("", max_length=200)
    title: str = Field("", max_length=200)
    start: date | None = None
    end: date | None = None


class LanguageRow(Schema):
    language: str = Field(max_length=100)
    level: LanguageLevel


class CvContent(Schema):
    """Everything the citizen writes in the CV; empty parts are allowed until it is submitted."""

    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=20)
    job_goals: list[Annotated[str, Field(max_length=JOB_GOAL_LENGTH)]] = Field(
        default_factory=list, max_length=JOB_GOALS
    )
    experience: list[ExperienceRow] = Field(default_factory=list, max_length=50)
    education: list[EducationRow] = Field(default_factory=list, max_length=50)
    competences: str = Field("", max_length=4000)
    languages: list[LanguageRow] = Field(default_factory=list, max_length=30)
    driving_licences: list[Licence] = Field(default_factory=list)
    hours: Hours = ""
    area: str = Field("", max_length=200)
    radius_km: int | None = Field(None, ge=0, le=1000)

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValueError("Not an e-mail address.") from None
        return value

    @field_validator("job_goals")
    @classmethod
    def _goals(cls, value: list[str]) -> list[str]:
        return [goal.strip() for goal in value if goal.strip()]


class MissingPart(Schema):
    key: str
    da: str
    en: str


class CvOut(CvContent):
    citizen_id: int
    status: Literal["draft", "submitted", "approved", "returned"]
    approver_comment: str
    submitted_at: datetime | None
    reviewed_at: datetime | None
    missing: list[MissingPart]
    complete_percent: int
    searchable: bool
    # Who approves it (R36) and by when, from the citizen's plan; null when no spell has started.
    approver: Literal["akasse", "jobcenter"] | None
    deadline: date | None


class ReturnIn(Schema):
    comment: str = Field(max_length=4000)


class CvAwaitingOut(Schema):
    citizen_id: int
    name: str
    submitted_at: datetime | None
    deadline: date | None
