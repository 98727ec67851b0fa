"""Jobcentres, a-kasser, other actors, their locations and rooms, and the people who log in."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A jobcentre (one per municipality), an a-kasse (unemployment insurance fund), or another
    actor (anden aktør) that holds the first four months for the citizens who chose it in the
    free-choice trial from 2027 (RULES-2026 R73)."""

    class Kind(models.TextChoices):
        JOBCENTER = "jobcenter", _("Kommune")
        AKASSE = "akasse", _("A-kasse")
        ANDEN_AKTOER = "anden_aktoer", _("Anden aktør")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200, unique=True)
    # Municipality code (kommunekode, e.g. 101 København): jobcentres only, one each.
    municipality_code = models.PositiveSmallIntegerField(
        _("kommunekode"), null=True, blank=True, unique=True
    )
    municipality_name = models.CharField(_("kommune"), max_length=100, blank=True)
    # Another actor: the municipalities whose citizens may choose it in the free-choice trial
    # (R73 [D]: the municipality names the actors its citizens choose between).
    serves = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="actors",
        limit_choices_to={"kind": "jobcenter"},
        verbose_name=_("kommuner"),
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="jobcenter_has_municipality",
                condition=(
                    models.Q(kind="jobcenter", municipality_code__isnull=False)
                    | models.Q(kind__in=["akasse", "anden_aktoer"], municipality_code__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_jobcenter(self) -> bool:
        return self.kind == self.Kind.JOBCENTER

    @property
    def is_akasse(self) -> bool:
        return self.kind == self.Kind.AKASSE

    @property
    def is_anden_aktoer(self) -> bool:
        return self.kind == self.Kind.ANDEN_AKTOER

    @property
    def holder(self) -> str:
        """The organisation's holder id in the plan: `jobcenter`, `akasse` or `anden_aktoer`."""
        return str(self.kind)


class Location(models.Model):
    """An address where an organisation holds meetings."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("navn"), max_length=200)
    street = models.CharField(_("adresse"), max_length=200)
    postal_code = models.CharField(_("postnummer"), max_length=4)
    city = models.CharField(_("by"), max_length=100)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="location_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.street}, {self.postal_code} {self.city}"


class Room(models.Model):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["location", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="room_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.location.name}: {self.name}"


class User(AbstractUser):
    """Anyone who logs in: citizens (through MitID) and staff (username and password)."""

    class Role(models.TextChoices):
        CITIZEN = "citizen", _("Borger")
        AKASSE_CASEWORKER = "akasse_caseworker", _("Sagsbehandler i a-kasse")
        JOBCENTER_CASEWORKER = "jobcenter_caseworker", _("Sagsbehandler i kommune")
        ANDEN_AKTOER_CASEWORKER = "anden_aktoer_caseworker", _("Sagsbehandler hos anden aktør")
        MANAGER = "manager", _("Leder")
        ADMINISTRATOR = "administrator", _("Administrator")

    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices, default=Role.CITIZEN)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("organisation"),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="staff_belong_to_organisation",
                condition=(
                    models.Q(role__in=["citizen", "administrator"])
                    | models.Q(organisation__isnull=False)
                ),
            )
        ]

    @property
    def is_citizen(self) -> bool:
        return self.role == self.Role.CITIZEN

    @property
    def is_caseworker(self) -> bool:
        return self.role in CASEWORKER_ROLES

    @property
    def is_staff_member(self) -> bool:
        """Works in a jobcentre, an a-kasse or another actor (caseworker or manager)."""
        return self.organisation_id is not None and not self.is_citizen


# The roles that hold meetings, have free times and worklists: one for each kind of organisation.
CASEWORKER_ROLES = (
    User.Role.AKASSE_CASEWORKER,
    User.Role.JOBCENTER_CASEWORKER,
    User.Role.ANDEN_AKTOER_CASEWORKER,
)


def caseworker_role(organisation: Organisation) -> str:
    """The caseworker role of the organisation's kind."""
    return {
        Organisation.Kind.JOBCENTER: User.Role.JOBCENTER_CASEWORKER,
        Organisation.Kind.AKASSE: User.Role.AKASSE_CASEWORKER,
        Organisation.Kind.ANDEN_AKTOER: User.Role.ANDEN_AKTOER_CASEWORKER,
    }[Organisation.Kind(organisation.kind)]


class ApiKey(models.Model):
    """A key another system (an a-kasse's or a municipality's case system) uses for the API.

    Only the SHA-256 of the key is stored; the key itself is shown once when it is created.
    The first characters (`prefix`) are kept in clear so a key can be recognised in logs.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
