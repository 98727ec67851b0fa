"""A worker killed in the middle of sending, then started again, sends each message once.

Real processes: the test commits bookings (so their messages and tasks are in the database), runs
`kontaktforloeb db_worker` as a subprocess against the same database (a file on SQLite, or the
PostgreSQL test database), and an SMTP server that holds the first message unanswered. The worker
is killed with SIGKILL while it waits for the server: it had claimed the message, the server had
not accepted it. After the claim's lease, the hourly sweep hands the message back to the queue and
a new worker sends it. Every message arrives once; every row ends sent.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from kontaktforloeb.booking.models import Slot
from kontaktforloeb.booking.services import booking_cancel, booking_create, booking_rebook
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.notifications.email import message_id
from kontaktforloeb.notifications.models import Message
from kontaktforloeb.organisations.access import Actor
from tests.support.processes import database_url
from tests.support.smtp import SmtpServer, running_smtp_server

KONTAKTFORLOEB = Path(sys.executable).with_name("kontaktforloeb")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


class Worker:
    """`kontaktforloeb db_worker` in its own process, with production settings."""

    def __init__(self, smtp: SmtpServer, log: Path) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kontaktforloeb.settings.production",
            "SECRET_KEY": "test-only-" + "x" * 60,
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DATABASE_URL": database_url(),
            "EMAIL_HOST": smtp.host,
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_TIMEOUT": "30",
            "LOG_LEVEL": "WARNING",
        }
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(KONTAKTFORLOEB), "db_worker", "--interval", "0.1", "--no-startup-delay"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def wait_until(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def future_slots(world, count: int) -> list[Slot]:
    """Free times of the a-kasse caseworker on the coming days (the worker runs in real time)."""
    zone = timezone.get_current_timezone()
    first = timezone.localdate() + timedelta(days=3)
    slots = []
    for n in range(count):
        start = datetime.combine(first + timedelta(days=n), clock_time(10), tzinfo=zone)
        slots.append(
            Slot.objects.create(
                organisation=world.ak_one,
                caseworker=world.ak_one_worker,
                start=start,
                end=start + timedelta(minutes=45),
            )
        )
    return slots


def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(
    world, smtp_server, tmp_path
):
    staff = Actor.of_user(world.ak_one_worker)
    anna = world.anna
    case_events_append(
        actor=staff,
        citizen=anna,
        events=[
            {
                "type": "registered",
                "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
                "group": "dagpenge",
            }
        ],
    )
    first, second = future_slots(world, 2)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        # Three changes, three receipts, three committed tasks waiting for a worker.
        booking = booking_create(
            actor=staff,
            citizen=anna,
            slot_id=first.pk,
            interview=1,
            channel="in_person",
            topic="job_search",
            summons=True,
        )
        moved = booking_rebook(actor=staff, booking=booking, slot_id=second.pk)
        booking_cancel(actor=staff, booking=moved, lawful_absence=True)
        keys = set(Message.objects.values_list("delivery_key", flat=True))
        assert len(keys) == 3

        smtp_server.hold(anna.email)
        log = tmp_path / "worker.log"
        worker = Worker(smtp_server, log)
        try:
            assert smtp_server.held.wait(15), log.read_text()
            held = Message.objects.get(status="sending")
            worker.kill()  # claimed, not accepted by the server
        finally:
            worker.stop()
        assert smtp_server.received == []

        worker = Worker(smtp_server, log)
        try:
            # The new worker sends what was still queued; the killed worker's claim waits for
            # its lease to run out, and then the hourly sweep queues it again.
            assert wait_until(lambda: Message.objects.filter(status="sent").count() == 2), (
                log.read_text()
            )
            assert Message.objects.get(status="sending") == held
            with override_settings(NOTIFICATIONS_LEASE_SECONDS=1):
                time.sleep(1.1)
                call_command("send_reminders")
            assert wait_until(lambda: Message.objects.filter(status="sent").count() == 3), (
                log.read_text()
            )
        finally:
            worker.stop()

    received = smtp_server.wait_for(3, timeout=2)
    assert sorted(str(r.message["Message-ID"]) for r in received) == sorted(
        message_id(key) for key in keys
    )
    assert all(r.recipients == [anna.email] for r in received)
    held.refresh_from_db()
    assert (held.status, held.attempts) == ("sent", 2)
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
