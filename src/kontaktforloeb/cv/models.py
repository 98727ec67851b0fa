"""The citizen's CV: one per citizen, in the sections R37 names, and where it is in approval.

The repeating sections (work experience, education, languages) are lists of small objects in JSON
fields: a CV is read and written whole, never queried by its rows. Their shapes are checked by the
forms and the API schemas before anything is stored (see `sections.py`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.models import Citizen

DRIVING_LICENCES = (
    "AM",
    "A1",
    "A2",
    "A",
    "B",
    "BE",
    "C1",
    "C1E",
    "C",
    "CE",
    "D1",
    "D1E",
    "D",
    "DE",
)


class Cv(models.Model):
    """A citizen's CV. Status: draft → submitted → approved, or returned (with the approver's
    comment) → submitted again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Sendt til godkendelse")
        APPROVED = "approved", _("Godkendt")
        RETURNED = "returned", _("Sendt retur")

    class Hours(models.TextChoices):
        FULL_TIME = "full_time", _("Fuldtid")
        PART_TIME = "part_time", _("Deltid")
        EITHER = "either", _("Fuldtid eller deltid")

    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="cv")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Contact details shown to employers; at least one of them makes the CV searchable.
    contact_email = models.EmailField(_("e-mail på cv'et"), blank=True)
    contact_phone = models.CharField(_("telefon på cv'et"), max_length=20, blank=True)
    # "Jeg søger job som …": one title per entry.
    job_goals = models.JSONField(default=list, blank=True)
    # [{"employer", "title", "start", "end" (ISO date or ""), "description"}]
    experience = models.JSONField(default=list, blank=True)
    # [{"institution", "title", "start", "end"}]
    education = models.JSONField(default=list, blank=True)
    competences = models.TextField(_("kompetencer"), blank=True, max_length=4000)
    # [{"language", "level"}]
    languages = models.JSONField(default=list, blank=True)
    # Categories from DRIVING_LICENCES.
    driving_licences = models.JSONField(default=list, blank=True)
    hours = models.CharField(_("arbejdstid"), max_length=10, choices=Hours.choices, blank=True)
    area = models.CharField(_("område"), max_length=200, blank=True)
    radius_km = models.PositiveSmallIntegerField(_("afstand i km"), null=True, blank=True)
    # The approver's comment when the CV was last returned; kept after a resubmit for the record.
    approver_comment = models.TextField(blank=True, max_length=4000)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "submitted_at"], name="cv_status_submitted")]
        constraints = [
            models.CheckConstraint(
                name="cv_status_known",
                condition=models.Q(status__in=["draft", "submitted", "approved", "returned"]),
            ),
            models.CheckConstraint(
                name="cv_returned_has_comment",
                condition=~models.Q(status="returned") | ~models.Q(approver_comment=""),
            ),
        ]

    def __str__(self) -> str:
        return f"CV of {self.citizen_id} ({self.status})"

    def sections(self) -> dict[str, Any]:
        """The CV's content, as the API and the PDF read it."""
        return {
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "job_goals": list(self.job_goals),
            "experience": list(self.experience),
            "education": list(self.education),
            "competences": self.competences,
            "languages": list(self.languages),
            "driving_licences": list(self.driving_licences),
            "hours": self.hours,
            "area": self.area,
            "radius_km": self.radius_km,
        }
