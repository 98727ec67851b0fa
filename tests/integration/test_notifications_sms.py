"""Text messages through GatewayAPI: sent once, retried when the gateway may take them later,
failed for good when it never will, and their delivery reports stored on the message.

The gateway is a small HTTP server on 127.0.0.1 that speaks GatewayAPI's documented REST API
(tests/support/sms_gateway.py); its delivery reports are signed the way GatewayAPI signs them
(a JWT with the webhook's token, in `X-Gwapi-Signature`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import override_settings

from kontaktforloeb.booking.models import Slot
from kontaktforloeb.booking.services import booking_create
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.notifications.compose import Content
from kontaktforloeb.notifications.gatewayapi import (
    BadSignature,
    _error_text,
    _message_id,
    verify_jwt,
)
from kontaktforloeb.notifications.models import Message
from kontaktforloeb.notifications.services import deliveries_resume, message_deliver, message_write
from kontaktforloeb.notifications.sms import InvalidNumber, msisdn
from kontaktforloeb.organisations.access import Actor
from tests.support.calendar import TODAY, at, weekday_free_times
from tests.support.sms_gateway import ACCEPT_LATE, FakeGatewayApi, running_gatewayapi
from tests.support.smtp import free_port

WEBHOOK_SECRET = "the-webhook-token-set-at-gatewayapi"
STATUS_URL = "/sms/gatewayapi/status/"
TEXT = "Kvittering: dit møde tirsdag 10. september 2024 kl. 09.00 hos A-kasse Et."


@pytest.fixture
def clock():
    with time_machine.travel(at(TODAY, 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def gateway(clock) -> Iterator[FakeGatewayApi]:
    with running_gatewayapi(
        GATEWAYAPI_SENDER="Jobcenter", GATEWAYAPI_WEBHOOK_SECRET=WEBHOOK_SECRET
    ) as fake:
        yield fake


@pytest.fixture
def anna(world):
    """Anna has a mobile number and no e-mail address, so she is written to by SMS."""
    world.anna.email, world.anna.mobile = "", "+45 12 34 56 78"
    world.anna.save(update_fields=["email", "mobile"])
    return world.anna


def write_sms(citizen, key: str = "booking:1:created:0") -> Message:
    """Write one message as a service does, and let its delivery run after commit."""
    message = message_write(
        citizen=citizen,
        kind=Message.Kind.BOOKED,
        key=key,
        compose=lambda language: Content(subject=TEXT, lines=[]),
    )
    assert message is not None
    assert message.channel == Message.Channel.SMS
    return message


def send(citizen, capture, key: str = "booking:1:created:0") -> Message:
    with capture(execute=True):
        message = write_sms(citizen, key)
    message.refresh_from_db()
    return message


def report(client, claims: dict[str, Any], secret: str = WEBHOOK_SECRET, **headers: str):
    """Post a delivery report as GatewayAPI does: the JSON body, and the JWT in its header."""
    token = jwt.encode(claims, secret, algorithm="HS256")
    return client.post(
        STATUS_URL,
        data=json.dumps(claims),
        content_type="application/json",
        headers={"X-Gwapi-Signature": token, **headers},
    )


def dsn(message_id: int | str, status: str = "DELIVERED", **fields: Any) -> dict[str, Any]:
    """A delivery status notification with GatewayAPI's fields."""
    return {
        "id": message_id,
        "msisdn": 4512345678,
        "time": int(at(TODAY, 8, 3).timestamp()),
        "status": status,
        "userref": None,
        "country_code": "DK",
        "country_prefix": 45,
        **fields,
    }


# --- Sending -------------------------------------------------------------------------------------


def test_a_message_is_sent_once_with_the_documented_body_and_token(
    anna, gateway, django_capture_on_commit_callbacks
):
    message = send(anna, django_capture_on_commit_callbacks)
    [request] = gateway.requests
    assert request.path == "/rest/mtsms"
    assert request.headers["Authorization"] == "Token test-token"
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.body == {
        "message": TEXT,
        "recipients": [{"msisdn": 4512345678}],
        "userref": "booking:1:created:0",
        "sender": "Jobcenter",
    }
    [accepted] = gateway.accepted
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    assert message.provider_message_id == str(accepted.id)
    assert message.sent_at == at(TODAY, 8)
    # However often its task runs again, or the sweep runs, it is not sent again.
    assert message_deliver(message.pk, retry=lambda pk, when: None) == "not_claimed"
    with time_machine.travel(at(TODAY, 12), tick=False):
        assert deliveries_resume() == 0
    assert len(gateway.requests) == 1


def test_a_booking_by_a_citizen_without_e_mail_sends_the_receipt_through_the_gateway(
    anna, world, gateway, django_capture_on_commit_callbacks
):
    worker = world.ak_one_worker
    weekday_free_times([worker], weeks=2)
    case_events_append(
        actor=Actor.of_user(worker),
        citizen=anna,
        events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
    )
    slot = Slot.objects.get(caseworker=worker, start=at(datetime(2024, 9, 10).date(), 9))
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(
            actor=Actor.of_user(anna.user),
            citizen=anna,
            slot_id=slot.pk,
            interview=1,
            channel="in_person",
            topic="job_search",
        )
    assert mail.outbox == []
    [accepted] = gateway.accepted
    assert accepted.msisdn == 4512345678
    assert accepted.message.startswith("Kvittering: dit møde tirsdag 10. september 2024 kl. 09.00")
    message = Message.objects.get()
    assert message.booking == booking
    assert (message.status, message.provider_message_id) == ("sent", str(accepted.id))
    assert accepted.userref == message.delivery_key


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_a_gateway_error_is_retried_with_back_off_and_then_sent_once(
    anna, gateway, status, django_capture_on_commit_callbacks
):
    gateway.answers = [status]
    message = send(anna, django_capture_on_commit_callbacks)
    assert (message.status, message.attempts) == ("pending", 1)
    assert f"GatewayAPI answered HTTP {status}" in message.last_error
    assert message.next_attempt_at == at(TODAY, 8, 1)  # one minute later
    assert deliveries_resume() == 0  # not yet due
    assert gateway.accepted == []
    with time_machine.travel(at(TODAY, 8, 2), tick=False):
        assert deliveries_resume() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 2, "")
    [accepted] = gateway.accepted
    assert message.provider_message_id == str(accepted.id)
    first, second = gateway.requests
    assert first.body == second.body  # the same reference on every try


@override_settings(NOTIFICATIONS_MAX_ATTEMPTS=3)
def test_a_gateway_that_keeps_failing_backs_off_longer_each_time_then_gives_up(
    anna, gateway, django_capture_on_commit_callbacks
):
    gateway.answers = [500, 500, 500]
    message = send(anna, django_capture_on_commit_callbacks)
    assert message.next_attempt_at == at(TODAY, 8, 1)
    with time_machine.travel(at(TODAY, 8, 1), tick=False):
        deliveries_resume()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 2)
    assert message.next_attempt_at == at(TODAY, 8, 3)  # two minutes after the second try
    with time_machine.travel(at(TODAY, 8, 3), tick=False):
        deliveries_resume()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)
    assert gateway.accepted == []


def test_no_answer_from_the_gateway_is_retried(anna, clock, django_capture_on_commit_callbacks):
    with running_gatewayapi(GATEWAYAPI_BASE_URL=f"http://127.0.0.1:{free_port()}"):
        message = send(anna, django_capture_on_commit_callbacks)  # nothing listens there
    assert (message.status, message.attempts) == ("pending", 1)
    assert "Connection refused" in message.last_error


def test_a_slow_gateway_that_took_the_message_is_not_sent_a_second_copy(
    anna, gateway, client, django_capture_on_commit_callbacks
):
    """The send timed out, but the gateway had accepted the message: its first delivery report
    (found by the reference) marks the message sent, and the retry sends nothing."""
    gateway.answers = [ACCEPT_LATE]
    with override_settings(GATEWAYAPI_TIMEOUT_SECONDS=0.3):
        message = send(anna, django_capture_on_commit_callbacks)
    assert (message.status, message.attempts) == ("pending", 1)
    assert "timed out" in message.last_error
    [accepted] = gateway.accepted
    answer = report(client, dsn(accepted.id, "ENROUTE", userref=message.delivery_key))
    assert answer.status_code == 200
    message.refresh_from_db()
    assert (message.status, message.provider_message_id) == ("sent", str(accepted.id))
    assert message.report_status == ""  # on its way: nothing to report yet
    with time_machine.travel(at(TODAY, 9), tick=False):
        assert deliveries_resume() == 0
    assert len(gateway.requests) == 1


@pytest.mark.parametrize(
    ("answers", "token", "expected"),
    [
        ([400], "test-token", "GatewayAPI answered HTTP 400: Scripted answer 400"),
        ([422], "test-token", "GatewayAPI answered HTTP 422: Scripted answer 422"),
        ([], "a-revoked-token", "GatewayAPI answered HTTP 401 (0x0011): Unauthorized"),
    ],
)
def test_a_refused_message_fails_for_good_with_the_gateways_reason(
    anna, gateway, answers, token, expected, django_capture_on_commit_callbacks
):
    gateway.answers = answers
    with override_settings(GATEWAYAPI_TOKEN=token):
        message = send(anna, django_capture_on_commit_callbacks)
        with time_machine.travel(at(TODAY + timedelta(days=1), 8), tick=False):
            assert deliveries_resume() == 0
    assert (message.status, message.attempts, message.last_error) == ("failed", 1, expected)
    assert len(gateway.requests) == 1
    assert gateway.accepted == []


@pytest.mark.parametrize(
    "number", ["1234", "+46 70 123 45 67", "0045 1234 567", "12 34 56 78 9", "mobil"]
)
def test_a_number_that_is_not_a_danish_mobile_fails_for_good_without_asking_the_gateway(
    anna, gateway, number, django_capture_on_commit_callbacks
):
    anna.mobile = number
    anna.save(update_fields=["mobile"])
    message = send(anna, django_capture_on_commit_callbacks)
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error.startswith(f"{number!r} is not a Danish mobile number")
    with time_machine.travel(at(TODAY + timedelta(days=1), 8), tick=False):
        assert deliveries_resume() == 0
    assert gateway.requests == []


@pytest.mark.parametrize(
    "number", ["+4512345678", "+45 12 34 56 78", "0045 12 34 56 78", "12345678", "4512345678"]
)
def test_danish_numbers_are_written_as_msisdn(number):
    assert msisdn(number) == "4512345678"


def test_a_number_with_a_foreign_prefix_is_not_taken_for_a_danish_one():
    with pytest.raises(InvalidNumber):
        msisdn("+12345678")


def test_the_gateways_error_is_told_in_its_own_words():
    documented = b'{"code": "0x0213", "incident_uuid": "d8", "message": "Unauthorized IP-address: %1", "variables": ["1.2.3.4"]}'
    assert _error_text(403, documented) == (
        "GatewayAPI answered HTTP 403 (0x0213): Unauthorized IP-address: 1.2.3.4"
    )
    assert _error_text(502, b"<html>Bad Gateway</html>") == (
        "GatewayAPI answered HTTP 502: <html>Bad Gateway</html>"
    )
    assert _error_text(500, b"") == "GatewayAPI answered HTTP 500"


def test_an_accepted_message_without_an_id_still_counts_as_sent():
    assert _message_id(b'{"ids": [421332671], "usage": {}}', "k") == "421332671"
    assert _message_id(b"{}", "k") == ""  # sending again would make a second copy
    assert _message_id(b"OK", "k") == ""


# --- Delivery reports ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "fields", "outcome", "detail"),
    [
        ("DELIVERED", {}, "delivered", "DELIVERED"),
        (
            "UNDELIVERABLE",
            {"error": "Unknown subscriber", "code": "0x0105"},
            "failed",
            "UNDELIVERABLE: Unknown subscriber (code 0x0105)",
        ),
        ("REJECTED", {}, "failed", "REJECTED"),
        ("EXPIRED", {}, "expired", "EXPIRED"),
    ],
)
def test_a_delivery_report_is_stored_on_the_message(
    anna, gateway, client, status, fields, outcome, detail, django_capture_on_commit_callbacks
):
    message = send(anna, django_capture_on_commit_callbacks)
    answer = report(client, dsn(int(message.provider_message_id), status, **fields))
    assert answer.status_code == 200
    assert answer.json() == {"result": "recorded"}
    message.refresh_from_db()
    assert (message.report_status, message.report_detail) == (outcome, detail)
    assert message.reported_at == at(TODAY, 8, 3)
    assert message.status == "sent"


def test_a_report_is_found_by_the_reference_when_the_id_is_another_copys(
    anna, gateway, client, django_capture_on_commit_callbacks
):
    message = send(anna, django_capture_on_commit_callbacks)
    answer = report(client, dsn(999, userref=message.delivery_key))
    assert answer.json() == {"result": "recorded"}
    message.refresh_from_db()
    assert message.report_status == "delivered"
    assert message.provider_message_id == str(gateway.accepted[0].id)  # its own id is kept
    # A later failure of another copy does not undo the delivery the citizen already has.
    report(client, dsn(998, "UNDELIVERABLE", userref=message.delivery_key))
    message.refresh_from_db()
    assert message.report_status == "delivered"


def test_a_transient_state_changes_nothing(
    anna, gateway, client, django_capture_on_commit_callbacks
):
    message = send(anna, django_capture_on_commit_callbacks)
    provider_id = int(message.provider_message_id)
    assert report(client, dsn(provider_id, "DELIVERED")).status_code == 200
    # GatewayAPI may send a transient state after the final one; it is to be ignored.
    assert report(client, dsn(provider_id, "ENROUTE")).status_code == 200
    message.refresh_from_db()
    assert (message.report_status, message.reported_at) == ("delivered", at(TODAY, 8, 3))


def test_a_report_on_an_unknown_message_is_answered_and_ignored(
    anna, gateway, client, caplog, django_capture_on_commit_callbacks
):
    message = send(anna, django_capture_on_commit_callbacks)
    with caplog.at_level(logging.INFO, logger="kontaktforloeb.notifications.views"):
        answer = report(client, dsn(123, userref="not:one:of:ours"))
    assert answer.status_code == 200
    assert answer.json() == {"result": "ignored"}
    assert "unknown message 123" in caplog.text
    message.refresh_from_db()
    assert message.report_status == ""


@pytest.mark.parametrize(
    "claims",
    [
        {"msisdn": 4512345678, "time": 1725343380, "status": "DELIVERED"},  # no id
        dsn(1, "ARRIVED"),  # not one of GatewayAPI's states
        dsn(1, time="yesterday"),
        dsn(1, userref=42),
    ],
)
def test_a_signed_report_that_cannot_be_read_is_answered_400(gateway, client, claims, world):
    answer = report(client, claims)
    assert answer.status_code == 400
    assert answer.json()["error"]


def test_a_report_without_a_valid_signature_is_refused(gateway, client, world):
    assert (
        report(client, dsn(1), secret="somebody-else-who-has-no-business-here").status_code == 403
    )
    unsigned = client.post(STATUS_URL, data=json.dumps(dsn(1)), content_type="application/json")
    assert unsigned.status_code == 403
    none_alg = jwt.encode(dsn(1), key=None, algorithm="none")
    forged = client.post(
        STATUS_URL,
        data=json.dumps(dsn(1)),
        content_type="application/json",
        headers={"X-Gwapi-Signature": none_alg},
    )
    assert forged.status_code == 403
    assert client.get(STATUS_URL).status_code == 405


def test_without_a_webhook_secret_there_is_no_report_endpoint(client, db):
    with override_settings(GATEWAYAPI_WEBHOOK_SECRET=""):
        assert report(client, dsn(1)).status_code == 404


def test_the_signature_check_follows_jwt():
    now, key = 1_700_000_000, "k" * 32
    token = jwt.encode({"id": 1, "exp": now + 10}, key, algorithm="HS256")
    assert verify_jwt(token, key, now=now) == {"id": 1, "exp": now + 10}
    with pytest.raises(BadSignature):
        verify_jwt(token, key, now=now + 3600)  # expired
    with pytest.raises(BadSignature):
        verify_jwt(token, "l" * 32, now=now)
    with pytest.raises(BadSignature):  # only HS256, whatever the token's header asks for
        verify_jwt(jwt.encode({"id": 1}, key * 2, algorithm="HS512"), key * 2)
    with pytest.raises(BadSignature):
        verify_jwt("not-a-token", key)


# --- Development ---------------------------------------------------------------------------------


def test_the_logging_sender_is_the_default_and_still_sends_in_development(
    anna, clock, caplog, django_capture_on_commit_callbacks
):
    assert settings.NOTIFICATIONS_SMS_BACKEND == "kontaktforloeb.notifications.sms.LoggingSms"
    with caplog.at_level(logging.INFO, logger="kontaktforloeb.notifications.sms"):
        message = send(anna, django_capture_on_commit_callbacks)
    assert (message.status, message.provider_message_id) == ("sent", "")
    assert f"SMS to +4512345678: {TEXT}" in caplog.text


def test_the_logging_sender_refuses_an_invalid_number_like_the_gateway(
    anna, clock, django_capture_on_commit_callbacks
):
    anna.mobile = "12 34"
    anna.save(update_fields=["mobile"])
    message = send(anna, django_capture_on_commit_callbacks)
    assert (message.status, message.attempts) == ("failed", 1)
    assert "is not a Danish mobile number" in message.last_error


def test_a_report_time_is_read_as_unix_seconds(
    gateway, client, anna, django_capture_on_commit_callbacks
):
    message = send(anna, django_capture_on_commit_callbacks)
    report(client, dsn(int(message.provider_message_id), time=1_450_000_000))
    message.refresh_from_db()
    assert message.reported_at == datetime(2015, 12, 13, 9, 46, 40, tzinfo=UTC)
