"""Reads of the access log."""

from __future__ import annotations

from django.db.models import QuerySet

from kontaktforloeb.cases.models import Citizen

from .models import AccessLogEntry


def access_log_for_citizen(citizen: Citizen) -> QuerySet[AccessLogEntry]:
    """What the citizen sees on "Hvem har set mine data"."""
    return AccessLogEntry.objects.filter(citizen=citizen).select_related("organisation", "user")
