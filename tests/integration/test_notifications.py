"""Receipts, reminders and webhooks (R52): what the citizen and the other systems receive."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from icalendar import Calendar

from kontaktforloeb.booking.models import Slot, WorkingPattern
from kontaktforloeb.booking.services import (
    booking_cancel,
    booking_create,
    booking_rebook,
    deadline_issue,
    meeting_record_outcome,
)
from kontaktforloeb.booking.slots import slots_materialise
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.notifications.email import message_id
from kontaktforloeb.notifications.models import Message, WebhookDelivery, WebhookEndpoint
from kontaktforloeb.notifications.services import (
    deliveries_resume,
    message_deliver,
    reminders_send,
)
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Location
from tests.support.calendar import TODAY, at
from tests.support.smtp import SmtpServer, free_port, running_smtp_server

MEETING_DAY = date(2024, 9, 10)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def clock():
    with time_machine.travel(at(TODAY, 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def anna(world, clock):
    """Anna, a dagpenge member of a-kasse one; weekday free times 9–12 at the a-kasse."""
    worker = world.ak_one_worker
    office = Location.objects.create(
        organisation=world.ak_one,
        name="Hovedkontoret",
        street="Vestergade 1",
        postal_code="1456",
        city="København K",
    )
    for weekday in range(5):
        WorkingPattern.objects.create(
            caseworker=worker,
            organisation=worker.organisation,
            weekday=weekday,
            start_time=time(9),
            end_time=time(12),
            slot_minutes=45,
            valid_from=TODAY,
            location=office,
        )
    slots_materialise(WorkingPattern.objects.all(), TODAY, TODAY + timedelta(weeks=4))
    case_events_append(
        actor=Actor.of_user(worker),
        citizen=world.anna,
        events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
    )
    return world.anna


def slot(world, day: date, hour: int, minute: int = 0) -> Slot:
    return Slot.objects.get(caseworker=world.ak_one_worker, start=at(day, hour, minute))


def book(citizen, the_slot, **kwargs):
    return booking_create(
        actor=kwargs.pop("actor", None) or Actor.of_user(citizen.user),
        citizen=citizen,
        slot_id=the_slot.pk,
        interview=1,
        channel=kwargs.pop("channel", "in_person"),
        topic="job_search",
        **kwargs,
    )


def calendar_of(received) -> Calendar:
    ics = received.attachment("text/calendar")
    assert ics is not None, "the receipt has no calendar file"
    return Calendar.from_ical(ics)


def event_of(calendar: Calendar):
    return next(iter(calendar.walk("VEVENT")))


# --- Receipts over a real SMTP conversation ------------------------------------------------------


def test_booking_sends_a_receipt_with_the_calendar_entry_over_smtp(
    anna, world, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(anna, slot(world, MEETING_DAY, 9))
    [received] = smtp_server.wait_for(1)
    assert received.recipients == [anna.email]
    assert received.subject == "Kvittering: dit møde tirsdag 10. september 2024 kl. 09.00"
    assert received.message["Message-ID"] == message_id(f"booking:{booking.pk}:created:0")
    calendar = calendar_of(received)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = event_of(calendar)
    assert str(event["UID"]) == booking.calendar_uid
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == at(MEETING_DAY, 9)
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Copenhagen"
    assert event.decoded("DTEND") == at(MEETING_DAY, 9, 45)
    assert str(event["SUMMARY"]) == "Samtale 1 med A-kasse Et"
    assert "Sags Behandler" in str(event["DESCRIPTION"])
    assert "mandag 9. september 2024 kl. 09.00" in str(event["DESCRIPTION"])
    message = Message.objects.get()
    assert (message.status, message.attempts, message.citizen) == ("sent", 1, anna)
    assert message.sent_at is not None


def test_the_receipt_states_what_every_meeting_carries(
    anna, world, django_capture_on_commit_callbacks
):
    """R52: citizen, time, channel, kind, place, title, caseworker, until when it can change."""
    with django_capture_on_commit_callbacks(execute=True):
        book(
            anna,
            slot(world, MEETING_DAY, 9),
            summons=True,
            actor=Actor.of_user(world.ak_one_worker),
        )
    [email] = mail.outbox
    text = email.body
    assert email.subject == "Indkaldelse til møde tirsdag 10. september 2024 kl. 09.00"
    assert anna.name in text
    assert "tirsdag 10. september 2024 kl. 09.00–09.45" in text
    assert "Personligt fremmøde" in text
    assert "Samtale 1 med A-kasse Et (første samtale)" in text
    assert "Hovedkontoret, Vestergade 1, 1456 København K" in text
    assert "Sags Behandler, A-kasse Et" in text
    assert "indtil mandag 9. september 2024 kl. 09.00" in text
    html = {mime: body for body, mime in email.alternatives}["text/html"]
    assert '<th scope="row"' in html and "Sags Behandler" in html


def test_an_english_speaking_citizen_gets_the_receipt_in_english(
    anna, world, django_capture_on_commit_callbacks
):
    anna.language = "en"
    anna.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        book(anna, slot(world, MEETING_DAY, 9))
    [email] = mail.outbox
    assert email.subject == "Receipt: your meeting on Tuesday 10 September 2024 at 09:00"
    assert "Tuesday 10 September 2024 at 09:00–09:45" in email.body
    assert "Interview 1 with A-kasse Et" in email.body
    assert "until Monday 9 September 2024 at 09:00" in email.body


def test_rebooking_updates_the_same_calendar_entry_and_cancelling_removes_it(
    anna, world, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = book(anna, slot(world, MEETING_DAY, 9))
    with django_capture_on_commit_callbacks(execute=True):
        moved = booking_rebook(
            actor=Actor.of_user(anna.user),
            booking=first,
            slot_id=slot(world, date(2024, 9, 11), 10, 30).pk,
        )
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(actor=Actor.of_user(anna.user), booking=moved, lawful_absence=True)
    booked, rebooked, cancelled = smtp_server.wait_for(3)
    assert rebooked.subject == "Dit møde er flyttet til onsdag 11. september 2024 kl. 10.30"
    assert cancelled.subject == "Dit møde onsdag 11. september 2024 kl. 10.30 er aflyst"
    entries = [event_of(calendar_of(r)) for r in (booked, rebooked, cancelled)]
    assert {str(e["UID"]) for e in entries} == {first.calendar_uid}
    assert [int(e["SEQUENCE"]) for e in entries] == [0, 1, 2]
    assert entries[1].decoded("DTSTART") == at(date(2024, 9, 11), 10, 30)
    methods = [str(calendar_of(r)["METHOD"]) for r in (booked, rebooked, cancelled)]
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]
    assert str(entries[2]["STATUS"]) == "CANCELLED"
    assert Message.objects.filter(status="sent").count() == 3


def test_a_change_that_is_rolled_back_sends_nothing(
    anna, world, django_capture_on_commit_callbacks
):
    class Interrupted(Exception):
        pass

    def book_then_fail() -> None:
        with transaction.atomic():
            book(anna, slot(world, MEETING_DAY, 9))
            raise Interrupted

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Interrupted),
    ):
        book_then_fail()
    assert callbacks == []
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_holding_the_meeting_sends_the_citizen_nothing(
    anna, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(anna, slot(world, MEETING_DAY, 9))
    with (
        time_machine.travel(at(MEETING_DAY, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        meeting_record_outcome(
            actor=Actor.of_user(world.ak_one_worker), booking=booking, outcome="held"
        )
    assert len(mail.outbox) == 1


def test_a_citizen_without_e_mail_gets_a_text_message(
    anna, world, caplog, django_capture_on_commit_callbacks
):
    anna.email, anna.mobile = "", "+4512345678"
    anna.save(update_fields=["email", "mobile"])
    with (
        caplog.at_level(logging.INFO, logger="kontaktforloeb.notifications.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        book(anna, slot(world, MEETING_DAY, 9))
    assert mail.outbox == []
    message = Message.objects.get()
    assert (message.channel, message.recipient, message.status) == ("sms", "+4512345678", "sent")
    assert (
        "SMS to +4512345678: Kvittering: dit møde tirsdag 10. september 2024 kl. 09.00"
        in caplog.text
    )


# --- Delivery: claim once, retry with back-off -----------------------------------------------------


def test_a_message_is_claimed_once_however_often_its_task_runs(
    anna, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(anna, slot(world, MEETING_DAY, 9))
    message = Message.objects.get()
    assert message_deliver(message.pk, retry=lambda pk, when: None) == "not_claimed"
    assert deliveries_resume() == 0
    assert len(mail.outbox) == 1


def test_a_refused_message_is_retried_with_back_off_until_it_is_sent(
    anna, world, smtp_server, django_capture_on_commit_callbacks
):
    with (
        override_settings(EMAIL_PORT=free_port()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        book(anna, slot(world, MEETING_DAY, 9))  # nothing listens on that port
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at == at(TODAY, 8, 1)  # one minute later
    assert deliveries_resume() == 0  # not yet due
    with time_machine.travel(at(TODAY, 8, 2), tick=False):
        assert deliveries_resume() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 2, "")
    assert len(smtp_server.wait_for(1)) == 1


@override_settings(NOTIFICATIONS_MAX_ATTEMPTS=2)
def test_a_message_that_keeps_failing_is_marked_failed(
    anna, world, django_capture_on_commit_callbacks
):
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            book(anna, slot(world, MEETING_DAY, 9))
        with time_machine.travel(at(TODAY, 9), tick=False):
            deliveries_resume()
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("failed", 2)


# --- Reminders -----------------------------------------------------------------------------------


def test_the_meeting_reminder_goes_out_the_day_before_between_nine_and_ten_pm_once(
    anna, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(anna, slot(world, MEETING_DAY, 9))
    mail.outbox.clear()
    day_before = MEETING_DAY - timedelta(days=1)
    with time_machine.travel(at(day_before, 8, 59), tick=False):
        assert reminders_send() == 0
    with time_machine.travel(at(day_before, 22), tick=False):
        assert reminders_send() == 0
    with time_machine.travel(at(day_before - timedelta(days=1), 12), tick=False):
        assert reminders_send() == 0  # two days before: not yet
    with (
        time_machine.travel(at(day_before, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_send() == 1
        assert reminders_send() == 0
        call_command("send-reminders".replace("-", "_"))
    [email] = mail.outbox
    assert email.subject == "Påmindelse: du har møde i morgen, tirsdag 10. september 2024 kl. 09.00"
    reminder = Message.objects.get(kind="meeting_reminder")
    assert (reminder.delivery_key, reminder.booking) == (f"reminder:meeting:{booking.pk}", booking)


def test_the_deadline_reminder_goes_out_three_days_before_an_open_deadline(
    anna, world, django_capture_on_commit_callbacks
):
    deadline_issue(
        actor=Actor.of_user(world.ak_one_worker),
        citizen=anna,
        interview=1,
        deadline=date(2024, 9, 12),
        last_meeting_date=date(2024, 9, 16),
    )
    with time_machine.travel(at(date(2024, 9, 8), 21), tick=False):
        assert reminders_send() == 0  # four days before
    with time_machine.travel(at(date(2024, 9, 9), 7), tick=False):
        assert reminders_send() == 0  # the night: it waits
    with (
        time_machine.travel(at(date(2024, 9, 9), 9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_send() == 1
        assert reminders_send() == 0
    [email] = mail.outbox
    assert email.subject == "Påmindelse: book din samtale senest torsdag 12. september 2024"
    assert "Mødet skal ligge senest mandag 16. september 2024." in email.body


def test_no_deadline_reminder_once_the_interview_is_booked(
    anna, world, django_capture_on_commit_callbacks
):
    deadline_issue(
        actor=Actor.of_user(world.ak_one_worker),
        citizen=anna,
        interview=1,
        deadline=date(2024, 9, 12),
        last_meeting_date=date(2024, 9, 16),
    )
    book(anna, slot(world, date(2024, 9, 13), 9))
    with time_machine.travel(at(date(2024, 9, 9), 10), tick=False):
        assert reminders_send() == 0


# --- Webhooks ------------------------------------------------------------------------------------


@dataclass
class Hook:
    url: str
    answers: list[int]
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def hook_server() -> Iterator[Hook]:
    """A loopback HTTP server answering each POST with the next status in `answers` (then 200)."""
    port = free_port()
    hook = Hook(url=f"http://127.0.0.1:{port}/hooks", answers=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            hook.received.append((dict(self.headers.items()), body))
            status = hook.answers.pop(0) if hook.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield hook
    server.shutdown()
    server.server_close()


def test_a_webhook_is_signed_and_a_server_error_is_retried(
    anna, world, hook_server, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(
        organisation=world.ak_one,
        url=hook_server.url,
        secret="s3cret",
        events=["booking.created", "meeting.held"],
    )
    WebhookEndpoint.objects.create(  # another organisation hears nothing
        organisation=world.ak_two, url=hook_server.url, secret="x", events=["booking.created"]
    )
    hook_server.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(anna, slot(world, MEETING_DAY, 9))
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    with time_machine.travel(at(TODAY, 8, 5), tick=False):
        deliveries_resume()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("sent", 2, 200)
    (first_headers, first_body), (headers, body) = hook_server.received
    assert body == first_body
    assert headers["Idempotency-Key"] == first_headers["Idempotency-Key"] == delivery.delivery_key
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Kontaktforloeb-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["event"] == "booking.created"
    assert payload["booking"]["id"] == booking.pk
    assert payload["booking"]["calendar_uid"] == booking.calendar_uid
    assert payload["booking"]["start"] == "2024-09-10T09:00:00+02:00"
    assert endpoint.deliveries.count() == 1


def test_webhooks_go_only_to_subscribed_endpoints_of_the_organisations_concerned(
    anna, world, hook_server, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(
        organisation=world.ak_one, url=hook_server.url, secret="a", events=["booking.cancelled"]
    )
    WebhookEndpoint.objects.create(
        organisation=world.ak_one,
        url=hook_server.url,
        secret="b",
        events=["booking.created"],
        active=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(anna, slot(world, MEETING_DAY, 9))
    assert hook_server.received == []
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(actor=Actor.of_user(anna.user), booking=booking, lawful_absence=True)
    [(headers, body)] = hook_server.received
    assert json.loads(body)["event"] == "booking.cancelled"
    assert headers["X-Kontaktforloeb-Event"] == "booking.cancelled"
