"""How the statistics' queries run.

PostgreSQL's JIT compiler is switched on by a query's estimated cost, and the correlated
subqueries of these aggregates (the day a course ended, the caseworker of an interview) make the
estimates large: compiling then took most of the time of a query that runs in tens of
milliseconds (bench/README.md, 650 of 815 ms for a year's trend of København). The statistics run
their queries with ``jit`` off, for their own transaction only (``SET LOCAL``), so nothing else
on the connection is changed. SQLite has no JIT: nothing to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def analytic() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield
