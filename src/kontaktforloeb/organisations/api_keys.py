"""API keys of organisation systems: created once, stored as a hash, looked up per request."""

from __future__ import annotations

import secrets

from django.utils import timezone

from .models import ApiKey, Organisation

KEY_PREFIX = "kf_"


def api_key_create(*, organisation: Organisation, name: str) -> tuple[ApiKey, str]:
    """Create a key and return it with its clear text, which is never stored or shown again."""
    clear = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        organisation=organisation,
        name=name,
        prefix=clear[: len(KEY_PREFIX) + 6],
        key_hash=ApiKey.hash_key(clear),
    )
    return key, clear


def api_key_authenticate(clear: str) -> ApiKey | None:
    if not clear or not clear.startswith(KEY_PREFIX):
        return None
    key = (
        ApiKey.objects.select_related("organisation")
        .filter(key_hash=ApiKey.hash_key(clear), revoked_at__isnull=True)
        .first()
    )
    return key


def api_key_revoke(key: ApiKey) -> None:
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
