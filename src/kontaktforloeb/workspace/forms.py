"""Forms of the case actions. Each keeps what was typed and says what is wrong at the field, in
the user's language; the domain's refusals are added by the views as form errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.booking.forms import DATE_FORMATS, Radios
from kontaktforloeb.booking.models import Channel, Topic
from kontaktforloeb.web import words

DATE_INVALID = _("Skriv en dato som 09-09-2024.")


def group_choices() -> list[tuple[str, str]]:
    """The target groups by today's names (R69), in the reader's language."""
    language = get_language() or "da"
    return [(group, capfirst(words.group_name(group, None, language))) for group in words.GROUPS]


JOB_START_KINDS = [
    ("job", _("Job")),
    ("barsel", _("Barsel")),
    ("efterloen", _("Efterløn")),
    ("fleksydelse", _("Fleksydelse")),
    ("folkepension", _("Folkepension")),
]
OUTCOMES = [
    ("held", _("Samtalen er holdt")),
    ("no_show", _("Borgeren udeblev")),
    ("cancelled_by_organisation", _("Aflyst af os")),
]
SELFBOOKING_CHANGES = [
    ("exempted", _("Frita for selvbooking (borgeren har bedt om det)")),
    ("withdrawn", _("Fratag retten til selvbooking")),
    ("restored", _("Genopret selvbooking")),
]
REGISTRATION_CHANGES = [
    ("deregistered", _("Afmeld som ledig")),
    ("reregistered", _("Tilmeld som ledig igen")),
]
YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


def date_field(
    label: Any, *, required: bool = True, missing: Any = "", help_text: Any = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text or _("For eksempel 09-09-2024."),
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"class": "input-width-s"}),
        error_messages={"required": missing, "invalid": DATE_INVALID},
    )


def _text(
    label: Any, *, required: bool = True, missing: Any = "", max_length: int = 2000
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
        error_messages={
            "required": missing,
            "max_length": _("Skriv højst %(limit_value)d tegn."),
        },
    )


def _select(label: Any, choices: Any, *, missing: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": missing, "invalid_choice": missing},
    )


def _radios(
    label: Any, choices: Any, *, missing: Any = "", required: bool = True
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=Radios,
        error_messages={"required": missing, "invalid_choice": missing},
    )


class DeadlineForm(forms.Form):
    interview = _select(_("Samtale"), [], missing=_("Vælg hvilken samtale fristen gælder."))
    deadline = date_field(
        _("Frist for at booke"),
        missing=_("Skriv fristen for at booke."),
        help_text=_("Mindst 8 dage fra i dag. For eksempel 09-09-2024."),
    )
    last_meeting_date = date_field(
        _("Sidste dato for mødet"),
        missing=_("Skriv den sidste dato, mødet kan ligge på."),
        help_text=_("Samme dag som fristen eller senere. For eksempel 16-09-2024."),
    )

    def __init__(self, *args: Any, interviews: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interview"].choices = [("", _("Vælg samtale")), *interviews]  # type: ignore[attr-defined]


class SummonsForm(forms.Form):
    interview = _select(_("Samtale"), [], missing=_("Vælg hvilken samtale borgeren indkaldes til."))
    slot = _select(_("Tid"), [], missing=_("Vælg en ledig tid."))
    channel = _radios(_("Samtaleform"), Channel.choices, missing=_("Vælg samtaleform."))
    topic = _select(_("Emne"), Topic.choices, missing=_("Vælg hvad samtalen skal handle om."))
    topic_text = _text(_("Besked til borgeren"), required=False)

    def __init__(
        self,
        *args: Any,
        interviews: list[tuple[str, str]],
        slots: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interview"].choices = [("", _("Vælg samtale")), *interviews]  # type: ignore[attr-defined]
        self.fields["slot"].choices = [("", _("Vælg tid")), *slots]  # type: ignore[attr-defined]
        self.fields["topic"].initial = Topic.OTHER


class OutcomeForm(forms.Form):
    outcome = _radios(_("Hvad skete der?"), OUTCOMES, missing=_("Vælg hvad der skete."))
    channel = _radios(_("Samtaleform (hvis samtalen er holdt)"), Channel.choices, required=False)
    notes = _text(_("Noter fra mødet"), required=False, max_length=4000)
    next_steps = _text(_("Aftalte næste skridt"), required=False, max_length=1000)
    lawful_absence = _radios(_("Lovligt fravær? (hvis borgeren udeblev)"), YES_NO, required=False)
    contact_date = date_field(
        _("Borgeren kontaktede os (hvis borgeren udeblev)"),
        required=False,
        help_text=_("Den dag borgeren tog kontakt. For eksempel 09-09-2024."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outcome = cleaned.get("outcome")
        if outcome == "held" and not cleaned.get("channel"):
            self.add_error("channel", _("Vælg hvordan samtalen blev holdt."))
        if outcome == "no_show" and not cleaned.get("lawful_absence"):
            self.add_error("lawful_absence", _("Vurdér om borgeren havde lovligt fravær."))
        contact = cleaned.get("contact_date")
        if contact is not None and contact > timezone.localdate():
            self.add_error("contact_date", _("Datoen kan ikke ligge i fremtiden."))
        return cleaned

    def notes_text(self) -> str:
        notes = str(self.cleaned_data.get("notes", "")).strip()
        steps = str(self.cleaned_data.get("next_steps", "")).strip()
        if steps:
            label = _("Aftalte næste skridt")
            notes = f"{notes}\n\n{label}: {steps}".strip()
        return notes


class SelfbookingForm(forms.Form):
    change = _radios(_("Ændring"), SELFBOOKING_CHANGES, missing=_("Vælg en ændring."))
    reason = _text(_("Begrundelse"), missing=_("Skriv en begrundelse."))


class GroupForm(forms.Form):
    group = _select(_("Ny ydelse eller målgruppe"), group_choices, missing=_("Vælg ydelse."))
    date = date_field(_("Gælder fra"), missing=_("Skriv fra hvilken dag."))
    dagpenge_period_start = date_field(
        _("Første dag i dagpengeperioden"),
        required=False,
        help_text=_("Kun hvis den ligger før skiftet. For eksempel 01-05-2024."),
    )

    def event(self) -> dict[str, Any]:
        data = self.cleaned_data
        event = {"type": "group_changed", "date": data["date"].isoformat(), "group": data["group"]}
        if data.get("dagpenge_period_start"):
            event["dagpenge_period_start"] = data["dagpenge_period_start"].isoformat()
        return event


class _PeriodForm(forms.Form):
    start = date_field(_("Fra"), missing=_("Skriv den første dag."))
    end = date_field(_("Til"), missing=_("Skriv den sidste dag."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Den sidste dag ligger før den første."))
        return cleaned


class SicknessForm(_PeriodForm):
    def event(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "type": "sick",
            "date": data["start"].isoformat(),
            "from": data["start"].isoformat(),
            "to": data["end"].isoformat(),
        }


class PaymentForm(_PeriodForm):
    hours = forms.DecimalField(
        label=_("Udbetalte timer"),
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        decimal_places=2,
        localize=True,
        help_text=_("For eksempel 160,33."),
        widget=forms.TextInput(attrs={"class": "input-width-xs", "inputmode": "decimal"}),
        error_messages={
            "required": _("Skriv antal timer."),
            "invalid": _("Skriv et antal timer som 160,33."),
            "min_value": _("Timerne kan ikke være negative."),
            "max_value": _("Skriv højst 1000 timer for én periode."),
            "max_decimal_places": _("Skriv højst to decimaler."),
        },
    )

    def event(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "type": "dagpenge_paid",
            "date": data["end"].isoformat(),
            "from": data["start"].isoformat(),
            "to": data["end"].isoformat(),
            "hours": str(data["hours"]),
        }


class JobStartForm(forms.Form):
    kind = _select(_("Hvad starter borgeren i?"), JOB_START_KINDS, missing=_("Vælg hvad."))
    start_date = date_field(_("Startdato"), missing=_("Skriv startdatoen."))

    def event(self, on: date) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "type": "job_start_documented",
            "date": on.isoformat(),
            "start_date": data["start_date"].isoformat(),
            "kind": data["kind"],
        }


class RegistrationForm(forms.Form):
    change = _radios(_("Ændring"), REGISTRATION_CHANGES, missing=_("Vælg en ændring."))
    date = date_field(_("Dato"), missing=_("Skriv datoen."))
    reason = _text(_("Begrundelse (ved afmelding)"), required=False)

    def event(self) -> dict[str, Any]:
        data = self.cleaned_data
        event: dict[str, Any] = {"type": data["change"], "date": data["date"].isoformat()}
        if data["change"] == "deregistered" and data.get("reason", "").strip():
            event["reason"] = data["reason"].strip()
        return event


class PlannedInterviewForm(forms.Form):
    date = date_field(_("Dato for samtalen"), missing=_("Skriv datoen for samtalen."))
    reason = _text(
        _("Begrundelse (individuel vurdering)"),
        missing=_("Skriv hvorfor samtalen er planlagt."),
    )


class RequestHandledForm(forms.Form):
    note = _text(_("Hvad er der gjort?"), missing=_("Skriv hvad der er gjort ved anmodningen."))
