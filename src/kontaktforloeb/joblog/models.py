"""The joblog (R39): one row per job application, and the citizen's weekly requirement (R40)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.models import Citizen

# R40: a common requirement, used until the caseworker sets the citizen's own.
DEFAULT_PER_WEEK = 2


class JoblogEntry(models.Model):
    """One job application, as the citizen documents it (R39)."""

    class Source(models.TextChoices):
        ADVERTISED = "advertised", _("Opslået stilling")
        UNSOLICITED = "unsolicited", _("Uopfordret ansøgning")
        NETWORK = "network", _("Via netværk")
        EMPLOYER_CONTACT = "employer_contact", _("Arbejdsgiveren kontaktede mig")

    class Hours(models.TextChoices):
        FULL_TIME = "full_time", _("Fuldtid")
        PART_TIME = "part_time", _("Deltid")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Søgt")
        INTERVIEW = "interview", _("Samtale")
        REJECTED = "rejected", _("Afslag")
        HIRED = "hired", _("Fik job")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="joblog_entries")
    applied_on = models.DateField(_("ansøgt den"))
    employer = models.CharField(_("arbejdsgiver"), max_length=200)
    title = models.CharField(_("stilling"), max_length=200)
    source = models.CharField(_("hvordan fandt du jobbet"), max_length=20, choices=Source.choices)
    hours = models.CharField(_("arbejdstid"), max_length=10, choices=Hours.choices)
    place = models.CharField(_("arbejdssted"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    application_text = models.TextField(_("ansøgning"), max_length=20000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["citizen", "applied_on"], name="joblogentry_citizen_date")]

    def __str__(self) -> str:
        return f"{self.applied_on} {self.title}, {self.employer}"


class Joblog(models.Model):
    """The citizen's joblog as a whole: the weekly requirement the caseworker set (R40), and when
    the citizen last added or changed an entry, kept here so the 30-day worklist is one indexed
    query over the population instead of a scan of every entry."""

    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="joblog")
    per_week = models.PositiveSmallIntegerField(_("ansøgninger om ugen"), default=DEFAULT_PER_WEEK)
    reason = models.TextField(_("begrundelse"), max_length=2000, blank=True)
    set_at = models.DateTimeField(null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The last time an entry was added, changed or deleted; null: never.
    last_activity_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="joblog_per_week_range", condition=models.Q(per_week__lte=50)
            )
        ]

    def __str__(self) -> str:
        return f"Joblog of {self.citizen_id}: {self.per_week} a week"
