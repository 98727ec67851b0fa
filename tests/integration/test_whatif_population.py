"""The what-if on 10,000 generated citizens (bench/rules_bench.py's generator, seeded), worked out
in worker processes on every core, is ``plan()`` under each ruleset on every citizen: the demand
per week and holder and the overdue interviews are identical."""

from __future__ import annotations

import os
import random
import signal
from collections.abc import Sequence
from datetime import date, timedelta

from bench.rules_bench import citizen

from kontaktforloeb.rules import plan, ruleset_for
from kontaktforloeb.rules.events import Event
from kontaktforloeb.statistics import whatif
from kontaktforloeb.statistics.whatif_pool import POOL_FROM, Population, work_out

AS_OF = date(2026, 11, 16)
WEEKS = 26
CITIZENS = 10_000


def generated() -> list[list[Event]]:
    """Spells begun in the 15 months before AS_OF: LEAFLET-2024 spells, many with windows open
    on 1 July 2026 (R60), and RS2026-07 spells with its exemptions (R65) and offers (R67)."""
    rng = random.Random(20261116)
    people = []
    for _ in range(CITIZENS):
        start = AS_OF - timedelta(days=rng.randint(0, 460))
        people.append(citizen(rng, start, AS_OF, ruleset_for(start).id))
    return people


def by_plan(people: Sequence[Sequence[Event]], ruleset: str | None) -> whatif.Tally:
    """The same counts from the explained plan, one citizen at a time."""
    found = whatif.Tally(WEEKS)
    monday = whatif.first_monday(AS_OF)
    for events in people:
        found.citizens += 1
        for interview in plan(list(events), AS_OF, ruleset).interviews:
            holder = whatif.HOLDERS.index(interview.holder)
            week = (interview.deadline - monday).days // 7
            if interview.status in whatif.DEMAND and 0 <= week < WEEKS:
                found.demand[week][holder] += 1
            elif interview.status == "overdue":
                found.overdue[holder] += 1
    return found


def test_the_what_if_is_plan_under_each_ruleset_on_every_citizen():
    people = generated()
    assert len(people) >= POOL_FROM  # worked out in the worker processes
    population = Population("test:generated", people)
    leaflet = whatif.Scenario("LEAFLET-2024")
    done: list[tuple[int, int]] = []
    try:
        today, scenario = work_out(
            population, [whatif.TODAY, leaflet], AS_OF, WEEKS, lambda *p: done.append(p)
        )
    finally:
        population.close()
    assert done[-1] == (2 * CITIZENS, 2 * CITIZENS)
    for found, ruleset in ((today, None), (scenario, "LEAFLET-2024")):
        expected = by_plan(people, ruleset)
        assert found.citizens == CITIZENS
        assert found.demand == expected.demand
        assert found.overdue == expected.overdue
    # The two laws differ on this population, so the comparison says something.
    assert today.demand != scenario.demand
    assert today.demand_total > 1000


def test_a_worker_that_died_is_worked_around_and_replaced():
    people = generated()[:POOL_FROM]
    population = Population("test:killed", people)
    try:
        pool = population.pool()
        for process in list(pool._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
            process.join()
        (today,) = work_out(population, [whatif.TODAY], AS_OF, WEEKS, None)
        assert population._pool is None  # replaced the next time
        assert today.demand == whatif.tally(people, AS_OF, None, WEEKS).demand
        (again,) = work_out(population, [whatif.TODAY], AS_OF, WEEKS, None)
        assert population._pool is not None and again.demand == today.demand
    finally:
        population.close()
