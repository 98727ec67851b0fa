"""Delivering outbox rows exactly once per delivery key, as far as a crash allows.

A row moves pending → sending → sent. The move to sending is a conditional UPDATE (`claim`): of
any number of workers or retried tasks holding the same row id, exactly one gets it; the others
see zero rows updated and stop. After the outside world accepted the message (the SMTP server
answered 250, the webhook answered 2xx) the row is marked sent.

The one window: a worker that dies after the outside world accepted but before it marked the row
sent leaves the row in sending. When its claim is older than `NOTIFICATIONS_LEASE_SECONDS`, the
sweep (`rows_recover`) puts it back to pending and it is sent again. So a crash in that window
sends a second copy, never none; the copy carries the same identity, derived from the delivery
key (the e-mail's Message-ID, the webhook's Idempotency-Key header), so receivers that
de-duplicate show it once. A crash anywhere before acceptance (in the claim, while connecting,
while the server is still reading the message) sends it exactly once.

A failure records the error, puts the row back to pending with an exponential back-off
(`NOTIFICATIONS_RETRY_SECONDS` doubled per attempt) and re-enqueues the task to run after it, up to
`NOTIFICATIONS_MAX_ATTEMPTS`; then the row is failed and stays in the log for a person to see.
A `PermanentFailure` (a number no SMS can reach, a message the gateway refused with a 4xx) is not
retried: sending it again would fail the same way, so the row is failed at once with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import DeliveryStatus, Outbox

logger = logging.getLogger(__name__)

Row = TypeVar("Row", bound=Outbox)


class PermanentFailure(Exception):
    """The outside world will never accept this message as it is: fail the row, do not retry.

    The text is stored on the row for a person to read, so it should say what is wrong."""


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 1, 2, 4, 8 … times the first back-off."""
    return timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def claim(model: type[Row], pk: int, now: datetime) -> Row | None:
    """Take the row for this worker if it is pending and due; None if anyone else has it."""
    taken = model._default_manager.filter(
        pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if taken != 1:
        return None
    return model._default_manager.get(pk=pk)


def deliver(
    model: type[Row],
    pk: int,
    send: Callable[[Row], dict[str, object]],
    enqueue_retry: Callable[[int, datetime], None],
) -> str:
    """Claim, send, and record the outcome of one row. Returns the row's status afterwards.

    `send` raises on failure (`PermanentFailure` when a retry cannot help); what it returns is
    stored on the row with the sent status.
    """
    now = timezone.now()
    row = claim(model, pk, now)
    if row is None:
        return "not_claimed"
    try:
        recorded = send(row)
    except PermanentFailure as error:
        logger.warning("%s %s failed for good: %s", model.__name__, pk, error)
        model._default_manager.filter(pk=pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.FAILED, last_error=str(error)[:2000]
        )
        return DeliveryStatus.FAILED
    except Exception as error:  # every other failure of the outside world is retried
        logger.warning("%s %s attempt %s failed: %s", model.__name__, pk, row.attempts, error)
        return _failed(model, row, error, enqueue_retry)
    model._default_manager.filter(pk=pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, last_error="", **recorded
    )
    return DeliveryStatus.SENT


def _failed(
    model: type[Row],
    row: Row,
    error: Exception,
    enqueue_retry: Callable[[int, datetime], None],
) -> str:
    text = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        model._default_manager.filter(pk=row.pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.FAILED, last_error=text
        )
        logger.error("%s %s gave up after %s attempts", model.__name__, row.pk, row.attempts)
        return DeliveryStatus.FAILED
    retry_at = timezone.now() + backoff(row.attempts)
    with transaction.atomic():
        model._default_manager.filter(pk=row.pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, last_error=text, next_attempt_at=retry_at
        )
        transaction.on_commit(lambda: enqueue_retry(row.pk, retry_at))
    return DeliveryStatus.PENDING


def rows_recover(model: type[Row], now: datetime) -> list[int]:
    """Take back abandoned claims and return the ids of rows that are due and pending.

    Enqueuing a row twice is harmless (only one task wins the claim), so the sweep may enqueue
    every due row whether or not a task for it still waits in the queue.
    """
    lease = timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    model._default_manager.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease).update(
        status=DeliveryStatus.PENDING, next_attempt_at=now
    )
    return list(
        model._default_manager.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:1000]
    )
