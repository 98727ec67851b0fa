"""`kontaktforloeb recompute-plans`: recompute the stored plans after a change of law.

A release with new rulesets or parameter values makes every stored plan worked out with the old
values stale (its `parameter_hash` is not the release's). Run this once after `migrate`; it
works in batches, each in its own transaction, so it can be stopped and run again, and it goes on
with the plans still stale. Progress goes to standard error, the report to standard output
(docs/operations.md, "When the law changes").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db.models import Count

from kontaktforloeb.cases.plans import (
    PlansRecomputed,
    parameter_hash,
    plans_recompute_stale,
    plans_stale,
)
from kontaktforloeb.cases.tasks import recompute_stale_plans


def _plans(count: int) -> str:
    return f"{count:,} plan" if count == 1 else f"{count:,} plans"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """Draws the progress on standard error: a bar redrawn in place on a terminal, else a line
    a batch (for logs), each with plans done of all, the rate and an estimate of the time left."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.drawn = False

    def __call__(self, report: PlansRecomputed) -> None:
        total = report.to_do
        done = report.recomputed
        if done == 0:
            self.stream.write(
                f"Stale (other parameter values): {_plans(report.stale)}; recomputing {total:,}."
            )
            return
        share = done / total if total else 1.0
        rate = done / report.seconds if report.seconds > 0 else 0.0
        left = _duration((total - done) / rate) if rate else "?"
        numbers = f"{done:,}/{total:,} ({share:.0%}), {rate:,.0f} plans/s, about {left} left"
        if self.terminal:
            filled = round(self.WIDTH * share)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {numbers}  ", ending="")
            self.stream.flush()
            self.drawn = True
        else:
            self.stream.write(f"recomputed {numbers}")

    def close(self) -> None:
        if self.drawn:
            self.stream.write("")
            self.drawn = False


class Command(BaseCommand):
    help = (
        "Recompute the stored plans made with other parameter values than this release's "
        "(after a change of law), in resumable batches, and report how many changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="plans a transaction")
        parser.add_argument("--limit", type=int, help="stop after this many plans")
        parser.add_argument(
            "--dry-run", action="store_true", help="only count the plans that would be recomputed"
        )
        parser.add_argument("--enqueue", action="store_true", help="run it on the task worker")

    def handle(self, *args: Any, **options: Any) -> None:
        batch, limit = options["batch"], options["limit"]
        if batch < 1 or (limit is not None and limit < 1):
            raise CommandError("--batch and --limit must be at least 1.")
        if options["dry_run"]:
            self._dry_run(limit)
            return
        if options["enqueue"]:
            result = recompute_stale_plans.enqueue(batch=batch, limit=limit)
            self.stdout.write(f"Enqueued as task {result.id}.")
            return
        progress = Progress(self.stderr)
        try:
            report = plans_recompute_stale(batch=batch, limit=limit, progress=progress)
        except KeyboardInterrupt:
            progress.close()
            self.stdout.write(
                "Stopped. The batches finished so far are stored; run it again to go on with "
                "the plans still stale."
            )
            raise SystemExit(130) from None
        progress.close()
        self.stdout.write(self._summary(report))

    def _dry_run(self, limit: int | None) -> None:
        stale = plans_stale()
        count = stale.count()
        would = count if limit is None else min(count, limit)
        self.stdout.write(
            f"Would recompute {would:,} of the {count:,} stored plans made with other parameter "
            f"values than this release's ({parameter_hash()})."
        )
        by_ruleset = stale.values("ruleset_id").annotate(plans=Count("pk")).order_by("ruleset_id")
        for row in by_ruleset:
            self.stdout.write(f"  spell's ruleset {row['ruleset_id']}: {row['plans']:,}")

    @staticmethod
    def _summary(report: PlansRecomputed) -> str:
        if report.recomputed == 0:
            return "No stored plan was made with other parameter values: nothing to recompute."
        rate = report.recomputed / report.seconds if report.seconds > 0 else 0.0
        lines = [
            f"Recomputed {_plans(report.recomputed)} in {_duration(report.seconds)} "
            f"({rate:,.0f} plans/s).",
            f"  changed in substance: {report.changed:,} (interviews, handover or offer)",
            f"  interviews following another ruleset: {report.other_rules:,} (R60)",
            f"  unchanged: {report.recomputed - report.changed:,}",
        ]
        if report.left:
            lines.append(f"Still stale: {_plans(report.left)}; run it again to go on.")
        else:
            lines.append("No stale plans are left.")
        return "\n".join(lines)
