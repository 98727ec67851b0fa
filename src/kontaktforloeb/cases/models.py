"""Citizens and the case event log, the single source of truth of what happened to them."""

from __future__ import annotations

from datetime import date
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
        verbose_name=_("kommune"),
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
    # R73: the other actor (anden aktør) the citizen chose in the free-choice trial, as the
    # latest `trial_assigned` event says (`actor_id`); set only by `trials.trial_assign`. The
    # actor sees the citizen only during its period (`selectors.citizens_visible_to`).
    other_actor = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="actor_citizens",
        null=True,
        blank=True,
        limit_choices_to={"kind": "anden_aktoer"},
        verbose_name=_("anden aktør"),
    )
    # How the citizen wants messages (receipts, reminders, decisions); at least one.
    notify_by_email = models.BooleanField(_("besked på e-mail"), default=True)
    notify_by_sms = models.BooleanField(_("besked på SMS"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["jobcenter", "last_name"]),
            models.Index(fields=["akasse", "last_name"]),
            # An organisation's citizens as ids, read from the index alone: the start page's
            # counts join them to the open interview requests and the joblog rows (0015).
            models.Index(fields=["jobcenter", "id"], name="citizen_jobcenter_ids"),
            models.Index(fields=["akasse", "id"], name="citizen_akasse_ids"),
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


class CitizenPlan(models.Model):
    """The citizen's plan as last worked out by the rules engine, in the `plan` contract's form.

    Derived data: recomputed from the event log in the transaction that appends events, and by
    the nightly task when a date passes that changes a status (`next_change`).
    """

    citizen = models.OneToOneField(Citizen, on_delete=models.CASCADE, related_name="plan")
    as_of = models.DateField()
    ruleset_id = models.CharField(max_length=40, blank=True)
    parameter_hash = models.CharField(max_length=16, blank=True)
    group = models.CharField(max_length=40, blank=True)
    spell_start = models.DateField(null=True, blank=True)
    handover = models.DateField(null=True, blank=True)
    # The first day after `as_of` on which some status in the plan can change; null: none can.
    next_change = models.DateField(null=True, blank=True, db_index=True)
    document_da = models.JSONField(default=dict)
    document_en = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Plan of {self.citizen_id} as of {self.as_of}"

    @property
    def rules_in_force_from(self) -> date | None:
        """The day the newest ruleset the plan follows came into force: the spell's own, or a
        later one that governs its windows still open on its first day (RULES-2026 R60)."""
        days = [day for day in (self.spell_rules_from, *self._interview_rules_from()) if day]
        return max(days, default=None)

    @property
    def spell_rules_from(self) -> date | None:
        """The day the ruleset of the spell's start came into force."""
        effective = self.document_da.get("ruleset", {}).get("effective_from")
        return date.fromisoformat(effective) if effective else None

    @property
    def earlier_rules_from(self) -> date | None:
        """When some of the plan's interviews follow the spell's own, earlier rules (R60)."""
        spell = self.spell_rules_from
        newest = self.rules_in_force_from
        if (
            spell is not None
            and newest is not None
            and spell < newest
            and any(day == spell for day in self._interview_rules_from())
        ):
            return spell
        return None

    @property
    def provisional(self) -> bool:
        """R70: some date of the plan rests on a rule that is not yet final law."""
        return bool(self.document_da.get("provisional"))

    def _interview_rules_from(self) -> list[date]:
        from kontaktforloeb.rules import RULESETS

        found = []
        for interview in self.document_da.get("interviews", []):
            ruleset = RULESETS.get(interview.get("ruleset") or "")
            if ruleset is not None:
                found.append(ruleset.effective_from)
        return found

    def document(self, language: str) -> dict[str, Any]:
        document: dict[str, Any] = (
            self.document_en if language.startswith("en") else self.document_da
        )
        return document


class PlanItem(models.Model):
    """One duty of a citizen's plan, with indexed dates and status, for worklists and statistics.

    `jobcenter` and `akasse` are copied from the citizen so organisation-scoped worklists are
    answered from one index without joining the whole population; so are the citizen's names
    (`citizen_last_name`, `citizen_first_name`), so a list sorted by name reads its first page
    from an index in name order instead of joining and sorting every matching row. A database
    trigger (migration 0007) copies a changed name onto the citizen's rows.
    """

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Samtale")
        HANDOVER = "handover", _("Overgang til kommunen")
        CV = "cv", _("CV")
        JOBLOG = "joblog", _("Joblog")
        BOOKING_DEADLINE = "booking_deadline", _("Selvbookingsfrist")
        CONSEQUENCE = "consequence", _("Konsekvens")
        OFFER = "offer", _("Tilbud inden for seks måneder")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="plan_items")
    jobcenter = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    akasse = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    holder = models.CharField(max_length=12, blank=True)
    # For consequences: the type (deregistered, deduction_basis, lost_day).
    subtype = models.CharField(max_length=20, blank=True)
    earliest = models.DateField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, blank=True)
    held_on = models.DateField(null=True, blank=True)
    joint = models.CharField(max_length=10, blank=True)
    required_channel = models.CharField(max_length=10, blank=True)
    # [{"rule", "citation", "da", "en"}]: why the item is as it is.
    because = models.JSONField(default=list)
    # The ruleset that set this item (R60: a window open on a change of law follows the new one).
    ruleset_id = models.CharField(max_length=40)
    # R70: the item rests on a value that is not yet final law.
    provisional = models.BooleanField(default=False)
    parameter_hash = models.CharField(max_length=16)
    # For consequences: the caseworker's decision on it (`consequence_decided`, R25, R26, R48,
    # R49), found in the event log when the plan is worked out; null while it awaits a decision.
    decision = models.ForeignKey(
        CaseEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The worklists' name sort: (last name, first name) of the citizen, as on `Citizen`.
    citizen_last_name = models.CharField(max_length=100, blank=True, default="")
    citizen_first_name = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["citizen", "kind", "number", "deadline"]
        indexes = [
            models.Index(
                fields=["jobcenter", "kind", "status", "deadline"], name="planitem_jc_due"
            ),
            models.Index(fields=["akasse", "kind", "status", "deadline"], name="planitem_ak_due"),
            models.Index(fields=["kind", "status", "deadline"], name="planitem_due"),
            # Consequences, newest first, per organisation (the caseworker's list).
            models.Index(
                fields=["jobcenter", "kind", "-earliest", "-id"], name="planitem_jc_recent"
            ),
            models.Index(fields=["akasse", "kind", "-earliest", "-id"], name="planitem_ak_recent"),
            # The inactive-joblog list: the organisation's citizens who must keep a joblog, read
            # from the index alone (with the exemption's start date).
            models.Index(
                fields=["jobcenter", "citizen", "earliest"],
                condition=models.Q(kind="joblog", status="required"),
                name="planitem_jc_joblog",
            ),
            models.Index(
                fields=["akasse", "citizen", "earliest"],
                condition=models.Q(kind="joblog", status="required"),
                name="planitem_ak_joblog",
            ),
            # Lists sorted by the citizen's name, per organisation.
            models.Index(
                fields=["jobcenter", "kind", "citizen_last_name", "citizen_first_name", "id"],
                name="planitem_jc_name",
            ),
            models.Index(
                fields=["akasse", "kind", "citizen_last_name", "citizen_first_name", "id"],
                name="planitem_ak_name",
            ),
            # The managers' statistics (timeliness, R47): an organisation's interview rows by
            # deadline, with every column the aggregates read, so they are read from the index
            # alone (PostgreSQL; SQLite has no INCLUDE and keeps the key columns).
            models.Index(
                fields=["jobcenter", "kind", "deadline"],
                include=["status", "held_on", "citizen", "holder", "ruleset_id"],
                name="planitem_jc_stats",
            ),
            models.Index(
                fields=["akasse", "kind", "deadline"],
                include=["status", "held_on", "citizen", "holder", "ruleset_id"],
                name="planitem_ak_stats",
            ),
            # The day a citizen's course ended (the open R25 deregistration), asked per citizen.
            models.Index(
                fields=["citizen", "-earliest"],
                condition=models.Q(kind="consequence", subtype="deregistered", end__isnull=True),
                name="planitem_deregistered",
            ),
            # The capacity forecast (statistics.capacity): the interviews an organisation still
            # has to find a time for, by holder and deadline, with every column the forecast
            # reads, so it is answered from the index alone (PostgreSQL; SQLite has no INCLUDE).
            *(
                models.Index(
                    fields=[column, "holder", "deadline"],
                    include=["target_date", "required_channel", "number", "citizen"],
                    condition=models.Q(
                        kind="interview",
                        held_on__isnull=True,
                        status__in=["open", "upcoming", "overdue"],
                    ),
                    name=f"planitem_{short}_waiting",
                )
                for column, short in (("jobcenter", "jc"), ("akasse", "ak"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number or ''} {self.deadline} {self.status}"


class InterviewRequest(models.Model):
    """The citizen asks for an interview (after six months the course follows an individual
    assessment and the citizen has the right to an interview on request, R5)."""

    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="interview_requests"
    )
    reason = models.TextField(_("begrundelse"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["citizen", "handled_at"], name="interviewrequest_open")]

    def __str__(self) -> str:
        return f"Interview request of {self.citizen_id} {self.created_at:%Y-%m-%d}"
