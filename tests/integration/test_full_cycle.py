"""One contact-course interview from deadline to held, through the API, with what the citizen
and the a-kasse's system receive on the way."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from kontaktforloeb.booking.models import WorkingPattern
from kontaktforloeb.booking.slots import slots_materialise
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.notifications.models import Message, WebhookEndpoint
from kontaktforloeb.organisations.access import Actor
from tests.support import factories
from tests.support.calendar import TODAY, at
from tests.support.smtp import SmtpServer, free_port, running_smtp_server


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def case_system() -> Iterator[list[dict[str, Any]]]:
    """The a-kasse's own system: a loopback server collecting the webhooks it is sent."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    received.append({"url": f"http://127.0.0.1:{server.server_address[1]}/hooks"})
    yield received
    server.shutdown()
    server.server_close()


def post(client: Client, url: str, body: dict[str, Any]):
    return client.post(url, json.dumps(body), content_type="application/json")


def ics_event(received):
    calendar = Calendar.from_ical(received.attachment("text/calendar"))
    return str(calendar["METHOD"]), next(iter(calendar.walk("VEVENT")))


def test_deadline_booking_receipt_rebooking_and_the_interview_held(
    world, smtp_server, case_system, django_capture_on_commit_callbacks
):
    hooks_url = case_system.pop(0)["url"]
    with time_machine.travel(at(TODAY, 8), tick=False) as clock:
        worker = world.ak_one_worker
        for weekday in range(5):
            WorkingPattern.objects.create(
                caseworker=worker,
                organisation=world.ak_one,
                weekday=weekday,
                start_time=time(9),
                end_time=time(12),
                valid_from=TODAY,
            )
        slots_materialise(WorkingPattern.objects.all(), TODAY, TODAY + timedelta(weeks=4))
        anna = world.anna
        case_events_append(
            actor=Actor.of_user(worker),
            citizen=anna,
            events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
        )
        WebhookEndpoint.objects.create(
            organisation=world.ak_one,
            url=hooks_url,
            secret="fælles hemmelighed",
            events=["booking.created", "booking.changed", "meeting.held"],
        )
        akasse = Client(headers={"X-API-Key": factories.api_key(world.ak_one)})
        citizen = Client()
        citizen.force_login(anna.user)

        # The a-kasse's system issues a booking deadline.
        answer = post(
            akasse,
            f"/api/v1/citizens/{anna.pk}/deadlines",
            {"interview": 1, "deadline": "2024-09-11", "last_meeting_date": "2024-09-16"},
        )
        assert answer.status_code == 201, answer.content

        # Anna finds free times and books the first.
        answer = citizen.get(f"/api/v1/citizens/{anna.pk}/interviews/1/slots")
        assert answer.status_code == 200, answer.content
        items = answer.json()["items"]
        assert items, "no free times"
        first = next(i for i in items if i["start"].startswith("2024-09-10"))
        later = next(i for i in items if i["start"].startswith("2024-09-12"))
        with django_capture_on_commit_callbacks(execute=True):
            answer = post(
                citizen,
                f"/api/v1/citizens/{anna.pk}/bookings",
                {
                    "slot_id": first["id"],
                    "interview": 1,
                    "channel": "in_person",
                    "topic": "job_search",
                },
            )
        assert answer.status_code == 201, answer.content
        booking_id = answer.json()["id"]

        # The receipt reaches the mail server with the calendar entry.
        [receipt] = smtp_server.wait_for(1)
        assert receipt.recipients == [anna.email]
        assert receipt.subject.startswith("Kvittering: dit møde ")
        method, entry = ics_event(receipt)
        assert (method, int(entry["SEQUENCE"])) == ("REQUEST", 0)
        assert entry.decoded("DTSTART") == datetime.fromisoformat(first["start"])

        # She moves it; the calendar entry is updated, not duplicated.
        with django_capture_on_commit_callbacks(execute=True):
            answer = post(
                citizen, f"/api/v1/bookings/{booking_id}/rebook", {"slot_id": later["id"]}
            )
        assert answer.status_code == 201, answer.content
        moved = answer.json()
        _, receipt = smtp_server.wait_for(2)
        assert receipt.subject.startswith("Dit møde er flyttet til ")
        method, update = ics_event(receipt)
        assert (method, str(update["UID"]), int(update["SEQUENCE"])) == (
            "REQUEST",
            str(entry["UID"]),
            1,
        )
        assert update.decoded("DTSTART") == datetime.fromisoformat(later["start"])

        # The meeting is held, and the a-kasse records it.
        clock.move_to(datetime.fromisoformat(later["end"]))
        with django_capture_on_commit_callbacks(execute=True):
            answer = post(akasse, f"/api/v1/bookings/{moved['id']}/outcome", {"outcome": "held"})
        assert answer.status_code == 200, answer.content

        # The plan, as the a-kasse's system reads it, shows the interview held.
        answer = akasse.get(f"/api/v1/citizens/{anna.pk}/plan")
        assert answer.status_code == 200, answer.content
        interview = next(i for i in answer.json()["interviews"] if i["number"] == 1)
        assert interview["status"] in ("held", "held_late")
        assert interview["held_on"] == datetime.fromisoformat(later["start"]).date().isoformat()

    assert list(Message.objects.values_list("kind", "status").order_by("id")) == [
        ("booked", "sent"),
        ("rebooked", "sent"),
    ]
    assert [hook["event"] for hook in case_system] == [
        "booking.created",
        "booking.changed",
        "meeting.held",
    ]
    assert case_system[-1]["booking"]["id"] == moved["id"]
