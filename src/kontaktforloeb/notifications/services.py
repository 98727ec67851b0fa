"""Writes of notifications: messages to citizens and webhook calls, after a meeting changes.

`meeting_changed` is called by booking's services inside the transaction that changed the
meeting. It writes the outbox rows in that transaction and enqueues their delivery with
`transaction.on_commit`, so a rolled-back change sends nothing and a committed one is never lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.cases.models import Citizen, PlanItem

from . import delivery
from .compose import Content, deadline_content, language_of, meeting_content
from .email import send_email
from .models import DeliveryStatus, Message, ReportStatus, WebhookDelivery
from .sms import SmsReport, send_sms
from .webhooks import post, webhook_deliveries_write

logger = logging.getLogger(__name__)

# Which receipt a change of a meeting sends the citizen (held and no-show send none).
RECEIPTS = {
    "created": Message.Kind.BOOKED,
    "rebooked": Message.Kind.REBOOKED,
    "cancelled": Message.Kind.CANCELLED,
    "cancelled_by_organisation": Message.Kind.CANCELLED,
}

DEADLINE_REMINDER_DAYS = 3


def meeting_changed(booking: Booking, change: str) -> None:
    """A meeting was created, rebooked, cancelled, held or missed: tell the citizen and the
    organisations' systems. Call inside the writing transaction."""
    kind = RECEIPTS.get(change)
    if kind == Message.Kind.BOOKED and booking.summoned:
        kind = Message.Kind.SUMMONS
    if kind is not None:
        key = f"booking:{booking.pk}:{change}:{booking.calendar_sequence}"
        message_write(
            citizen=booking.citizen,
            kind=kind,
            key=key,
            booking=booking,
            compose=lambda language: meeting_content(booking, kind, language),
        )
    for written in webhook_deliveries_write(booking, change):
        _after_commit_webhook(written.pk)


def message_write(
    *,
    citizen: Citizen,
    kind: str,
    key: str,
    compose: Callable[[str], Content],
    booking: Booking | None = None,
) -> Message | None:
    """Write one message (e-mail if the citizen has an address, else SMS) unless `key` exists.

    Returns None when there is nothing to write: the key was used, or the citizen can be reached
    neither by e-mail nor by SMS.
    """
    if citizen.email:
        channel, recipient = Message.Channel.EMAIL, citizen.email
    elif citizen.mobile:
        channel, recipient = Message.Channel.SMS, citizen.mobile
    else:
        logger.info("citizen %s has no e-mail or mobile; %s not sent", citizen.pk, key)
        return None
    if Message.objects.filter(delivery_key=key).exists():
        return None
    language = language_of(citizen)
    content = compose(language)
    if channel == Message.Channel.EMAIL:
        body, body_html = content.render(citizen, language)
    else:
        body, body_html = content.sms(), ""
    try:
        with transaction.atomic():
            message = Message.objects.create(
                delivery_key=key,
                citizen=citizen,
                booking=booking,
                kind=kind,
                channel=channel,
                recipient=recipient,
                language=language,
                subject=content.subject[:300],
                body=body,
                body_html=body_html,
                ics=content.ics if channel == Message.Channel.EMAIL else "",
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:  # written at the same moment by another process
        return None
    _after_commit_message(message.pk)
    return message


def _after_commit_message(pk: int) -> None:
    from .tasks import deliver_message, enqueue

    transaction.on_commit(lambda: enqueue(deliver_message, pk))


def _after_commit_webhook(pk: int) -> None:
    from .tasks import deliver_webhook, enqueue

    transaction.on_commit(lambda: enqueue(deliver_webhook, pk))


def _send_message(message: Message) -> dict[str, object]:
    if message.channel == Message.Channel.SMS:
        provider_id = send_sms(message.recipient, message.body, reference=message.delivery_key)
        return {"sent_at": timezone.now(), "provider_message_id": provider_id}
    send_email(message)
    return {"sent_at": timezone.now()}


def message_deliver(message_id: int, retry: Callable[[int, datetime], None]) -> str:
    """Send one message if no one else has or is sending it (see `delivery.py`)."""
    return delivery.deliver(Message, message_id, _send_message, retry)


def webhook_deliver(delivery_id: int, retry: Callable[[int, datetime], None]) -> str:
    return delivery.deliver(WebhookDelivery, delivery_id, post, retry)


def sms_report_record(report: SmsReport) -> Message | None:
    """Store the SMS gateway's delivery report on its message; None if no message is known.

    The message is found by the gateway's id or, failing that, by the reference sent with it (the
    delivery key): a copy sent again after a crash has an id of its own but the same reference.
    Any report proves that the gateway accepted a copy, so a message still waiting to be sent
    again (a worker died, or a timeout hid an accepted message) is marked sent and not sent twice.
    A final report is stored, except that a report on another copy never undoes a delivery.
    """
    sms = Message.objects.filter(channel=Message.Channel.SMS)
    message = sms.filter(provider_message_id=report.provider_message_id).first()
    if message is None and report.reference:
        message = sms.filter(delivery_key=report.reference).first()
    if message is None:
        return None
    with transaction.atomic():
        accepted = (
            Message.objects.filter(pk=message.pk)
            .exclude(status=DeliveryStatus.SENT)
            .update(
                status=DeliveryStatus.SENT,
                sent_at=timezone.now(),
                last_error="",
                provider_message_id=message.provider_message_id or report.provider_message_id,
            )
        )
        if accepted:
            logger.info(
                "message %s marked sent: the gateway's report on %s shows it accepted a copy",
                message.pk,
                report.provider_message_id,
            )
        if report.outcome is not None:
            Message.objects.filter(pk=message.pk).exclude(
                report_status=ReportStatus.DELIVERED
            ).update(
                report_status=report.outcome, report_detail=report.detail, reported_at=report.at
            )
    message.refresh_from_db()
    return message


def within_sending_hours(now: datetime) -> bool:
    """R52: reminders only from 09:00 to 22:00 Danish time."""
    hour = timezone.localtime(now).hour
    return settings.NOTIFICATIONS_SEND_FROM_HOUR <= hour < settings.NOTIFICATIONS_SEND_UNTIL_HOUR


def reminders_send(now: datetime | None = None) -> int:
    """Write the reminders that are due: the day before each live meeting, and three days before
    each open booking deadline. Outside 09–22 it writes nothing; the next hourly run will."""
    now = now or timezone.now()
    if not within_sending_hours(now):
        return 0
    today = timezone.localtime(now).date()
    tomorrow = today + timedelta(days=1)
    zone = timezone.get_current_timezone()
    written = 0
    meetings = Booking.objects.filter(
        status=Booking.Status.LIVE,
        start__gte=datetime.combine(tomorrow, time.min, tzinfo=zone),
        start__lt=datetime.combine(tomorrow + timedelta(days=1), time.min, tzinfo=zone),
    ).select_related("citizen", "organisation", "caseworker")
    for booking in meetings:
        with transaction.atomic():
            written += bool(
                message_write(
                    citizen=booking.citizen,
                    kind=Message.Kind.MEETING_REMINDER,
                    key=f"reminder:meeting:{booking.pk}",
                    booking=booking,
                    compose=lambda language, b=booking: meeting_content(  # type: ignore[misc]
                        b, Message.Kind.MEETING_REMINDER, language
                    ),
                )
            )
    deadlines = PlanItem.objects.filter(
        kind=PlanItem.Kind.BOOKING_DEADLINE,
        status="open",
        deadline__gt=today,
        deadline__lte=today + timedelta(days=DEADLINE_REMINDER_DAYS),
    ).select_related("citizen")
    for item in deadlines:
        if (
            item.number is None
            or Booking.objects.filter(
                citizen_id=item.citizen_id, interview=item.number, status=Booking.Status.LIVE
            ).exists()
        ):
            continue
        with transaction.atomic():
            written += bool(
                message_write(
                    citizen=item.citizen,
                    kind=Message.Kind.DEADLINE_REMINDER,
                    key=f"reminder:deadline:{item.citizen_id}:{item.number}:{item.deadline}",
                    compose=lambda language, i=item: deadline_content(i, language),  # type: ignore[misc]
                )
            )
    return written


def deliveries_resume(now: datetime | None = None) -> int:
    """Enqueue every due row again: retries whose back-off ran out, and rows whose worker died
    (a claim older than the lease). Only one task can win a row, so extra enqueues are harmless."""
    from .tasks import deliver_message, deliver_webhook, enqueue

    now = now or timezone.now()
    resumed = 0
    for pk in delivery.rows_recover(Message, now):
        enqueue(deliver_message, pk)
        resumed += 1
    for pk in delivery.rows_recover(WebhookDelivery, now):
        enqueue(deliver_webhook, pk)
        resumed += 1
    return resumed


def notifications_sweep(now: datetime | None = None) -> dict[str, Any]:
    """The hourly run: write due reminders, then resume deliveries left behind."""
    now = now or timezone.now()
    reminders = reminders_send(now)
    return {"reminders": reminders, "resumed": deliveries_resume(now)}
