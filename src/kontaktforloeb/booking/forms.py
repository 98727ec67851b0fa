"""Forms of the caseworker's calendar: a weekly working pattern, and an exception for one day.

Both keep what was typed and say what is wrong at the field, in the user's language.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, time
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.organisations.models import Location, Organisation, User

from .models import Channel, InterviewKind, PatternException, SlotOffer, WorkingPattern

WEEKDAYS = [
    (0, _("Mandag")),
    (1, _("Tirsdag")),
    (2, _("Onsdag")),
    (3, _("Torsdag")),
    (4, _("Fredag")),
    (5, _("Lørdag")),
    (6, _("Søndag")),
]
SLOT_MINUTES = [
    (30, _("30 minutter")),
    (45, _("45 minutter")),
    (60, _("60 minutter")),
    (90, _("90 minutter")),
]
TIME_FORMATS = ["%H.%M", "%H:%M", "%H"]
DATE_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"]
TIME_INVALID = _("Skriv et klokkeslæt som 09.00.")


def _time_field(label: Any, *, required: bool = True, missing: Any = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H.%M", attrs={"class": "input-width-xs"}),
        error_messages={"required": missing, "invalid": TIME_INVALID},
    )


def _date_field(label: Any, *, required: bool = True, missing: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"class": "input-width-s"}),
        error_messages={"required": missing, "invalid": _("Skriv en dato som 09-09-2024.")},
    )


class Choices(forms.CheckboxSelectMultiple):
    """Checkboxes whose field label (and error summary link) points to the first box."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class Radios(forms.RadioSelect):
    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class SlotOfferForm(forms.Form):
    """What the free times offer: length, channels, place and which interviews."""

    slot_minutes = forms.TypedChoiceField(
        label=_("Varighed af hver samtale"),
        choices=SLOT_MINUTES,
        coerce=int,
        empty_value=None,
        initial=45,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    channels = forms.MultipleChoiceField(
        label=_("Samtaleformer"),
        choices=Channel.choices,
        widget=Choices,
        initial=list(Channel.values),
        error_messages={"required": _("Vælg mindst én samtaleform.")},
    )
    kinds = forms.MultipleChoiceField(
        label=_("Samtaler, tiderne kan bruges til"),
        choices=InterviewKind.choices,
        widget=Choices,
        initial=list(InterviewKind.values),
        error_messages={"required": _("Vælg mindst én slags samtale.")},
    )
    location = forms.ModelChoiceField(
        label=_("Sted for personligt fremmøde"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("Intet sted"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        locations = Location.objects.filter(organisation=organisation).order_by("name")
        location_field = self.fields["location"]
        assert isinstance(location_field, forms.ModelChoiceField)
        location_field.queryset = locations
        if not self.is_bound and "location" not in self.initial:
            self.initial["location"] = locations.first()

    def _check_offer(self, cleaned: dict[str, Any]) -> None:
        location_field = self.fields["location"]
        assert isinstance(location_field, forms.ModelChoiceField)
        has_places = location_field.queryset is not None and location_field.queryset.exists()
        in_person = Channel.IN_PERSON in cleaned.get("channels", [])
        if in_person and has_places and not cleaned.get("location"):
            self.add_error("location", _("Vælg et sted, når tiderne tilbyder personligt fremmøde."))

    def apply_offer(self, offer: SlotOffer) -> None:
        data = self.cleaned_data
        offer.slot_minutes = data["slot_minutes"] or 45
        offer.offers_in_person = Channel.IN_PERSON in data["channels"]
        offer.offers_phone = Channel.PHONE in data["channels"]
        offer.offers_video = Channel.VIDEO in data["channels"]
        offer.allows_first = InterviewKind.FIRST in data["kinds"]
        offer.allows_followup = InterviewKind.FOLLOWUP in data["kinds"]
        offer.allows_joint = InterviewKind.JOINT in data["kinds"]
        offer.location = data["location"]

    @staticmethod
    def offer_initial(offer: SlotOffer) -> dict[str, Any]:
        kinds = [
            kind
            for kind, on in (
                (InterviewKind.FIRST, offer.allows_first),
                (InterviewKind.FOLLOWUP, offer.allows_followup),
                (InterviewKind.JOINT, offer.allows_joint),
            )
            if on
        ]
        return {
            "slot_minutes": offer.slot_minutes,
            "channels": offer.channels,
            "kinds": [str(k) for k in kinds],
            "location": offer.location,
        }


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


class WorkingPatternForm(SlotOfferForm):
    """One weekday's working hours, with an optional break."""

    weekday = forms.TypedChoiceField(
        label=_("Ugedag"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start_time = _time_field(_("Fra kl."), missing=_("Skriv hvornår tiderne begynder."))
    end_time = _time_field(_("Til kl."), missing=_("Skriv hvornår tiderne slutter."))
    break_start = _time_field(_("Pause fra kl."), required=False)
    break_end = _time_field(_("Pause til kl."), required=False)
    valid_from = _date_field(_("Gælder fra"), missing=_("Skriv fra hvilken dag tiderne gælder."))
    valid_to = _date_field(_("Gælder til"), required=False)

    field_order = [
        "weekday",
        "start_time",
        "end_time",
        "break_start",
        "break_end",
        "slot_minutes",
        "channels",
        "location",
        "kinds",
        "valid_from",
        "valid_to",
    ]

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        caseworker: User,
        instance: WorkingPattern | None = None,
        today: date,
        **kwargs: Any,
    ) -> None:
        self.instance = instance or WorkingPattern(
            caseworker=caseworker, organisation=organisation, valid_from=today
        )
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "weekday": instance.weekday,
                "start_time": instance.start_time,
                "end_time": instance.end_time,
                "break_start": instance.break_start,
                "break_end": instance.break_end,
                "valid_from": instance.valid_from,
                "valid_to": instance.valid_to,
                **self.offer_initial(instance),
            }
        super().__init__(*args, organisation=organisation, **kwargs)
        self.caseworker = caseworker
        self.fields["valid_from"].initial = today
        self.fields["break_start"].help_text = _("Lad pausen være tom, hvis der ikke er nogen.")
        self.fields["valid_to"].help_text = _(
            "Lad feltet være tomt, hvis tiderne gælder til videre."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and start >= end:
            self.add_error("end_time", _("Sluttidspunktet skal ligge efter starttidspunktet."))
            start = end = None
        pause_start, pause_end = cleaned.get("break_start"), cleaned.get("break_end")
        if "break_start" in self.errors or "break_end" in self.errors:
            pass
        elif (pause_start is None) != (pause_end is None):
            missing = "break_end" if pause_end is None else "break_start"
            self.add_error(
                missing, _("Udfyld både start og slut på pausen, eller lad begge være tomme.")
            )
        elif pause_start and pause_end:
            if pause_start >= pause_end:
                self.add_error("break_end", _("Pausen skal slutte efter, den begynder."))
            elif start and end and (pause_start < start or pause_end > end):
                self.add_error("break_start", _("Pausen skal ligge inden for tiderne."))
        minutes = cleaned.get("slot_minutes")
        if start and end and minutes and _minutes(end) - _minutes(start) < minutes:
            self.add_error(
                "slot_minutes",
                _("Der er ikke plads til en samtale af den længde mellem start og slut."),
            )
        valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error("valid_to", _("Slutdatoen skal ligge på eller efter startdatoen."))
        self._check_offer(cleaned)
        if start and end and "weekday" in cleaned and not self.errors:
            self._check_overlap(cleaned)
        return cleaned

    def _check_overlap(self, cleaned: dict[str, Any]) -> None:
        others = WorkingPattern.objects.filter(
            caseworker=self.caseworker,
            weekday=cleaned["weekday"],
            start_time__lt=cleaned["end_time"],
            end_time__gt=cleaned["start_time"],
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        valid_from, valid_to = cleaned["valid_from"], cleaned.get("valid_to")
        for other in others:
            if (valid_to is None or other.valid_from <= valid_to) and (
                other.valid_to is None or valid_from <= other.valid_to
            ):
                self.add_error(
                    "start_time",
                    gettext(
                        "Tiderne overlapper dine andre tider samme ugedag (kl. %(start)s–%(end)s)."
                    )
                    % {
                        "start": other.start_time.strftime("%H.%M"),
                        "end": other.end_time.strftime("%H.%M"),
                    },
                )
                return

    def save(self) -> WorkingPattern:
        pattern = self.instance
        data = self.cleaned_data
        pattern.weekday = data["weekday"]
        pattern.start_time = data["start_time"]
        pattern.end_time = data["end_time"]
        pattern.break_start = data["break_start"]
        pattern.break_end = data["break_end"]
        pattern.valid_from = data["valid_from"]
        pattern.valid_to = data["valid_to"]
        self.apply_offer(pattern)
        pattern.save()
        return pattern


class PatternExceptionForm(SlotOfferForm):
    """A day that differs: absence (whole day or some hours) or extra free times."""

    kind = forms.ChoiceField(
        label=_("Hvad er anderledes?"),
        choices=PatternException.Kind.choices,
        widget=Radios,
        initial=PatternException.Kind.ABSENCE,
        error_messages={"required": _("Vælg fravær eller ekstra tider.")},
    )
    date = _date_field(_("Dato"), missing=_("Skriv hvilken dag det gælder."))
    start_time = _time_field(_("Fra kl."), required=False)
    end_time = _time_field(_("Til kl."), required=False)
    reason = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "input-width-xl"}),
    )

    field_order = [
        "kind",
        "date",
        "start_time",
        "end_time",
        "reason",
        "slot_minutes",
        "channels",
        "location",
        "kinds",
    ]

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        caseworker: User,
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        self.caseworker = caseworker
        self.today = today
        self.fields["start_time"].help_text = _(
            "Ved fravær hele dagen: lad tiderne være tomme. Ekstra tider skal have start og slut."
        )
        # Only extra free times offer something; an absence needs none of it.
        for name in ("slot_minutes", "channels", "kinds"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day = cleaned.get("date")
        if day and day < self.today:
            self.add_error("date", _("Dagen er passeret. Vælg i dag eller en senere dag."))
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if "start_time" in self.errors or "end_time" in self.errors:
            return cleaned
        if (start is None) != (end is None):
            missing = "end_time" if end is None else "start_time"
            self.add_error(missing, _("Udfyld både fra og til, eller lad begge være tomme."))
        elif start and end and start >= end:
            self.add_error("end_time", _("Sluttidspunktet skal ligge efter starttidspunktet."))
        elif cleaned.get("kind") == PatternException.Kind.EXTRA:
            if start is None:
                self.add_error(
                    "start_time", _("Skriv hvornår de ekstra tider begynder og slutter.")
                )
            if not cleaned.get("channels"):
                self.add_error("channels", _("Vælg mindst én samtaleform."))
            if not cleaned.get("kinds"):
                self.add_error("kinds", _("Vælg mindst én slags samtale."))
            self._check_offer(cleaned)
        return cleaned

    def save(self) -> PatternException:
        data = self.cleaned_data
        exception = PatternException(
            caseworker=self.caseworker,
            organisation=self.organisation,
            kind=data["kind"],
            date=data["date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            reason=data["reason"],
        )
        self.apply_offer(exception)
        exception.save()
        return exception
