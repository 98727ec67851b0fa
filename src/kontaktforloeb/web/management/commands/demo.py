"""`kontaktforloeb demo`: migrate, load the demo data, and serve with a task worker.

Refuses to run unless the settings are in demo mode, so it can never start on production settings.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Migrate, seed the demo data and serve on 127.0.0.1:PORT with a task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE or not settings.DEBUG:
            raise CommandError(
                "Demo mode refuses to start with production settings "
                f"({os.environ.get('DJANGO_SETTINGS_MODULE')}). Use kontaktforloeb.settings.dev."
            )
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", today=date.today())
        url = f"http://{options['host']}:{options['port']}/"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "wsgi",
                "--host",
                options["host"],
                "--port",
                str(options["port"]),
                "--workers",
                "1",
                "--blocking-threads",
                "4",
                "kontaktforloeb.wsgi:application",
            ],
            env=env,
        )
        worker = subprocess.Popen([sys.executable, "-m", "kontaktforloeb", "db_worker"], env=env)
        self.stdout.write(self.style.SUCCESS(f"\nKontaktforløb demo: {url}"))
        self.stdout.write(f"One-click demo log-in: {url}demo/   (Ctrl-C stops server and worker)\n")
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in (server, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (server, worker):
                process.wait(timeout=10)
