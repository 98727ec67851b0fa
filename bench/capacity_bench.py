"""Time the capacity forecast (Kapacitet), the list behind a number and its API for Jobcenter
København on the population of `bench/population.py`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kf_pop .venv/bin/python bench/capacity_bench.py \
        [--requests 30] [--per-day 6]

The population has no free times ahead (its slots are those of past no-shows), so the bench
publishes them first, deterministically: for each of København's caseworkers, ``--per-day``
45-minute times on every weekday of the 12 weeks (200 caseworkers, 6 a day: 72,000 times), at
one of three locations in turn, a third in person only, a third by phone or video, a third every
channel, every 17th blocked. All of it inside one transaction that is rolled back at the end, so
the database is left as it was (others time other pages on it); the slot table is analysed
inside the transaction, so the planner sees the times. Loopback databases only.

In-process, through Django's test client (middleware, session, view, queries, chart, template),
as the manager of Jobcenter København (`bench-kbh-leder`) and as an administrator who chose
København. Each page is asked for `--requests` times; the first request is reported apart (it
also renders the chart the first time). Prints the median, the 95th percentile, the maximum and
the queries per request, then the two queries of the forecast timed apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BATCH = 5000


class Rollback(Exception):
    """Leaves the transaction, and with it every time the bench published."""


def publish_times(organisation: object, per_day: int, today: date) -> int:
    """The free times of the 12 weeks from this week's Monday, for each caseworker."""
    from kontaktforloeb.booking.models import Slot
    from kontaktforloeb.booking.slots import COPENHAGEN
    from kontaktforloeb.organisations.models import CASEWORKER_ROLES, Location, User
    from kontaktforloeb.statistics.capacity import WEEKS

    places = [
        Location.objects.create(
            organisation=organisation,
            name=f"Bench {name}",
            street=f"{name}vej 1",
            postal_code="2200",
            city="København",
        )
        for name in ("Nord", "Syd", "Vest")
    ]
    staff = list(
        User.objects.filter(organisation=organisation, role__in=CASEWORKER_ROLES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    monday = today - timedelta(days=today.weekday())
    batch: list[Slot] = []
    made = 0
    serial = 0
    for number, caseworker in enumerate(staff):
        for day in range(WEEKS * 7):
            on = monday + timedelta(days=day)
            if on.weekday() >= 5:
                continue
            for slot in range(per_day):
                start = datetime(on.year, on.month, on.day, 9, tzinfo=COPENHAGEN) + timedelta(
                    minutes=45 * slot
                )
                kind = serial % 3
                batch.append(
                    Slot(
                        organisation_id=organisation.pk,  # type: ignore[attr-defined]
                        caseworker_id=caseworker,
                        start=start,
                        end=start + timedelta(minutes=45),
                        location=places[number % len(places)],
                        offers_in_person=kind != 1,
                        offers_phone=kind != 0,
                        offers_video=kind != 0,
                        blocked=serial % 17 == 0,
                    )
                )
                serial += 1
                if len(batch) >= BATCH:
                    Slot.objects.bulk_create(batch)
                    made += len(batch)
                    batch = []
    Slot.objects.bulk_create(batch)
    return made + len(batch)


def timed(client: object, url: str, requests: int) -> tuple[float, list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: list[float] = []
    most = 0
    first = 0.0
    for number in range(requests + 1):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)  # type: ignore[attr-defined]
            elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if number == 0:
            first = elapsed
            continue
        times.append(elapsed)
        most = max(most, len(queries))
    times.sort()
    return first, times, most


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=6, choices=range(1, 11))
    args = parser.parse_args()
    host = urlparse(os.environ.get("DATABASE_URL", "")).hostname or ""
    if host not in LOOPBACK:
        sys.exit("capacity_bench writes (and rolls back) free times: loopback databases only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontaktforloeb.settings.dev")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from kontaktforloeb.organisations.access import Actor
    from kontaktforloeb.organisations.models import Organisation, User
    from kontaktforloeb.statistics import capacity
    from kontaktforloeb.statistics.db import analytic

    setup_test_environment()
    kbh = Organisation.objects.get(name="Jobcenter København")
    manager = User.objects.get(username="bench-kbh-leder")
    today = date.today()
    try:
        with transaction.atomic():
            admin = User.objects.create(username="bench-capacity-admin", role="administrator")
            began = time.perf_counter()
            made = publish_times(kbh, args.per_day, today)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE booking_slot")
            print(
                f"{connection.vendor}: published {made:,} times for {kbh.name} in "
                f"{time.perf_counter() - began:.1f} s (rolled back at the end)"
            )
            pages = [
                ("kapacitet", "/statistik/kapacitet/"),
                ("kapacitet: sted", "/statistik/kapacitet/?samtaleform=in_person"),
                ("liste: uge 1", "/statistik/kapacitet/borgere/?uge=1&efter=deadline&hvem=all"),
                ("liste: uge 3", "/statistik/kapacitet/borgere/?uge=3&efter=target&hvem=all"),
                ("csv: uger", "/statistik/kapacitet/uger.csv"),
                ("api: capacity", "/api/v1/statistics/capacity"),
            ]
            print(
                f"{'who':14} {'page':18} {'first ms':>9} {'median ms':>10} {'p95 ms':>8} "
                f"{'max ms':>8} {'queries':>8}"
            )
            for name, user, extra in (
                ("leder", manager, ""),
                ("administrator", admin, f"organisation={kbh.pk}"),
            ):
                client = Client()
                client.force_login(user)
                for label, path in pages:
                    url = path if not extra else f"{path}{'&' if '?' in path else '?'}{extra}"
                    first, times, most = timed(client, url, args.requests)
                    p95 = times[max(0, round(0.95 * len(times)) - 1)]
                    print(
                        f"{name:14} {label:18} {first:9.1f} {statistics.median(times):10.1f} "
                        f"{p95:8.1f} {times[-1]:8.1f} {most:8d}",
                        flush=True,
                    )
            actor = Actor.of_user(manager)
            with analytic(), CaptureQueriesContext(connection) as queries:
                result = capacity.forecast(actor, kbh, today)
            for query in queries.captured_queries:
                if "cases_planitem" in query["sql"]:
                    kind = "demand"
                elif "booking_slot" in query["sql"]:
                    kind = "supply"
                else:
                    continue
                print(f"query {kind}: {float(query['time']) * 1000:.1f} ms")
            weeks = result.weeks
            for week in weeks:
                print(
                    f"{week.week.key}: by target {week.by_target.total:,}, by deadline "
                    f"{week.by_deadline.total:,}, free {week.supply.total:,}, to publish "
                    f"{week.publish:,}"
                )
            print(
                f"week 1 by deadline {weeks[0].by_deadline.total:,} (overdue "
                f"{weeks[0].overdue.total:,}), 12 weeks by deadline "
                f"{sum(w.by_deadline.total for w in weeks):,}, free times "
                f"{sum(w.supply.total for w in weeks):,}, to publish {result.shortfall:,} "
                f"({result.shortfall_in_person:,} in person)"
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
