"""Text messages: one small interface, one module per vendor, a logging one for development.

`NOTIFICATIONS_SMS_BACKEND` names the sender class (settings/base.py). It is made once per send
with no arguments and has one method, `send_sms(msisdn, text, reference) -> str`:

- `msisdn` is the number already normalised by `msisdn()` (`45` and eight digits, no `+`);
- `reference` is the message's delivery key: the same on every try of the same message, so a
  vendor that echoes it in its delivery reports lets a copy sent again after a crash be recognised;
- it returns the vendor's id of the accepted message ("" if the vendor has none), which is stored
  on the row and matched against the vendor's delivery reports;
- it raises `delivery.PermanentFailure` when trying again cannot help (the vendor refused the
  message), and any other exception when it might (no answer, a server error): the message is then
  retried with back-off (see `delivery.py`).

Vendors: `kontaktforloeb.notifications.gatewayapi.GatewayApiSms` (GatewayAPI's REST API). The
default, `LoggingSms`, only writes the text to the log.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .delivery import PermanentFailure

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send_sms(self, msisdn: str, text: str, reference: str) -> str: ...


class LoggingSms:
    """Development: writes the text to the log instead of sending it."""

    def send_sms(self, msisdn: str, text: str, reference: str) -> str:
        logger.info("SMS to +%s: %s", msisdn, text)
        return ""


class InvalidNumber(PermanentFailure):
    """The number cannot receive an SMS from us: no gateway will ever take it."""


# What people write between the digits of a phone number.
_SEPARATORS = re.compile(r"[\s\-./()]")
# A Danish number as an MSISDN: the country code 45 and the eight digits of the number.
_DANISH = re.compile(r"45\d{8}")


def msisdn(number: str) -> str:
    """The number as an MSISDN, `45` and eight digits: `+45 12 34 56 78`, `0045 12345678`,
    `12345678` and `4512345678` all give `4512345678`. Only Danish numbers are sent to; anything
    else raises `InvalidNumber` with the reason."""
    digits = _SEPARATORS.sub("", number)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    elif len(digits) == 8:
        digits = "45" + digits
    if not _DANISH.fullmatch(digits):
        raise InvalidNumber(
            f"{number!r} is not a Danish mobile number (+45 and eight digits): "
            "no SMS is sent to it. Correct the citizen's mobile number; a new message will use it."
        )
    return digits


def send_sms(number: str, text: str, reference: str) -> str:
    """Send one text to a Danish number; returns the vendor's message id ("" if none).

    An invalid number raises `InvalidNumber` before any vendor is asked."""
    recipient = msisdn(number)
    sender: SmsSender = import_string(settings.NOTIFICATIONS_SMS_BACKEND)()
    return sender.send_sms(recipient, text, reference)


@dataclass(frozen=True)
class SmsReport:
    """A vendor's delivery report, in the vendor's words made plain.

    `outcome` is `delivered`, `failed` or `expired` (a final state) or None while the message is
    still on its way (a transient state, which changes nothing on the row but does prove that the
    vendor accepted a copy)."""

    provider_message_id: str
    reference: str
    outcome: str | None
    detail: str
    at: datetime
