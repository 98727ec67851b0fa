"""Free times in the admin. Closing days are kept here; working hours, slots and bookings are
shown read-only, because changing them must go through the calendar and the booking services
(which regenerate free times and append the case events)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import Booking, ClosingDay, PatternException, Slot, WorkingPattern


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin[ClosingDay]):
    list_display = ["date", "organisation", "reason"]
    list_filter = ["organisation"]
    date_hierarchy = "date"


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(WorkingPattern)
class WorkingPatternAdmin(ReadOnlyAdmin):
    list_display = ["caseworker", "organisation", "weekday", "start_time", "end_time", "valid_from"]
    list_filter = ["organisation", "weekday"]


@admin.register(PatternException)
class PatternExceptionAdmin(ReadOnlyAdmin):
    list_display = ["caseworker", "organisation", "kind", "date", "start_time", "end_time"]
    list_filter = ["organisation", "kind"]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    list_display = ["start", "end", "caseworker", "organisation", "blocked"]
    list_filter = ["organisation", "blocked"]
    date_hierarchy = "start"


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["start", "citizen", "organisation", "interview", "channel", "status"]
    list_filter = ["organisation", "status", "channel"]
    date_hierarchy = "start"
    list_select_related = ["citizen", "organisation"]
