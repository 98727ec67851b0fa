from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CaseEvent, Citizen


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin[Citizen]):
    list_display = ["last_name", "first_name", "masked_cpr", "jobcenter", "akasse"]
    list_filter = ["jobcenter", "akasse"]
    search_fields = ["last_name", "first_name", "=cpr"]
    exclude = ["cpr"]
    # The chosen other actor (R73) follows the trial assignments in the log (`trials`).
    readonly_fields = ["masked_cpr", "birth_date", "user", "other_actor"]


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin[CaseEvent]):
    """Read-only: the event log is append-only, corrections are new events."""

    list_display = ["citizen", "date", "type", "recorded_at", "organisation"]
    list_filter = ["type", "organisation"]
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
