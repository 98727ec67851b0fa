"""How long each migration takes on a copy of the 300,000-citizen population, and what it locks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kf_pop .venv/bin/python bench/migrations_bench.py

The population (`bench/population.py`) is copied into a database of its own (`pg_dump -Fc`, then
`pg_restore`), so the original is never touched. On the copy each migration after the initial
ones is measured, newest first: `kontaktforloeb migrate APP PREVIOUS` unapplies it (and whatever
depends on it), `kontaktforloeb migrate APP NAME` applies it again, timed, and a plain `migrate`
brings the rest back. So every table that existed before a migration is full when it is measured;
a table the migration itself creates is new and empty, as in an upgrade. While the migration runs
a second connection looks at `pg_locks` every 10 ms and keeps, for each table, the strongest lock
the migration held and how long it was seen holding it: ACCESS EXCLUSIVE stops every read and
write of the table; SHARE and SHARE ROW EXCLUSIVE stop writes; SHARE UPDATE EXCLUSIVE (a
concurrent index build) stops only other schema changes and VACUUM. The time of a process that
starts and finds nothing to migrate is measured too and subtracted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "kf-migrations-bench"
# Strongest first; PostgreSQL's table-level lock modes.
MODES = [
    "AccessExclusiveLock",
    "ExclusiveLock",
    "ShareRowExclusiveLock",
    "ShareLock",
    "ShareUpdateExclusiveLock",
    "RowExclusiveLock",
    "RowShareLock",
    "AccessShareLock",
]
BLOCKS = {
    "AccessExclusiveLock": "reads and writes",
    "ExclusiveLock": "writes",
    "ShareRowExclusiveLock": "writes",
    "ShareLock": "writes",
    "ShareUpdateExclusiveLock": "schema changes only",
}


@dataclass
class Seen:
    mode: str
    first: float
    last: float


@dataclass
class Step:
    app: str
    name: str
    seconds: float = 0.0
    locks: dict[str, Seen] = field(default_factory=dict)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _name(url: str) -> str:
    return urlsplit(url).path[1:]


def _run(*command: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def _copy(source: str, copy: str) -> None:
    started = time.perf_counter()
    handle, name = tempfile.mkstemp(suffix=".dump")
    os.close(handle)
    dump = Path(name)
    try:
        _run("pg_dump", "-Fc", "-Z", "1", "-d", source, "-f", str(dump))
        _run("psql", _with_database(source, "postgres"), "-qc", f"CREATE DATABASE {_name(copy)}")
        _run("pg_restore", "--no-owner", "-j", "2", "-d", copy, str(dump))
    finally:
        dump.unlink(missing_ok=True)
    print(f"copied the population in {time.perf_counter() - started:.0f} s", flush=True)


def _migrations(copy: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Our migrations after the initial ones, in the order `migrate` applies them, and each
    app's last initial migration."""
    os.environ["DATABASE_URL"] = copy
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontaktforloeb.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    ours = {
        key
        for key in loader.graph.nodes
        if loader.get_migration(*key).__module__.startswith("kontaktforloeb.")
    }
    order: list[tuple[str, str]] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key in ours and key not in order:
                order.append(key)
    base: dict[str, str] = {}
    later: list[tuple[str, str]] = []
    for app, name in order:
        if "initial" in name and not any(a == app for a, _ in later):
            base[app] = name
        else:
            later.append((app, name))
    connection.close()
    return later, base


def _watch(copy: str, step: Step, stop: threading.Event) -> None:
    import psycopg

    with psycopg.connect(copy, autocommit=True) as watcher:
        while not stop.is_set():
            now = time.perf_counter()
            rows = watcher.execute(
                "SELECT c.relname, l.mode FROM pg_locks l"
                " JOIN pg_stat_activity a ON a.pid = l.pid"
                " JOIN pg_class c ON c.oid = l.relation"
                " WHERE a.application_name = %s AND l.granted AND l.locktype = 'relation'"
                " AND c.relkind IN ('r', 'p')",
                (APP_NAME,),
            ).fetchall()
            for table, mode in rows:
                seen = step.locks.get(table)
                if seen is None or MODES.index(mode) < MODES.index(seen.mode):
                    step.locks[table] = Seen(mode, now, now)
                elif mode == seen.mode:
                    seen.last = now
            time.sleep(0.01)


def _migrate(copy: str, app: str, name: str) -> Step:
    step = Step(app, name)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(copy, step, stop))
    watcher.start()
    started = time.perf_counter()
    try:
        _run(
            str(ROOT / ".venv/bin/kontaktforloeb"),
            "migrate",
            app,
            name,
            "--verbosity",
            "0",
            env={"DATABASE_URL": copy, "PGAPPNAME": APP_NAME},
        )
    finally:
        step.seconds = time.perf_counter() - started
        stop.set()
        watcher.join()
    return step


def _strong(step: Step) -> list[str]:
    """The tables the step blocked, with what and for how long."""
    found = []
    for table, seen in sorted(step.locks.items(), key=lambda item: MODES.index(item[1].mode)):
        if seen.mode in BLOCKS:
            found.append(
                f"{table}: {seen.mode} ({BLOCKS[seen.mode]}) {(seen.last - seen.first) * 1000:.0f} ms"
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the copy afterwards")
    args = parser.parse_args()
    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the population's PostgreSQL database (bench/population.py)")
    copy = _with_database(source, f"kf_migrations_{os.getpid()}")
    _copy(source, copy)
    try:
        later, base = _migrations(copy)
        previous = {}
        for app, name in later:
            previous[(app, name)] = base.get(app)
            base[app] = name
        kf = str(ROOT / ".venv/bin/kontaktforloeb")
        started = time.perf_counter()
        _run(kf, "migrate", "--verbosity", "0", env={"DATABASE_URL": copy})
        idle = time.perf_counter() - started
        print(
            f"{len(later)} migrations after the initial ones; a migrate with nothing to do: "
            f"{idle:.1f} s\n\n| migration | seconds | blocked while it ran |\n|---|---|---|",
            flush=True,
        )
        for app, name in reversed(later):
            _run(
                kf,
                "migrate",
                app,
                previous[(app, name)] or "zero",
                "--verbosity",
                "0",
                env={"DATABASE_URL": copy},
            )
            step = _migrate(copy, app, name)
            blocked = "; ".join(_strong(step)) or "nothing"
            print(f"| {app}.{name} | {max(0.0, step.seconds - idle):.1f} | {blocked} |", flush=True)
            _run(kf, "migrate", "--verbosity", "0", env={"DATABASE_URL": copy})
    finally:
        if not args.keep:
            _run(
                "psql",
                _with_database(source, "postgres"),
                "-qc",
                f"DROP DATABASE IF EXISTS {_name(copy)} WITH (FORCE)",
            )


if __name__ == "__main__":
    main()
