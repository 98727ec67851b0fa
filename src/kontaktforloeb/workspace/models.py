"""What the caseworker plans by individual assessment after six months (R5, R6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.models import Organisation


class PlannedInterview(models.Model):
    """An interview the caseworker plans after the first six months, with the reason for it.

    The rules engine plans the interviews the law counts; after six months the course follows an
    individual assessment (R5), so these rows are the caseworker's plan, shown on the timeline
    beside the engine's. A planned interview is booked or summoned like any other meeting.
    """

    class Holder(models.TextChoices):
        AKASSE = "akasse", _("A-kassen")
        JOBCENTER = "jobcenter", _("Kommunen")

    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="planned_interviews"
    )
    date = models.DateField(_("dato"))
    holder = models.CharField(_("holdes af"), max_length=10, choices=Holder.choices)
    reason = models.TextField(_("begrundelse"), max_length=2000)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by_system = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["citizen", "date", "id"]
        indexes = [models.Index(fields=["citizen", "date"], name="plannedinterview_citizen")]

    def __str__(self) -> str:
        return f"Planned interview of {self.citizen_id} on {self.date} ({self.holder})"

    @property
    def creator(self) -> str:
        if self.created_by is not None:
            return self.created_by.get_full_name() or self.created_by.get_username()
        return self.created_by_system
