"""The outbox: one row per message to a citizen and per webhook call to another system.

A row is written inside the transaction that made the change, so a rolled-back change sends
nothing and a committed one is never lost. Each row has a UNIQUE delivery key, so writing it twice
(a retried service, a reminder sweep run twice) makes one row. The worker claims a row with a
conditional UPDATE (pending → sending) before it talks to the outside world, so two workers never
send the same row; see `delivery.py` for the one window this cannot close.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.models import Organisation


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Fejlet")


class ReportStatus(models.TextChoices):
    """What the SMS gateway's delivery report finally said about a message."""

    DELIVERED = "delivered", _("Leveret")
    FAILED = "failed", _("Ikke leveret")
    EXPIRED = "expired", _("Udløbet")


class Outbox(models.Model):
    """What every outgoing row shares: its key, where it is in delivery, and its failures."""

    delivery_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Not before this time: the exponential back-off after a failure.
    next_attempt_at = models.DateTimeField()
    # When a worker claimed the row (status sending); a claim older than the lease is abandoned.
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Message(Outbox):
    """One message to a citizen. The rows are the citizen's log of what was sent, and when."""

    class Kind(models.TextChoices):
        BOOKED = "booked", _("Kvittering for booking")
        SUMMONS = "summons", _("Indkaldelse")
        REBOOKED = "rebooked", _("Kvittering for ombooking")
        CANCELLED = "cancelled", _("Kvittering for aflysning")
        MEETING_REMINDER = "meeting_reminder", _("Påmindelse om møde")
        DEADLINE_REMINDER = "deadline_reminder", _("Påmindelse om frist")
        CV_RETURNED = "cv_returned", _("CV sendt retur")
        OFFER = "offer", _("Tilbud")
        OFFER_DECISION = "offer_decision", _("Afgørelse om indstillet tilbud")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="messages")
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    # The address or number at the time of writing: a later change of address sends nothing twice.
    recipient = models.CharField(max_length=254)
    language = models.CharField(max_length=2, default="da")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    # The calendar file sent with a meeting receipt (text/calendar), if any.
    ics = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # SMS only: the gateway's id of the accepted message, from its answer (or its first report).
    provider_message_id = models.CharField(max_length=100, blank=True)
    # SMS only: the gateway's last final delivery report, when the gateway sends them.
    report_status = models.CharField(max_length=10, choices=ReportStatus.choices, blank=True)
    # The gateway's own words for it (its state, error text and code).
    report_detail = models.CharField(max_length=300, blank=True)
    # When the gateway says it happened.
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["citizen", "created_at"], name="message_citizen_log"),
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            # Delivery reports find their message by the gateway's id.
            models.Index(
                fields=["provider_message_id"],
                name="message_provider_id",
                condition=~models.Q(provider_message_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.status})"


class WebhookEvent(models.TextChoices):
    BOOKING_CREATED = "booking.created", "booking.created"
    BOOKING_CHANGED = "booking.changed", "booking.changed"
    BOOKING_CANCELLED = "booking.cancelled", "booking.cancelled"
    MEETING_HELD = "meeting.held", "meeting.held"
    RECOMMENDATION_CREATED = "recommendation.created", "recommendation.created"
    RECOMMENDATION_DECIDED = "recommendation.decided", "recommendation.decided"


class WebhookEndpoint(models.Model):
    """Where an organisation's own system wants to hear about meetings with its citizens."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("adresse"), max_length=500)
    # The shared secret the body is signed with (HMAC-SHA256); the receiver checks the signature.
    secret = models.CharField(_("hemmelighed"), max_length=200)
    active = models.BooleanField(_("aktiv"), default=True)
    # The events subscribed to, a list of `WebhookEvent` values.
    events = models.JSONField(_("hændelser"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "url"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.url}"


class WebhookDelivery(Outbox):
    """One call of one endpoint about one change. The body is fixed when the change commits."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=30, choices=WebhookEvent.choices)
    body = models.TextField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint.url} ({self.status})"
