"""The what-if's population snapshot and its worker processes (docs/adr/0008-what-if.md).

A population is the events of an organisation's citizens (or every citizen's), read once from the
database and parsed by the engine's ``parse_event`` into compact shared values, kept in memory
under its version: the organisation, the last event id of its citizens and their number and id
sum. The event log is append-only, so asking whether a kept population is current is a query for
the log's last id and one for the organisation's citizens; where events came since, only the
citizens they belong to are read again (a new version), and where citizens moved in or out, or
many changed, the whole population. One population per organisation is kept, a few in all.

Worked out in this process below ``POOL_FROM`` citizens; above, in one forked worker process per
core, each taking chunks of the population it inherited at the fork (nothing but the chunk's
bounds and the counts cross between processes). Each side's figures are kept per (scenario,
population version, as-of day, weeks), so the law in force is worked out once for every scenario
tried against it.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from django.db import connection
from django.db.models import Count, Max, Sum

from kontaktforloeb.cases.models import CaseEvent, Citizen
from kontaktforloeb.organisations.models import Organisation
from kontaktforloeb.rules.events import Event, parse_event
from kontaktforloeb.rules.rulesets import VARIANTS, register_variant

from .whatif import TODAY, Scenario, Tally, WhatIf, tally

POOL_FROM: Final = 4000
WORKERS: Final = max(1, os.cpu_count() or 1)
CHUNKS_PER_WORKER: Final = 4
KEPT_POPULATIONS: Final = 3
KEPT_TALLIES: Final = 64

Progress = Callable[[int, int], None]  # (citizens done, citizens in all)


@dataclass
class Population:
    """The citizens' events in the log's order, one list per citizen with a spell.

    ``version`` names what it holds: the owner, the last event id of its citizens and their
    number and id sum. ``seen`` is the last event id of the whole log when it was last found
    current (a later event of another organisation's citizen leaves it current)."""

    version: str
    citizens: list[list[Event]]
    loaded_in: float = 0.0
    owner: str = ""
    positions: dict[int, int] = field(default_factory=dict, repr=False)
    last_event: int = 0
    members: tuple[int, int] = (0, 0)
    seen: int = 0
    _pool: ProcessPoolExecutor | None = field(default=None, repr=False)

    def pool(self) -> ProcessPoolExecutor:
        """Worker processes forked with this population in memory (forked at once, with the
        population's objects kept out of the children's garbage collections, whose visits would
        copy every page they touch)."""
        with _FORKING:
            if self._pool is None:
                _FORKED[self.version] = self
                gc.collect()
                gc.freeze()
                try:
                    pool = ProcessPoolExecutor(
                        max_workers=WORKERS, mp_context=multiprocessing.get_context("fork")
                    )
                    pool.submit(int).result()  # forks every worker (the fork context does so)
                finally:
                    gc.unfreeze()
                self._pool = pool
            return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        _FORKED.pop(self.version, None)


# The populations a forked worker inherited, by version.
_FORKED: dict[str, Population] = {}
# The latest population of each owner (an organisation's id, or "all"), the latest used last.
_POPULATIONS: OrderedDict[str, Population] = OrderedDict()
_TALLIES: OrderedDict[tuple[str, str, date, int], Tally] = OrderedDict()
_LOCK = threading.Lock()
_FORKING = threading.Lock()
# A few changed citizens are read again; more than this share of them, the whole population.
REREAD_SHARE: Final = 0.05


def _owner(organisation: Organisation | None) -> str:
    return "all" if organisation is None else str(organisation.pk)


def _scope_sql(organisation: Organisation | None) -> tuple[str, list[int]]:
    """The condition on the citizens (``c``) of the population, and its parameters."""
    if organisation is None:
        return "TRUE", []
    column = "jobcenter_id" if organisation.is_jobcenter else "akasse_id"
    return f"c.{column} = %s", [organisation.pk]


def _members(organisation: Organisation | None) -> tuple[int, int]:
    """The number and id sum of the organisation's citizens (a citizen moved in or out changes
    them); the whole country's change only with a new citizen, whose registration is an event."""
    if organisation is None:
        return (0, 0)
    citizens = Citizen.objects.all()
    citizens = (
        citizens.filter(jobcenter=organisation)
        if organisation.is_jobcenter
        else citizens.filter(akasse=organisation)
    )
    counted = citizens.aggregate(count=Count("id"), sum=Sum("id"))
    return counted["count"], int(counted["sum"] or 0)


def _rows(
    organisation: Organisation | None, citizens: list[int] | None = None
) -> Iterator[tuple[int, int, str, date, str]]:
    """(citizen, event id, type, date, data as JSON text) in the log's order per citizen."""
    condition, params = _scope_sql(organisation)
    if citizens is not None:
        condition += " AND c.id IN (" + ", ".join(["%s"] * len(citizens)) + ")"
        params = [*params, *citizens]
    text = "e.data::text" if connection.vendor == "postgresql" else "e.data"
    sql = (
        f"SELECT e.citizen_id, e.id, e.type, e.date, {text} "
        f"FROM {CaseEvent._meta.db_table} e JOIN {Citizen._meta.db_table} c "
        f"ON c.id = e.citizen_id WHERE {condition} ORDER BY e.citizen_id, e.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20000):
            for citizen_id, event_id, kind, day, data in batch:
                if isinstance(day, str):
                    day = date.fromisoformat(day)
                yield citizen_id, event_id, kind, day, data


def _read(
    rows: Iterable[tuple[int, int, str, date, str]],
) -> tuple[dict[int, list[Event]], int]:
    """Each citizen's events (those with a registration), parsed by the engine's own
    ``parse_event``; an event equal to one already read at the same place in another citizen's
    log (the same monthly payment report, say) is that one, since events are immutable values.
    Returns them and the last event id."""
    parsed: dict[tuple[int, str, date, str], Event] = {}
    found: dict[int, list[Event]] = {}
    spells: set[int] = set()
    last = 0
    current: int | None = None
    events: list[Event] = []
    for citizen_id, event_id, kind, day, data in rows:
        if citizen_id != current:
            current, events = citizen_id, []
            found[citizen_id] = events
        last = max(last, event_id)
        key = (len(events), kind, day, data)
        event = parsed.get(key)
        if event is None:
            raw = json.loads(data) if data else {}
            raw["type"], raw["date"] = kind, day.isoformat()
            event = parsed[key] = parse_event(len(events), raw)
        events.append(event)
        if kind == "registered":
            spells.add(citizen_id)
    return {citizen: found[citizen] for citizen in found if citizen in spells}, last


def _log_end() -> int:
    return CaseEvent.objects.aggregate(last=Max("id"))["last"] or 0


def _version(owner: str, last_event: int, members: tuple[int, int]) -> str:
    return f"{owner}:{last_event}:{members[0]}:{members[1]}"


def _load(organisation: Organisation | None, seen: int, members: tuple[int, int]) -> Population:
    began = time.perf_counter()
    found, last = _read(_rows(organisation))
    owner = _owner(organisation)
    return Population(
        _version(owner, last, members),
        list(found.values()),
        time.perf_counter() - began,
        owner=owner,
        positions={citizen: index for index, citizen in enumerate(found)},
        last_event=last,
        members=members,
        seen=seen,
    )


def _changed(organisation: Organisation | None, after: int) -> list[int]:
    """The population's citizens with an event after ``after`` (the log's primary key)."""
    condition, params = _scope_sql(organisation)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT e.citizen_id FROM {CaseEvent._meta.db_table} e "
            f"JOIN {Citizen._meta.db_table} c ON c.id = e.citizen_id "
            f"WHERE e.id > %s AND {condition}",
            [after, *params],
        )
        return [row[0] for row in cursor.fetchall()]


def _refreshed(
    organisation: Organisation | None, old: Population, seen: int, changed: list[int]
) -> Population:
    """``old`` with the changed citizens' events read again: a new version."""
    began = time.perf_counter()
    found, last = _read(_rows(organisation, changed))
    citizens = list(old.citizens)
    positions = dict(old.positions)
    for citizen, events in found.items():
        position = positions.get(citizen)
        if position is None:
            positions[citizen] = len(citizens)
            citizens.append(events)
        else:
            citizens[position] = events
    last = max(last, old.last_event)
    return Population(
        _version(old.owner, last, old.members),
        citizens,
        time.perf_counter() - began,
        owner=old.owner,
        positions=positions,
        last_event=last,
        members=old.members,
        seen=seen,
    )


def population(organisation: Organisation | None) -> Population:
    """The population of ``organisation`` (None: every citizen) as the event log now stands:
    the one kept when nothing of its citizens changed (a query or two), else the changed
    citizens read again, else (many changed, or citizens moved in or out) read anew."""
    owner = _owner(organisation)
    seen = _log_end()
    members = _members(organisation)
    with _LOCK:
        kept = _POPULATIONS.get(owner)
    fresh: Population | None = None
    if kept is not None and kept.members == members:
        if kept.seen == seen:
            fresh = kept
        else:
            changed = _changed(organisation, kept.seen)
            if not changed:
                kept.seen = seen
                fresh = kept
            elif len(changed) <= REREAD_SHARE * max(1, len(kept.citizens)):
                fresh = _refreshed(organisation, kept, seen, changed)
    if fresh is None:
        fresh = _load(organisation, seen, members)
    with _LOCK:
        old = _POPULATIONS.pop(owner, None)
        if old is not None and old is not fresh:
            old.close()
        _POPULATIONS[owner] = fresh
        while len(_POPULATIONS) > KEPT_POPULATIONS:
            _POPULATIONS.popitem(last=False)[1].close()
    return fresh


def _chunk(
    version: str,
    start: int,
    stop: int,
    as_of: date,
    engine_id: str | None,
    variant: tuple[str, tuple[tuple[str, object], ...]] | None,
    weeks: int,
) -> Tally:
    """In a worker: the tally of one chunk of the population it inherited."""
    if engine_id is not None and variant is not None and engine_id not in VARIANTS:
        register_variant(engine_id, *variant)
    return tally(_FORKED[version].citizens[start:stop], as_of, engine_id, weeks)


def work_out(
    found: Population,
    scenarios: list[Scenario],
    as_of: date,
    weeks: int,
    progress: Progress | None,
) -> list[Tally]:
    """Each scenario's tally of the population: in this process, or in chunks on every core
    (again in this process if a worker died: the pool is replaced the next time)."""
    citizens = found.citizens
    if len(citizens) < POOL_FROM:
        return [tally(citizens, as_of, s.engine_id, weeks) for s in scenarios]
    try:
        return _in_workers(found, scenarios, as_of, weeks, progress)
    except BrokenProcessPool:
        found.close()
        return [tally(citizens, as_of, s.engine_id, weeks) for s in scenarios]


def _in_workers(
    found: Population,
    scenarios: list[Scenario],
    as_of: date,
    weeks: int,
    progress: Progress | None,
) -> list[Tally]:
    citizens = found.citizens
    pool = found.pool()
    size = -(-len(citizens) // (WORKERS * CHUNKS_PER_WORKER))
    bounds = [(start, min(start + size, len(citizens))) for start in range(0, len(citizens), size)]
    futures: list[list[Future[Tally]]] = []
    for scenario in scenarios:
        engine_id = scenario.engine_id
        variant = VARIANTS.get(engine_id) if engine_id else None
        futures.append(
            [
                pool.submit(_chunk, found.version, start, stop, as_of, engine_id, variant, weeks)
                for start, stop in bounds
            ]
        )
    total = len(citizens) * len(scenarios)
    done = 0
    sums = []
    for chunks in futures:
        whole = Tally(weeks)
        for future, (start, stop) in zip(chunks, bounds, strict=True):
            whole.add(future.result())
            done += stop - start
            if progress is not None:
                progress(done, total)
        sums.append(whole)
    return sums


def figures(
    organisation: Organisation | None,
    scenario: Scenario,
    as_of: date,
    weeks: int,
    progress: Progress | None = None,
) -> WhatIf:
    """The law in force and ``scenario`` for the organisation's citizens (None: everyone's)."""
    found = population(organisation)
    wanted = [TODAY] if scenario.is_today else [TODAY, scenario]
    with _LOCK:
        kept = [_TALLIES.get((found.version, s.key, as_of, weeks)) for s in wanted]
    missing = [s for s, tallied in zip(wanted, kept, strict=True) if tallied is None]
    if missing:
        worked = iter(work_out(found, missing, as_of, weeks, progress))
        with _LOCK:
            for index, scenario_wanted in enumerate(wanted):
                if kept[index] is None:
                    tallied = next(worked)
                    kept[index] = tallied
                    _TALLIES[(found.version, scenario_wanted.key, as_of, weeks)] = tallied
            while len(_TALLIES) > KEPT_TALLIES:
                _TALLIES.popitem(last=False)
    today, result = kept[0], kept[-1]
    assert today is not None and result is not None
    return WhatIf(scenario, as_of, weeks, today, result, found.version, cached=not missing)


def forget() -> None:
    """Drop every kept population, its workers and the kept figures (tests, a new release)."""
    with _LOCK:
        while _POPULATIONS:
            _POPULATIONS.popitem()[1].close()
        _TALLIES.clear()


__all__ = ["POOL_FROM", "Population", "figures", "forget", "population", "work_out"]
