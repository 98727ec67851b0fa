"""System checks that keep demo conveniences out of production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def demo_mode_off_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.DEMO_MODE:
        return [
            Error(
                "DEMO_MODE is on: the one-click demo log-in must never run in production.",
                id="kontaktforloeb.E001",
            )
        ]
    return []
