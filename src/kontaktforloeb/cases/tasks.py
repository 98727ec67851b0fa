"""Background work on cases, run by the task worker (`kontaktforloeb db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .plans import plans_refresh_due


@task()
def refresh_due_plans() -> int:
    """Nightly: recompute the plans whose statuses change with today's date."""
    return plans_refresh_due()
