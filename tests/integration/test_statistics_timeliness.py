"""Timeliness (R47) on a known population (tests/support/statistics_population.py): every figure
of our measure and of STAR's duration bands, by month, holder, group, ruleset, caseworker and
organisation, the month boundaries, a group change, an exemption, a deregistration, the a-kasse's
interview not held by the handover and the 2026-07-01 transition; who may see them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kontaktforloeb.cases.plans import plans_refresh_due
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.statistics import timeliness
from kontaktforloeb.statistics.scope import (
    BadParameter,
    Month,
    NotAllowed,
    OrganisationNotFound,
    scope_for,
)
from tests.support import statistics_population as sp
from tests.support.statistics_population import TODAY, Population


@pytest.fixture
def pop(db: None) -> Iterator[Population]:
    population = sp.build()
    with sp.on(TODAY):
        yield population


def counts(scope, month: str) -> dict[str, object]:
    return timeliness.totals(scope, Month.parse(month, TODAY), TODAY).as_dict()


def figures(due=0, on_time=0, late=0, overdue=0, open=0, exempted=0, lapsed=0, rate=None):
    return {
        "due": due,
        "on_time": on_time,
        "late": late,
        "overdue": overdue,
        "open": open,
        "exempted": exempted,
        "lapsed": lapsed,
        "rate": rate,
    }


def manager_scope(pop: Population, **filters):
    return scope_for(Actor.of_user(pop.manager), **filters)


def test_each_month_counts_the_interviews_whose_deadline_lies_in_it(pop):
    scope = manager_scope(pop)
    # K1 held on its deadline (on time), K2 due 31 August held 1 September (late, in August),
    # D1 held by the a-kasse; K5, K7 (group changed) and K8 (deregistered after the deadline)
    # overdue.
    assert counts(scope, "2026-08") == figures(6, on_time=2, late=1, overdue=3, rate=33.3)
    # K3 due 1 September and K6's first (never exempt, R64) overdue; K4 held on time.
    assert counts(scope, "2026-09") == figures(3, on_time=1, overdue=2, rate=33.3)
    # S21's municipal interviews overdue; D1's second exempted, counted apart.
    assert counts(scope, "2026-10") == figures(2, overdue=2, exempted=1, rate=0.0)
    # K9's first interview has until 19 November: nothing decided yet.
    assert counts(scope, "2026-11") == figures(1, open=1)
    # Ahead: K8's later interviews lapsed with the course; K6's excused.
    assert counts(scope, "2027-02") == figures(12, open=12, lapsed=3)
    assert counts(scope, "2027-03") == figures(3, open=3, exempted=3)


def test_the_akasse_interview_not_held_by_the_handover_is_overdue_under_the_new_law(pop):
    scope = manager_scope(pop)
    # S21: a LEAFLET-2024 spell; its first interview follows the old law, the open a-kasse
    # window follows RS2026-07 (R60) and was not held before the handover on 1 August.
    assert counts(scope, "2026-05") == figures(1, on_time=1, rate=100.0)
    assert counts(scope, "2026-07") == figures(1, overdue=1, rate=0.0)
    may = timeliness.breakdown(scope, Month(2026, 5), TODAY, "ruleset")
    july = timeliness.breakdown(scope, Month(2026, 7), TODAY, "ruleset")
    assert [(row.key, row.counts.on_time) for row in may] == [("LEAFLET-2024", 1)]
    assert [(row.key, row.counts.overdue) for row in july] == [("RS2026-07", 1)]
    july_holders = timeliness.breakdown(scope, Month(2026, 7), TODAY, "holder")
    assert [(row.key, row.counts.overdue) for row in july_holders] == [("akasse", 1)]


def test_the_trend_is_twelve_months_up_to_the_month(pop):
    rows = timeliness.trend(manager_scope(pop), Month(2026, 11), TODAY)
    assert rows[0].key.param == "2025-12"
    assert rows[-1].key.param == "2026-11"
    assert {row.key.param: row.counts.due for row in rows if row.counts.due} == {
        "2026-05": 1,
        "2026-07": 1,
        "2026-08": 6,
        "2026-09": 3,
        "2026-10": 2,
        "2026-11": 1,
    }
    # The trend's months are the same numbers as each month on its own.
    august = next(row for row in rows if row.key == Month(2026, 8))
    assert august.counts.as_dict() == counts(manager_scope(pop), "2026-08")


def test_the_breakdowns_add_up_to_the_month(pop):
    scope = manager_scope(pop)
    august = Month(2026, 8)

    def table(dimension):
        return {
            row.key: row.counts.as_dict()
            for row in timeliness.breakdown(scope, august, TODAY, dimension)
        }

    assert table("holder") == {
        "jobcenter": figures(5, on_time=1, late=1, overdue=3, rate=20.0),
        "akasse": figures(1, on_time=1, rate=100.0),
    }
    # K7 changed to aktivitetsparat within the period: its interview counts in the new group.
    assert table("group") == {
        "kontanthjaelp_jobparat": figures(4, on_time=1, late=1, overdue=2, rate=25.0),
        "dagpenge": figures(1, on_time=1, rate=100.0),
        "kontanthjaelp_aktivitetsparat": figures(1, overdue=1, rate=0.0),
    }
    assert table("ruleset") == {"RS2026-07": figures(6, on_time=2, late=1, overdue=3, rate=33.3)}
    # No teams in the model: the caseworker who recorded the interview as held.
    september = {
        row.key: row.counts.as_dict()
        for row in timeliness.breakdown(scope, Month(2026, 9), TODAY, "caseworker")
    }
    assert september == {
        pop.caseworker.pk: figures(1, on_time=1, rate=100.0),
        None: figures(2, overdue=2, rate=0.0),
    }


def test_filters_narrow_every_figure(pop):
    august = "2026-08"
    assert counts(manager_scope(pop, holder="akasse"), august) == figures(1, on_time=1, rate=100.0)
    assert counts(manager_scope(pop, group="kontanthjaelp_aktivitetsparat"), august) == figures(
        1, overdue=1, rate=0.0
    )
    assert counts(manager_scope(pop, caseworker=str(pop.caseworker.pk)), "2026-09") == figures(
        1, on_time=1, rate=100.0
    )
    assert counts(manager_scope(pop, caseworker="0"), "2026-09") == figures(2, overdue=2, rate=0.0)
    assert counts(manager_scope(pop, ruleset="LEAFLET-2024"), "2026-05") == figures(
        1, on_time=1, rate=100.0
    )


def test_the_list_behind_a_number_is_its_interviews(pop):
    scope = manager_scope(pop)
    overdue = timeliness.listed(scope, Month(2026, 8), TODAY, "overdue")
    assert sorted(item.citizen.first_name for item in overdue) == ["K5", "K7", "K8"]
    due = timeliness.listed(scope, Month(2026, 8), TODAY, "due")
    assert due.count() == 6
    lapsed = timeliness.listed(scope, Month(2027, 2), TODAY, "lapsed")
    assert {(item.citizen.first_name, item.number) for item in lapsed} == {
        ("K8", 2),
        ("K8", 3),
        ("K8", 4),
    }


def test_star_duration_bands(pop):
    bands = {
        band.key: band.as_dict()
        for band in timeliness.duration_bands(manager_scope(pop), Month(2026, 11), TODAY)
    }
    # On 16 November: 0-3 months K2, K3, K4, K6, K9; 3-6 months K1, K5, K7, D1; 6-9 months S21;
    # K8 left the course. K9's first deadline has not come (0 required, met); D1's excused
    # interview is not required.
    assert {
        key: (b["citizens"], b["required"], b["held"], b["met"]) for key, b in bands.items()
    } == {
        "0-3": (5, 4, 2, 3),
        "3-6": (4, 4, 2, 2),
        "6-9": (1, 4, 1, 0),
        "9-12": (0, 0, 0, 0),
        "12-18": (0, 0, 0, 0),
        "18-": (0, 0, 0, 0),
    }
    assert bands["0-3"]["share_met"] == 60.0
    met = timeliness.band_listed(manager_scope(pop), Month(2026, 11), TODAY, 1, "met")
    assert [person.citizen.first_name for person in met] == ["D1", "K1"]
    assert met.count() == 2


def test_a_past_month_sees_the_bands_on_its_last_day(pop):
    bands = timeliness.duration_bands(manager_scope(pop), Month(2026, 8), TODAY)
    assert timeliness.band_day(Month(2026, 8), TODAY).isoformat() == "2026-08-31"
    # On 31 August: K1, K2, K3, K5, K7, D1 (K8 had left) under 3 months; S21 at 3-6 months.
    # K1 and D1 had their first; K2's (due that day) was not held until the next: not met; K3's
    # was not due until 1 September: nothing required yet, met.
    first, second = bands[0], bands[1]
    assert (first.citizens, first.required, first.held, first.met) == (6, 5, 2, 3)
    assert (second.citizens, second.required, second.held, second.met) == (1, 2, 1, 0)


def test_scope_a_manager_sees_only_their_organisation(pop):
    akasse = scope_for(Actor.of_user(pop.ak_manager))
    # The a-kasse's members D1 and S21 only.
    assert counts(akasse, "2026-08") == figures(1, on_time=1, rate=100.0)
    assert counts(akasse, "2026-10") == figures(2, overdue=2, exempted=1, rate=0.0)
    with pytest.raises(OrganisationNotFound):
        scope_for(Actor.of_user(pop.manager), organisation=pop.ak.pk)
    with pytest.raises(NotAllowed):
        scope_for(Actor.of_user(pop.caseworker))


def test_the_administrator_sees_every_organisation_and_each_as_its_manager_does(pop):
    admin = Actor.of_user(pop.administrator)
    # O1 in Aarhus is the fourth overdue interview of August.
    assert counts(scope_for(admin), "2026-08") == figures(
        7, on_time=2, late=1, overdue=4, rate=28.6
    )
    rows = {
        row.key: row.counts.due
        for row in timeliness.breakdown(scope_for(admin), Month(2026, 8), TODAY, "organisation")
    }
    assert rows == {pop.jc.pk: 6, pop.other_jc.pk: 1, pop.ak.pk: 1}
    assert counts(scope_for(admin, organisation=pop.jc.pk), "2026-08") == counts(
        manager_scope(pop), "2026-08"
    )


def test_bad_parameters_are_named():
    with pytest.raises(BadParameter) as raised:
        Month.parse("2026-13", TODAY)
    assert raised.value.name == "month"
    assert "ÅÅÅÅ-MM" in raised.value.message("da")


def test_no_query_per_citizen(pop, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scope = manager_scope(pop)

    def run() -> int:
        with CaptureQueriesContext(connection) as queries:
            timeliness.totals(scope, Month(2026, 8), TODAY)
            timeliness.trend(scope, Month(2026, 8), TODAY)
            for dimension in ("holder", "group", "ruleset", "caseworker"):
                timeliness.breakdown(scope, Month(2026, 8), TODAY, dimension)
            timeliness.duration_bands(scope, Month(2026, 8), TODAY)
        return len(queries)

    before = run()
    for number in range(5):
        sp.register(pop.jc, TODAY, f"Ny{number}")
    with sp.on(TODAY):
        assert run() == before == 7


def per_row(scope, month: Month, today, dimension: str | None) -> dict[object, dict[str, object]]:
    """The month's rows classified one by one with `measure_of` (the day the course ended asked of
    each cancelled row) and tallied here: what the grouped queries must give."""
    items = timeliness.interview_rows(scope).filter(deadline__range=(month.first, month.last))
    if dimension == "caseworker" and scope.caseworker is None:
        items = items.annotate(caseworker=timeliness.caseworker_of())
    column = {"group": "citizen__plan__group", "ruleset": "ruleset_id", None: "kind"}.get(
        dimension, dimension
    )
    found: dict[object, timeliness.Counts] = {}
    for key, measure in items.annotate(measure=timeliness.measure_of(today)).values_list(
        column, "measure"
    ):
        found.setdefault(key, timeliness.Counts()).add(measure, 1)
    return {key: counts.as_dict() for key, counts in found.items()}


def test_the_grouped_classes_are_each_rows_class(pop):
    # A course that ended on an interview's deadline: that interview lapsed with it (the
    # deadline is not before the end); the other deregistered citizen's first one is overdue.
    ended = sp.register(pop.jc, date(2026, 8, 3), "K10")
    sp.record(ended, date(2026, 8, 10), {"type": "deregistered"})
    with sp.on(TODAY):
        plans_refresh_due(TODAY)
    admin = Actor.of_user(pop.administrator)
    scopes = [manager_scope(pop), scope_for(Actor.of_user(pop.ak_manager)), scope_for(admin)]
    for today in (date(2026, 8, 10), date(2026, 8, 11), TODAY):
        months = [Month(2026, 4).plus(step) for step in range(13)]
        for scope in scopes:
            trend = timeliness.trend(scope, months[-1], today, months=len(months))
            for month, row in zip(months, trend, strict=True):
                expected = per_row(scope, month, today, None)
                assert row.counts.as_dict() == expected.get("interview", figures()), month
                totals = timeliness.totals(scope, month, today).as_dict()
                assert totals == row.counts.as_dict()
                dimensions = ["holder", "group", "ruleset"]
                dimensions.append("organisation" if scope.organisation is None else "caseworker")
                for dimension in dimensions:
                    rows = timeliness.breakdown(scope, month, today, dimension)
                    found = {row.key: row.counts.as_dict() for row in rows}
                    if dimension == "organisation":
                        jobcenters = per_row(scope, month, today, "jobcenter")
                        akasser = per_row(scope, month, today, "akasse")
                        akasser.pop(None, None)
                        assert found == {**jobcenters, **akasser}, month
                    else:
                        assert found == per_row(scope, month, today, dimension), (month, dimension)
    august = timeliness.listed(manager_scope(pop), Month(2026, 8), TODAY, "lapsed")
    assert [(item.citizen.first_name, item.number) for item in august] == [("K10", 1)]
    assert counts(manager_scope(pop), "2026-08")["lapsed"] == 1
