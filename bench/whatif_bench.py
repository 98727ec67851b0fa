"""Time Hvad nu hvis on the population of `bench/population.py`, end to end as the page and the
API run it (`whatif_pool.figures`: the population's version, the population, both sides).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kf_pop .venv/bin/python bench/whatif_bench.py \
        [--runs 7] [--scope Aarhus --scope København --scope all]

For each scope (a municipality by a word of its name, or ``all``: every citizen), seen on the
day the population was loaded for:

- cold: nothing kept; reads and parses the citizens' events, forks the workers, works out the
  law in force and the scenario (RS2026-07 against the law in force);
- warm: the population and the law in force kept, a scenario not seen before (the handover
  threshold at another value each run, so nothing is remembered);
- cached: the same scenario again (the version's two queries and the kept figures).

Prints the citizens, the events, the median and the 95th percentile of each (cold is run
``--cold`` times, forgetting everything in between), and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--scope", action="append", default=[])
    args = parser.parse_args()
    scopes = args.scope or ["Aarhus", "København", "all"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontaktforloeb.settings.dev")
    import django

    django.setup()
    from django.db.models import Max

    from kontaktforloeb.cases.models import CitizenPlan
    from kontaktforloeb.organisations.models import Organisation
    from kontaktforloeb.statistics import whatif, whatif_pool
    from kontaktforloeb.statistics.db import analytic

    as_of = CitizenPlan.objects.aggregate(day=Max("as_of"))["day"]
    print(f"seen on {as_of}, {args.weeks} weeks, {whatif_pool.WORKERS} worker processes")
    print(
        f"{'scope':22} {'citizens':>9} {'events':>10} {'cold ms':>16} {'load ms':>8} "
        f"{'warm ms':>16} {'cached ms':>16}"
    )
    for name in scopes:
        organisation = (
            None
            if name == "all"
            else Organisation.objects.filter(kind="jobcenter", name__icontains=name).first()
        )
        label = "all" if organisation is None else organisation.name

        def timed(
            scenario: whatif.Scenario, organisation: Organisation | None = organisation
        ) -> tuple[float, whatif.WhatIf]:
            began = time.perf_counter()
            with analytic():
                found = whatif_pool.figures(organisation, scenario, as_of, args.weeks)
            return 1000 * (time.perf_counter() - began), found

        changed = whatif.Scenario("RS2026-07")
        cold: list[float] = []
        loads: list[float] = []
        for _ in range(args.cold):
            whatif_pool.forget()
            elapsed, found = timed(changed)
            cold.append(elapsed)
            loads.append(1000 * whatif_pool.population(organisation).loaded_in)
        people = whatif_pool.population(organisation)
        events = sum(len(citizen) for citizen in people.citizens)
        warm = []
        for run in range(args.runs):
            scenario = whatif.scenario_from("", {"handover_hours": str(300 + run)})
            elapsed, found = timed(scenario)
            assert not found.cached
            warm.append(elapsed)
        cached = []
        for _ in range(args.runs):
            elapsed, found = timed(changed)
            assert found.cached
            cached.append(elapsed)
        print(
            f"{label:22} {found.today.citizens:>9,} {events:>10,} "
            f"{statistics.median(cold):>7.0f} p95 {_p95(cold):>5.0f} "
            f"{statistics.median(loads):>8.0f} "
            f"{statistics.median(warm):>7.0f} p95 {_p95(warm):>5.0f} "
            f"{statistics.median(cached):>7.1f} p95 {_p95(cached):>5.1f}",
            flush=True,
        )
        whatif_pool.forget()
    print("load average:", " ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
