from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogAdmin(admin.ModelAdmin[AccessLogEntry]):
    list_display = ["at", "citizen", "what", "organisation", "user", "system", "why"]
    list_filter = ["what", "organisation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
