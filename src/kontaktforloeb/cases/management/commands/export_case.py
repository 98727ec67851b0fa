"""`kontaktforloeb export-case CPR-OR-ID`: print a case in the `plan` command's input format."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kontaktforloeb.cases.selectors import CitizenNotFound, citizen_find
from kontaktforloeb.cases.services import case_export
from kontaktforloeb.organisations.access import Actor


class Command(BaseCommand):
    help = "Print a citizen's case (by CPR number or id) as JSON for `kontaktforloeb plan`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("citizen", help="CPR number (DDMMYY-SSSS) or the citizen's id")
        parser.add_argument(
            "--why", default="Udtræk af sagen", help="the reason, shown in the citizen's access log"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.of_operator("kontaktforloeb export-case")
        try:
            citizen = citizen_find(
                actor=actor, cpr_or_id=options["citizen"], what="export", why=options["why"]
            )
        except CitizenNotFound:
            raise CommandError(
                f"No citizen with CPR number or id {options['citizen']!r}."
            ) from None
        self.stdout.write(json.dumps(case_export(citizen), ensure_ascii=False, indent=2))
