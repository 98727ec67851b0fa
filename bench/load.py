"""The whole system under load: granian with the production settings on PostgreSQL, several
workers and the task worker, driven by simulated citizens, caseworkers and case systems.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load.py \\
        [--users 10,50,200] [--duration 60] [--citizens 20000] [--workers 2] [--threads 8]

The benchmark creates a database of its own on that server, loads a population into it with
`bench/population.py --citizens N` (or copies an already loaded one, `--template NAME`), and adds
what the load needs: free times for `--bookable` (10) caseworkers of Jobcenter København over 8
weeks (every 30 minutes, 9-15), `--online` citizens of København just registered (interview 1 to
book) who log in as themselves, caseworkers of København and A-kasse 1, and an API key for each of
the two organisations' case systems. The plans are stored as the night's recomputation leaves them
(`--documents`). Sessions are made directly in the database (`SessionStore`), as a log-in through
MitID would leave them: the production settings have no demo log-in, and the load is on the pages,
not on the identity provider.

Each level runs `--users` simulated people for `--duration` seconds (at most `--max-requests`
requests): 60 % citizens (start page, plan, free times, booking, the meeting, rebooking, afbud),
30 % caseworkers (start page, worklists, case pages) and 10 % case systems (registering citizens,
reporting dagpenge paid), each waiting 1-3 s between requests (a system 0.5-1.5 s). Every person
also asks for /bench-floor/ now and then: a bare Django JSON view through the same middleware on
the same server (`bench/load_urls.py`, mounted only by the benchmark's settings
`bench/load_settings.py`), the framework floor under the same load; before the levels it is timed
on the idle server, one request after another, and after them a burst of /bench-floor/ alone from
50 connections without pauses gives the floor's throughput.

Rate limits are set to a million a minute: the load comes from one address and two keys. Prints
per level the requests/s, p50/p95/p99 per request type with its p50's ratio to the idle floor's,
the errors (any answer other than the expected one, or no answer); then checks the database: no double
booking of a slot, a caseworker or a citizen, and every booking and citizen the answers reported
as made exists.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))

from booking_bench import (  # noqa: E402
    double_bookings,
    drop_database,
    free_port,
    percentile,
    production_env,
    start_server,
)

WORKLISTS = ["frist-snart", "overskredet", "konsekvenser", "udeblevet", "oensker-samtale"]
TID = re.compile(r'name="tid" value="(\d+)"')
CHANNEL = re.compile(r'name="channel" value="([a-z_]+)"')
RECEIPT = re.compile(r"/min-side/moeder/(\d+)/kvittering/")
MEETING = re.compile(r"/min-side/moeder/(\d+)/$")
TAKEN = "Den tid blev lige taget af en anden."
CSRF = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret


def cpr(n: int) -> str:
    """A valid, fictitious CPR number for each n (born 1985), unlike the population's."""
    return f"{n // 9000 + 1:02d}0285{n % 9000 + 1000:04d}"


# --- The database ------------------------------------------------------------------------------


def create_population(server_url: str, name: str, args: argparse.Namespace) -> str:
    import psycopg

    parts = urlsplit(server_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    url = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        template = f' TEMPLATE "{args.template}"' if args.template else ""
        conn.execute(f'CREATE DATABASE "{name}"{template}')
    if not args.template:
        command = [sys.executable, str(BENCH / "population.py"), "--citizens", str(args.citizens)]
        # The plans as the night's recomputation leaves them: a case page shows the stored one.
        command += ["--templates", "1000", "--documents"]
        subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=True)
    return url


@dataclass
class Seeded:
    citizens: list[str]  # session keys of citizens with interview 1 to book
    caseworkers: list[tuple[str, list[int]]]  # session keys, with the citizens each may open
    cases: list[int]  # Jobcenter København's citizens
    members: list[int]  # A-kasse 1's members on dagpenge, for the dagpenge reports
    keys: dict[str, str]
    akasse_id: int


def seed(args: argparse.Namespace, today: date) -> Seeded:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from kontaktforloeb.booking.models import Slot, WorkingPattern
    from kontaktforloeb.booking.slots import slots_materialise
    from kontaktforloeb.cases.models import Citizen
    from kontaktforloeb.cases.services import case_events_append, citizen_create
    from kontaktforloeb.organisations.access import Actor
    from kontaktforloeb.organisations.api_keys import api_key_create
    from kontaktforloeb.organisations.models import Location, Organisation, User

    def session(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        assert store.session_key
        return store.session_key

    started = time.perf_counter()
    kbh = Organisation.objects.get(name="Jobcenter København")
    akasse = Organisation.objects.get(name="A-kasse 1")
    location = Location.objects.create(
        organisation=kbh,
        name="Jobcentret",
        street="Gyldenløvesgade 1",
        postal_code="1600",
        city="København V",
    )
    staff = User.objects.filter(username__startswith="bench-kbh-").exclude(
        username__endswith="leder"
    )
    hours = [
        WorkingPattern(
            caseworker=worker,
            organisation=kbh,
            weekday=weekday,
            start_time=datetime.strptime("09:00", "%H:%M").time(),
            end_time=datetime.strptime("15:00", "%H:%M").time(),
            slot_minutes=30,
            offers_in_person=True,
            location=location,
            valid_from=today,
        )
        for worker in staff.order_by("pk")[: args.bookable]
        for weekday in range(5)
    ]
    WorkingPattern.objects.bulk_create(hours)
    slots_materialise(
        WorkingPattern.objects.filter(organisation=kbh).select_related("location"),
        today,
        today + timedelta(weeks=8),
    )
    actor = Actor.of_operator("load")
    unusable = make_password(None)
    citizens = []
    for n in range(args.online):
        person = citizen_create(
            actor=actor,
            cpr=cpr(n),
            first_name="Borger",
            last_name=f"Online {n}",
            jobcenter_id=kbh.pk,
        )
        case_events_append(
            actor=actor,
            citizen=person,
            events=[
                {"type": "registered", "date": today.isoformat(), "group": "kontanthjaelp_jobparat"}
            ],
        )
        person.user = User.objects.create(
            username=f"load-citizen-{n}", password=unusable, role=User.Role.CITIZEN
        )
        person.save(update_fields=["user"])
        citizens.append(session(person.user))
    population = Citizen.objects.filter(cpr__startswith="00")  # not the ones made here
    cases = list(population.filter(jobcenter=kbh).values_list("pk", flat=True)[:2000])
    akasse_cases = list(population.filter(akasse=akasse).values_list("pk", flat=True)[:2000])
    members = list(
        population.filter(akasse=akasse, plan__group="dagpenge").values_list("pk", flat=True)[:2000]
    )
    workers = [(worker, cases) for worker in staff.order_by("pk")[:40]]
    workers += [
        (worker, akasse_cases)
        for worker in User.objects.filter(username__startswith="bench-ak-")
        .exclude(username__endswith="leder")
        .order_by("pk")[:20]
    ]
    keys = {
        "jobcenter": api_key_create(organisation=kbh, name="load")[1],
        "akasse": api_key_create(organisation=akasse, name="load")[1],
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {Slot.objects.filter(organisation=kbh).count()} free times, {len(citizens)} "
        f"citizens online, {len(workers)} caseworkers, {len(members)} dagpenge members in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return Seeded(
        citizens=citizens,
        caseworkers=[(session(worker), opens) for worker, opens in workers],
        cases=cases,
        members=members,
        keys=keys,
        akasse_id=akasse.pk,
    )


# --- The simulated people ----------------------------------------------------------------------


class Stop(Exception):
    """The level's time or request count is up."""


@dataclass
class Level:
    """What one level measured, shared by its threads."""

    deadline: float
    max_requests: int
    millis: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    taken: int = 0
    booked: list[int] = field(default_factory=list)
    registered: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def count(self) -> int:
        return sum(map(len, self.millis.values()))


class Person:
    """One simulated person with a keep-alive connection; `request` times one answer."""

    def __init__(self, port: int, level: Level, rng: random.Random, pause: tuple[float, float]):
        self.port, self.level, self.rng, self.pause = port, level, rng, pause
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers: dict[str, str] = {}

    def request(
        self,
        name: str,
        method: str,
        path: str,
        body: str | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> tuple[int, str, str]:
        level = self.level
        if time.monotonic() >= level.deadline or level.count >= level.max_requests:
            raise Stop
        headers = dict(self.headers)
        if body is not None and "X-API-Key" not in headers:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            headers["Content-Type"] = "application/json"
        began = time.perf_counter()
        try:
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
            text = response.read().decode()
            status, location = response.status, response.getheader("Location", "")
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            status, text, location = 0, repr(error), ""
        elapsed = (time.perf_counter() - began) * 1000
        with level.lock:
            level.millis[name].append(elapsed)
            if status not in expect:
                level.errors[name].append(f"{status} {path} {text[:300]!r}")
        time.sleep(self.rng.uniform(*self.pause))
        if self.rng.random() < 0.1:
            self.floor()
        return status, text, location

    def floor(self) -> None:
        level = self.level
        began = time.perf_counter()
        try:
            self.conn.request("GET", "/bench-floor/")
            response = self.conn.getresponse()
            ok = response.read() == b'{"ok": true}' and response.status == 200
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            ok = False
        elapsed = (time.perf_counter() - began) * 1000
        with level.lock:
            level.millis["floor: bare JSON view"].append(elapsed)
            if not ok:
                level.errors["floor: bare JSON view"].append("not 200 {ok: true}")


def form(**fields: Any) -> str:
    return urlencode({"csrfmiddlewaretoken": CSRF, **fields})


def just_taken(person: Person, name: str, status: int, page: str, location: str) -> None:
    """Booking or rebooking did not lead to the meeting: right only when another person took the
    time first (the form again, offering the nearest free times); anything else is an error."""
    level = person.level
    with level.lock:
        if status == 200 and TAKEN in page:
            level.taken += 1
        elif status == 200:
            level.errors[name].append(f"200, the form again without {TAKEN!r}")
        elif status == 302:
            level.errors[name].append(f"302 to {location}, not to the meeting")


def citizen(person: Person, sessions: list[str], lock: threading.Lock) -> None:
    """Logs in as one of `sessions` after the other: plan, free times, booking, then the meeting,
    rebooking and afbud; a citizen whose interview 1 cannot be booked any more hands over to the
    next session (when none is left, the last one goes on reading the start page and the plan)."""
    level = person.level
    key = None
    while True:
        with lock:
            if sessions:
                key = sessions.pop()
            elif key is not None:
                break
            else:
                raise SystemExit("no citizen sessions left: raise --online")
        person.headers = {"Cookie": f"sessionid={key}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
        booking: int | None = None
        while True:
            person.request("citizen: start page", "GET", "/min-side/")
            person.request("citizen: plan", "GET", "/min-side/plan/")
            if booking is None:
                _, page, _ = person.request("citizen: free times", "GET", "/min-side/book/1/")
                times = TID.findall(page)
                if not times:
                    break  # nothing to book: the next citizen
                tid = person.rng.choice(times[: person.rng.choice([5, 20, 60])])
                details = f"/min-side/book/1/om-samtalen/?tid={tid}"
                _, page, _ = person.request("citizen: booking details", "GET", details)
                channel = person.rng.choice(CHANNEL.findall(page) or ["in_person"])
                chosen = form(tid=tid, channel=channel, topic="job_search", topic_text="")
                status, page, location = person.request(
                    "citizen: book (POST)", "POST", details, chosen, expect=(302, 200)
                )
                made = RECEIPT.search(location)
                if made:
                    booking = int(made.group(1))
                    with level.lock:
                        level.booked.append(booking)
                    person.request("citizen: receipt", "GET", location)
                else:
                    just_taken(person, "citizen: book (POST)", status, page, location)
                continue
            person.request("citizen: meeting", "GET", f"/min-side/moeder/{booking}/")
            choice = person.rng.random()
            if choice < 0.3:
                rebook = f"/min-side/moeder/{booking}/ombook/"
                _, page, _ = person.request("citizen: rebook page", "GET", rebook)
                times = TID.findall(page)
                if times:
                    status, page, location = person.request(
                        "citizen: rebook (POST)",
                        "POST",
                        rebook,
                        form(tid=person.rng.choice(times)),
                        expect=(302, 200),
                    )
                    moved = MEETING.search(location)
                    if moved:
                        booking = int(moved.group(1))
                        with level.lock:
                            level.booked.append(booking)
                    else:
                        just_taken(person, "citizen: rebook (POST)", status, page, location)
            elif choice < 0.45:
                cancel = f"/min-side/moeder/{booking}/afbud/"
                person.request("citizen: afbud page", "GET", cancel)
                reason = form(lawful_absence="yes", reason="Jobsamtale hos en arbejdsgiver")
                person.request("citizen: afbud (POST)", "POST", cancel, reason, expect=(302,))
                booking = None
    while True:
        person.request("citizen: start page", "GET", "/min-side/")
        person.request("citizen: plan", "GET", "/min-side/plan/")


def caseworker(person: Person, key: str, cases: list[int]) -> None:
    person.headers = {"Cookie": f"sessionid={key}"}
    while True:
        person.request("staff: start page", "GET", "/sager/")
        slug = person.rng.choice(WORKLISTS)
        person.request("staff: worklist", "GET", f"/sager/arbejdsliste/{slug}/")
        for _ in range(2):
            person.request("staff: case page", "GET", f"/sager/{person.rng.choice(cases)}/")


def case_system(person: Person, seeded: Seeded, numbers: list[int], lock: threading.Lock) -> None:
    """Registers citizens (the jobcentre's on kontanthjælp, the a-kasse's on dagpenge) and
    reports the dagpenge the a-kasse paid its members last month."""
    level = person.level
    first = date.today().replace(day=1)
    last_month = first - timedelta(days=1)
    while True:
        akasse = person.rng.random() < 0.5
        with lock:
            numbers[0] += 1
            n = numbers[0]
        body: dict[str, Any] = {
            "cpr": cpr(n),
            "first_name": "Borger",
            "last_name": f"Ny {n}",
            "municipality_code": 101,
            "group": "dagpenge" if akasse else "kontanthjaelp_jobparat",
        }
        if akasse:
            body["akasse_id"] = seeded.akasse_id
        person.headers = {"X-API-Key": seeded.keys["akasse" if akasse else "jobcenter"]}
        status, text, _ = person.request(
            "api: register (POST)", "POST", "/api/v1/citizens", json.dumps(body), expect=(201,)
        )
        if status == 201:
            with level.lock:
                level.registered.append(json.loads(text)["id"])
        person.headers = {"X-API-Key": seeded.keys["akasse"]}
        with lock:
            member = seeded.members.pop() if seeded.members else None
        if member is not None:  # once a member: a second report of a month would be refused
            paid = {
                "type": "dagpenge_paid",
                "date": first.isoformat(),
                "from": last_month.replace(day=1).isoformat(),
                "to": last_month.isoformat(),
                "hours": "148.00",
            }
            person.request(
                "api: dagpenge paid (POST)",
                "POST",
                f"/api/v1/citizens/{member}/events",
                json.dumps({"events": [paid]}),
                expect=(201,),
            )
        person.headers = {"X-API-Key": seeded.keys["jobcenter"]}
        case = person.rng.choice(seeded.cases)
        person.request("api: citizen (GET)", "GET", f"/api/v1/citizens/{case}")


# --- A level -----------------------------------------------------------------------------------


def run_level(
    port: int,
    users: int,
    seeded: Seeded,
    args: argparse.Namespace,
    numbers: list[int],
    floor: float,
) -> Level:
    level = Level(deadline=0.0, max_requests=args.max_requests)
    systems = max(1, users // 10)
    staff = max(1, users * 3 // 10)
    people = users - systems - staff
    rng = random.Random(users)
    lock = threading.Lock()
    threads = []
    barrier = threading.Barrier(users + 1)

    def run(work: Any, *work_args: Any, pause: tuple[float, float] = (1.0, 3.0)) -> None:
        person = Person(port, level, random.Random(rng.random()), pause)
        barrier.wait()
        time.sleep(person.rng.uniform(0, pause[1]))  # people do not all start in one instant
        try:
            work(person, *work_args)
        except Stop:
            pass
        finally:
            person.conn.close()

    for _ in range(people):
        threads.append(threading.Thread(target=run, args=(citizen, seeded.citizens, lock)))
    for n in range(staff):
        key, cases = seeded.caseworkers[n % len(seeded.caseworkers)]
        threads.append(threading.Thread(target=run, args=(caseworker, key, cases)))
    for _ in range(systems):
        threads.append(
            threading.Thread(
                target=run,
                args=(case_system, seeded, numbers, lock),
                kwargs={"pause": (0.5, 1.5)},
            )
        )
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    level.deadline = time.monotonic() + args.duration
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    load = os.getloadavg()[0]
    print(
        f"\n{users} users ({people} citizens, {staff} caseworkers, {systems} case systems), "
        f"{elapsed:.0f} s: {level.count} requests, {level.count / elapsed:.1f} requests/s, "
        f"{level.taken} times just taken by another (answered with the nearest free times), "
        f"load average {load:.1f}"
    )
    report(level, floor)
    return level


def report(level: Level, floor_p50: float) -> None:
    """The table of a level; the ratio is to the floor's p50 on the idle server."""
    print(
        f"  {'request':30} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'p50/floor':>10} {'errors':>7}"
    )
    for name in sorted(level.millis):
        millis = level.millis[name]
        p50 = percentile(millis, 0.50)
        print(
            f"  {name:30} {len(millis):6} {p50:8.1f} {percentile(millis, 0.95):8.1f} "
            f"{percentile(millis, 0.99):8.1f} {p50 / floor_p50:10.1f} {len(level.errors[name]):7}"
        )
    for name, errors in level.errors.items():
        for error in errors[:3]:
            print(f"  error, {name}: {error}")


def floor_idle(port: int, count: int) -> float:
    """The floor on the idle server, one request after the other: its p50 in ms."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    millis = []
    for _ in range(count):
        began = time.perf_counter()
        conn.request("GET", "/bench-floor/")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        millis.append((time.perf_counter() - began) * 1000)
    conn.close()
    p50 = percentile(millis, 0.5)
    print(
        f"floor on the idle server, {count} requests one after the other: p50 {p50:.2f} ms, "
        f"p95 {percentile(millis, 0.95):.2f} ms"
    )
    return p50


def floor_burst(port: int, connections: int, seconds: float) -> None:
    """The floor's throughput: /bench-floor/ alone, every connection asking again at once."""
    millis: list[float] = []
    failed = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.monotonic() < deadline:
            began = time.perf_counter()
            conn.request("GET", "/bench-floor/")
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - began) * 1000)
            if response.status != 200:
                with lock:
                    failed[0] += 1
        conn.close()
        with lock:
            millis.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    print(
        f"\nfloor alone, {connections} connections without pauses, {elapsed:.0f} s: "
        f"{len(millis) / elapsed:.0f} requests/s, p50 {percentile(millis, 0.5):.1f} ms, "
        f"p95 {percentile(millis, 0.95):.1f} ms, p99 {percentile(millis, 0.99):.1f} ms, "
        f"errors {failed[0]}"
    )


# --- Checks afterwards -------------------------------------------------------------------------


def check(levels: list[Level]) -> None:
    from kontaktforloeb.booking.models import Booking
    from kontaktforloeb.cases.models import Citizen

    print("\nchecks after the run")
    for name, count in double_bookings().items():
        print(f"  {name}: {count}")
        assert count == 0, name
    booked = [pk for level in levels for pk in level.booked]
    found = Booking.objects.filter(pk__in=booked).count()
    print(f"  bookings answered as made: {len(booked)}, found: {found}")
    assert found == len(booked)
    registered = [pk for level in levels for pk in level.registered]
    found = Citizen.objects.filter(pk__in=registered, plan__isnull=False).count()
    print(f"  citizens answered 201: {len(registered)}, found with a stored plan: {found}")
    assert found == len(registered)
    live = Booking.objects.filter(pk__in=booked, status=Booking.Status.LIVE).count()
    print(f"  of the bookings made, live now: {live} (the rest rebooked or cancelled)")


# --- Main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="10,50,200", help="the levels, comma-separated")
    parser.add_argument("--duration", type=float, default=60, help="seconds a level")
    parser.add_argument("--max-requests", type=int, default=50_000, help="at most, a level")
    parser.add_argument("--citizens", type=int, default=20_000, help="the population")
    parser.add_argument("--template", help="copy this loaded population instead of loading one")
    parser.add_argument("--online", type=int, default=1000, help="citizens who log in")
    parser.add_argument(
        "--bookable", type=int, default=10, help="caseworkers of København with free times"
    )
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--threads", type=int, default=8, help="granian threads per worker")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    levels = [int(users) for users in args.users.split(",")]

    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )
    name = f"kf_load_{os.getpid()}"
    env = {
        **production_env(create_population(server_url, name, args)),
        # The production settings with /bench-floor/ (bench/load_settings.py).
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(BENCH)]),  # the task worker's
    }
    os.environ.update(env)
    server = worker = None
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    var = tempfile.TemporaryDirectory()  # the collected static files
    env["KONTAKTFORLOEB_VAR_DIR"] = os.environ["KONTAKTFORLOEB_VAR_DIR"] = var.name
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from kontaktforloeb.cases.plans import today

        call_command("collectstatic", interactive=False, verbosity=0)
        seeded = seed(args, today())
        worker = subprocess.Popen(
            [sys.executable, "-m", "kontaktforloeb", "db_worker"],
            env=env,
            cwd=ROOT,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        port = free_port()
        server = start_server(port, env, args, server_log, extra_path=(str(BENCH),))
        print(
            f"granian {args.workers} workers × {args.threads} threads, the task worker, "
            f"PostgreSQL; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        numbers = [100_000]
        floor = floor_idle(port, 500)
        done = [run_level(port, users, seeded, args, numbers, floor) for users in levels]
        floor_burst(port, 50, 10)
        if any(errors for level in done for errors in level.errors.values()):
            server_log.seek(0)
            tail = server_log.read().decode(errors="replace")[-4000:]
            print(f"\nthe end of the server's and the task worker's log:\n{tail}")
        check(done)
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        server_log.close()
        var.cleanup()
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(server_url, name)


if __name__ == "__main__":
    main()
