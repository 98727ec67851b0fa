"""Registering citizens through the API on PostgreSQL: `POST /api/v1/citizens` from concurrent
clients against the running server (granian, the production settings). Needs DATABASE_URL (a
PostgreSQL server); the benchmark creates a database of its own there and drops it afterwards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        bench/registration_bench.py [--citizens 10000] [--clients 16] [--workers 2]

Half the clients are an a-kasse's system registering members on dagpenge, half a municipality's
registering kontanthjælp recipients; each registration validates the CPR number, creates the
citizen and the `registered` event and works out and stores the plan (explained, in Danish and
English) in one transaction. Reports throughput and p50/p95/p99 per request, then checks the
database: one citizen, one event and one stored plan per registration, no CPR number twice; and
that registering a known number again answers 409 with its id.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from booking_bench import (  # noqa: E402
    create_database,
    drop_database,
    free_port,
    percentile,
    production_env,
    start_server,
)


def cpr(n: int) -> str:
    """A valid, fictitious CPR number for each n (born 1990, day by thousands)."""
    return f"{n // 9000 + 1:02d}0190{n % 9000 + 1000:04d}"


def register(port: int, keys: dict[str, str], ids: dict[str, int], args: argparse.Namespace):
    clients = args.clients
    per_client = args.citizens // clients
    barrier = threading.Barrier(clients + 1)
    millis: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        akasse = index % 2 == 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {
            "X-API-Key": keys["akasse" if akasse else "jobcenter"],
            "Content-Type": "application/json",
        }
        barrier.wait()
        for k in range(per_client):
            n = index * per_client + k
            body = {
                "cpr": cpr(n),
                "first_name": "Borger",
                "last_name": f"Nr {n}",
                "email": f"borger{n}@example.dk",
                "municipality_code": 101,
                "group": "dagpenge" if akasse else "kontanthjaelp_jobparat",
            }
            if akasse:
                body["akasse_id"] = ids["akasse"]
            began = time.perf_counter()
            conn.request("POST", "/api/v1/citizens", json.dumps(body), headers)
            response = conn.getresponse()
            answer = response.read()
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                millis.append(elapsed)
                if response.status != 201:
                    failures.append(f"{response.status} {answer[:200]!r}")
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    made = len(millis) - len(failures)
    print(
        f"  {clients} clients, {made} registrations in {elapsed:.1f} s: "
        f"{made / elapsed:.1f} registrations/s"
    )
    print(
        f"  POST /api/v1/citizens: n={len(millis)} p50 {percentile(millis, 0.50):.1f} ms, "
        f"p95 {percentile(millis, 0.95):.1f} ms, p99 {percentile(millis, 0.99):.1f} ms, "
        f"max {max(millis):.1f} ms"
    )
    if failures:
        print(f"  unexpected answers: {len(failures)}, e.g. {failures[:3]}")
    return made


def check(port: int, keys: dict[str, str], expected: int) -> None:
    from django.db import connection

    checks = {
        "citizens": "SELECT count(*) FROM cases_citizen",
        "registered events": "SELECT count(*) FROM cases_caseevent WHERE type = 'registered'",
        "stored plans with a spell": (
            "SELECT count(*) FROM cases_citizenplan WHERE spell_start IS NOT NULL"
        ),
        "CPR numbers twice": (
            "SELECT count(*) FROM (SELECT cpr FROM cases_citizen GROUP BY cpr "
            "HAVING count(*) > 1) AS twice"
        ),
    }
    with connection.cursor() as cursor:
        found = {}
        for name, sql in checks.items():
            cursor.execute(sql)
            (found[name],) = cursor.fetchone()
            print(f"  {name}: {found[name]}")
    assert found["citizens"] == found["registered events"] == expected
    assert found["stored plans with a spell"] == expected
    assert found["CPR numbers twice"] == 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"X-API-Key": keys["jobcenter"], "Content-Type": "application/json"}
    known = 0
    for n in range(0, expected, max(1, expected // 100)):
        body = {
            "cpr": cpr(n),
            "first_name": "Igen",
            "last_name": "Igen",
            "municipality_code": 101,
            "group": "kontanthjaelp_jobparat",
        }
        conn.request("POST", "/api/v1/citizens", json.dumps(body), headers)
        response = conn.getresponse()
        answer = json.loads(response.read())
        assert response.status == 409 and answer["citizen_id"], answer
        known += 1
    conn.close()
    print(f"  {known} known CPR numbers registered again: every one 409 with the citizen's id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--threads", type=int, default=8, help="granian threads per worker")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )
    name = f"kf_registration_bench_{os.getpid()}"
    env = production_env(create_database(server_url, name))
    os.environ.update(env)
    server = None
    server_log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from kontaktforloeb.organisations.api_keys import api_key_create
        from kontaktforloeb.organisations.models import Organisation

        call_command("migrate", verbosity=0)
        jobcenter = Organisation.objects.create(
            kind="jobcenter", name="Jobcenter København", municipality_code=101
        )
        akasse = Organisation.objects.create(kind="akasse", name="A-kasse Bench")
        keys = {
            "jobcenter": api_key_create(organisation=jobcenter, name="bench")[1],
            "akasse": api_key_create(organisation=akasse, name="bench")[1],
        }
        port = free_port()
        server = start_server(port, env, args, server_log)
        print(
            f"registering {args.citizens} citizens, {args.clients} clients, granian "
            f"{args.workers} workers × {args.threads} threads, PostgreSQL"
        )
        made = register(port, keys, {"akasse": akasse.pk}, args)
        print("checks after the run")
        check(port, keys, made)
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
