"""Forms of the citizen's pages. Each keeps what was typed and says what is wrong at the field and
in the error summary, in the citizen's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.booking.forms import Choices, Radios
from kontaktforloeb.booking.models import Channel, Topic
from kontaktforloeb.cases.models import Citizen

YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


class SlotChoiceForm(forms.Form):
    """Step 1 of booking (and the rebooking page): one free time. The page lists the times."""

    # The page draws the free times as radio buttons itself; the field only reads the choice
    # (a visible widget, so the error summary can point at the calendar).
    tid = forms.IntegerField(
        label=_("Tid"),
        error_messages={
            "required": _("Vælg en tid i kalenderen."),
            "invalid": _("Vælg en tid i kalenderen."),
        },
    )


class BookingDetailsForm(forms.Form):
    """Step 2 of booking: channel, topic and, for the first jobcentre interview after the
    handover, whether the a-kasse should take part (R4)."""

    tid = forms.IntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=_("Hvordan vil du holde samtalen?"),
        widget=Radios,
        error_messages={
            "required": _("Vælg, hvordan du vil holde samtalen."),
            "invalid_choice": _("Vælg en af de samtaleformer, der står her."),
        },
    )
    topic = forms.ChoiceField(
        label=_("Hvad vil du tale om?"),
        choices=Topic.choices,
        widget=Radios,
        error_messages={"required": _("Vælg, hvad samtalen skal handle om.")},
    )
    topic_text = forms.CharField(
        label=_("Vil du skrive mere om det? (frivilligt)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-input"}),
        error_messages={"max_length": _("Skriv højst %(limit_value)d tegn.")},
    )
    akasse_participates = forms.ChoiceField(
        label=_("Skal din a-kasse deltage i samtalen?"),
        help_text=_(
            "Det er din ret at vælge. Deltager a-kassen, bliver det en fælles samtale med "
            "kommunen og a-kassen."
        ),
        choices=YES_NO,
        widget=Radios,
        required=False,
        error_messages={"required": _("Vælg, om din a-kasse skal deltage.")},
    )

    def __init__(self, *args: Any, channels: list[str], ask_akasse: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]
        assert isinstance(channel, forms.ChoiceField)
        channel.choices = [(c, Channel(c).label) for c in channels]
        if len(channels) == 1 and not self.is_bound:
            self.initial["channel"] = channels[0]
        self.ask_akasse = ask_akasse
        if ask_akasse:
            self.fields["akasse_participates"].required = True
        else:
            del self.fields["akasse_participates"]

    @property
    def akasse_choice(self) -> bool | None:
        if not self.ask_akasse:
            return None
        return bool(self.cleaned_data.get("akasse_participates") == "yes")


class CancelForm(forms.Form):
    """Afbud: whether there is lawful absence (R48, R49), and why."""

    lawful_absence = forms.ChoiceField(
        label=_("Har du lovligt fravær?"),
        help_text=_(
            "Lovligt fravær er fx arbejde, en jobsamtale hos en arbejdsgiver, et tilbud, et "
            "andet møde med kommunen eller a-kassen, eller sygdom, du har meldt i tide."
        ),
        choices=YES_NO,
        widget=Radios,
        error_messages={"required": _("Vælg, om du har lovligt fravær.")},
    )
    reason = forms.CharField(
        label=_("Hvorfor melder du afbud?"),
        help_text=_("Skriv fx hvilket arbejde eller hvilken jobsamtale du skal til."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
        error_messages={"max_length": _("Skriv højst %(limit_value)d tegn.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("lawful_absence") == "yes" and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason", _("Skriv, hvad dit lovlige fravær er, så din sagsbehandler kan se det.")
            )
        return cleaned


class PreparationForm(forms.Form):
    """The leaflet's four questions before a meeting."""

    dream_job = forms.CharField(
        label=_("Hvad er dit drømmejob?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    acceptable_job = forms.CharField(
        label=_("Hvad er et acceptabelt job for dig?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    necessary_job = forms.CharField(
        label=_("Hvad er det nødvendige job, hvis det skal gå hurtigt?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    first_steps = forms.CharField(
        label=_("Hvad kan dine første skridt tilbage på arbejdsmarkedet være?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["max_length"] = _("Skriv højst %(limit_value)d tegn.")


class InterviewRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvad vil du gerne tale om?"),
        help_text=_("Skriv kort, hvorfor du gerne vil have en samtale nu."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Skriv, hvad du gerne vil tale om."),
            "max_length": _("Skriv højst %(limit_value)d tegn."),
        },
    )


class SettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Sprog"),
        choices=Citizen.Language.choices,
        widget=Radios,
        error_messages={"required": _("Vælg et sprog.")},
    )
    notify = forms.MultipleChoiceField(
        label=_("Hvordan vil du have besked?"),
        help_text=_("Vælg mindst én. Vi sender kvitteringer, påmindelser og afgørelser."),
        choices=[("email", _("E-mail")), ("sms", _("SMS"))],
        widget=Choices,
        error_messages={"required": _("Vælg mindst én måde at få besked på.")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile = forms.RegexField(
        label=_("Mobilnummer"),
        regex=r"^\+?[0-9 ]{8,15}$",
        required=False,
        error_messages={"invalid": _("Skriv et mobilnummer med 8 cifre, fx 12 34 56 78.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        notify = cleaned.get("notify") or []
        if "email" in notify and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Skriv din e-mailadresse, når du vil have besked på e-mail."))
        if "sms" in notify and not cleaned.get("mobile") and "mobile" not in self.errors:
            self.add_error("mobile", _("Skriv dit mobilnummer, når du vil have besked på SMS."))
        return cleaned
