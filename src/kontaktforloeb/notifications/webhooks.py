"""Webhooks: telling the organisations' own systems that a meeting changed.

Each change writes one `WebhookDelivery` per active endpoint (subscribed to the event) of the
organisations concerned: the holder of the meeting, and the citizen's a-kasse when it takes part
in a joint interview. The body is fixed at that moment; the task posts it with

- `X-Kontaktforloeb-Signature: sha256=<hex HMAC-SHA256 of the body with the endpoint's secret>`
- `Idempotency-Key: <delivery key>`: the same on every retry, so a receiver can drop repeats.

Any 2xx answer is success; anything else, or no answer within `WEBHOOK_TIMEOUT_SECONDS`, is
retried with back-off (see `delivery.py`). The body names the citizen by id only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.utils import timezone

from kontaktforloeb.booking.models import Booking

from .models import WebhookDelivery, WebhookEndpoint, WebhookEvent

SIGNATURE_HEADER = "X-Kontaktforloeb-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"

EVENTS = {
    "created": WebhookEvent.BOOKING_CREATED,
    "rebooked": WebhookEvent.BOOKING_CHANGED,
    "no_show": WebhookEvent.BOOKING_CHANGED,
    "cancelled": WebhookEvent.BOOKING_CANCELLED,
    "cancelled_by_organisation": WebhookEvent.BOOKING_CANCELLED,
    "held": WebhookEvent.MEETING_HELD,
}


def signature(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def _iso(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def booking_payload(booking: Booking, event: str, change: str, key: str) -> dict[str, Any]:
    return {
        "id": key,
        "event": event,
        "change": change,
        "occurred_at": timezone.now().isoformat(),
        "booking": {
            "id": booking.pk,
            "replaces": booking.replaces_id,
            "citizen": booking.citizen_id,
            "organisation": booking.organisation_id,
            "holder": booking.holder,
            "interview": booking.interview,
            "status": booking.status,
            "summoned": booking.summoned,
            "start": _iso(booking.start),
            "end": _iso(booking.end),
            "channel": booking.channel,
            "title": booking.title,
            "description": booking.description,
            "address": booking.address,
            "phone_to_call": booking.phone_to_call,
            "video_link": booking.video_link,
            "caseworker": booking.caseworker.get_full_name() or booking.caseworker.get_username(),
            "changeable_until": _iso(booking.changeable_until),
            "akasse_participates": booking.akasse_participates,
            "calendar_uid": booking.calendar_uid,
            "calendar_sequence": booking.calendar_sequence,
        },
    }


def organisations_concerned(booking: Booking) -> list[int]:
    organisations = [booking.organisation_id]
    akasse = booking.citizen.akasse_id
    if booking.akasse_participates and akasse is not None and akasse not in organisations:
        organisations.append(akasse)
    return organisations


def webhook_deliveries_write(booking: Booking, change: str) -> list[WebhookDelivery]:
    """One row per subscribed endpoint; call inside the transaction that made the change."""
    event = EVENTS.get(change)
    if event is None:
        return []
    written = []
    endpoints = WebhookEndpoint.objects.filter(
        organisation_id__in=organisations_concerned(booking), active=True
    )
    for endpoint in endpoints:
        if event not in endpoint.events:
            continue
        key = f"webhook:{endpoint.pk}:booking:{booking.pk}:{change}:{booking.calendar_sequence}"
        body = json.dumps(
            booking_payload(booking, event, change, key), ensure_ascii=False, sort_keys=True
        )
        delivery, created = WebhookDelivery.objects.get_or_create(
            delivery_key=key,
            defaults={
                "endpoint": endpoint,
                "event": event,
                "body": body,
                "next_attempt_at": timezone.now(),
            },
        )
        if created:
            written.append(delivery)
    return written


class WebhookRefused(Exception):
    """The endpoint answered, but not with 2xx."""


def post(delivery: WebhookDelivery) -> dict[str, object]:
    """POST the body; returns the fields to store on success, raises on any failure."""
    body = delivery.body.encode()
    endpoint = delivery.endpoint
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Kontaktforloeb-Webhooks/1",
            SIGNATURE_HEADER: signature(endpoint.secret, body),
            IDEMPOTENCY_HEADER: delivery.delivery_key,
            "X-Kontaktforloeb-Event": delivery.event,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(response_status=error.code)
        raise WebhookRefused(f"HTTP {error.code}") from None
    if not 200 <= status < 300:
        raise WebhookRefused(f"HTTP {status}")
    return {"response_status": status, "delivered_at": timezone.now()}
