"""Hvad nu hvis on the known population (tests/support/statistics_population.py), seen on TODAY
(Monday 16 November 2026), for the next 12 weeks (week 0 starts on TODAY):

- demand under the law in force: K9's first interview (19 November) in week 0; K5's three
  (27 January 2027) and D1's two municipal interviews (29 January, RS2026-07) in week 10; K1's
  and K7's three (3 February; K7 changed group, same period) in week 11. K6's are exempted (R65),
  K8's lapsed (deregistered), the others fall later.
- overdue on TODAY: S21's second a-kasse interview (31 July, the 2026-07-01 transition) and its
  two municipal ones, K3, K5, K6 and K7's first; K8's course ended, so its first is not.
- the 12 weeks before: K4 on time, K2 late, K3, K6 and S21's two municipal interviews overdue
  (D1's exempted one is not counted): 1 of 6 on time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.statistics import whatif, whatif_pool
from kontaktforloeb.statistics.scope import (
    BadParameter,
    NotAllowed,
    OrganisationNotFound,
    organisation_for,
)
from tests.support import statistics_population as sp
from tests.support.statistics_population import TODAY, Population

WEEKS = 12
TODAY_DEMAND = {0: [0, 1, 0], 10: [0, 5, 0], 11: [0, 6, 0]}


@pytest.fixture
def pop(db: None) -> Iterator[Population]:
    whatif_pool.forget()
    population = sp.build()
    with sp.on(TODAY):
        yield population
    whatif_pool.forget()


def weeks(demand: dict[int, list[int]]) -> list[list[int]]:
    return [demand.get(week, [0, 0, 0]) for week in range(WEEKS)]


def run(organisation, scenario: whatif.Scenario) -> whatif.WhatIf:
    return whatif_pool.figures(organisation, scenario, TODAY, WEEKS)


def test_the_law_in_force_on_the_known_population(pop):
    found = run(pop.jc, whatif.TODAY)
    today = found.today
    assert found.result is today
    assert today.citizens == 11
    assert today.demand == weeks(TODAY_DEMAND)
    assert today.overdue == [1, 6, 0]
    assert (today.on_time, today.late, today.past_overdue) == (1, 1, 4)
    assert today.timeliness == 16.7
    assert found.mondays[0] == TODAY and found.mondays[-1] == TODAY + timedelta(weeks=11)


def test_the_law_in_force_is_the_stored_plans_demand(pop):
    # The stored plan rows were worked out by plan() for TODAY: the what-if's today side, from
    # the compiled deadlines path, asks for the same interviews in the same weeks.
    found = run(None, whatif.TODAY)
    stored = [[0, 0, 0] for _ in range(WEEKS)]
    rows = PlanItem.objects.filter(
        kind=PlanItem.Kind.INTERVIEW,
        status__in=whatif.DEMAND,
        deadline__gte=TODAY,
        deadline__lt=TODAY + timedelta(weeks=WEEKS),
    )
    for row in rows:
        assert row.deadline is not None
        stored[(row.deadline - TODAY).days // 7][whatif.HOLDERS.index(row.holder)] += 1
    assert found.today.demand == stored
    overdue = PlanItem.objects.filter(kind=PlanItem.Kind.INTERVIEW, status="overdue")
    assert found.today.overdue_total == overdue.count()


def test_leaflet_2024_for_every_spell(pop):
    # D1 gets LEAFLET-2024's third municipal interview (week 10) and three a-kasse interviews,
    # whose second and third are overdue (R65's exemption is not in that law); S21 keeps its own
    # law: three a-kasse interviews (two overdue) and three municipal ones, all overdue.
    found = run(pop.jc, whatif.Scenario("LEAFLET-2024"))
    assert found.today.demand == weeks(TODAY_DEMAND)
    assert found.result.demand == weeks({0: [0, 1, 0], 10: [0, 6, 0], 11: [0, 6, 0]})
    assert found.result.overdue == [4, 7, 0]
    assert (found.result.on_time, found.result.late, found.result.past_overdue) == (1, 1, 7)
    assert found.result.week_total(10) - found.today.week_total(10) == 1


def test_a_value_reaches_the_window_open_on_the_change_of_law(pop):
    # Three a-kasse interviews under the law in force: S21's window, open on 1 July 2026, follows
    # RS2026-07 (R60) with the value, so a third a-kasse interview is overdue; D1's third is
    # exempted with its second (R65).
    scenario = whatif.scenario_from("", {"akasse_count": "3"})
    assert scenario.engine_id is not None and scenario.engine_id.startswith("WHATIF-")
    found = run(pop.jc, scenario)
    assert found.result.demand == weeks(TODAY_DEMAND)
    assert found.result.overdue == [2, 6, 0]


def test_figures_are_kept_per_scenario_and_population_version(pop):
    scenario = whatif.Scenario("LEAFLET-2024")
    first = run(pop.jc, scenario)
    again = run(pop.jc, scenario)
    assert not first.cached and again.cached
    assert again.result.overdue == first.result.overdue
    # A new event is a new population version: worked out again, with the new figures.
    sp.record(pop.people["K9"], TODAY, sp.held())
    after = run(pop.jc, whatif.TODAY)
    assert after.population != first.population and not after.cached
    assert after.today.demand[0] == [0, 0, 0]


def test_the_administrator_sees_the_whole_country(pop):
    administrator = Actor.of_user(pop.administrator)
    assert organisation_for(administrator, None) is None
    found = run(None, whatif.TODAY)
    # O1 of Aarhus: its first interview overdue, its next three in week 11.
    assert found.today.citizens == 12
    assert found.today.demand == weeks({0: [0, 1, 0], 10: [0, 5, 0], 11: [0, 9, 0]})
    assert found.today.overdue == [1, 7, 0]
    aarhus = run(organisation_for(administrator, pop.other_jc.pk), whatif.TODAY)
    assert aarhus.today.citizens == 1


def test_only_managers_see_their_own_organisation(pop):
    with pytest.raises(OrganisationNotFound):
        organisation_for(Actor.of_user(pop.manager), pop.other_jc.pk)
    with pytest.raises(NotAllowed):
        organisation_for(Actor.of_user(pop.caseworker), None)
    assert organisation_for(Actor.of_user(pop.ak_manager), None) == pop.ak
    # The a-kasse's manager: its members S21 and D1.
    assert run(pop.ak, whatif.TODAY).today.citizens == 2


@pytest.mark.parametrize(
    ("ruleset", "values", "field"),
    [
        ("RS1999", {}, "ruleset"),
        ("", {"akasse_count": "0"}, "akasse_count"),
        ("", {"akasse_count": "2.5"}, "akasse_count"),
        ("", {"handover_hours": "mange"}, "handover_hours"),
        ("", {"trial_months": "9"}, "trial_months"),
    ],
)
def test_a_bad_scenario_is_refused_with_its_field(ruleset, values, field):
    with pytest.raises(BadParameter) as refused:
        whatif.scenario_from(ruleset, values)
    assert refused.value.name == field
    assert refused.value.message("da") and refused.value.message("en")


def test_values_are_written_as_the_parameter_files_write_them():
    scenario = whatif.scenario_from(
        "RS2026-07", {"handover_hours": "300", "akasse_count": " 4 ", "jobcenter_count": ""}
    )
    assert scenario.values == (
        ("handover/dagpenge_hours_threshold", "300.00"),
        ("interviews/dagpenge_akasse_count", 4),
    )
    assert whatif.weeks_from("26") == 26
    with pytest.raises(BadParameter):
        whatif.weeks_from("13")


def test_only_the_changed_citizens_are_read_again(pop, monkeypatch):
    monkeypatch.setattr(whatif_pool, "REREAD_SHARE", 1.0)
    before = whatif_pool.population(pop.jc)
    assert whatif_pool.population(pop.jc) is before
    # An event of another organisation's citizen leaves the population as it was.
    sp.record(pop.people["O1"], TODAY, sp.held())
    assert whatif_pool.population(pop.jc) is before
    sp.record(pop.people["K9"], TODAY, sp.held())
    after = whatif_pool.population(pop.jc)
    assert after is not before and after.version != before.version
    k9 = before.positions[pop.people["K9"].pk]
    assert [e.type for e in after.citizens[k9]] == ["registered", "interview_held"]
    assert after.citizens[:k9] == before.citizens[:k9]
    whatif_pool.forget()
    assert whatif_pool.population(pop.jc).citizens == after.citizens


def test_a_citizen_moved_out_is_a_new_population(pop):
    before = run(pop.jc, whatif.TODAY)
    Citizen.objects.filter(pk=pop.people["K9"].pk).update(jobcenter=pop.other_jc)
    after = run(pop.jc, whatif.TODAY)
    assert after.population != before.population
    assert after.today.citizens == 10
    assert after.today.demand[0] == [0, 0, 0]


def test_the_command_line_prints_the_same_figures(pop):
    out, err = StringIO(), StringIO()
    call_command(
        "what_if",
        "--organisation",
        str(pop.jc.pk),
        "--ruleset",
        "LEAFLET-2024",
        "--as-of",
        TODAY.isoformat(),
        stdout=out,
        stderr=err,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "Jobcenter København, 11 citizens, seen on 2026-11-16"
    assert lines[3].split() == ["2026-11-16", "1", "1", "+0"]
    assert lines[13].split() == ["2027-01-25", "5", "6", "+1"]
    assert lines[15].split() == ["overdue", "7", "11", "+4"]
    assert lines[16].split() == ["timeliness", "16.7", "%", "11.1", "%"]
    with pytest.raises(CommandError, match="must be a whole number from 1 to 6"):
        call_command("what_if", "--set", "akasse_count=9", stdout=out, stderr=err)
    with pytest.raises(CommandError, match="not one of"):
        call_command("what_if", "--set", "count=9", stdout=out, stderr=err)
