"""How long one event change takes end to end: append the event, recompute the citizen's plan and
store its rows, in one transaction. Run on SQLite (default) or on PostgreSQL via DATABASE_URL.

    .venv/bin/python bench/plan_store_bench.py [--citizens 200] [--changes 400]

Prints the median and 95th percentile in milliseconds. Target: p95 under 20 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--changes", type=int, default=400)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="kf-bench-")
    os.environ.setdefault("KONTAKTFORLOEB_VAR_DIR", tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kontaktforloeb.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    import time_machine

    from kontaktforloeb.cases.models import Citizen
    from kontaktforloeb.cases.services import case_events_append
    from kontaktforloeb.organisations.access import Actor
    from kontaktforloeb.organisations.demo import seed_demo

    today = date(2025, 3, 3)
    with time_machine.travel(today, tick=False):
        seed_demo(citizens=args.citizens, today=today)
        citizens = list(Citizen.objects.select_related("jobcenter", "akasse"))
        actor = Actor.of_operator("bench")
        rng = random.Random(7)
        timings = []
        for n in range(args.changes):
            citizen = rng.choice(citizens)
            day = today - timedelta(days=rng.randrange(1, 30))
            event = {"type": "cv_published", "date": day.isoformat()}
            started = time.perf_counter()
            case_events_append(actor=actor, citizen=citizen, events=[event])
            timings.append((time.perf_counter() - started) * 1000)
            if n == 0:
                timings.clear()  # the first call warms caches (parameters, holidays)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    vendor = connection.vendor
    print(
        f"{vendor}: {len(timings)} event changes over {len(citizens)} citizens: "
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
