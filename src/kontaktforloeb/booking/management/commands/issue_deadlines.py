"""`kontaktforloeb issue-deadlines`: booking deadlines for interviews whose target date is near.

Run it daily from cron after the nightly plan refresh, e.g. `30 0 * * *`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kontaktforloeb.booking.services import deadlines_issue_due


class Command(BaseCommand):
    help = "Issue booking deadlines for interviews whose target date is within three weeks."

    def handle(self, *args: Any, **options: Any) -> None:
        result = deadlines_issue_due()
        self.stdout.write(
            f"Issued {result.issued} booking deadlines; {result.too_late} interviews are too close "
            "to their legal deadline for a deadline and need a summons."
        )
