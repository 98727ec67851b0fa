"""Benchmark of the rules engine over a synthetic population.

Run: ``python bench/rules_bench.py [--citizens N] [--seed S] [--profile]``. Generates citizens
with realistic event histories (groups in Danish proportions, payment reports, interviews,
bookings, deadlines, group changes, sickness), then times on one core (a) the full explained plan
``plan(...).to_dict()`` and (b) the deadlines-only fast path. Generating is not timed.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import statistics
import time
from datetime import date, timedelta

from kontaktforloeb.rules import Event, deadlines, plan

GROUPS = (
    ("dagpenge", 55),
    ("kontanthjaelp_jobparat", 15),
    ("kontanthjaelp_aktivitetsparat", 20),
    ("uddannelseshjaelp_uddannelsesparat", 5),
    ("uddannelseshjaelp_aktivitetsparat", 5),
)
AS_OF = date(2025, 3, 1)


def citizen(rng: random.Random) -> list[Event]:
    """One citizen's events: a spell begun in the last 14 months and what happened in it."""
    group = rng.choices([g for g, _ in GROUPS], weights=[w for _, w in GROUPS])[0]
    start = AS_OF - timedelta(days=rng.randint(0, 420))
    index = 0
    events: list[Event] = []

    def add(event_type: str, day: date, **fields: object) -> None:
        nonlocal index
        if day <= AS_OF:
            events.append(Event(index=index, type=event_type, date=day, **fields))  # type: ignore[arg-type]
            index += 1

    part_time = group == "dagpenge" and rng.random() < 0.1
    add("registered", start, group=group, insured="part_time" if part_time else "full_time")
    if group == "dagpenge":  # monthly payment reports, some with fewer hours (work, holidays)
        month = date(start.year, start.month, 1)
        while month < AS_OF:
            following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            hours = rng.choice((16033, 16033, 16033, 15000, 12000, 8000, 0))
            if part_time:
                hours = hours * 130 // 160
            add(
                "dagpenge_paid",
                following + timedelta(days=4),
                from_date=month,
                to_date=following - timedelta(days=1),
                hours=hours,
            )
            month = following
    day = start
    holder = "akasse" if group == "dagpenge" else "jobcenter"
    for _ in range(rng.randint(0, 6)):  # deadlines, bookings, interviews
        issued = day + timedelta(days=rng.randint(3, 30))
        deadline = issued + timedelta(days=rng.randint(8, 14))
        add(
            "booking_deadline_issued",
            issued,
            deadline=deadline,
            last_meeting_date=deadline + timedelta(days=10),
        )
        if rng.random() < 0.85:
            booked = issued + timedelta(days=rng.randint(1, 12))
            meeting = booked + timedelta(days=rng.randint(2, 9))
            channel = rng.choice(("in_person", "phone", "video"))
            add("booked", booked, meeting_date=meeting, holder=holder, channel=channel)
            roll = rng.random()
            if roll < 0.8:
                add("interview_held", meeting, holder=holder, channel=channel)
            elif roll < 0.9:
                add(
                    "booking_cancelled",
                    meeting - timedelta(days=1),
                    meeting_date=meeting,
                    lawful_absence=rng.random() < 0.5,
                )
            else:
                add(
                    "interview_missed",
                    meeting,
                    holder=holder,
                    lawful_absence=False,
                    contact_date=meeting + timedelta(days=rng.randint(0, 3)),
                )
        day = issued + timedelta(days=20)
        if group == "dagpenge" and day > start + timedelta(days=90):
            holder = "jobcenter"
    if rng.random() < 0.1:
        sick_from = start + timedelta(days=rng.randint(10, 200))
        add(
            "sick",
            sick_from,
            from_date=sick_from,
            to_date=sick_from + timedelta(days=rng.randint(2, 20)),
        )
    if group != "dagpenge" and rng.random() < 0.1:
        other = rng.choice([g for g, _ in GROUPS[1:] if g != group])
        add("group_changed", start + timedelta(days=rng.randint(30, 200)), group=other)
    if rng.random() < 0.6:
        add("cv_published", start + timedelta(days=rng.randint(1, 25)))
    if rng.random() < 0.05:
        add(
            "job_start_documented",
            AS_OF - timedelta(days=5),
            start_date=AS_OF + timedelta(days=20),
            kind="job",
        )
    events.sort(key=lambda event: event.date)
    return events


def population(count: int, seed: int) -> list[list[Event]]:
    rng = random.Random(seed)
    return [citizen(rng) for _ in range(count)]


def time_full(people: list[list[Event]]) -> float:
    began = time.perf_counter()
    for events in people:
        plan(events, AS_OF).to_dict()
    return time.perf_counter() - began


def time_deadlines(people: list[list[Event]]) -> float:
    began = time.perf_counter()
    for events in people:
        deadlines(events, AS_OF)
    return time.perf_counter() - began


def _engine_build() -> str:
    """Whether the engine runs compiled (mypyc, ``make compile``) or as plain Python."""
    from kontaktforloeb.rules import engine

    return "compiled with mypyc" if engine.__file__.endswith((".so", ".pyd")) else "plain Python"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=20240902)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each path (median)")
    parser.add_argument("--profile", choices=("full", "deadlines"), help="print a cProfile instead")
    args = parser.parse_args()
    began = time.perf_counter()
    people = population(args.citizens, args.seed)
    # The population is long-lived data, as in a batch job that has loaded it: take it out of
    # the cyclic collector's generations so that collections do not walk 3.5 million events.
    gc.collect()
    gc.freeze()
    events = sum(len(p) for p in people)
    print(
        f"generated {len(people)} citizens, {events} events in {time.perf_counter() - began:.1f} s"
        f"; engine {_engine_build()}"
    )
    if args.profile:
        work = time_full if args.profile == "full" else time_deadlines
        profiler = cProfile.Profile()
        profiler.runcall(work, people)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return
    full: list[float] = []
    fast: list[float] = []
    for _ in range(args.runs):  # interleaved, so that a noisy spell hits both paths alike
        full.append(time_full(people))
        fast.append(time_deadlines(people))
    for label, runs in (("(a) full explained plan", full), ("(b) deadlines only     ", fast)):
        median = statistics.median(runs)
        listed = ", ".join(f"{run:.2f}" for run in runs)
        print(
            f"{label}: median {median:.2f} s ({listed}), {len(people) / median:,.0f} plans/s, "
            f"{median / len(people) * 1e6:.1f} µs a citizen"
        )


if __name__ == "__main__":
    main()
