"""The what-if's population snapshot and its worker processes (docs/adr/0008-what-if.md).

A population is the events of an organisation's citizens (or every citizen's), read once from the
database and parsed into the engine's events, kept in memory under its version: the organisation,
the last event id of its citizens and their number and id sum (the event log is append-only, so a
new event, a citizen moved in or out, or a new citizen gives a new version). A few populations
are kept, the latest used first.

Worked out in this process below ``POOL_FROM`` citizens; above, in one forked worker process per
core, each taking chunks of the population it inherited at the fork (nothing but the chunk's
bounds and the counts cross between processes). Each side's figures are kept per (scenario,
population version, as-of day, weeks), so the law in force is worked out once for every scenario
tried against it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from django.db.models import Count, Max, QuerySet, Sum

from kontaktforloeb.cases.models import CaseEvent, Citizen
from kontaktforloeb.organisations.models import Organisation
from kontaktforloeb.rules.events import Event, parse_events
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
    """The citizens' events in the log's order, one list per citizen with a spell."""

    version: str
    citizens: list[list[Event]]
    loaded_in: float = 0.0
    _pool: ProcessPoolExecutor | None = field(default=None, repr=False)

    def pool(self) -> ProcessPoolExecutor:
        """Worker processes forked with this population in memory."""
        if self._pool is None:
            _FORKED[self.version] = self
            gc.collect()
            gc.freeze()  # the population's objects stay out of the children's collections
            self._pool = ProcessPoolExecutor(
                max_workers=WORKERS, mp_context=multiprocessing.get_context("fork")
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        _FORKED.pop(self.version, None)


# The populations a forked worker inherited, by version.
_FORKED: dict[str, Population] = {}
_POPULATIONS: OrderedDict[str, Population] = OrderedDict()
_TALLIES: OrderedDict[tuple[str, str, date, int], Tally] = OrderedDict()
_LOCK = threading.Lock()


def _citizens(organisation: Organisation | None) -> QuerySet[Citizen]:
    citizens = Citizen.objects.all()
    if organisation is None:
        return citizens
    if organisation.is_jobcenter:
        return citizens.filter(jobcenter=organisation)
    return citizens.filter(akasse=organisation)


def version_of(organisation: Organisation | None) -> str:
    """The population's version: a query for the citizens and one for their last event."""
    citizens = _citizens(organisation)
    counted = citizens.aggregate(count=Count("id"), sum=Sum("id"))
    events = CaseEvent.objects.all()
    if organisation is not None:
        events = events.filter(citizen__in=citizens)
    last = events.aggregate(last=Max("id"))["last"] or 0
    owner = "all" if organisation is None else str(organisation.pk)
    return f"{owner}:{last}:{counted['count']}:{counted['sum'] or 0}"


def _load(organisation: Organisation | None, version: str) -> Population:
    began = time.perf_counter()
    citizens = _citizens(organisation)
    events = CaseEvent.objects.all()
    if organisation is not None:
        events = events.filter(citizen__in=citizens)
    rows = events.order_by("citizen_id", "id").values_list("citizen_id", "type", "date", "data")
    found: list[list[Event]] = []
    current: int | None = None
    raw: list[dict[str, object]] = []
    spell = False

    def flush() -> None:
        if spell:
            found.append(parse_events(raw))

    for citizen_id, kind, day, data in rows.iterator(chunk_size=20000):
        if citizen_id != current:
            flush()
            current, raw, spell = citizen_id, [], False
        raw.append({"type": kind, "date": day.isoformat(), **data})
        spell = spell or kind == "registered"
    flush()
    return Population(version, found, time.perf_counter() - began)


def population(organisation: Organisation | None) -> Population:
    """The population of ``organisation`` (None: every citizen) at its current version."""
    version = version_of(organisation)
    with _LOCK:
        found = _POPULATIONS.get(version)
        if found is not None:
            _POPULATIONS.move_to_end(version)
            return found
    loaded = _load(organisation, version)
    with _LOCK:
        owner = version.split(":", 1)[0]
        for old in [v for v in _POPULATIONS if v.split(":", 1)[0] == owner]:
            _POPULATIONS.pop(old).close()  # an older version of the same citizens
        _POPULATIONS[version] = loaded
        while len(_POPULATIONS) > KEPT_POPULATIONS:
            _POPULATIONS.popitem(last=False)[1].close()
    return loaded


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
    """Each scenario's tally of the population: in this process, or in chunks on every core."""
    citizens = found.citizens
    if len(citizens) < POOL_FROM:
        return [tally(citizens, as_of, s.engine_id, weeks) for s in scenarios]
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


__all__ = ["POOL_FROM", "Population", "figures", "forget", "population", "version_of", "work_out"]
