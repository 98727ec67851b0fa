"""What the SMS gateway calls: its delivery reports (see `gatewayapi.py`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import gatewayapi
from .services import sms_report_record

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def gatewayapi_delivery_status(request: HttpRequest) -> JsonResponse:
    """GatewayAPI's delivery status notification.

    200 when stored, and also for a message this system does not know (logged, so GatewayAPI does
    not try again for nothing); 403 without a valid `X-Gwapi-Signature`; 400 for a signed report
    that cannot be read. Without `GATEWAYAPI_WEBHOOK_SECRET` the endpoint does not exist (404).
    """
    secret = settings.GATEWAYAPI_WEBHOOK_SECRET
    if not secret:
        raise Http404
    try:
        report = gatewayapi.report_from_signature(
            request.headers.get(gatewayapi.SIGNATURE_HEADER, ""), secret
        )
    except gatewayapi.BadSignature as error:
        logger.warning("GatewayAPI report refused: %s", error)
        return JsonResponse({"error": str(error)}, status=403)
    except gatewayapi.BadReport as error:
        logger.warning("GatewayAPI report unreadable: %s", error)
        return JsonResponse({"error": str(error)}, status=400)
    message = sms_report_record(report)
    if message is None:
        logger.info(
            "GatewayAPI report on unknown message %s (userref %r) ignored",
            report.provider_message_id,
            report.reference,
        )
        return JsonResponse({"result": "ignored"})
    return JsonResponse({"result": "recorded"})
