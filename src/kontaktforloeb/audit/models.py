"""The access log: every read of a citizen's data by staff or another system. Citizens see it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.models import Organisation


class AccessLogEntry(models.Model):
    class What(models.TextChoices):
        CASE = "case", _("Sagen")
        CPR = "cpr", _("Fuldt CPR-nummer")
        EVENTS = "events", _("Hændelser i sagen")
        PLAN = "plan", _("Planen")
        EXPORT = "export", _("Udtræk af sagen")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="access_log")
    what = models.CharField(max_length=16, choices=What.choices)
    why = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system = models.CharField(max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["citizen", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.organisation} {self.what}"
