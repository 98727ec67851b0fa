from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

ChannelName = Literal["in_person", "phone", "video"]
TopicName = Literal["job_search", "change_trade", "competences", "cv_applications", "other"]


class SlotOut(Schema):
    id: int
    start: datetime
    end: datetime
    caseworker: str
    organisation_id: int
    channels: list[str]
    location_id: int | None
    location: str | None
    room: str | None


class SlotPage(Schema):
    items: list[SlotOut]
    # Pass as `offset` to get the next page; null on the last page.
    next_offset: int | None


class BookingOut(Schema):
    id: int
    citizen_id: int
    interview: int
    holder: str
    organisation: str
    caseworker: str
    slot_id: int
    start: datetime
    end: datetime
    channel: str
    topic: str
    topic_text: str
    akasse_participates: bool | None
    summoned: bool
    status: str
    title: str
    description: str
    address: str
    phone_to_call: str
    video_link: str
    changeable_until: datetime | None
    calendar_uid: str
    calendar_sequence: int
    replaces_id: int | None


class BookingIn(Schema):
    slot_id: int
    interview: int = Field(..., ge=1, le=99)
    channel: ChannelName
    topic: TopicName
    topic_text: str = Field("", max_length=2000)
    # R4: whether the a-kasse takes part in the first jobcentre interview after the handover.
    akasse_participates: bool | None = None


class SummonsIn(Schema):
    slot_id: int
    interview: int = Field(..., ge=1, le=99)
    channel: ChannelName
    topic: TopicName = "other"
    topic_text: str = Field("", max_length=2000)
    akasse_participates: bool | None = None


class RebookIn(Schema):
    slot_id: int
    # The channel of the new meeting; the old one's when left out.
    channel: ChannelName | None = None


class CancelIn(Schema):
    lawful_absence: bool
    reason: str = Field("", max_length=2000)


class OutcomeIn(Schema):
    outcome: Literal["held", "no_show", "cancelled_by_organisation"]
    # The channel the meeting was actually held by, when it differs from the booked one.
    channel: ChannelName | None = None
    notes: str = Field("", max_length=5000)
    lawful_absence: bool = False
    # For a no-show: the day the citizen got in touch (R48).
    contact_date: date | None = None


class DeadlineIn(Schema):
    interview: int = Field(..., ge=1, le=99)
    deadline: date
    last_meeting_date: date


class DeadlineOut(Schema):
    interview: int
    deadline: date
    last_meeting_date: date


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class OpenDeadline(Schema):
    interview: int | None
    deadline: date
    last_meeting_date: date


class SelfbookingOut(Schema):
    required: bool
    open_deadlines: list[OpenDeadline]
