"""Citizens and the case event log, the single source of truth of what happened to them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.organisations.models import Organisation

from .cpr import mask_cpr


class Citizen(models.Model):
    """An unemployed citizen. The jobcentre follows from the municipality; the a-kasse is optional."""

    class Language(models.TextChoices):
        DA = "da", _("Dansk")
        EN = "en", _("English")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizen",
    )
    # Ten digits, no hyphen; looked up by equality, shown masked (see `masked_cpr`).
    cpr = models.CharField(_("CPR-nummer"), max_length=10, unique=True)
    birth_date = models.DateField(_("fødselsdato"))
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    mobile = models.CharField(_("mobilnummer"), max_length=20, blank=True)
    language = models.CharField(
        _("sprog"), max_length=2, choices=Language.choices, default=Language.DA
    )
    jobcenter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="citizens",
        limit_choices_to={"kind": "jobcenter"},
        verbose_name=_("jobcenter"),
    )
    akasse = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        limit_choices_to={"kind": "akasse"},
        verbose_name=_("a-kasse"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["jobcenter", "last_name"]),
            models.Index(fields=["akasse", "last_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_cpr})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.cpr)

    @property
    def municipality_code(self) -> int | None:
        return self.jobcenter.municipality_code


class EventLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a recorded case event."""


class CaseEventQuerySet(models.QuerySet["CaseEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise EventLogIsAppendOnly("Case events cannot be changed; record a correcting event.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise EventLogIsAppendOnly("Case events cannot be deleted; record a correcting event.")


class CaseEvent(models.Model):
    """One thing that happened to a citizen, in the event vocabulary of the `plan` contract.

    Append-only: the model, its queryset and a database trigger refuse changes; a correction is a
    new event. `type`, `date` and `data` together are one event of the rules engine's input.
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=40)
    date = models.DateField()
    # The event's other fields (e.g. `group`, `hours`), exactly as the engine reads them.
    data = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when another system recorded the event through the API (the key's name).
    recorded_by_system = models.CharField(max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["citizen", "id"]
        indexes = [models.Index(fields=["citizen", "date"])]
        constraints = [
            models.CheckConstraint(
                name="event_has_recorder",
                condition=models.Q(recorded_by__isnull=False) | ~models.Q(recorded_by_system=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise EventLogIsAppendOnly("Case events cannot be changed; record a correcting event.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise EventLogIsAppendOnly("Case events cannot be deleted; record a correcting event.")

    def as_plan_event(self) -> dict[str, Any]:
        """The event as the `plan` command reads it."""
        return {"type": self.type, "date": self.date.isoformat(), **self.data}

    @property
    def recorder(self) -> str:
        if self.recorded_by_id is not None and self.recorded_by is not None:
            return self.recorded_by.get_full_name() or self.recorded_by.get_username()
        return self.recorded_by_system
