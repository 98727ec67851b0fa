"""Time the citizen's pages (Min plan first) on the population of `bench/population.py`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kf_pop .venv/bin/python bench/plan_page_bench.py \
        [--citizens 200] [--requests 1000]

Picks `--citizens` citizens spread over the population (every n-th by id), gives each a citizen
log-in (`bench-citizen-<id>`, made once), and asks for each page `--requests` times in-process
(Django's test client: middleware, session, view, queries and template), rotating over the
citizens. The first view of a plan on a day recomputes it when the nightly job has not (the
loader stores plans as of yesterday unless `--documents`); that first view is timed on its own,
the rest are the steady state. Prints median, 95th percentile, maximum and queries per request.
Target: p95 under 100 ms for the plan page with 300,000 citizens, and no growth with the number
of citizens (run it on a small and a large population and compare).
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

PAGES = [
    ("Min plan", "/min-side/plan/"),
    ("Min side", "/min-side/"),
    ("Mine møder", "/min-side/moeder/"),
    ("Beskeder", "/min-side/beskeder/"),
    ("Bed om en samtale", "/min-side/bed-om-en-samtale/"),
    ("Hvem har set mine data", "/min-side/hvem-har-set-mine-data/"),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontaktforloeb.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from kontaktforloeb.cases.models import Citizen
    from kontaktforloeb.organisations.models import User

    setup_test_environment()
    total = Citizen.objects.count()
    print(f"{connection.vendor}: {total:,} citizens")
    step = max(1, total // args.citizens)
    ids = list(Citizen.objects.order_by("pk").values_list("pk", flat=True)[::step])
    ids = ids[: args.citizens]
    clients: list[Client] = []
    for citizen in Citizen.objects.filter(pk__in=ids).select_related("user"):
        if citizen.user is None:
            citizen.user = User.objects.create_user(
                username=f"bench-citizen-{citizen.pk}", role=User.Role.CITIZEN
            )
            citizen.save(update_fields=["user"])
        client = Client()
        client.force_login(citizen.user)
        clients.append(client)

    # The first view of the day: recomputes the plan where the nightly job has not.
    first: list[float] = []
    for client in clients:
        started = time.perf_counter()
        response = client.get("/min-side/plan/")
        first.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    print(
        f"first view of the day (plan recomputed if stale): median {statistics.median(first):.1f}"
        f" ms, p95 {percentile(first, 0.95):.1f} ms ({len(first)} citizens)"
    )

    print(f"{'page':24} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for name, url in PAGES:
        times: list[float] = []
        queries: list[int] = []
        for n in range(args.requests):
            client = clients[n % len(clients)]
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            times.append(elapsed)
            queries.append(len(captured.captured_queries))
        print(
            f"{name:24} {statistics.median(times):10.1f} {percentile(times, 0.95):8.1f} "
            f"{max(times):8.1f} {statistics.median(queries):8.0f}"
        )


if __name__ == "__main__":
    main()
