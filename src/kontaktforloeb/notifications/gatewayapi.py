"""SMS through GatewayAPI (an EU SMS provider), by its REST API.

Sending (`GatewayApiSms`): `POST {GATEWAYAPI_BASE_URL}/rest/mtsms` with `Authorization: Token
{GATEWAYAPI_TOKEN}` and the JSON body

    {"message": text, "recipients": [{"msisdn": 4512345678}], "userref": delivery key,
     "sender": GATEWAYAPI_SENDER (when set)}

GatewayAPI answers 200 with `{"ids": [message id], "usage": {...}}`; the id is stored on the row.
Its errors are JSON `{"code", "message", "variables", "incident_uuid"}` with 400 (invalid
arguments), 401 (token), 403 (IP address), 422 (body) or 500. What is retried:

- a 5xx, 408 or 429, no answer within `GATEWAYAPI_TIMEOUT_SECONDS`, a refused or broken
  connection: the message may go through later, so it is retried with back-off (`delivery.py`);
- any other 4xx: GatewayAPI will refuse the same request again, so the row fails at once with
  GatewayAPI's own message (`PermanentFailure`).

GatewayAPI does not say that it de-duplicates on `userref`; it returns it in every delivery report.
So a copy sent again after a crash (or after a timeout that hid an accepted message) is recognised
by its reference, and the first report of an earlier copy marks a message still waiting for its
retry as sent, so that it is not sent again (`services.sms_report_record`).

Delivery reports (`report_from_signature`): GatewayAPI calls a webhook set up in its dashboard as
the default for status notifications. With an authentication token set on that webhook, it sends
a JWT signed with that token (HS256) in the `X-Gwapi-Signature` header, whose claims are the
report: `id`, `msisdn`, `time` (UNIX seconds), `status`, and optional `error`, `code`, `userref`.
Only the signed claims are read; the request body, which carries the same report, is not trusted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .delivery import PermanentFailure
from .models import ReportStatus
from .sms import SmsReport

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Gwapi-Signature"
SEND_PATH = "/rest/mtsms"

# Statuses worth another try: the server's trouble, a slow answer, too many requests at once.
RETRIED_CLIENT_STATUSES = {408, 429}

# GatewayAPI's final states (its "States and status codes") and what they mean here. Its transient
# states (UNKNOWN, SCHEDULED, BUFFERED, ENROUTE) change nothing: it may send one after a final
# state, and says to ignore it then.
FINAL_STATES = {
    "DELIVERED": ReportStatus.DELIVERED,
    # "The mobile network has accepted the message on the end users behalf."
    "ACCEPTED": ReportStatus.DELIVERED,
    "EXPIRED": ReportStatus.EXPIRED,
    "UNDELIVERABLE": ReportStatus.FAILED,
    "REJECTED": ReportStatus.FAILED,
    "DELETED": ReportStatus.FAILED,
    "SKIPPED": ReportStatus.FAILED,
}
TRANSIENT_STATES = {"UNKNOWN", "SCHEDULED", "BUFFERED", "ENROUTE"}


class GatewayApiRefused(PermanentFailure):
    """GatewayAPI answered 4xx: it will refuse this request however often it is sent."""


class GatewayApiUnavailable(Exception):
    """GatewayAPI answered 5xx (or 408/429): try again later."""


class GatewayApiSms:
    """The `NOTIFICATIONS_SMS_BACKEND` for GatewayAPI (see `sms.py` for the interface)."""

    def __init__(self) -> None:
        if not settings.GATEWAYAPI_TOKEN:
            # Raised on every try, so the messages wait (with back-off) until it is set.
            raise ImproperlyConfigured("GATEWAYAPI_TOKEN must be set to send SMS via GatewayAPI.")
        self.url = settings.GATEWAYAPI_BASE_URL.rstrip("/") + SEND_PATH
        self.token = settings.GATEWAYAPI_TOKEN
        self.sender = settings.GATEWAYAPI_SENDER
        self.timeout = settings.GATEWAYAPI_TIMEOUT_SECONDS

    def send_sms(self, msisdn: str, text: str, reference: str) -> str:
        body: dict[str, Any] = {
            "message": text,
            "recipients": [{"msisdn": int(msisdn)}],
            "userref": reference,
        }
        if self.sender:
            body["sender"] = self.sender
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Authorization": f"Token {self.token}",
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "User-Agent": "Kontaktforloeb-SMS/1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                payload = answer.read()
        except urllib.error.HTTPError as error:
            detail = _error_text(error.code, _read(error))
            if 400 <= error.code < 500 and error.code not in RETRIED_CLIENT_STATUSES:
                raise GatewayApiRefused(detail) from None
            raise GatewayApiUnavailable(detail) from None
        # Anything else (no answer in time, a refused or broken connection) propagates: retried.
        return _message_id(payload, reference)


def _read(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except OSError:
        return b""


def _error_text(status: int, payload: bytes) -> str:
    """`GatewayAPI answered HTTP 403 (0x0213): Unauthorized IP-address: 1.2.3.4`."""
    text = f"GatewayAPI answered HTTP {status}"
    try:
        error = json.loads(payload)
    except ValueError:
        error = None
    if not isinstance(error, dict):
        snippet = payload[:200].decode("utf-8", "replace").strip()
        return f"{text}: {snippet}" if snippet else text
    message = str(error.get("message") or "")
    variables = error.get("variables")
    if isinstance(variables, list):
        # GatewayAPI's messages name their variables %1, %2, ...; the last first, so %1 is not
        # taken for the start of %10.
        for number in range(len(variables), 0, -1):
            message = message.replace(f"%{number}", str(variables[number - 1]))
    if error.get("code"):
        text += f" ({error['code']})"
    return f"{text}: {message}" if message else text


def _message_id(payload: bytes, reference: str) -> str:
    """GatewayAPI's id of the one message sent, from `{"ids": [...]}`.

    A 2xx means GatewayAPI accepted the message, so an answer without a readable id still counts as
    sent (sending again would make a second copy): its reports are then found by `userref`."""
    try:
        ids = json.loads(payload).get("ids")
    except (ValueError, AttributeError):
        ids = None
    if isinstance(ids, list) and ids and isinstance(ids[0], int | str) and str(ids[0]):
        return str(ids[0])
    logger.warning("GatewayAPI accepted %s without a message id: %r", reference, payload[:200])
    return ""


# --- Delivery reports ----------------------------------------------------------------------------


class BadSignature(Exception):
    """The request does not carry a valid JWT signed with the webhook's token."""


class BadReport(ValueError):
    """Signed, but not a delivery report this module can read."""


def _b64decode(part: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raise BadSignature("the token is not base64url") from None


def verify_jwt(token: str, secret: str, now: float | None = None) -> dict[str, Any]:
    """The claims of an HS256 JWT signed with `secret`; raises `BadSignature` for anything else.

    Only HS256 is accepted (the header's `alg` is not trusted to choose), the signature is
    compared in constant time, and `exp`/`nbf` are honoured when present."""
    parts = token.strip().split(".")
    if len(parts) != 3 or not all(parts):
        raise BadSignature("the token is not a JWT")
    header_part, claims_part, signature_part = parts
    try:
        header = json.loads(_b64decode(header_part))
    except ValueError:
        raise BadSignature("the token's header is not JSON") from None
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise BadSignature("the token is not signed with HS256")
    expected = hmac.new(
        secret.encode(), f"{header_part}.{claims_part}".encode(), hashlib.sha256
    ).digest()
    if not hmac.compare_digest(expected, _b64decode(signature_part)):
        raise BadSignature("the token's signature does not match the webhook's token")
    try:
        claims = json.loads(_b64decode(claims_part))
    except ValueError:
        raise BadSignature("the token's claims are not JSON") from None
    if not isinstance(claims, dict):
        raise BadSignature("the token's claims are not an object")
    now = time.time() if now is None else now
    leeway = 60
    if isinstance(claims.get("exp"), int | float) and now > claims["exp"] + leeway:
        raise BadSignature("the token has expired")
    if isinstance(claims.get("nbf"), int | float) and now < claims["nbf"] - leeway:
        raise BadSignature("the token is not valid yet")
    return claims


def report_from_signature(token: str, secret: str) -> SmsReport:
    """The delivery report carried by the `X-Gwapi-Signature` JWT."""
    if not token:
        raise BadSignature(f"no {SIGNATURE_HEADER} header")
    return report_from_claims(verify_jwt(token, secret))


def report_from_claims(claims: dict[str, Any]) -> SmsReport:
    message_id = claims.get("id")
    if isinstance(message_id, bool) or not isinstance(message_id, int | str) or not str(message_id):
        raise BadReport("`id` must be GatewayAPI's message id")
    status = claims.get("status")
    if not isinstance(status, str) or status.upper() not in FINAL_STATES.keys() | TRANSIENT_STATES:
        raise BadReport(f"`status` {status!r} is not one of GatewayAPI's states")
    status = status.upper()
    moment = claims.get("time")
    if isinstance(moment, bool) or not isinstance(moment, int | float):
        raise BadReport("`time` must be a UNIX timestamp")
    try:
        at = datetime.fromtimestamp(moment, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise BadReport("`time` is out of range") from None
    reference = claims.get("userref")
    if reference is not None and not isinstance(reference, str):
        raise BadReport("`userref` must be a string")
    detail = status
    if claims.get("error"):
        detail += f": {claims['error']}"
    if claims.get("code"):
        detail += f" (code {claims['code']})"
    return SmsReport(
        provider_message_id=str(message_id),
        reference=reference or "",
        outcome=FINAL_STATES.get(status),
        detail=detail[:300],
        at=at,
    )
