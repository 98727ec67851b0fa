"""`/api/v1/statistics/…`: the managers' figures for an organisation's own systems (its API key)
and for managers' and the administrator's sessions. The same selectors as the pages, so the
numbers are the pages' numbers; the measures are defined in `timeliness` and `exemptions`.

401 without a key or session; 403 for a session that may not see statistics (a caseworker, a
citizen); 404 for an organisation that is not the caller's (or, for the administrator, does not
exist); 422 for a month or a filter that is not one of its values, in the shape of every other
validation error: ``{"detail": [{"loc": ["query", name], "msg", "type"}]}``.
"""

from __future__ import annotations

from datetime import date
from functools import wraps
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from kontaktforloeb.api_errors import errors
from kontaktforloeb.cases.exemptions import Share
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation

from . import exemptions, timeliness
from .db import analytic
from .labels import Labels
from .scope import (
    BadParameter,
    Month,
    NotAllowed,
    OrganisationNotFound,
    organisation_for,
    scope_for,
)

router = Router(tags=["statistics"])


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str


class CountsOut(Schema):
    """Interviews due in the month by class (see `kontaktforloeb.statistics.timeliness`)."""

    due: int = Field(description="on_time + late + overdue + open")
    on_time: int = Field(description="held on or before the deadline")
    late: int = Field(description="held after the deadline")
    overdue: int = Field(description="not held, not exempted, the deadline passed in the course")
    open: int = Field(description="not held, the deadline not passed yet")
    exempted: int = Field(description="excused (R65): counted apart, not due")
    lapsed: int = Field(description="the course ended on or before the deadline: not due")
    rate: float | None = Field(description="on_time / (on_time + late + overdue), per cent")


class MonthCountsOut(CountsOut):
    month: str


class KeyedCountsOut(CountsOut):
    key: str | int | None = Field(description="the holder, group, ruleset, user or organisation")
    label: str


class BandOut(Schema):
    band: str
    from_months: int
    to_months: int | None
    citizens: int
    required: int
    held: int
    met: int
    not_met: int
    share_met: float | None


class TimelinessOut(Schema):
    organisation: OrganisationOut | None = Field(description="null: every organisation")
    month: str
    today: date
    band_day: date = Field(description="the day the duration bands are seen on")
    group: str | None
    holder: str | None
    caseworker: int | None
    ruleset: str | None
    totals: CountsOut
    trend: list[MonthCountsOut]
    by_holder: list[KeyedCountsOut]
    by_group: list[KeyedCountsOut]
    by_ruleset: list[KeyedCountsOut]
    by_caseworker: list[KeyedCountsOut] | None = Field(description="one organisation only")
    by_organisation: list[KeyedCountsOut] | None = Field(description="every organisation only")
    duration_bands: list[BandOut]


class ShareOut(Schema):
    exempted: int
    citizens: int
    percent: float
    limit: int = Field(description="R66's limit in per cent; 0 where the rule did not apply")
    status: Literal["within", "warning", "above", "none"]


class MonthShareOut(ShareOut):
    month: str
    day: date


class GroupShareOut(ShareOut):
    group: str


class OrganisationShareOut(ShareOut):
    organisation: OrganisationOut


class ExemptionsOut(Schema):
    organisation: OrganisationOut | None = Field(description="null: every organisation")
    kind: Literal["interviews", "offer"]
    today: date
    month: str
    warn_percent: int = Field(description="the setting STATISTICS_EXEMPTION_WARN_PERCENT")
    rolling: ShareOut | None = Field(description="today's share: the exemption form's number")
    months: list[MonthShareOut] | None
    by_group: list[GroupShareOut] | None
    by_organisation: list[OrganisationShareOut] | None = Field(
        description="every organisation only"
    )


ERRORS = errors(403, 404)


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def _lang(request: HttpRequest) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "da").startswith("en") else "da"


def _organisation(organisation: Organisation | None) -> OrganisationOut | None:
    return None if organisation is None else _named(organisation)


def _named(organisation: Organisation) -> OrganisationOut:
    return OrganisationOut(id=organisation.pk, kind=organisation.kind, name=organisation.name)


def _counts(counts: timeliness.Counts) -> dict[str, Any]:
    return counts.as_dict()


def _keyed(rows: list[timeliness.Row], labels: dict[Any, str]) -> list[KeyedCountsOut]:
    return [
        KeyedCountsOut(key=row.key, label=labels.get(row.key, str(row.key)), **_counts(row.counts))
        for row in rows
    ]


def _refusal(request: HttpRequest, error: Exception) -> Status[Any]:
    if isinstance(error, BadParameter):
        item = {
            "loc": ["query", error.name],
            "msg": error.message(_lang(request)),
            "type": "value_error",
        }
        return Status(422, {"detail": [item]})
    if isinstance(error, OrganisationNotFound):
        return Status(404, {"detail": "Not found."})
    return Status(403, {"detail": "Statistics are for managers and organisation systems."})


class TimelinessQuery(Schema):
    month: str | None = Field(None, description="YYYY-MM, the month of the deadlines; default now")
    organisation: int | None = Field(None, description="the administrator: one organisation")
    group: str | None = None
    holder: str | None = Field(None, description="akasse, jobcenter or anden_aktoer")
    caseworker: int | None = Field(None, description="a user id; 0: no caseworker")
    ruleset: str | None = Field(None, description="the ruleset that set the requirement")


def _analytic(handler: Any) -> Any:
    """Run the handler's queries with PostgreSQL's JIT off (`db.analytic`)."""

    @wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with analytic():
            return handler(*args, **kwargs)

    return wrapper


@router.get(
    "/timeliness",
    response={200: TimelinessOut, **ERRORS},
    summary="Timeliness of interviews (R47): our measure per month and STAR's duration bands",
)
@_analytic
def timeliness_figures(
    request: HttpRequest, filters: Query[TimelinessQuery]
) -> Status[Any] | TimelinessOut:
    actor = _actor(request)
    today = timezone.localdate()
    try:
        scope = scope_for(
            actor,
            organisation=filters.organisation,
            group=filters.group,
            holder=filters.holder,
            caseworker=None if filters.caseworker is None else str(filters.caseworker),
            ruleset=filters.ruleset,
        )
        month = Month.parse(filters.month, today)
    except (BadParameter, NotAllowed, OrganisationNotFound) as error:
        return _refusal(request, error)
    labels = Labels(today, scope.organisation)

    def breakdown(dimension: str) -> list[KeyedCountsOut]:
        rows = timeliness.breakdown(scope, month, today, dimension)
        return _keyed(rows, labels.of(dimension, [row.key for row in rows]))

    return TimelinessOut(
        organisation=_organisation(scope.organisation),
        month=month.param,
        today=today,
        band_day=timeliness.band_day(month, today),
        group=scope.group or None,
        holder=scope.holder or None,
        caseworker=scope.caseworker,
        ruleset=scope.ruleset or None,
        totals=CountsOut(**_counts(timeliness.totals(scope, month, today))),
        trend=[
            MonthCountsOut(month=row.key.param, **_counts(row.counts))
            for row in timeliness.trend(scope, month, today)
        ],
        by_holder=breakdown("holder"),
        by_group=breakdown("group"),
        by_ruleset=breakdown("ruleset"),
        by_caseworker=breakdown("caseworker") if scope.organisation is not None else None,
        by_organisation=breakdown("organisation") if scope.organisation is None else None,
        duration_bands=[
            BandOut(**band.as_dict()) for band in timeliness.duration_bands(scope, month, today)
        ],
    )


class ExemptionsQuery(Schema):
    kind: str = Field("interviews", description="interviews (R65) or offer (R67)")
    month: str | None = Field(None, description="YYYY-MM, the last month of the trend")
    organisation: int | None = Field(None, description="the administrator: one organisation")


def _share(share: Share) -> dict[str, Any]:
    return exemptions.share_dict(share)


@router.get(
    "/exemptions",
    response={200: ExemptionsOut, **ERRORS},
    summary="The exemption share against the 25 % limit (R66, R67), rolling and per month",
)
@_analytic
def exemption_figures(
    request: HttpRequest, filters: Query[ExemptionsQuery]
) -> Status[Any] | ExemptionsOut:
    actor = _actor(request)
    today = timezone.localdate()
    try:
        organisation = organisation_for(actor, filters.organisation)
        month = Month.parse(filters.month, today)
        if filters.kind not in exemptions.KINDS or (
            organisation is not None and filters.kind not in exemptions.kinds_of(organisation)
        ):
            raise BadParameter(
                "kind",
                "Art skal være interviews eller offer; offer kun for en kommune.",
                "kind must be interviews or offer; offer for a municipality only.",
            )
    except (BadParameter, NotAllowed, OrganisationNotFound) as error:
        return _refusal(request, error)
    kind = filters.kind
    common: dict[str, Any] = {
        "organisation": _organisation(organisation),
        "kind": kind,
        "today": today,
        "month": month.param,
        "warn_percent": exemptions.warn_percent(),
    }
    if organisation is None:
        return ExemptionsOut(
            **common,
            rolling=None,
            months=None,
            by_group=None,
            by_organisation=[
                OrganisationShareOut(organisation=_named(row.key), **_share(row.share))
                for row in exemptions.per_organisation(kind, today)
            ],
        )
    return ExemptionsOut(
        **common,
        rolling=ShareOut(**_share(exemptions.rolling(organisation, kind, today))),
        months=[
            MonthShareOut(month=row.key.param, day=row.day, **_share(row.share))
            for row in exemptions.monthly(organisation, kind, month, today)
        ],
        by_group=[
            GroupShareOut(group=row.key, **_share(row.share))
            for row in exemptions.by_group(organisation, kind, today)
        ],
        by_organisation=None,
    )
