"""`kontaktforloeb send-reminders`: the hourly run of reminders and delivery retries.

Run it from cron every hour (`--enqueue` hands it to the task worker instead). Outside 09:00–22:00
Danish time it writes no reminders; the first run after 09:00 sends what waited. It also
re-enqueues every message and webhook call whose retry is due or whose worker died.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kontaktforloeb.notifications.services import notifications_sweep
from kontaktforloeb.notifications.tasks import send_reminders


class Command(BaseCommand):
    help = "Send the reminders now due and resume deliveries left behind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it on the task worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = send_reminders.enqueue()
            self.stdout.write(f"Enqueued as task {result.id}.")
            return
        done = notifications_sweep()
        self.stdout.write(
            f"Wrote {done['reminders']} reminders; enqueued {done['resumed']} deliveries."
        )
