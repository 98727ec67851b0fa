"""Booking on PostgreSQL: free-time search in a large municipality, and booking throughput with
concurrent clients against the running server. Needs DATABASE_URL (a PostgreSQL server); the
benchmark creates a database of its own there and drops it afterwards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/booking_bench.py \
        [--caseworkers 100] [--weeks 12] [--municipalities 4] [--clients 32] [--per-client 20]

(a) Search: the free times of a citizen's interview in a municipality of `--caseworkers`
caseworkers with `--weeks` weeks of slots (and the same again in the other municipalities), a
third of the first two weeks already booked; timed in-process (selector and serialisation) and
over HTTP. Target: p95 under 50 ms.
(b) Throughput: granian serves `kontaktforloeb.wsgi:application` on a free port; `--clients`
threads, each with its own API key and keep-alive connection, book `--per-client` citizens each:
search interview 1's free times, pick one at random from the first page, book it, on 409 search
again. Reports bookings/s, latencies and lost races, then checks the database for any double
booking (one slot, one caseworker or one citizen twice at the same time) and asserts there is none.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * share) - 1)]


def summary(name: str, millis: list[float]) -> str:
    return (
        f"{name}: n={len(millis)} median {statistics.median(millis):.1f} ms, "
        f"p95 {percentile(millis, 0.95):.1f} ms, max {max(millis):.1f} ms"
    )


# --- The database of its own -------------------------------------------------------------------


def create_database(server_url: str, name: str) -> str:
    import psycopg

    parts = urlsplit(server_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Seeding -----------------------------------------------------------------------------------


def seed(args: argparse.Namespace, today: date) -> dict:
    from django.contrib.auth.hashers import make_password

    from kontaktforloeb.booking.models import Booking, Slot, WorkingPattern
    from kontaktforloeb.booking.slots import slots_materialise
    from kontaktforloeb.cases.services import case_events_append, citizen_create
    from kontaktforloeb.organisations.access import Actor
    from kontaktforloeb.organisations.api_keys import api_key_create
    from kontaktforloeb.organisations.models import Location, Organisation, User

    rng = random.Random(11)
    unusable = make_password(None)
    jobcentres = [
        Organisation.objects.create(
            kind="jobcenter", name=f"Jobcenter {101 + n}", municipality_code=101 + n
        )
        for n in range(args.municipalities)
    ]
    home = jobcentres[0]
    started = time.perf_counter()
    for jobcentre in jobcentres:
        location = Location.objects.create(
            organisation=jobcentre,
            name="Jobcentret",
            street="Gyldenløvesgade 1",
            postal_code="1600",
            city="København V",
        )
        staff = User.objects.bulk_create(
            User(
                username=f"jc{jobcentre.municipality_code}-{n}",
                password=unusable,
                role=User.Role.JOBCENTER_CASEWORKER,
                organisation=jobcentre,
                first_name="Sags",
                last_name=f"Behandler {n}",
            )
            for n in range(args.caseworkers)
        )
        patterns = []
        for n, worker in enumerate(staff):
            for weekday in range(5):
                patterns.append(
                    WorkingPattern(
                        caseworker=worker,
                        organisation=jobcentre,
                        weekday=weekday,
                        start_time=datetime.strptime("09:00", "%H:%M").time(),
                        end_time=datetime.strptime("15:00", "%H:%M").time(),
                        slot_minutes=45,
                        # A quarter of the caseworkers meet by phone and video only.
                        offers_in_person=n % 4 != 3,
                        location=location,
                        valid_from=today,
                    )
                )
        WorkingPattern.objects.bulk_create(patterns)
        slots_materialise(
            WorkingPattern.objects.filter(organisation=jobcentre).select_related("location"),
            today,
            today + timedelta(weeks=args.weeks),
        )
    print(
        f"slots: {Slot.objects.count()} in {len(jobcentres)} municipalities "
        f"({Slot.objects.filter(organisation=home).count()} in the searched one), "
        f"{time.perf_counter() - started:.1f} s"
    )

    def citizens(count: int, first: int, events: bool) -> list:
        made = []
        actor = Actor.of_operator("bench")
        for n in range(first, first + count):
            person = citizen_create(
                actor=actor,
                cpr=f"{n // 9000 + 1:02d}0190{n % 9000 + 1000:04d}",
                first_name="Borger",
                last_name=f"Nr {n}",
                jobcenter_id=home.pk,
            )
            if events:
                case_events_append(
                    actor=actor,
                    citizen=person,
                    events=[
                        {
                            "type": "registered",
                            "date": today.isoformat(),
                            "group": "kontanthjaelp_jobparat",
                        }
                    ],
                )
            made.append(person)
        return made

    # A third of the first two weeks is already booked (rows straight in: seeding, not timed).
    started = time.perf_counter()
    fillers = citizens(100, 0, events=False)
    soon = Slot.objects.filter(organisation=home, start__lt=_day(today + timedelta(weeks=2)))
    by_start: dict[datetime, list] = {}
    for slot in soon:
        if rng.random() < 1 / 3:
            by_start.setdefault(slot.start, []).append(slot)
    counters = [0] * len(fillers)
    rows = []
    for slots in by_start.values():
        for index, slot in enumerate(slots):  # at most one caseworker's slot per citizen and time
            counters[index] += 1
            rows.append(
                Booking(
                    citizen=fillers[index],
                    slot=slot,
                    organisation=home,
                    holder="jobcenter",
                    caseworker_id=slot.caseworker_id,
                    interview=counters[index],
                    start=slot.start,
                    end=slot.end,
                    channel="phone",
                    topic="other",
                    title="Samtale",
                    calendar_uid=f"filler-{slot.pk}",
                )
            )
    Booking.objects.bulk_create(rows, batch_size=2000)
    searchers = citizens(args.search_citizens, 100, events=True)
    bookers = citizens(args.clients * args.per_client, 100 + args.search_citizens, events=True)
    keys = [
        api_key_create(organisation=home, name=f"bench client {n}")[1] for n in range(args.clients)
    ]
    # Fresh statistics, as autovacuum keeps them in production: without them the planner
    # guesses one row per table and searches become seconds, not milliseconds.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {len(rows)} booked times, {len(searchers) + len(bookers)} registered citizens, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return {"searchers": searchers, "bookers": bookers, "keys": keys, "home": home}


def _day(day: date) -> datetime:
    from kontaktforloeb.booking.slots import COPENHAGEN

    return datetime.combine(day, datetime.min.time(), tzinfo=COPENHAGEN)


# --- (a) Search --------------------------------------------------------------------------------

SEARCHES = {
    "interview 1 (in person, by its deadline)": (1, {}),
    "interview 2 (any channel, 6 months)": (2, {}),
    "interview 2, video, from week 8": (2, {"channel": "video", "weeks_ahead": 8}),
}


def search_in_process(searchers: list, today: date) -> None:
    from kontaktforloeb.booking.api import _slot_out
    from kontaktforloeb.booking.selectors import slots_free_for_interview

    for name, (interview, options) in SEARCHES.items():
        timings = []
        for n, citizen in enumerate(searchers):
            start = today + timedelta(weeks=options.get("weeks_ahead", 0))
            began = time.perf_counter()
            slots = slots_free_for_interview(
                citizen=citizen,
                interview=interview,
                channel=options.get("channel"),
                start=start,
            )
            page = [_slot_out(slot) for slot in slots[:51]]
            elapsed = (time.perf_counter() - began) * 1000
            assert page, name
            if n:  # the first call warms caches
                timings.append(elapsed)
        print("  in-process  " + summary(name, timings))


def search_over_http(port: int, key: str, searchers: list, today: date) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for name, (interview, options) in SEARCHES.items():
        timings = []
        for n, citizen in enumerate(searchers):
            query = "limit=50"
            if "channel" in options:
                query += f"&channel={options['channel']}"
            if "weeks_ahead" in options:
                query += f"&from={(today + timedelta(weeks=options['weeks_ahead'])).isoformat()}"
            url = f"/api/v1/citizens/{citizen.pk}/interviews/{interview}/slots?{query}"
            began = time.perf_counter()
            conn.request("GET", url, headers={"X-API-Key": key})
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - began) * 1000
            assert response.status == 200, body[:300]
            assert json.loads(body)["items"], name
            if n:
                timings.append(elapsed)
        print("  over HTTP   " + summary(name, timings))
    conn.close()


# --- (b) Throughput ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    port: int,
    env: dict[str, str],
    args: argparse.Namespace,
    log: IO[bytes],
    extra_path: tuple[str, ...] = (),
) -> subprocess.Popen:
    granian = Path(sys.executable).parent / "granian"
    server = subprocess.Popen(
        [
            str(granian),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--blocking-threads",
            str(args.threads),
            "--log-level",
            "warning",
            "kontaktforloeb.wsgi:application",
        ],
        env={**env, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *extra_path])},
        cwd=ROOT,
        # The server's request log (a line per 409) would drown the results; keep it aside.
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    log.seek(0)
    raise SystemExit("the server did not start:\n" + log.read().decode(errors="replace")[-3000:])


def throughput(port: int, keys: list[str], bookers: list, per_client: int) -> None:
    clients = len(keys)
    barrier = threading.Barrier(clients + 1)
    book_ms: list[float] = []
    search_ms: list[float] = []
    taken = [0]
    failures: list[str] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"X-API-Key": keys[index], "Content-Type": "application/json"}
        mine = bookers[index * per_client : (index + 1) * per_client]
        barrier.wait()
        for citizen in mine:
            for _attempt in range(30):
                began = time.perf_counter()
                conn.request(
                    "GET",
                    f"/api/v1/citizens/{citizen.pk}/interviews/1/slots?limit=50",
                    headers=headers,
                )
                response = conn.getresponse()
                page = json.loads(response.read())
                searched = (time.perf_counter() - began) * 1000
                slot = rng.choice(page["items"])
                body = json.dumps(
                    {
                        "slot_id": slot["id"],
                        "interview": 1,
                        "channel": "in_person",
                        "topic": "job_search",
                    }
                )
                began = time.perf_counter()
                conn.request("POST", f"/api/v1/citizens/{citizen.pk}/bookings", body, headers)
                response = conn.getresponse()
                answer = response.read()
                booked = (time.perf_counter() - began) * 1000
                with lock:
                    search_ms.append(searched)
                    book_ms.append(booked)
                    if response.status == 409:
                        taken[0] += 1
                if response.status == 201:
                    break
                if response.status != 409:
                    with lock:
                        failures.append(f"{response.status} {answer[:200]!r}")
                    break
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    made = len(bookers) - len(failures)
    print(
        f"  {clients} clients, {made} bookings in {elapsed:.1f} s: {made / elapsed:.1f} bookings/s; "
        f"{taken[0]} answered 409 (time just taken) and searched again"
    )
    print("  " + summary("book (POST, incl. 409s)", book_ms))
    print("  " + summary("search before booking (GET)", search_ms))
    if failures:
        print(f"  unexpected answers: {len(failures)}, e.g. {failures[:3]}")


def double_bookings() -> dict[str, int]:
    """Count, in the database, every way a time could have been booked twice."""
    from django.db import connection

    checks = {
        "slots with two live bookings": """
            SELECT count(*) FROM (SELECT slot_id FROM booking_booking WHERE status = 'live'
            GROUP BY slot_id HAVING count(*) > 1) AS twice""",
        "caseworkers in two live meetings at once": """
            SELECT count(*) FROM booking_booking a JOIN booking_booking b
            ON a.caseworker_id = b.caseworker_id AND a.id < b.id
            AND a.status = 'live' AND b.status = 'live'
            AND a."start" < b."end" AND b."start" < a."end" """,
        "citizens in two live meetings at once": """
            SELECT count(*) FROM booking_booking a JOIN booking_booking b
            ON a.citizen_id = b.citizen_id AND a.id < b.id
            AND a.status = 'live' AND b.status = 'live'
            AND a."start" < b."end" AND b."start" < a."end" """,
        "citizens with two live bookings of one interview": """
            SELECT count(*) FROM (SELECT citizen_id FROM booking_booking WHERE status = 'live'
            GROUP BY citizen_id, holder, interview HAVING count(*) > 1) AS twice""",
    }
    found = {}
    with connection.cursor() as cursor:
        for name, sql in checks.items():
            cursor.execute(sql)
            (found[name],) = cursor.fetchone()
    return found


def check_no_double_bookings(bookers: list) -> None:
    from kontaktforloeb.booking.models import Booking
    from kontaktforloeb.cases.models import CaseEvent

    for name, count in double_bookings().items():
        print(f"  {name}: {count}")
        assert count == 0, name
    ids = [citizen.pk for citizen in bookers]
    bookings = Booking.objects.filter(citizen_id__in=ids).count()
    events = CaseEvent.objects.filter(citizen_id__in=ids, type="booked").count()
    print(f"  bookings of the clients' citizens: {bookings}, `booked` events: {events}")
    assert bookings == events == len(ids)


# --- Main --------------------------------------------------------------------------------------


def production_env(database_url: str) -> dict[str, str]:
    """The environment of the production settings for a server on the benchmark's database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": "kontaktforloeb.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # The load comes from one address and a few keys: measure the work, not the limits.
        "RATE_LIMIT_API": "1000000/60",
        "RATE_LIMIT_BOOKING": "1000000/60",
        "RATE_LIMIT_REGISTRATION": "1000000/60",
        "RATE_LIMIT_LOGIN": "1000000/60",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caseworkers", type=int, default=100)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--municipalities", type=int, default=4)
    parser.add_argument("--search-citizens", type=int, default=200)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--per-client", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--threads", type=int, default=8, help="granian threads per worker")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )
    name = f"kf_booking_bench_{os.getpid()}"
    env = production_env(create_database(server_url, name))
    os.environ.update(env)
    server = None
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from kontaktforloeb.cases.plans import today as plan_today

        call_command("migrate", verbosity=0)
        today = plan_today()
        seeded = seed(args, today)

        print("(a) free-time search, first page of 50")
        search_in_process(seeded["searchers"], today)
        port = free_port()
        server = start_server(port, env, args, server_log)
        search_over_http(port, seeded["keys"][0], seeded["searchers"], today)

        print(f"(b) booking throughput, granian {args.workers} workers × {args.threads} threads")
        throughput(port, seeded["keys"], seeded["bookers"], args.per_client)
        print("(c) double bookings after the run")
        check_no_double_bookings(seeded["bookers"])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        server_log.close()
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(server_url, name)


if __name__ == "__main__":
    main()
