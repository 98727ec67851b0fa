"""Free times and meetings: working patterns, the slots made from them, and bookings.

The database guards booking, not Python: a slot holds at most one live booking and a citizen at
most one live booking per interview (unique constraints on every database); on PostgreSQL a
citizen cannot hold two overlapping live meetings and a caseworker cannot be double-booked
(exclusion constraints). SQLite has no exclusion constraints; there the services check overlaps
inside the IMMEDIATE transaction that serialises writers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.models import Location, Organisation, Room


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Personligt fremmøde")
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")


class InterviewKind(models.TextChoices):
    """Which interviews a free time may be used for."""

    FIRST = "first", _("Første samtale")
    FOLLOWUP = "followup", _("Opfølgende samtale")
    JOINT = "joint", _("Fælles samtale med a-kassen")


class Topic(models.TextChoices):
    """What the citizen wants the interview to be about (R31)."""

    JOB_SEARCH = "job_search", _("Jobsøgningsstrategi")
    CHANGE_TRADE = "change_trade", _("Skifte branche")
    COMPETENCES = "competences", _("Kompetencer")
    CV_APPLICATIONS = "cv_applications", _("CV og ansøgninger")
    OTHER = "other", _("Andet")


class SlotOffer(models.Model):
    """What a free time offers: length, channels, place and which interviews may use it."""

    slot_minutes = models.PositiveSmallIntegerField(_("varighed i minutter"), default=45)
    offers_in_person = models.BooleanField(_("personligt fremmøde"), default=True)
    offers_phone = models.BooleanField(_("telefon"), default=True)
    offers_video = models.BooleanField(_("video"), default=True)
    allows_first = models.BooleanField(_("første samtale"), default=True)
    allows_followup = models.BooleanField(_("opfølgende samtaler"), default=True)
    allows_joint = models.BooleanField(_("fælles samtaler"), default=True)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("sted")
    )
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("lokale")
    )

    class Meta:
        abstract = True

    @property
    def channels(self) -> list[str]:
        offered = [
            (Channel.IN_PERSON, self.offers_in_person),
            (Channel.PHONE, self.offers_phone),
            (Channel.VIDEO, self.offers_video),
        ]
        return [str(channel) for channel, on in offered if on]


class WorkingPattern(SlotOffer):
    """A caseworker's weekly free times on one weekday, from which slots are made."""

    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_patterns"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(_("ugedag"))  # Monday 0 … Sunday 6
    start_time = models.TimeField(_("fra"))
    end_time = models.TimeField(_("til"))
    break_start = models.TimeField(_("pause fra"), null=True, blank=True)
    break_end = models.TimeField(_("pause til"), null=True, blank=True)
    valid_from = models.DateField(_("gælder fra"))
    valid_to = models.DateField(_("gælder til"), null=True, blank=True)

    class Meta:
        ordering = ["caseworker", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                name="pattern_times_in_order",
                condition=models.Q(start_time__lt=models.F("end_time")),
            ),
            models.CheckConstraint(name="pattern_weekday", condition=models.Q(weekday__lte=6)),
        ]

    def __str__(self) -> str:
        return f"{self.caseworker} weekday {self.weekday} {self.start_time}–{self.end_time}"


class PatternException(SlotOffer):
    """A day that differs from the pattern: absence (no slots) or extra hours (more slots)."""

    class Kind(models.TextChoices):
        ABSENCE = "absence", _("Fravær")
        EXTRA = "extra", _("Ekstra tider")

    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pattern_exceptions"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    date = models.DateField(_("dato"))
    # Absence without times is the whole day.
    start_time = models.TimeField(_("fra"), null=True, blank=True)
    end_time = models.TimeField(_("til"), null=True, blank=True)
    reason = models.CharField(_("begrundelse"), max_length=200, blank=True)

    class Meta:
        ordering = ["caseworker", "date"]

    def __str__(self) -> str:
        return f"{self.kind} {self.caseworker} {self.date}"


class ClosingDay(models.Model):
    """A day the organisation is closed (besides Danish public holidays): no slots."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("dato"))
    reason = models.CharField(_("begrundelse"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "date"], name="closing_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} closed {self.date}"


class Slot(SlotOffer):
    """One bookable time of one caseworker, materialised from the patterns for the coming weeks."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="slots")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slots"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    blocked = models.BooleanField(_("spærret"), default=False)
    pattern = models.ForeignKey(
        WorkingPattern, on_delete=models.SET_NULL, null=True, blank=True, related_name="slots"
    )

    class Meta:
        ordering = ["start", "caseworker"]
        constraints = [
            models.UniqueConstraint(fields=["caseworker", "start"], name="slot_caseworker_start"),
            models.CheckConstraint(
                name="slot_times_in_order", condition=models.Q(start__lt=models.F("end"))
            ),
        ]
        indexes = [models.Index(fields=["organisation", "start"], name="slot_org_start")]

    def __str__(self) -> str:
        return f"{self.caseworker} {self.start:%Y-%m-%d %H:%M}"


class Booking(models.Model):
    """A meeting between a citizen and a holder: booked by the citizen, or a summons by staff.

    Carries what the organisations exchange about a meeting (R52). `start`, `end` and
    `caseworker` are copied from the slot so the database can guard overlaps.
    """

    class Status(models.TextChoices):
        LIVE = "live", _("Booket")
        REBOOKED = "rebooked", _("Ombooket")
        CANCELLED = "cancelled", _("Aflyst")
        HELD = "held", _("Afholdt")
        NO_SHOW = "no_show", _("Udeblevet")

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="bookings")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    holder = models.CharField(max_length=12)  # akasse | jobcenter | anden_aktoer (R73)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings"
    )
    interview = models.PositiveSmallIntegerField(_("samtale nr."))
    start = models.DateTimeField()
    end = models.DateTimeField()
    channel = models.CharField(_("samtaleform"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("emne"), max_length=20, choices=Topic.choices)
    topic_text = models.TextField(_("uddybning"), blank=True, max_length=2000)
    # R4: the citizen's choice for the first jobcentre interview after the handover.
    akasse_participates = models.BooleanField(null=True, blank=True)
    summoned = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LIVE)
    # R52: where and how.
    address = models.CharField(max_length=300, blank=True)
    phone_to_call = models.CharField(max_length=30, blank=True)
    video_link = models.URLField(blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    changeable_until = models.DateTimeField(null=True, blank=True)
    # The calendar entry's identity: a rebooking or cancellation updates the same UID.
    calendar_uid = models.CharField(max_length=100)
    calendar_sequence = models.PositiveIntegerField(default=0)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=models.Q(status="live"), name="one_live_booking_per_slot"
            ),
            models.UniqueConstraint(
                fields=["citizen", "holder", "interview"],
                condition=models.Q(status="live"),
                name="one_live_booking_per_interview",
            ),
            models.CheckConstraint(
                name="booking_times_in_order", condition=models.Q(start__lt=models.F("end"))
            ),
        ]
        indexes = [
            models.Index(fields=["citizen", "status", "start"], name="booking_citizen_live"),
            models.Index(fields=["caseworker", "status", "start"], name="booking_caseworker_live"),
            models.Index(fields=["organisation", "status", "start"], name="booking_org_live"),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} {self.start:%Y-%m-%d %H:%M} {self.status}"


class PreparationNote(models.Model):
    """The citizen's preparation for a meeting (the leaflet's four questions); the caseworker
    reads it before the meeting. Saved as the citizen types."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="preparations")
    # Null while the citizen prepares before booking; then it belongs to the next meeting.
    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="preparation"
    )
    dream_job = models.TextField(_("drømmejob"), blank=True, max_length=2000)
    acceptable_job = models.TextField(_("acceptabelt job"), blank=True, max_length=2000)
    necessary_job = models.TextField(_("nødvendigt job"), blank=True, max_length=2000)
    first_steps = models.TextField(
        _("første skridt tilbage på arbejdsmarkedet"), blank=True, max_length=2000
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Preparation of {self.citizen_id} for {self.booking_id}"
