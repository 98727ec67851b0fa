"""A real SMTP server on the loopback interface, for tests that need one (aiosmtpd).

`SmtpServer.received` holds every message the server accepted (answered 250), parsed. `hold(to)`
makes the server keep the next message for `to` unanswered until the client goes away, as a slow
or hung mail relay would: a client killed meanwhile has not had the message accepted, and the
server drops it, as SMTP says it must.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from django.test import override_settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"]).strip()

    def attachment(self, content_type: str) -> bytes | None:
        for part in self.message.walk():
            if part.get_content_type() == content_type and part.get_filename():
                payload = part.get_payload(decode=True)
                return payload if isinstance(payload, bytes) else None
        return None

    def text(self) -> str:
        body = self.message.get_body(preferencelist=("plain",))
        return str(body.get_content()) if body is not None else ""


@dataclass
class SmtpServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    held: threading.Event = field(default_factory=threading.Event)
    _hold_for: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hold(self, recipient: str) -> None:
        """Keep the next message to `recipient` unanswered until its client disconnects."""
        with self._lock:
            self._hold_for.add(recipient)

    def to(self, recipient: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if recipient in r.recipients]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        with self._lock:
            return list(self.received)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            hold = next((r for r in envelope.rcpt_tos if r in self._hold_for), None)
            if hold is not None:
                self._hold_for.discard(hold)
        if hold is not None:
            self.held.set()
            # Cancelled by aiosmtpd when the client's connection is lost: nothing is accepted.
            while server.transport is not None and not server.transport.is_closing():
                await asyncio.sleep(0.02)
            return "421 Closing"
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), parsed)  # type: ignore[arg-type]
            )
        return "250 OK"


@contextmanager
def running_smtp_server() -> Iterator[SmtpServer]:
    """An SMTP server on 127.0.0.1 with Django's SMTP backend pointed at it (use as a fixture:
    `with running_smtp_server() as server: yield server`)."""
    server = SmtpServer(host="127.0.0.1", port=free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=server.host,
            EMAIL_PORT=server.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_TIMEOUT=10,
        ):
            yield server
    finally:
        controller.stop()
