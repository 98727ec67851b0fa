"""Offers and recommendations in the admin, read-only: decisions go through the services, which
enforce R45 and tell the citizen and the a-kasse."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Offer, Recommendation


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Offer)
class OfferAdmin(_ReadOnly):
    list_display = ["citizen", "type", "provider", "start", "end", "status", "jobcenter"]
    list_filter = ["type", "status", "jobcenter"]
    list_select_related = ["citizen", "jobcenter"]
    date_hierarchy = "start"


@admin.register(Recommendation)
class RecommendationAdmin(_ReadOnly):
    list_display = ["citizen", "type", "provider", "akasse", "jobcenter", "status", "created_at"]
    list_filter = ["status", "type", "akasse", "jobcenter"]
    list_select_related = ["citizen", "akasse", "jobcenter"]
    date_hierarchy = "created_at"
