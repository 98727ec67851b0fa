"""The `kontaktforloeb` command: export-case, create-api-key, seed-demo, demo and check --deploy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.cases.models import CaseEvent, Citizen
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.api_keys import api_key_authenticate
from kontaktforloeb.organisations.demo.stories import STORIES
from kontaktforloeb.organisations.models import ApiKey, Organisation, User


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kontaktforloeb", *args],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            **(env or {}),
        },
        timeout=120,
    )


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("plan", "rules list", "seed-demo", "export-case", "create-api-key", "demo"):
        assert command in result.stdout


def test_export_case_prints_the_plan_input_and_logs_the_read(world):
    events = [
        {"type": "registered", "date": "2024-09-02", "group": "dagpenge"},
        {
            "type": "interview_held",
            "date": "2024-09-10",
            "holder": "akasse",
            "channel": "in_person",
        },
    ]
    case_events_append(actor=Actor.of_user(world.ak_one_worker), citizen=world.anna, events=events)
    out = StringIO()
    call_command("export_case", "010190-1234", stdout=out)
    exported = json.loads(out.getvalue())
    assert exported == {"citizen": {"birth_date": "1990-01-01"}, "events": events}
    by_id = StringIO()
    call_command("export_case", str(world.anna.pk), stdout=by_id)
    assert json.loads(by_id.getvalue()) == exported
    assert AccessLogEntry.objects.filter(citizen=world.anna, what="export").count() == 2


def test_export_case_of_an_unknown_citizen_fails_clearly(world):
    with pytest.raises(CommandError, match="No citizen"):
        call_command("export_case", "311299-9999")


def test_create_api_key_prints_the_key_once_and_stores_only_its_hash(world):
    out = StringIO()
    call_command("create_api_key", "101", "--name", "KMD Momentum", stdout=out, stderr=StringIO())
    clear = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert key.organisation == world.jc_kbh
    assert clear not in (key.key_hash, key.prefix) and clear.startswith(key.prefix)
    assert api_key_authenticate(clear) == key
    with pytest.raises(CommandError, match="No organisation"):
        call_command("create_api_key", "Ingen Sådan", stdout=StringIO(), stderr=StringIO())


def test_seed_demo_is_idempotent(db):
    out = StringIO()
    call_command("seed_demo", citizens=40, today=date(2026, 11, 2), stdout=out)
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Citizen.objects.count(),
        CaseEvent.objects.count(),
    )
    # Two municipalities, two a-kasser and another actor (R73); no trial citizens in 2026.
    assert counts[0] == 5 and counts[2] == 40 + len(STORIES) and counts[3] > 40
    assert User.objects.filter(role="manager").count() == 5
    assert User.objects.filter(role="anden_aktoer_caseworker").count() == 1
    assert User.objects.filter(role__in=["akasse_caseworker", "jobcenter_caseworker"]).count() == 12
    call_command("seed_demo", citizens=40, today=date(2026, 11, 2), stdout=StringIO())
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Citizen.objects.count(),
        CaseEvent.objects.count(),
    ) == counts
    assert "demo-borger-1" in out.getvalue()
    # Dagpenge recipients are a-kasse members; the others are not.
    for citizen in Citizen.objects.prefetch_related("events"):
        group = next(e.data["group"] for e in citizen.events.all() if e.type == "registered")
        assert (citizen.akasse_id is not None) == (group == "dagpenge")


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "kontaktforloeb.settings.production",
    "SECRET_KEY": "7d#Kq9!vR2@mZ4$wT6^pL8&nB0*cX3(fH5)jG1_sD-yU+eA=oI~",
    "ALLOWED_HOSTS": "kontaktforloeb.example.dk",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_check_deploy_is_clean_with_production_settings():
    result = run("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_demo_mode_refuses_to_start_with_production_settings():
    result = run("demo", "--port", "0", env=PRODUCTION)
    assert result.returncode != 0
    assert "Demo mode refuses to start with production settings" in result.stderr


def test_production_settings_refuse_a_missing_secret_key():
    result = run("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_a_missing_redis_for_the_rate_limits():
    result = run("check", env={**PRODUCTION, "REDIS_URL": ""})
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_production_cookies_are_secure_http_only_and_same_site():
    """Both cookies only over https; the session's out of reach of scripts; neither sent along
    with another site's requests (Lax); the session ends after a working day."""
    shown = run(
        "shell",
        "-c",
        "import json; from django.conf import settings as s; print(json.dumps({n: getattr(s, n)"
        " for n in ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
        " 'SESSION_COOKIE_AGE', 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_SAMESITE',"
        " 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'X_FRAME_OPTIONS']}))",
        env=PRODUCTION,
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_AGE": 8 * 3600,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "X_FRAME_OPTIONS": "DENY",
    }
