from django.contrib import admin

from .models import Cv


@admin.register(Cv)
class CvAdmin(admin.ModelAdmin[Cv]):
    list_display = ["citizen", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status"]
    raw_id_fields = ["citizen", "reviewed_by"]
    readonly_fields = ["submitted_at", "reviewed_at", "reviewed_by", "updated_at"]
