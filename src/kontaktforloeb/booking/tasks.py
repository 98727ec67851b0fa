"""Background work on free times, run by the task worker (`kontaktforloeb db_worker`)."""

from __future__ import annotations

from django_tasks import task

from kontaktforloeb.cases.plans import today

from .slots import slots_fill_horizon


@task()
def fill_slot_horizon() -> int:
    """Daily: keep every caseworker's free times materialised twelve weeks ahead."""
    return slots_fill_horizon(today())
