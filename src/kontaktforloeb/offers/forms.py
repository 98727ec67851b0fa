"""Forms of offers: the a-kasse's recommendation, the jobcentre's offer and its decision.

Each keeps what was typed and says what is wrong at the field, in the user's language. The rules
themselves (who, when, the mandatory reason) live in the services; a refusal from a service is
added to the form by the view.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OfferType

DATE_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"]


class Radios(forms.RadioSelect):
    """Radio buttons whose field label (and error summary link) points to the first button."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


def _date_field(label: Any, missing: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=_("For eksempel 02-12-2024."),
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"class": "input-width-s"}),
        error_messages={"required": missing, "invalid": _("Skriv en dato som 02-12-2024.")},
    )


class _OfferFields(forms.Form):
    type = forms.ChoiceField(
        label=_("Type tilbud"),
        choices=OfferType.choices,
        widget=Radios,
        error_messages={"required": _("Vælg en type tilbud.")},
    )
    provider = forms.CharField(
        label=_("Udbyder"),
        help_text=_("Virksomheden, skolen eller kursusstedet."),
        max_length=200,
        error_messages={"required": _("Skriv, hvem der udbyder tilbuddet.")},
    )
    start = _date_field(_("Startdato"), _("Skriv startdatoen."))
    end = _date_field(_("Slutdato"), _("Skriv slutdatoen."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("start")
        end: date | None = cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatoen skal være samme dag som startdatoen eller senere."))
        return cleaned


class RecommendationForm(_OfferFields):
    justification = forms.CharField(
        label=_("A-kassens begrundelse"),
        help_text=_("Hvorfor tilbuddet kan hjælpe borgeren i job. Kommunen og borgeren ser den."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv a-kassens begrundelse for indstillingen.")},
    )


class OfferForm(_OfferFields):
    description = forms.CharField(
        label=_("Beskrivelse"),
        help_text=_("Hvad tilbuddet går ud på. Borgeren ser beskrivelsen."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(forms.Form):
    ACCEPT = "accept"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Kommunens afgørelse"),
        choices=[
            (ACCEPT, _("Følg indstillingen og opret tilbuddet")),
            (REJECT, _("Følg ikke indstillingen")),
        ],
        widget=Radios,
        error_messages={"required": _("Vælg, om kommunen følger indstillingen.")},
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=_(
            "Skal udfyldes, hvis kommunen ikke følger indstillingen. Begrundelsen sendes til "
            "både borgeren og a-kassen."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",
                _(
                    "Skriv en begrundelse. Følger kommunen ikke a-kassens indstilling, skal "
                    "det begrundes skriftligt over for både a-kassen og borgeren."
                ),
            )
        return cleaned
