"""Background work of notifications, run by the task worker (`kontaktforloeb db_worker`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django_tasks import task
from django_tasks.base import Task

from . import services


def enqueue(work: Task[[int], str], pk: int, run_after: datetime | None = None) -> None:
    """Hand one row to the worker. A backend that cannot defer (the immediate one in tests)
    leaves a retry to the hourly sweep instead."""
    if run_after is None:
        work.enqueue(pk)
    elif work.get_backend().supports_defer:
        work.using(run_after=run_after).enqueue(pk)


@task()
def deliver_message(message_id: int) -> str:
    return services.message_deliver(
        message_id, retry=lambda pk, at: enqueue(deliver_message, pk, at)
    )


@task()
def deliver_webhook(delivery_id: int) -> str:
    return services.webhook_deliver(
        delivery_id, retry=lambda pk, at: enqueue(deliver_webhook, pk, at)
    )


@task()
def send_reminders() -> dict[str, Any]:
    """Hourly: the reminders now due (only 09–22 Danish time), and any delivery left behind."""
    return services.notifications_sweep()
