"""`kontaktforloeb refresh-plans`: the nightly recomputation of plans whose statuses change today.

Run it from cron shortly after midnight (`--enqueue` hands it to the task worker instead).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kontaktforloeb.cases.plans import plans_refresh_due
from kontaktforloeb.cases.tasks import refresh_due_plans


class Command(BaseCommand):
    help = "Recompute the stored plans whose statuses change with today's date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it on the task worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = refresh_due_plans.enqueue()
            self.stdout.write(f"Enqueued as task {result.id}.")
            return
        self.stdout.write(f"Recomputed {plans_refresh_due()} plans.")
