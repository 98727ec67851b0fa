"""`/api/v1/statistics/capacity`: the capacity forecast of the next 12 weeks (`capacity`), the
page's figures, for an organisation's own systems (its API key) and for managers' and the
administrator's sessions. The administrator names the organisation (one organisation's free times
cannot serve another's citizens).

401 without a key or session; 403 for a session that may not see statistics; 404 for an
organisation that is not the caller's (or does not exist); 422 for an organisation that is not a
number, or missing for the administrator.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from . import capacity
from .api import ERRORS, OrganisationOut, _actor, _named, _refusal
from .db import analytic
from .scope import BadParameter, NotAllowed, OrganisationNotFound, organisation_for

router = Router(tags=["statistics"])


class NeedOut(Schema):
    total: int
    in_person: int = Field(description="needing an in-person time (required_channel in_person)")
    any_channel: int = Field(description="a time of any channel will do")


class SupplyOut(Schema):
    total: int = Field(description="free times (a time offering several channels counts once)")
    in_person: int
    phone: int
    video: int


class CapacityWeekOut(Schema):
    number: int = Field(description="1 is the current week")
    week: str = Field(description="the ISO week, e.g. 2027-W02")
    monday: date
    sunday: date
    by_target: NeedOut = Field(description="interviews whose target date is in the week")
    by_deadline: NeedOut = Field(
        description="interviews whose deadline is in the week; week 1 includes those overdue"
    )
    overdue: NeedOut = Field(description="of by_deadline: the deadline has passed (week 1 only)")
    supply: SupplyOut
    due_so_far: NeedOut = Field(description="by_deadline, weeks 1 to this one")
    free_so_far: SupplyOut = Field(description="supply, weeks 1 to this one")
    publish_in_person: int = Field(
        description="in-person times to publish at the latest this week to keep every deadline"
    )
    publish_any: int = Field(description="times of any channel to publish at the latest this week")
    behind_plan: int = Field(description="interviews the plan puts in the week beyond its times")
    status: str = Field(description="short, behind_plan or enough")


class LocationOut(Schema):
    location: int | None = Field(description="the location's id; null: times without a location")
    weeks: list[SupplyOut]


class CapacityOut(Schema):
    organisation: OrganisationOut
    today: date
    shortfall: int = Field(description="times to publish over the 12 weeks to keep every deadline")
    shortfall_in_person: int = Field(description="of which in-person times")
    weeks: list[CapacityWeekOut]
    locations: list[LocationOut]


class CapacityQuery(Schema):
    organisation: int | None = Field(None, description="the administrator: the organisation")


def _need(need: capacity.Need) -> NeedOut:
    return NeedOut(total=need.total, in_person=need.in_person, any_channel=need.any_channel)


def _supply(supply: capacity.Supply) -> SupplyOut:
    return SupplyOut(
        total=supply.total, in_person=supply.in_person, phone=supply.phone, video=supply.video
    )


def _week(week: capacity.WeekFigures) -> CapacityWeekOut:
    return CapacityWeekOut(
        number=week.week.number,
        week=week.week.key,
        monday=week.week.monday,
        sunday=week.week.sunday,
        by_target=_need(week.by_target),
        by_deadline=_need(week.by_deadline),
        overdue=_need(week.overdue),
        supply=_supply(week.supply),
        due_so_far=_need(week.due_so_far),
        free_so_far=_supply(week.free_so_far),
        publish_in_person=week.publish_in_person,
        publish_any=week.publish_any,
        behind_plan=week.behind_plan,
        status=week.status,
    )


@router.get(
    "/capacity",
    response={200: CapacityOut, **ERRORS},
    summary="Capacity forecast: interviews to hold against free times, 12 weeks ahead",
)
def capacity_figures(
    request: HttpRequest, filters: Query[CapacityQuery]
) -> Status[Any] | CapacityOut:
    actor = _actor(request)
    today = timezone.localdate()
    try:
        organisation = organisation_for(actor, filters.organisation)
        if organisation is None:
            raise BadParameter(
                "organisation",
                "Vælg organisationen: prognosen er for én organisation ad gangen.",
                "Name the organisation: the forecast is for one organisation at a time.",
            )
    except (BadParameter, NotAllowed, OrganisationNotFound) as error:
        return _refusal(request, error)
    with analytic():
        result = capacity.forecast(actor, organisation, today)
    return CapacityOut(
        organisation=_named(organisation),
        today=today,
        shortfall=result.shortfall,
        shortfall_in_person=result.shortfall_in_person,
        weeks=[_week(week) for week in result.weeks],
        locations=[
            LocationOut(location=row.location_id, weeks=[_supply(supply) for supply in row.weeks])
            for row in result.locations
        ],
    )
