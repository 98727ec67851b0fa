"""Forms of the joblog pages. They only carry what was typed: the services check it (the same
checks for the pages and the API) and their messages are put back at the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import JoblogInvalid
from .models import JoblogEntry

DATE_FORMAT = "%d-%m-%Y"


def _select(label: Any, choices: Any, *, empty: Any = None) -> forms.CharField:
    options = [("", empty), *choices] if empty is not None else list(choices)
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Select(choices=options, attrs={"class": "form-select"}),
    )


class ServiceErrorsMixin(forms.Form):
    def add_service_errors(self, error: JoblogInvalid) -> None:
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))


class JoblogEntryForm(ServiceErrorsMixin):
    applied_on = forms.CharField(
        label=_("Dato for ansøgningen"),
        help_text=_("Fx 4-10-2024."),
        required=False,
        widget=forms.TextInput(attrs={"class": "input-width-s", "inputmode": "numeric"}),
    )
    employer = forms.CharField(
        label=_("Arbejdsgiver"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    title = forms.CharField(
        label=_("Stilling"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    source = _select(_("Hvordan fandt du jobbet?"), JoblogEntry.Source.choices, empty=_("Vælg"))
    hours = _select(_("Arbejdstid"), JoblogEntry.Hours.choices, empty=_("Vælg"))
    place = forms.CharField(
        label=_("Arbejdssted (by)"), required=False, help_text=_("Kan udelades.")
    )
    status = _select(_("Status"), JoblogEntry.Status.choices)
    application_text = forms.CharField(
        label=_("Ansøgning"),
        required=False,
        help_text=_("Kan udelades. Du kan indsætte teksten fra din ansøgning."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    @classmethod
    def for_entry(cls, entry: JoblogEntry) -> JoblogEntryForm:
        initial = {name: getattr(entry, name) for name in cls.base_fields}
        initial["applied_on"] = entry.applied_on.strftime(DATE_FORMAT)
        return cls(initial=initial)


class RequirementForm(ServiceErrorsMixin):
    per_week = forms.IntegerField(
        label=_("Ansøgninger om ugen"),
        min_value=0,
        max_value=50,
        widget=forms.NumberInput(attrs={"class": "input-width-xs"}),
        error_messages={
            "required": _("Skriv et antal mellem 0 og 50."),
            "invalid": _("Skriv et antal mellem 0 og 50."),
            "min_value": _("Skriv et antal mellem 0 og 50."),
            "max_value": _("Skriv et antal mellem 0 og 50."),
        },
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=_("Borgeren ser begrundelsen i sin joblog."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
