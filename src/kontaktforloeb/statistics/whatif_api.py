"""`/api/v1/statistics/what-if`: Hvad nu hvis for an organisation's own systems and for managers'
and the administrator's sessions, the page's figures (`whatif_pool.figures`).

The statuses are the other statistics operations': 401 without a key or session, 403 for a
session that may not see statistics, 404 for an organisation that is not the caller's (or, for
the administrator, does not exist), 422 for a ruleset, value or number of weeks that is not one
of its values, ``{"detail": [{"loc": ["query", name], "msg", "type"}]}``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from . import whatif, whatif_pool
from .api import ERRORS, OrganisationOut, _actor, _lang, _organisation, _refusal
from .db import analytic
from .scope import HOLDERS, BadParameter, NotAllowed, OrganisationNotFound, organisation_for

router = Router(tags=["statistics"])


class WhatIfQuery(Schema):
    ruleset: str | None = Field(
        None, description="a ruleset for every course; empty: the law in force for each course"
    )
    organisation: int | None = Field(None, description="the administrator: one organisation")
    weeks: str | None = Field(None, description="12 (the default) or 26")
    akasse_count: str | None = Field(None, description="interviews/dagpenge_akasse_count, 1-6")
    akasse_months: str | None = Field(
        None, description="interviews/dagpenge_akasse_window_months, 1-6"
    )
    jobcenter_count: str | None = Field(
        None, description="interviews/dagpenge_jobcenter_count, 0-6"
    )
    handover_hours: str | None = Field(
        None, description="handover/dagpenge_hours_threshold, 160-1000 hours"
    )
    trial_months: str | None = Field(None, description="trials/early_period_months, 1-8")


class HolderCountsOut(Schema):
    akasse: int
    jobcenter: int
    anden_aktoer: int
    total: int


class WhatIfWeekOut(Schema):
    week_start: date = Field(description="the Monday the week begins on")
    today: HolderCountsOut
    scenario: HolderCountsOut
    difference: int = Field(description="scenario total - today total")


class OverdueOut(Schema):
    today: HolderCountsOut
    scenario: HolderCountsOut
    difference: int


class TimelinessSideOut(Schema):
    on_time: int
    late: int
    overdue: int
    rate: float | None = Field(description="on_time / (on_time + late + overdue), per cent")


class WhatIfTimelinessOut(Schema):
    today: TimelinessSideOut
    scenario: TimelinessSideOut


class ValueOut(Schema):
    key: str
    parameter: str
    value: int | str = Field(description="as the parameter files write it (hours: '300.00')")


class ScenarioOut(Schema):
    ruleset: str | None = Field(description="null: the law in force for each course")
    values: list[ValueOut]
    engine_ruleset: str | None = Field(
        description="the ruleset id the engine computed it with: a hypothetical WHATIF-… "
        "variant where values are replaced"
    )


class WhatIfOut(Schema):
    organisation: OrganisationOut | None = Field(description="null: every organisation")
    today: date
    weeks: int
    population: str = Field(description="the population version the figures are for")
    citizens: int = Field(description="citizens with a course, the same on both sides")
    scenario: ScenarioOut
    demand: list[WhatIfWeekOut] = Field(
        description="required interviews with their deadline in the week, not held, exempted "
        "or lapsed, per holder"
    )
    overdue: OverdueOut = Field(
        description="deadline before today, not held, exempted or lapsed, the course running"
    )
    timeliness: WhatIfTimelinessOut = Field(
        description="the interviews with their deadline in the `weeks` weeks before this week"
    )


class KnobOut(Schema):
    key: str
    parameter: str
    rule: str
    label: str
    minimum: int
    maximum: int
    unit: str = Field(description="hours, or a whole number of interviews or months")


class WhatIfParametersOut(Schema):
    rulesets: list[str]
    weeks: list[int]
    parameters: list[KnobOut]


def _holders(counts: list[int]) -> HolderCountsOut:
    return HolderCountsOut(**dict(zip(HOLDERS, counts, strict=True)), total=sum(counts))


def _timeliness(side: whatif.Tally) -> TimelinessSideOut:
    return TimelinessSideOut(
        on_time=side.on_time, late=side.late, overdue=side.past_overdue, rate=side.timeliness
    )


def _scenario(scenario: whatif.Scenario) -> ScenarioOut:
    by_parameter = {knob.parameter: knob for knob in whatif.KNOBS}
    return ScenarioOut(
        ruleset=scenario.ruleset or None,
        values=[
            ValueOut(key=by_parameter[name].key, parameter=name, value=value)  # type: ignore[arg-type]
            for name, value in scenario.values
        ],
        engine_ruleset=scenario.engine_id,
    )


@router.get(
    "/what-if/parameters",
    response={200: WhatIfParametersOut, **ERRORS},
    summary="What a what-if may vary: the rulesets, the weeks and the parameters with ranges",
)
def whatif_parameters(request: HttpRequest) -> Status[Any] | WhatIfParametersOut:
    try:
        organisation_for(_actor(request), None)
    except (NotAllowed, OrganisationNotFound) as error:
        return _refusal(request, error)
    from kontaktforloeb.rules import RULESETS

    lang = _lang(request)
    return WhatIfParametersOut(
        rulesets=list(RULESETS),
        weeks=list(whatif.WEEKS),
        parameters=[
            KnobOut(
                key=knob.key,
                parameter=knob.parameter,
                rule=knob.rule,
                label=knob.label_in(lang),
                minimum=knob.minimum,
                maximum=knob.maximum,
                unit="hours" if knob.hours else "count",
            )
            for knob in whatif.KNOBS
        ],
    )


@router.get(
    "/what-if",
    response={200: WhatIfOut, **ERRORS},
    summary="What if: a ruleset or parameter values tried beside the law in force",
)
def whatif_figures(request: HttpRequest, filters: Query[WhatIfQuery]) -> Status[Any] | WhatIfOut:
    actor = _actor(request)
    today = timezone.localdate()
    try:
        organisation = organisation_for(actor, filters.organisation)
        weeks = whatif.weeks_from(filters.weeks)
        values = {knob.key: getattr(filters, knob.key) for knob in whatif.KNOBS}
        scenario = whatif.scenario_from(filters.ruleset, values)
    except (BadParameter, NotAllowed, OrganisationNotFound) as error:
        return _refusal(request, error)
    with analytic():  # PostgreSQL's JIT off for the population's queries (db.analytic)
        found = whatif_pool.figures(organisation, scenario, today, weeks)
    side, other = found.today, found.result
    return WhatIfOut(
        organisation=_organisation(organisation),
        today=today,
        weeks=weeks,
        population=found.population,
        citizens=side.citizens,
        scenario=_scenario(scenario),
        demand=[
            WhatIfWeekOut(
                week_start=monday,
                today=_holders(side.demand[week]),
                scenario=_holders(other.demand[week]),
                difference=other.week_total(week) - side.week_total(week),
            )
            for week, monday in enumerate(found.mondays)
        ],
        overdue=OverdueOut(
            today=_holders(side.overdue),
            scenario=_holders(other.overdue),
            difference=other.overdue_total - side.overdue_total,
        ),
        timeliness=WhatIfTimelinessOut(today=_timeliness(side), scenario=_timeliness(other)),
    )
