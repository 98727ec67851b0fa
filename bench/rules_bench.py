"""Benchmark of the rules engine over a synthetic population.

Run: ``python bench/rules_bench.py [--citizens N] [--seed S] [--profile] [--recent]``. Generates
citizens with realistic event histories (groups in Danish proportions, payment reports, interviews,
bookings, deadlines, group changes, sickness), with spells under every ruleset (``ERAS``: RS2020,
LEAFLET-2024 with many windows still open on 1 July 2026, RS2026-07, RS2027 with the a-kasse
trial) and the events of the 2026 rules (exemptions by the a-kasse, offers started, trials), each
seen on a day of its own after its registration; prints the mix, then times on one core (a) the
full explained plan ``plan(...).to_dict()`` and (b) the deadlines-only fast path. Generating is
not timed.

``citizen()`` alone makes the older population of spells begun in the 14 months before
``AS_OF``, all seen on that day, which ``night_bench.py`` and ``population.py`` use.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import statistics
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

from kontaktforloeb.rules import Event, deadlines, plan

GROUPS = (
    ("dagpenge", 55),
    ("kontanthjaelp_jobparat", 15),
    ("kontanthjaelp_aktivitetsparat", 20),
    ("uddannelseshjaelp_uddannelsesparat", 5),
    ("uddannelseshjaelp_aktivitetsparat", 5),
)
AS_OF = date(2025, 3, 1)
CHANGE = date(2026, 7, 1)  # RS2026-07: exemptions (R65) and the offer (R67) exist from here
# The spells of the benchmark: the ruleset in force on the registration, the first and last
# registration day, and the share of the citizens in per cent. LEAFLET-2024 spells of the first
# half of 2026 have their windows open on 1 July 2026, which RS2026-07 then governs (R60).
ERAS = (
    ("RS2020", date(2021, 1, 1), date(2021, 12, 31), 10),
    ("LEAFLET-2024", date(2024, 1, 1), date(2025, 12, 31), 20),
    ("LEAFLET-2024", date(2026, 1, 1), date(2026, 6, 30), 25),
    ("RS2026-07", date(2026, 7, 1), date(2026, 12, 31), 30),
    ("RS2027", date(2027, 1, 1), date(2027, 12, 31), 15),
)
EXEMPTION_REASON = "Har fået job med start inden for to måneder"

Case = tuple[list[Event], date]  # a citizen's events and the day the plan is seen on


def citizen(
    rng: random.Random,
    start: date | None = None,
    as_of: date = AS_OF,
    ruleset: str | None = None,
) -> list[Event]:
    """One citizen's events up to ``as_of``: a spell begun on ``start`` (by default in the 14
    months before ``as_of``) and what happened in it; with ``ruleset``, the ruleset in force on
    ``start``, also the events of the 2026 rules (R65, R67, R73) where they apply."""
    group = rng.choices([g for g, _ in GROUPS], weights=[w for _, w in GROUPS])[0]
    if start is None:
        start = as_of - timedelta(days=rng.randint(0, 420))
    index = 0
    events: list[Event] = []

    def add(event_type: str, day: date, **fields: object) -> None:
        nonlocal index
        if day <= as_of:
            events.append(Event(index=index, type=event_type, date=day, **fields))  # type: ignore[arg-type]
            index += 1

    part_time = group == "dagpenge" and rng.random() < 0.1
    add("registered", start, group=group, insured="part_time" if part_time else "full_time")
    if group == "dagpenge":  # monthly payment reports, some with fewer hours (work, holidays)
        month = date(start.year, start.month, 1)
        while month < as_of:
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
            as_of - timedelta(days=5),
            start_date=as_of + timedelta(days=20),
            kind="job",
        )
    if ruleset is not None:
        _rules_of_2026(rng, add, group, start, ruleset)
    events.sort(key=lambda event: event.date)
    return events


def _rules_of_2026(rng: random.Random, add: Any, group: str, start: date, ruleset: str) -> None:
    """The events of RULES-2026 where they apply: the a-kasse trial on the registration day of
    a third of the RS2027 dagpenge spells (R73); an a-kasse's exemption from further interviews
    (R65) for a tenth of the dagpenge spells whose a-kasse period reaches 1 July 2026, dated in
    that period on or after it; an offer begun (R67) for a quarter of the spells of 2026 on."""
    if ruleset == "RS2027" and group == "dagpenge" and rng.random() < 0.33:
        add("trial_assigned", start, trial="akasse4", holder="akasse")
    if group == "dagpenge" and start + timedelta(days=85) > CHANGE and rng.random() < 0.1:
        day = max(start + timedelta(days=rng.randint(15, 80)), CHANGE)
        if day < start + timedelta(days=85):  # before the handover, three months in
            add("interviews_exempted", day, holder="akasse", reason=EXEMPTION_REASON)
    if start >= date(2026, 1, 1) and rng.random() < 0.25:
        add("offer_started", start + timedelta(days=rng.randint(30, 180)), kind="praktik")


def case(rng: random.Random) -> Case:
    """One citizen of the mixed population: a spell of one of ``ERAS``, seen on a day up to 14
    months after its registration."""
    ruleset, first, last, _ = rng.choices(ERAS, weights=[era[3] for era in ERAS])[0]
    start = first + timedelta(days=rng.randint(0, (last - first).days))
    as_of = start + timedelta(days=rng.randint(0, 420))
    return citizen(rng, start, as_of, ruleset), as_of


def population(count: int, seed: int) -> list[Case]:
    """The benchmark's population: ``count`` citizens of ``case``, the same for a seed."""
    rng = random.Random(seed)
    return [case(rng) for _ in range(count)]


def recent_population(count: int, seed: int) -> list[list[Event]]:
    """The older population of ``citizen`` alone: spells begun in the 14 months before
    ``AS_OF``, all seen on that day (``night_bench.py``)."""
    rng = random.Random(seed)
    return [citizen(rng) for _ in range(count)]


def mix(people: list[Case]) -> list[str]:
    """What the population holds (untimed): citizens by the ruleset of their spell and by the
    rulesets their interviews follow, exemptions and offers asked for and in force, trials."""
    spells: Counter[str] = Counter()
    interviews: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for events, as_of in people:
        result = deadlines(events, as_of)
        spells[result.ruleset_id] += 1
        interviews[" + ".join(sorted({i.ruleset_id for i in result.interviews})) or "none"] += 1
        kinds = {event.type for event in events}
        asked.update(kinds & {"interviews_exempted", "offer_started", "trial_assigned"})
        if any(i.status == "exempted" for i in result.interviews):
            asked["exempted interviews"] += 1
        if result.offer_status is not None:
            asked["an offer duty (R67)"] += 1
        if result.provisional:
            asked["provisional (R70)"] += 1
    total = len(people)

    def listed(counter: Counter[str]) -> str:
        return ", ".join(f"{k} {v:,} ({v / total:.0%})" for k, v in sorted(counter.items()))

    return [
        f"  spells by ruleset: {listed(spells)}",
        f"  interviews by the rulesets they follow: {listed(interviews)}",
        f"  citizens with: {listed(asked)}",
    ]


def time_full(people: list[Case]) -> float:
    began = time.perf_counter()
    for events, as_of in people:
        plan(events, as_of).to_dict()
    return time.perf_counter() - began


def time_deadlines(people: list[Case]) -> float:
    began = time.perf_counter()
    for events, as_of in people:
        deadlines(events, as_of)
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
    parser.add_argument(
        "--recent",
        action="store_true",
        help="time the population of earlier rounds instead (spells of the 14 months before "
        "AS_OF, all seen on AS_OF), to compare with their numbers",
    )
    args = parser.parse_args()
    began = time.perf_counter()
    if args.recent:
        people = [(events, AS_OF) for events in recent_population(args.citizens, args.seed)]
    else:
        people = population(args.citizens, args.seed)
    # The population is long-lived data, as in a batch job that has loaded it: take it out of
    # the cyclic collector's generations so that collections do not walk 3.5 million events.
    gc.collect()
    gc.freeze()
    events = sum(len(events) for events, _ in people)
    print(
        f"generated {len(people)} citizens, {events} events in {time.perf_counter() - began:.1f} s"
        f"; engine {_engine_build()}"
    )
    print("\n".join(mix(people)), flush=True)
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
