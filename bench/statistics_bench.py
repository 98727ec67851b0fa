"""Time the managers' pages (Rettidighed, Undtagelser), the lists behind their numbers and their
API on the population of `bench/population.py`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kf_pop .venv/bin/python bench/statistics_bench.py \
        [--requests 30] [--who kbh --who akasse --who admin]

In-process, through Django's test client (middleware, session, view, queries, charts, template),
as the manager of Jobcenter København (`bench-kbh-leder`, 12 % of the citizens), of A-kasse 1
(`bench-ak-leder`, a fifth of the members) and as an administrator (all 300,000). Each page is
asked for `--requests` times, rotating over the ways it is used (this month, last month, a
holder, a group); the first request of each page is reported apart, since it also renders the
charts for the first time (later requests with the same figures reuse them). Prints the median,
the 95th percentile and the queries per request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--who", choices=["kbh", "akasse", "admin"], action="append", help="only these (repeat)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontaktforloeb.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from kontaktforloeb.cases.models import Citizen, PlanItem
    from kontaktforloeb.organisations.models import User

    setup_test_environment()
    interviews = PlanItem.objects.filter(kind="interview").count()
    print(f"{connection.vendor}: {Citizen.objects.count():,} citizens, {interviews:,} interviews")
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"role": User.Role.ADMINISTRATOR}
    )
    today = date.today()
    this = f"{today.year:04d}-{today.month:02d}"
    last_month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    last = f"{last_month.year:04d}-{last_month.month:02d}"
    timeliness = [
        f"?maaned={this}",
        f"?maaned={last}",
        f"?maaned={last}&ansvarlig=jobcenter",
        f"?maaned={last}&gruppe=dagpenge",
    ]
    pages = [
        ("rettidighed", "/statistik/rettidighed/", timeliness),
        ("undtagelser", "/statistik/undtagelser/", [""]),
        (
            "liste: overskredet",
            "/statistik/rettidighed/borgere/",
            [f"?maaned={last}&maal=overdue", f"?maaned={last}&maal=overdue&side=3"],
        ),
        ("csv: udvikling", "/statistik/rettidighed/trend.csv", [f"?maaned={last}"]),
        ("api: timeliness", "/api/v1/statistics/timeliness", [f"?month={last}"]),
        ("api: exemptions", "/api/v1/statistics/exemptions", ["", "?kind=offer"]),
    ]
    who = {
        name: user
        for key, name, user in (
            ("kbh", "Jobcenter København", User.objects.get(username="bench-kbh-leder")),
            ("akasse", "A-kasse 1", User.objects.get(username="bench-ak-leder")),
            ("admin", "administrator", admin),
        )
        if not args.who or key in args.who
    }
    print(
        f"{'who':20} {'page':20} {'first ms':>9} {'median ms':>10} {'p95 ms':>8} "
        f"{'max ms':>8} {'queries':>8}"
    )
    for name, user in who.items():
        client = Client()
        client.force_login(user)
        for label, path, variants in pages:
            if name == "A-kasse 1" and label == "api: exemptions":
                variants = [""]
            if name == "administrator" and label == "liste: overskredet":
                continue
            times: list[float] = []
            counts: list[int] = []
            first = 0.0
            for number in range(args.requests + 1):
                url = path + variants[number % len(variants)]
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - began) * 1000
                assert response.status_code == 200, (url, response.status_code)
                if number == 0:
                    first = elapsed
                    continue
                times.append(elapsed)
                counts.append(len(queries))
            times.sort()
            p95 = times[max(0, round(0.95 * len(times)) - 1)]
            print(
                f"{name:20} {label:20} {first:9.1f} {statistics.median(times):10.1f} "
                f"{p95:8.1f} {times[-1]:8.1f} {max(counts):8d}",
                flush=True,
            )


if __name__ == "__main__":
    main()
