from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from .models import ApiKey, Location, Organisation, Room, User


class LocationInline(admin.TabularInline[Location, Organisation]):
    model = Location
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "municipality_code"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality_name"]
    # Another actor (R73): the municipalities whose citizens may choose it.
    filter_horizontal = ["serves"]
    inlines = [LocationInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin[Room]):
    list_display = ["name", "location"]
    list_filter = ["location__organisation"]


@admin.register(User)
class StaffAdmin(UserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        ("Kontaktforløb", {"fields": ["role", "organisation"]}),
    ]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    """Keys are created with `kontaktforloeb create-api-key`; here they can only be revoked."""

    list_display = ["organisation", "name", "prefix", "created_at", "revoked_at"]
    list_filter = ["organisation"]
    readonly_fields = ["organisation", "name", "prefix", "key_hash", "created_at"]
    fields = [*readonly_fields, "revoked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
