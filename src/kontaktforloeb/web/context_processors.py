from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    organisation = getattr(user, "organisation", None) if user is not None else None
    return {"demo_mode": settings.DEMO_MODE, "current_organisation": organisation}
