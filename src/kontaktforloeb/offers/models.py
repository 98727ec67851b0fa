"""Offers (tilbud) to a citizen, and the a-kasse's recommendations (indstillinger) of them.

R45: during the a-kasse period the a-kasse may recommend an offer; the jobcentre decides. Accepting
creates the `Offer`; rejecting needs a written reason, which both the a-kasse and the citizen get.
`jobcenter` and `akasse` are copied from the citizen when a row is written, so each organisation's
lists are answered from one index without joining the population.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.models import Organisation


class OfferType(models.TextChoices):
    GUIDANCE = "vejledning_opkvalificering", _("Vejledning og opkvalificering")
    INTERNSHIP = "virksomhedspraktik", _("Virksomhedspraktik")
    WAGE_SUBSIDY = "loentilskud", _("Ansættelse med løntilskud")
    SIX_WEEKS_TRAINING = "jobrettet_uddannelse", _("6 ugers jobrettet uddannelse")


class Offer(models.Model):
    """An offer the jobcentre decided, directly or by accepting a recommendation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ACTIVE = "active", _("I gang")
        COMPLETED = "completed", _("Afsluttet")
        STOPPED = "stopped", _("Stoppet")

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="offers")
    jobcenter = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(_("type tilbud"), max_length=32, choices=OfferType.choices)
    provider = models.CharField(_("udbyder"), max_length=200)
    start = models.DateField(_("startdato"))
    end = models.DateField(_("slutdato"))
    description = models.TextField(_("beskrivelse"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when another system decided the offer through the API (the key's name).
    decided_by_system = models.CharField(max_length=100, blank=True)
    participation_accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["citizen", "start"], name="offer_citizen"),
            models.Index(fields=["jobcenter", "status", "start"], name="offer_jobcenter"),
        ]
        constraints = [
            models.CheckConstraint(
                name="offer_ends_after_start", condition=models.Q(end__gte=models.F("start"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.start}–{self.end})"

    @property
    def open_for_participation(self) -> bool:
        return self.participation_accepted_at is None and self.status in (
            self.Status.PLANNED,
            self.Status.ACTIVE,
        )


class Recommendation(models.Model):
    """The a-kasse's recommendation (indstilling) of an offer, and the jobcentre's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer kommunen")
        ACCEPTED = "accepted", _("Fulgt")
        REJECTED = "rejected", _("Ikke fulgt")

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="recommendations")
    akasse = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    jobcenter = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(_("type tilbud"), max_length=32, choices=OfferType.choices)
    provider = models.CharField(_("udbyder"), max_length=200)
    start = models.DateField(_("startdato"))
    end = models.DateField(_("slutdato"))
    justification = models.TextField(_("a-kassens begrundelse"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by_system = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The jobcentre's written reason: mandatory when it does not follow the recommendation (R45).
    decision_reason = models.TextField(_("kommunens begrundelse"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by_system = models.CharField(max_length=100, blank=True)
    offer = models.OneToOneField(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendation"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The jobcentre's worklist: its pending recommendations, oldest first.
            models.Index(fields=["jobcenter", "status", "created_at"], name="recommendation_todo"),
            models.Index(fields=["akasse", "created_at"], name="recommendation_akasse"),
            models.Index(fields=["citizen", "created_at"], name="recommendation_citizen"),
        ]
        constraints = [
            models.CheckConstraint(
                name="recommendation_ends_after_start",
                condition=models.Q(end__gte=models.F("start")),
            ),
            models.CheckConstraint(
                name="recommendation_rejected_has_reason",
                condition=~models.Q(status="rejected") | ~models.Q(decision_reason=""),
            ),
            models.CheckConstraint(
                name="recommendation_accepted_has_offer",
                condition=~models.Q(status="accepted") | models.Q(offer__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} for {self.citizen_id} ({self.status})"

    @property
    def decider(self) -> str:
        if self.decided_by is not None:
            return self.decided_by.get_full_name() or self.decided_by.get_username()
        return self.decided_by_system
