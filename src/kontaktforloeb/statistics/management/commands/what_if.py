"""`kontaktforloeb what-if`: Hvad nu hvis from the command line, the page's code path
(`whatif_pool.figures`).

    kontaktforloeb what-if [--organisation ID|NAME] [--ruleset RS2026-07] [--set akasse_count=3]
        [--weeks 12|26] [--as-of YYYY-MM-DD]

Without ``--organisation`` the whole country. Progress goes to standard error, the figures to
standard output: each week's interviews to hold today and under the scenario, the overdue
interviews and the timeliness.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kontaktforloeb.organisations.models import Organisation
from kontaktforloeb.statistics import whatif, whatif_pool
from kontaktforloeb.statistics.db import analytic
from kontaktforloeb.statistics.scope import BadParameter


def _organisation(value: str | None) -> Organisation | None:
    if not value:
        return None
    found = (
        Organisation.objects.filter(pk=int(value)).first()
        if value.isdigit()
        else Organisation.objects.filter(name__icontains=value).order_by("name").first()
    )
    if found is None:
        raise CommandError(f"no organisation {value!r}")
    return found


class Command(BaseCommand):
    help = "What if: a ruleset or parameter values tried beside the law in force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="an id or a word of its name; none: everyone")
        parser.add_argument("--ruleset", default="", help="a ruleset for every spell")
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="a value to try: " + ", ".join(knob.key for knob in whatif.KNOBS),
        )
        parser.add_argument("--weeks", default="12")
        parser.add_argument("--as-of", help="the day to see it on (default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        values: dict[str, str | None] = {}
        for given in options["set"]:
            key, _, value = given.partition("=")
            if key not in whatif.KNOB_BY_KEY:
                raise CommandError(f"--set {key}: not one of {', '.join(whatif.KNOB_BY_KEY)}")
            values[key] = value
        try:
            scenario = whatif.scenario_from(options["ruleset"], values)
            weeks = whatif.weeks_from(options["weeks"])
            as_of = (
                date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
            )
        except BadParameter as error:
            raise CommandError(error.message_en) from None
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from None
        organisation = _organisation(options["organisation"])

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r{done:,} of {total:,} citizen plans worked out", ending="")

        began = time.perf_counter()
        with analytic():
            found = whatif_pool.figures(organisation, scenario, as_of, weeks, progress)
        self.stderr.write(f"\rdone in {time.perf_counter() - began:.1f} s" + " " * 30)
        today, result = found.today, found.result
        who = organisation.name if organisation is not None else "every organisation"
        self.stdout.write(f"{who}, {today.citizens:,} citizens, seen on {as_of.isoformat()}")
        self.stdout.write(f"scenario: {scenario.ruleset or 'the law in force'}")
        for name, value in scenario.values:
            self.stdout.write(f"  {name} = {value}")
        self.stdout.write(f"{'week from':12} {'today':>8} {'scenario':>9} {'difference':>11}")
        for week, monday in enumerate(found.mondays):
            a, b = today.week_total(week), result.week_total(week)
            self.stdout.write(f"{monday.isoformat():12} {a:>8,} {b:>9,} {b - a:>+11,}")
        a, b = today.overdue_total, result.overdue_total
        self.stdout.write(f"{'overdue':12} {a:>8,} {b:>9,} {b - a:>+11,}")
        rates = [side.timeliness for side in (today, result)]
        self.stdout.write(
            f"{'timeliness':12} "
            + " ".join(
                f"{'–' if rate is None else f'{rate:.1f} %':>{width}}"
                for rate, width in zip(rates, (8, 9), strict=True)
            )
        )
