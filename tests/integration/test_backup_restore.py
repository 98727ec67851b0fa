"""The backup of docs/operations.md, tested: a `pg_dump -Fc` of a database with the demo's
citizens, restored with `pg_restore` into a fresh database, holds every row of every table, keeps
the event log append-only, and the application run against it serves the same cases.

PostgreSQL only: production runs on PostgreSQL, and this is its backup.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import connection

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.demo import seed_demo

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the backup of a PostgreSQL database"
    ),
    pytest.mark.django_db(transaction=True),
]

TODAY = date(2026, 12, 3)


def _server() -> dict[str, str]:
    settings = connection.settings_dict
    return {
        "PGHOST": str(settings["HOST"] or "127.0.0.1"),
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": str(settings["USER"] or "postgres"),
        **({"PGPASSWORD": str(settings["PASSWORD"])} if settings["PASSWORD"] else {}),
    }


def _pg(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        env={**os.environ, **_server()},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


def _url(database: str) -> str:
    server = _server()
    password = f":{server['PGPASSWORD']}" if "PGPASSWORD" in server else ""
    return (
        f"postgres://{server['PGUSER']}{password}@{server['PGHOST']}:{server['PGPORT']}/{database}"
    )


def _fingerprints(database: str) -> dict[str, tuple[int, str]]:
    """Per table of the application: its rows and an MD5 of all of them in key order."""
    tables = sorted(model._meta.db_table for model in apps.get_models())
    query = " UNION ALL ".join(
        f"SELECT '{table}', count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
        f' FROM "{table}" t'
        for table in tables
    )
    out = _pg("psql", "-d", database, "-AtF", "\t", "-c", query).stdout
    return {
        name: (int(count), digest)
        for name, count, digest in (line.split("\t") for line in out.splitlines())
    }


def _export(database: str, citizen: Citizen) -> object:
    """`kontaktforloeb export-case` run by the application against ``database``."""
    result = subprocess.run(
        [sys.executable, "-m", "kontaktforloeb", "export-case", str(citizen.pk), "--why", "Test"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DATABASE_URL": _url(database),
            "DJANGO_SETTINGS_MODULE": "kontaktforloeb.settings.test",
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def test_a_dump_restored_into_a_fresh_database_serves_the_same_data(tmp_path: Path):
    with time_machine.travel(
        datetime.combine(TODAY, time(9), tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    ):
        seed_demo(citizens=24, today=TODAY)
    original = str(connection.settings_dict["NAME"])
    copy = f"kf_restore_{uuid.uuid4().hex[:12]}"
    dump = tmp_path / "kontaktforloeb.dump"
    _pg("pg_dump", "-Fc", "-d", original, "-f", str(dump))
    _pg("createdb", copy)
    try:
        _pg("pg_restore", "--no-owner", "--exit-on-error", "-d", copy, str(dump))

        # Every row of every table.
        before = _fingerprints(original)
        assert before["cases_caseevent"][0] > 100  # the demo wrote a real event log
        assert before["cases_planitem"][0] > 50
        assert _fingerprints(copy) == before

        # The application, started against the copy, serves the same case.
        busiest = max(Citizen.objects.all(), key=lambda citizen: citizen.events.count())
        assert _export(copy, busiest) == _export(original, busiest)

        # The event log is still append-only: the trigger came back with the schema.
        refused = subprocess.run(
            [
                "psql",
                "-d",
                copy,
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                "UPDATE cases_caseevent SET id = id",
            ],
            env={**os.environ, **_server()},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert refused.returncode != 0
        assert "case events are append-only" in refused.stderr
    finally:
        _pg("dropdb", "--force", "--if-exists", copy)
