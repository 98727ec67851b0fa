"""`kontaktforloeb seed-demo`: demo organisations, staff and citizens. Running it twice is safe."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kontaktforloeb.organisations.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent): 2 jobcentres, 2 a-kasser, staff and 300+ citizens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--citizens", type=int, default=320)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the date the demo histories lead up to (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo(citizens=options["citizens"], today=options["today"] or date.today())
        self.stdout.write(
            f"Demo data: {result.organisations} organisations, {result.staff} staff, "
            f"{result.citizens} citizens ({result.created} new)."
        )
        self.stdout.write(f"Staff log in with their username and the password {DEMO_PASSWORD!r};")
        self.stdout.write("everyone can also log in with one click on /demo/.")
        for username, description in result.logins:
            self.stdout.write(f"  {username:<28} {description}")
