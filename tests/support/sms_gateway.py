"""A small stand-in for GatewayAPI's REST API on the loopback interface, for SMS tests.

It serves `POST /rest/mtsms` over HTTP on 127.0.0.1 (a free port, in a thread) as GatewayAPI's
documentation describes it: `Authorization: Token <token>`, a JSON body with `message` and
`recipients: [{"msisdn": ...}]`, and the answer `{"ids": [...], "usage": {...}}`. A wrong token is
answered 401 and a body without a message or recipients 422, with GatewayAPI's error shape.

Every request is kept in `requests` (headers and parsed body); each message the gateway accepted
(answered 200) is in `accepted` with the id it was given. A test sets how the next requests are
answered with `answers`: a status such as 503 or 400 to refuse with, or `ACCEPT_LATE` to accept the
message but answer only after the client has given up (as a slow gateway that did take it would).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.test import override_settings

from tests.support.smtp import free_port

# Accept the message, then keep the answer back until the client has timed out.
ACCEPT_LATE = "accept_late"


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Accepted:
    id: int
    msisdn: int | str
    message: str
    userref: str | None
    sender: str | None


@dataclass
class FakeGatewayApi:
    token: str = "test-token"
    answers: list[int | str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    accepted: list[Accepted] = field(default_factory=list)
    base_url: str = ""
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(421332671))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closing: threading.Event = field(default_factory=threading.Event)

    def _answer(self, headers: dict[str, str], body: Any) -> tuple[int, dict[str, Any], bool]:
        """(status, JSON answer, whether to answer late) for one request."""
        with self._lock:
            scripted = self.answers.pop(0) if self.answers else 200
        if headers.get("Authorization") != f"Token {self.token}":
            return 401, {"code": "0x0011", "message": "Unauthorized"}, False
        if isinstance(scripted, int) and scripted != 200:
            return scripted, {"message": f"Scripted answer {scripted}", "incident_uuid": "x"}, False
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("message"), str)
            or not isinstance(body.get("recipients"), list)
            or not body["recipients"]
            or not all(isinstance(r, dict) and "msisdn" in r for r in body["recipients"])
        ):
            return 422, {"code": "0x0021", "message": "Invalid json request body"}, False
        ids = []
        with self._lock:
            for recipient in body["recipients"]:
                message_id = next(self._ids)
                ids.append(message_id)
                self.accepted.append(
                    Accepted(
                        id=message_id,
                        msisdn=recipient["msisdn"],
                        message=body["message"],
                        userref=body.get("userref"),
                        sender=body.get("sender"),
                    )
                )
        usage = {"countries": {"DK": len(ids)}, "currency": "DKK", "total_cost": 0.12 * len(ids)}
        return 200, {"ids": ids, "usage": usage}, scripted == ACCEPT_LATE


@contextmanager
def running_gatewayapi(**settings: Any) -> Iterator[FakeGatewayApi]:
    """The fake gateway, with the GatewayAPI sender configured to use it (as a fixture:
    `with running_gatewayapi() as gateway: yield gateway`). Extra keyword arguments override
    settings, e.g. `GATEWAYAPI_SENDER="Jobcenter"`."""
    gateway = FakeGatewayApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            headers = dict(self.headers.items())
            with gateway._lock:
                gateway.requests.append(Request(self.path, headers, body))
            if self.path != "/rest/mtsms":
                status, answer, late = 404, {"message": "Not found"}, False
            else:
                status, answer, late = gateway._answer(headers, body)
            if late:
                # Hold the answer back until the client gave up (or the server stops).
                gateway._closing.wait(5)
            payload = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client went away, as it does after its timeout

        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.base_url = f"http://127.0.0.1:{port}"
    try:
        with override_settings(
            **{
                "NOTIFICATIONS_SMS_BACKEND": "kontaktforloeb.notifications.gatewayapi.GatewayApiSms",
                "GATEWAYAPI_BASE_URL": gateway.base_url,
                "GATEWAYAPI_TOKEN": gateway.token,
                "GATEWAYAPI_SENDER": "",
                "GATEWAYAPI_TIMEOUT_SECONDS": 5,
                **settings,
            }
        ):
            yield gateway
    finally:
        gateway._closing.set()
        server.shutdown()
        server.server_close()
