"""Text messages: one small interface, one module per vendor, a logging one for development.

`NOTIFICATIONS_SMS_BACKEND` names the class; it is made once per send with no arguments and must
raise on failure (the message is then retried with back-off).
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send_sms(self, number: str, text: str) -> None: ...


class LoggingSms:
    """Development: writes the text to the log instead of sending it."""

    def send_sms(self, number: str, text: str) -> None:
        logger.info("SMS to %s: %s", number, text)


def send_sms(number: str, text: str) -> None:
    sender: SmsSender = import_string(settings.NOTIFICATIONS_SMS_BACKEND)()
    sender.send_sms(number, text)
