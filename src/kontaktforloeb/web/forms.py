from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Brugernavn eller adgangskode er forkert. Bemærk, at der skelnes mellem store og små "
            "bogstaver."
        ),
        "inactive": _("Denne bruger er deaktiveret."),
    }

    username = forms.CharField(
        label=_("Brugernavn"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "class": "form-input"}),
    )
    password = forms.CharField(
        label=_("Adgangskode"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "form-input"}
        ),
    )
