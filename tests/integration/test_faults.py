"""Faults, with the real processes: the web server killed in the middle of bookings, and the
database restarted under load. What is promised (docs/operations.md, docs/security.md):

- nothing accepted is lost: every booking or registration answered 201 is there afterwards, with
  its event and its plan rows;
- nothing is half made: a booking without its event, or an event without its booking, never;
- a request the database cannot serve fails cleanly, 503 with a message and ``Retry-After``,
  never a half-written answer or an unexplained 500; and the server recovers by itself.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from kontaktforloeb.booking.models import Booking, Slot
from kontaktforloeb.cases.models import CaseEvent, Citizen, PlanItem
from kontaktforloeb.cases.plans import plan_recompute
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories
from tests.support.processes import (
    ROOT,
    database_url,
    private_postgres,
    production_env,
    web_server,
)

pytestmark = pytest.mark.django_db(transaction=True)
CPH = ZoneInfo("Europe/Copenhagen")


class Api:
    """One client's keep-alive connection; a broken connection is reopened on the next call."""

    def __init__(self, port: int, key: str) -> None:
        self.port = port
        self.headers = {"X-API-Key": key, "Content-Type": "application/json"}
        self.conn: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, body: object = None) -> tuple[int, bytes, str]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            payload = json.dumps(body) if body is not None else None
            self.conn.request(method, path, payload, self.headers)
            response = self.conn.getresponse()
            return response.status, response.read(), response.getheader("Content-Type", "")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise


# --- The web server killed in the middle of bookings ------------------------------------------


def _bookable(count: int) -> tuple[str, list[Citizen]]:
    """``count`` members of one a-kasse registered today, and free times for all of them in the
    coming week (the server runs in real time)."""
    akasse = factories.akasse("A-kasse Et")
    jobcentre = factories.jobcenter(101, "Jobcenter København")
    caseworker = factories.staff(akasse)
    first = datetime.combine(date.today() + timedelta(days=2), datetime.min.time(), tzinfo=CPH)
    slots = [
        Slot(
            organisation=akasse,
            caseworker=caseworker,
            start=first + timedelta(days=n // 8, hours=8 + n % 8),
            end=first + timedelta(days=n // 8, hours=8 + n % 8, minutes=45),
        )
        for n in range(count * 2)
    ]
    Slot.objects.bulk_create(slots)
    citizens = []
    for n in range(count):
        citizen = factories.citizen(jobcentre, akasse, cpr=f"01018{5 + n // 1000}{n % 1000:04d}")
        case_events_append(
            actor=Actor.of_operator("tests"),
            citizen=citizen,
            events=[{"type": "registered", "date": date.today().isoformat(), "group": "dagpenge"}],
        )
        citizens.append(citizen)
    return factories.api_key(akasse), citizens


def _book_all(
    api: Api, citizens: list[Citizen], accepted: dict[int, int], errors: list[str]
) -> None:
    """Book interview 1 for each citizen until it is booked: search, book; on a broken
    connection (the server killed) try again, as a client would."""
    for citizen in citizens:
        for _attempt in range(60):
            try:
                status, body, _ = api.call(
                    "GET", f"/api/v1/citizens/{citizen.pk}/interviews/1/slots?limit=20"
                )
                if status != 200:
                    errors.append(f"search {status} {body[:200]!r}")
                    break
                items = json.loads(body)["items"]
                if not items:
                    break  # booked in an attempt whose answer was lost: nothing left to book
                status, body, _ = api.call(
                    "POST",
                    f"/api/v1/citizens/{citizen.pk}/bookings",
                    {
                        "slot_id": items[citizen.pk % len(items)]["id"],
                        "interview": 1,
                        "channel": "in_person",
                        "topic": "job_search",
                    },
                )
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)  # the server is down: wait for it to come back
                continue
            if status == 201:
                accepted[citizen.pk] = json.loads(body)["id"]
                break
            if status in {409, 422}:
                # Taken meanwhile, or already booked by an attempt whose answer was lost.
                if Booking.objects.filter(citizen=citizen, status="live").exists():
                    break
                continue
            errors.append(f"book {status} {body[:200]!r}")
            break


def test_a_web_server_killed_while_booking_loses_no_accepted_booking_and_makes_none_by_half(
    tmp_path: Path,
):
    key, citizens = _bookable(24)
    env = production_env(database_url(), DATABASE_CONN_MAX_AGE="60")
    accepted: dict[int, int] = {}
    errors: list[str] = []
    with web_server(env, tmp_path / "server.log") as server:
        clients = [citizens[n::4] for n in range(4)]
        threads = [
            threading.Thread(target=_book_all, args=(Api(server.port, key), part, accepted, errors))
            for part in clients
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(accepted) < 6 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()  # in the middle: some bookings answered, some in flight, most not begun
        killed_after = len(accepted)
        time.sleep(0.5)
        server.start()
        for thread in threads:
            thread.join(timeout=240)
    assert not errors, errors
    assert 0 < killed_after < len(citizens)
    # Every citizen has exactly one live booking of interview 1; every answered one is there.
    live = {b.citizen_id: b for b in Booking.objects.filter(status="live")}
    assert set(live) == {c.pk for c in citizens}
    assert all(live[citizen].pk == booking for citizen, booking in accepted.items())
    assert Booking.objects.count() == len(citizens)  # nothing half made and left behind
    # Each booking with its event and its plan row; no event without its booking.
    booked = CaseEvent.objects.filter(type="booked")
    assert sorted(e.citizen_id for e in booked) == sorted(live)
    for event in booked:
        meeting = live[event.citizen_id].start.astimezone(CPH).date().isoformat()
        assert event.data["meeting_date"] == meeting
    rows = PlanItem.objects.filter(kind="interview", number=1, status="booked")
    assert sorted(rows.values_list("citizen_id", flat=True)) == sorted(live)


# --- The database restarted under load --------------------------------------------------------


def _kf(database: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "kontaktforloeb", *args],
        env=production_env(database),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


SETUP = """
from kontaktforloeb.organisations.models import Organisation
from kontaktforloeb.organisations.api_keys import api_key_create
Organisation.objects.create(kind="jobcenter", name="Jobcenter København", municipality_code=101)
akasse = Organisation.objects.create(kind="akasse", name="A-kasse Et")
print(akasse.pk, api_key_create(organisation=akasse, name="case system")[1])
"""


def _register(api: Api, akasse: int, serial: int) -> tuple[int, bytes, str]:
    return api.call(
        "POST",
        "/api/v1/citizens",
        {
            "cpr": f"0202{85 + serial // 4000:02d}{serial % 4000:04d}",
            "first_name": "Ida",
            "last_name": f"Olesen {serial}",
            "email": f"ida{serial}@example.dk",
            "municipality_code": 101,
            "akasse_id": akasse,
            "group": "dagpenge",
            "first_day": date.today().isoformat(),
        },
    )


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="it runs a PostgreSQL server of its own whatever the suite's database: once a CI run",
)
def test_a_database_restart_under_load_fails_requests_cleanly_and_the_server_recovers(
    tmp_path: Path,
):
    with private_postgres() as postgres:
        database = postgres.create_database("kontaktforloeb")
        _kf(database, "migrate", "--verbosity", "0")
        akasse, key = _kf(database, "shell", "-c", SETUP).splitlines()[-1].split()
        env = production_env(database, DATABASE_CONN_MAX_AGE="60")
        with web_server(env, tmp_path / "server.log") as server:
            answers: list[tuple[str, int, str]] = []
            created: list[int] = []
            stop = threading.Event()
            lock = threading.Lock()

            def client(index: int) -> None:
                api = Api(server.port, key)
                serial = index * 1000
                while not stop.is_set():
                    serial += 1
                    for kind, call in (
                        ("register", lambda n=serial: _register(api, int(akasse), n)),
                        ("list", lambda: api.call("GET", "/api/v1/citizens?limit=5")),
                    ):
                        try:
                            status, body, content_type = call()
                        except (OSError, http.client.HTTPException):
                            continue
                        with lock:
                            answers.append((kind, status, content_type))
                            if kind == "register" and status == 201:
                                created.append(json.loads(body)["id"])
                            if status == 503:
                                assert json.loads(body)["detail"]

            threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
            for thread in threads:
                thread.start()
            _wait(lambda: len(created) >= 10)
            postgres.stop("fast")  # every connection of every worker dies
            _wait(lambda: sum(1 for _, s, _ in answers[-20:] if s == 503) >= 4)
            postgres.start()
            restarted = len(answers)
            _wait(lambda: sum(1 for _, s, _ in answers[restarted:] if s in {200, 201}) >= 20)
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        statuses = {status for _, status, _ in answers}
        assert statuses <= {200, 201, 503}, sorted(statuses)  # never a 500
        assert all("json" in content_type for _, _, content_type in answers)
        assert 503 in statuses
        # Everything answered 201 was kept, before the restart and after it.
        stored = (
            _kf(
                database,
                "shell",
                "-c",
                "from kontaktforloeb.cases.models import Citizen;"
                " print(*Citizen.objects.values_list('id', flat=True))",
            )
            .splitlines()[-1]
            .split()
        )
        assert set(created) <= {int(n) for n in stored}


def _wait(condition: Callable[[], bool], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# --- Two nightly sweeps, and a booking, replacing one citizen's plan at once -----------------


def _at_once(work: list[Callable[[], object]]) -> list[BaseException]:
    """Run each callable in its own thread with its own database connection, released together;
    the exceptions they raised."""
    barrier = threading.Barrier(len(work))
    failures: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as error:  # reported to the test below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


def test_plans_replaced_at_the_same_time_by_sweeps_and_changes_are_never_doubled():
    """The nightly sweep in two processes at once (a cron and a worker), and the plan of the
    same citizen stored by a change in the middle of it: each citizen ends with one plan's rows,
    as one recomputation makes them, never two sets (a consequence twice on a worklist)."""
    jobcentre = factories.jobcenter(101, "Jobcenter København")
    akasse = factories.akasse("A-kasse Et")
    start = date.today() - timedelta(days=200)
    citizens = []
    for n in range(12):
        citizen = factories.citizen(jobcentre, akasse, cpr=f"030385{n:04d}")
        case_events_append(
            actor=Actor.of_operator("tests"),
            citizen=citizen,
            events=[{"type": "registered", "date": start.isoformat(), "group": "dagpenge"}],
        )
        citizens.append(citizen)
    expected = {c.pk: PlanItem.objects.filter(citizen=c).count() for c in citizens}
    assert all(expected.values())
    for _round in range(3):
        failures = _at_once(
            [lambda: [plan_recompute(c) for c in citizens] for _ in range(3)]
            + [lambda: [plan_recompute(c) for c in reversed(citizens)]]
        )
        assert not failures, failures
        counts = {c.pk: PlanItem.objects.filter(citizen=c).count() for c in citizens}
        assert counts == expected


def test_a_database_that_cannot_be_reached_is_told_as_503_on_pages_and_in_the_api():
    """The error handler itself, as Django calls it while the exception is being handled."""
    from django.db import OperationalError
    from django.test import RequestFactory

    from kontaktforloeb.web.views import server_error

    answers = {}
    for path in ("/min-side/plan/", "/api/v1/citizens"):
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            answers[path] = server_error(RequestFactory().get(path))
    page, api = answers["/min-side/plan/"], answers["/api/v1/citizens"]
    assert (page.status_code, page["Retry-After"]) == (503, "5")
    assert "midlertidigt utilgængeligt" in page.content.decode()
    assert "briefly unavailable" in page.content.decode()
    assert (api.status_code, api["Content-Type"]) == (503, "application/json")
    assert json.loads(api.content)["detail"]
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(RequestFactory().get("/")).status_code == 500
