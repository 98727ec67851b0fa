"""Background work on cases, run by the task worker (`kontaktforloeb db_worker`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django_tasks import task

from .plans import plans_recompute_stale, plans_refresh_due


@task()
def refresh_due_plans() -> int:
    """Nightly: recompute the plans whose statuses change with today's date."""
    return plans_refresh_due()


@task()
def recompute_stale_plans(batch: int = 500, limit: int | None = None) -> dict[str, Any]:
    """After a change of law: recompute the plans made with other parameter values
    (`kontaktforloeb recompute-plans --enqueue`); the result is the report."""
    return asdict(plans_recompute_stale(batch=batch, limit=limit))
