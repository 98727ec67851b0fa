"""What one night of recomputation costs for a population: the plans whose statuses can change.

Run: ``python bench/night_bench.py [--citizens N] [--nights 7] [--seed S]``. Generates the
population of ``recent_population`` in ``bench/rules_bench.py`` (spells begun in the 14 months
before ``AS_OF``) and works out, untimed, each citizen's stored plan as of ``AS_OF`` and its
``next_change`` exactly as the service layer stores them (``cases.plans._items`` and
``_next_change``). Then, timed on one core, the night before ``AS_OF + 1 day``: the citizens whose
``next_change`` has come get (b) their deadlines and (a) their explained plan in Danish and
English, as the nightly task recomputes them, night after night. No database is involved: only the engine's time.

Nights follow one another: what a night recomputes is stored with its new ``next_change``. Each
night also checks the selection: every citizen whose plan shows something different from the
day before (``shown``) must be among those recomputed, or the nightly task would leave a stale
plan behind.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kontaktforloeb.rules import Deadlines

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def shown(result: Deadlines) -> tuple[object, ...]:
    """What a stored plan shows that can change with the date: statuses, held days, the open
    booking deadlines, consequences, the CV's status, and the deadlines and handover of an active
    course. (While a dagpenge recipient is deregistered, the days that hang on paid hours move a
    weekday later every weekday; the plan shows the interviews still due as cancelled, and the
    days are worked out afresh when the citizen registers again.)"""
    active = all(interview.status != "cancelled" for interview in result.interviews)
    return (
        tuple(
            (i.number, i.status, i.held_on, i.deadline if active else None)
            for i in result.interviews
        ),
        result.handover if active else None,
        result.cv_status,
        result.open_deadlines,
        result.consequences,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=300_000)
    parser.add_argument("--nights", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20240902)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontaktforloeb.settings.dev")
    import django

    django.setup()
    from kontaktforloeb.cases.models import Citizen
    from kontaktforloeb.cases.plans import _items, _next_change
    from kontaktforloeb.rules import deadlines, plan
    from rules_bench import AS_OF, recent_population

    unsaved = Citizen(jobcenter_id=0, akasse_id=None)  # _items needs a citizen to point to

    def stored_next_change(events: list, day: date) -> date | None:
        """The ``next_change`` the service layer stores with a plan worked out on ``day``."""
        document = plan(events, day).to_dict("da")
        return _next_change(_items(unsaved, document, document), day)

    began = time.perf_counter()
    people = recent_population(args.citizens, args.seed)
    gc.collect()
    gc.freeze()
    next_change = [stored_next_change(events, AS_OF) for events in people]  # untimed
    print(
        f"{len(people)} citizens; their plans as of {AS_OF} stored (untimed) in "
        f"{time.perf_counter() - began:.0f} s"
    )
    print("night of      due      share   (b) deadlines   (a) plans da+en   changed  not due")
    missed_total = 0
    for night_number in range(1, args.nights + 1):
        night = AS_OF + timedelta(days=night_number)
        due = [i for i, day in enumerate(next_change) if day is not None and day <= night]
        start = time.perf_counter()
        for i in due:
            deadlines(people[i], night)
        fast = time.perf_counter() - start
        start = time.perf_counter()
        for i in due:
            result = plan(people[i], night)
            result.to_dict("da")
            result.to_dict("en")
        full = time.perf_counter() - start
        for i in due:  # store what the night worked out (untimed)
            next_change[i] = stored_next_change(people[i], night)
        chosen = set(due)
        changed = missed = 0
        for i, events in enumerate(people):
            if shown(deadlines(events, night - timedelta(days=1))) != shown(
                deadlines(events, night)
            ):
                changed += 1
                missed += i not in chosen
        missed_total += missed
        print(
            f"{night}  {len(due):7,}  {len(due) / len(people):6.1%}  {fast:12.2f} s"
            f"  {full:14.2f} s  {changed:8,}  {missed:7,}"
        )
    if missed_total:
        sys.exit("some citizens whose deadlines or statuses changed were not recomputed")


if __name__ == "__main__":
    main()
