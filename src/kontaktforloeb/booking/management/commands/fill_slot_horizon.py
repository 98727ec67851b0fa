"""`kontaktforloeb fill-slot-horizon`: keep twelve weeks of free times made from the patterns.

Making a slot twice is harmless, so run it daily from cron, e.g. shortly after midnight:

    15 0 * * *  kontaktforloeb fill-slot-horizon

(`--enqueue` hands it to the task worker instead.) Saving a pattern or an exception on the
calendar page regenerates that caseworker's free times at once; this only adds the new last day.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kontaktforloeb.booking.slots import HORIZON_WEEKS, slots_fill_horizon
from kontaktforloeb.booking.tasks import fill_slot_horizon
from kontaktforloeb.cases.plans import today


class Command(BaseCommand):
    help = f"Make the free times of every working pattern for the next {HORIZON_WEEKS} weeks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it on the task worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = fill_slot_horizon.enqueue()
            self.stdout.write(f"Enqueued as task {result.id}.")
            return
        offered = slots_fill_horizon(today())
        self.stdout.write(
            f"Offered {offered} free times for the next {HORIZON_WEEKS} weeks "
            "(existing ones are kept)."
        )
