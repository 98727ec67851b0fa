"""The registration form, as the citizen and the caseworker fill it in ("Meld dig ledig").

Both keep what was typed and say what is wrong at the field, in the user's language; the
registration service's refusals are added by the views as form errors."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.booking.forms import DATE_FORMATS, Radios
from kontaktforloeb.organisations.models import Organisation

from .cpr import normalise_cpr
from .registration import Registration

BENEFITS = [
    ("dagpenge", _("Dagpenge fra min a-kasse")),
    ("kontanthjaelp_jobparat", _("Kontanthjælp fra kommunen")),
]
LANGUAGES = [("da", "Dansk"), ("en", "English")]


class RegistrationForm(forms.Form):
    """What the person and the start of the course are: benefit, first day, where, contact."""

    group = forms.ChoiceField(
        label=_("Hvad skal du have udbetalt?"),
        choices=BENEFITS,
        widget=Radios,
        error_messages={
            "required": _("Vælg dagpenge eller kontanthjælp."),
            "invalid_choice": _("Vælg dagpenge eller kontanthjælp."),
        },
    )
    akasse = forms.ModelChoiceField(
        label=_("A-kasse"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.AKASSE).order_by("name"),
        required=False,
        empty_label=_("Vælg a-kasse"),
        help_text=_("Kun hvis du skal have dagpenge."),
        error_messages={"invalid_choice": _("Vælg en a-kasse fra listen.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune, hvor du bor"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.JOBCENTER).order_by("name"),
        empty_label=_("Vælg kommune"),
        error_messages={
            "required": _("Vælg den kommune, du bor i."),
            "invalid_choice": _("Vælg en kommune fra listen."),
        },
    )
    first_day = forms.DateField(
        label=_("Første ledighedsdag"),
        input_formats=DATE_FORMATS,
        help_text=_(
            "I dag, eller den første dag i din dagpengeperiode, som din a-kasse har oplyst. "
            "For eksempel 01-12-2026."
        ),
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"class": "input-width-s"}),
        error_messages={
            "required": _("Skriv den første dag, du er ledig."),
            "invalid": _("Skriv en dato som 01-12-2026."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Skriv en e-mailadresse som navn@eksempel.dk.")},
    )
    mobile = forms.CharField(
        label=_("Mobilnummer"),
        required=False,
        max_length=20,
        help_text=_("8 cifre. Til beskeder om dine samtaler, hvis du vil have dem på SMS."),
    )
    language = forms.ChoiceField(
        label=_("Sprog på siden og i beskeder"), choices=LANGUAGES, widget=Radios, initial="da"
    )

    def clean_mobile(self) -> str:
        value = "".join(self.cleaned_data.get("mobile", "").split())
        if value.startswith("+45"):
            value = value[3:]
        if value and (not value.isdigit() or len(value) != 8):
            raise ValidationError(_("Et mobilnummer er 8 cifre, fx 20 30 40 50."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("group") == "dagpenge" and not data.get("akasse"):
            self.add_error("akasse", _("Vælg din a-kasse: dagpenge udbetales af a-kassen."))
        if not data.get("email") and not data.get("mobile"):
            self.add_error("email", _("Skriv en e-mail eller et mobilnummer, så vi kan nå dig."))
        return data

    def registration(self, cpr: str, first_name: str, last_name: str) -> Registration:
        data = self.cleaned_data
        return Registration(
            cpr=cpr,
            first_name=first_name,
            last_name=last_name,
            municipality=data["municipality"],
            group=data["group"],
            first_day=data["first_day"],
            akasse=data.get("akasse") if data["group"] == "dagpenge" else None,
            email=data.get("email", ""),
            mobile=data.get("mobile", ""),
            language=data["language"],
        )


class SelfRegistrationForm(RegistrationForm):
    """The citizen's own registration, after MitID: with the consent a public site asks for."""

    consent = forms.BooleanField(
        label=_(
            "Jeg bekræfter, at oplysningerne er rigtige, og at jeg står til rådighed for "
            "arbejdsmarkedet."
        ),
        help_text=_(
            "Kommunen og din a-kasse behandler dine oplysninger for at give dig et "
            "kontaktforløb efter lov om en aktiv beskæftigelsesindsats "
            "(databeskyttelsesforordningens artikel 6, stk. 1, litra e). Du kan se, hvem der "
            "har set dine data, under »Hvem har set mine data«."
        ),
        error_messages={"required": _("Sæt kryds for at bekræfte oplysningerne.")},
    )


class StaffRegistrationForm(RegistrationForm):
    """A caseworker registers someone who walks in: their CPR number and name first."""

    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, help_text=_("fx 010190-1234"))
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    field_order = ["cpr", "first_name", "last_name"]

    def clean_cpr(self) -> str:
        return normalise_cpr(self.cleaned_data.get("cpr", ""))


def today_initial(on: date) -> dict[str, Any]:
    return {"first_day": on.strftime("%d-%m-%Y"), "language": "da"}
