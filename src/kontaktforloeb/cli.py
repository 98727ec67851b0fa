"""The `kontaktforloeb` command.

`plan` and `rules` run the pure rules engine and need no database. Everything else is one of the
project's Django management commands (`migrate`, `seed-demo`, `export-case`, `create-api-key`,
`check --deploy`, `db_worker`, …); hyphens in a command name may be written as underscores.
"""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = {"plan", "rules"}

USAGE = """\
usage: kontaktforloeb <command> [options]

The contact course: rules engine and administration.

Rules engine (no database needed):
  plan CASE.json       work out the plan of a case (--as-of, --ruleset, --lang, --explain)
  rules list           the parameters in force (--on DATE), each with its legal citation
  rules diff FROM TO   what changed between two rulesets, with both citations (--lang, --json)

Administration:
  demo                 migrate, load the demo data, and serve with a task worker (development)
  seed-demo            load the demo organisations, staff and citizens (idempotent)
  export-case CPR|ID   print a citizen's case in the input format of `plan`
  create-api-key ORG   create an API key for an organisation's system (printed once)
  refresh-plans        the nightly recomputation of the plans due (--enqueue)
  recompute-plans      after a change of law: recompute the stale plans (--dry-run, --batch,
                       --limit, --enqueue)
  migrate, check, db_worker, createsuperuser, …
                       any Django management command (`kontaktforloeb help` lists them all)

Settings come from DJANGO_SETTINGS_MODULE (default kontaktforloeb.settings.dev) and the
environment; see docs/operations.md.
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0
    if args[0] in ENGINE_COMMANDS:
        from kontaktforloeb.rules.cli import main as engine_main

        return engine_main(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontaktforloeb.settings.dev")
    from django.core.management import execute_from_command_line

    command = args[0] if args[0].startswith("-") else args[0].replace("-", "_")
    execute_from_command_line(["kontaktforloeb", command, *args[1:]])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
