"""E-mail through Django's mail backends (SMTP in production)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .models import Message


def message_id(delivery_key: str) -> str:
    """A Message-ID fixed by the delivery key: a resend after a crash carries the same one,
    so mail systems that de-duplicate on Message-ID show it once."""
    digest = hashlib.sha256(delivery_key.encode()).hexdigest()[:32]
    return f"<{digest}@kontaktforloeb.dk>"


def send_email(message: Message) -> None:
    """Hand the message to the mail backend; returns once the server accepted it, else raises."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message_id(message.delivery_key)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.ics:
        method = "CANCEL" if "METHOD:CANCEL" in message.ics else "REQUEST"
        email.attach("moede.ics", message.ics, f"text/calendar; charset=utf-8; method={method}")
    email.send(fail_silently=False)
