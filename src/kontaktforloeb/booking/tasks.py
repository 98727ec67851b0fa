"""Background work on free times, run by the task worker (`kontaktforloeb db_worker`)."""

from __future__ import annotations

from django_tasks import task

from kontaktforloeb.cases.plans import today

from .slots import slots_fill_horizon


@task()
def fill_slot_horizon() -> int:
    """Daily: keep every caseworker's free times materialised twelve weeks ahead."""
    return slots_fill_horizon(today())


@task()
def issue_due_deadlines() -> int:
    """Daily: issue booking deadlines for interviews whose target date is near."""
    from .services import deadlines_issue_due

    return deadlines_issue_due(today()).issued
