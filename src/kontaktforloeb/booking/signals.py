"""The one place booking tells the rest of the system that a meeting changed.

Called by booking's services inside the transaction that made the change (`change` is one of
created, rebooked, cancelled, held, no_show, cancelled_by_organisation). It calls the notification
service directly, not through a Django signal: sending a receipt and calling webhooks are business
side effects and should be visible where they happen. The notification service writes its outbox
rows in this transaction and delivers them after commit, so nothing is sent for a rolled-back
change.
"""

from __future__ import annotations

from .models import Booking


def booking_changed(booking: Booking, change: str) -> None:
    from kontaktforloeb.notifications.services import meeting_changed

    meeting_changed(booking, change)
