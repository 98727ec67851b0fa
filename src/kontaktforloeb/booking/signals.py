"""The one place booking tells the rest of the system that a meeting changed.

Receivers (receipts to the citizen, webhooks to other systems) connect to `meeting_changed` and
must defer their side effects with `transaction.on_commit`, so nothing is sent for a rolled-back
change.
"""

from __future__ import annotations

from django.dispatch import Signal

from .models import Booking

# Sent with `booking` and `change` (created, rebooked, cancelled, held, no_show,
# cancelled_by_organisation) inside the transaction that made the change.
meeting_changed = Signal()


def booking_changed(booking: Booking, change: str) -> None:
    meeting_changed.send(sender=Booking, booking=booking, change=change)
