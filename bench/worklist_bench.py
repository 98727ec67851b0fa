"""Time every worklist page, the start page and the handover page for the caseworkers of a large
municipality and a large a-kasse, on the population of `bench/population.py`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kf_pop .venv/bin/python bench/worklist_bench.py \
        [--requests 200] [--pages start,overdragelse,...]

Each page is asked for `--requests` times in-process (Django's test client: the whole request
through middleware, session, view, queries and template), rotating over the caseworkers
(`bench-kbh-*` for Jobcenter København, `bench-ak-*` for A-kasse 1) and over the ways a person
uses the page: as it opens, sorted by name, sorted by date descending, a later page, and each
filter value. Prints the median, the 95th percentile and the number of queries per request.
Target: p95 under 150 ms for every worklist page.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pages", help="only these pages (comma-separated names)")
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
    print(f"{connection.vendor}: {Citizen.objects.count():,} citizens")
    variants: dict[str, list[str]] = {
        "frist-snart": ["", "?sort=navn", "?sort=-dato", "?side=3", "?dage=30", "?dage=60"],
        "overskredet": ["", "?sort=navn", "?sort=-dato", "?side=5", "?holder=alle"],
        "konsekvenser": ["", "?sort=navn", "?type=lost_day", "?side=2", "?type=deregistered"],
        "udeblevet": ["", "?sort=navn", "?sort=-dato"],
        "oensker-samtale": ["", "?sort=navn", "?side=2"],
        "overdrages": ["", "?sort=navn", "?side=2"],
    }
    pages = [("start", "/sager/", [""]), ("overdragelse", "/sager/overdragelse/", ["", "?side=2"])]
    pages += [(slug, f"/sager/arbejdsliste/{slug}/", v) for slug, v in variants.items()]
    if args.pages:
        pages = [page for page in pages if page[0] in args.pages.split(",")]
    groups = {"Jobcenter København": "bench-kbh-", "A-kasse 1": "bench-ak-"}
    print(
        f"{'organisation':22} {'page':16} {'rows':>6} {'median ms':>10} {'p95 ms':>8} "
        f"{'max ms':>8} {'queries':>8}"
    )
    for organisation, prefix in groups.items():
        workers = list(
            User.objects.filter(username__startswith=prefix).exclude(username__endswith="leder")
        )
        clients = []
        for worker in workers[:20]:
            client = Client()
            client.force_login(worker)
            clients.append(client)
        for name, path, options in pages:
            timings, queries = [], set()
            rows = ""
            for n in range(args.requests + 5):
                client = clients[n % len(clients)]
                url = path + options[n % len(options)]
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (url, response.status_code)
                if n < 5:
                    if n == 0 and "worklist" in str(response.templates[0].name):
                        rows = str(response.context["page"].paginator.count)
                    continue  # warm-up
                timings.append(elapsed)
                queries.add(len(captured))
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(
                f"{organisation:22} {name:16} {rows:>6} {statistics.median(timings):10.1f} "
                f"{p95:8.1f} {timings[-1]:8.1f} {'/'.join(map(str, sorted(queries))):>8}",
                flush=True,
            )


if __name__ == "__main__":
    main()
