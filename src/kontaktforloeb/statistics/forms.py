"""The filters of the statistics pages: month, group, holder, caseworker and, for the
administrator, the organisation. A GET form: a bad value is named at its field and the page shows
the default figures instead."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.organisations.models import CASEWORKER_ROLES, Organisation, User
from kontaktforloeb.rules import RULESETS
from kontaktforloeb.web import words

from .scope import GROUPS, HOLDERS, BadParameter, Month


class MonthInput(forms.TextInput):
    input_type = "month"


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def holder_label(holder: str, day: date) -> str:
    return capfirst(words.holder_name(holder, day, _lang(), yours=False))


def group_label(group: str, day: date) -> str:
    return capfirst(words.group_name(group, day, _lang()))


class FilterForm(forms.Form):
    maaned = forms.CharField(
        label=_("Måned"),
        required=False,
        widget=MonthInput(attrs={"class": "form-input input-width-s"}),
        help_text=_("Måneden samtalernes frist ligger i, fx 2026-08."),
    )
    gruppe = forms.ChoiceField(label=_("Målgruppe"), required=False)
    ansvarlig = forms.ChoiceField(label=_("Holder samtalen"), required=False)
    sagsbehandler = forms.ChoiceField(label=_("Sagsbehandler"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        today: date,
        organisation: Organisation | None,
        administrator: bool,
        caseworkers: bool = True,
        month_help: Any = None,
    ) -> None:
        super().__init__(data)
        self.today = today
        if month_help is not None:
            self.fields["maaned"].help_text = month_help
        everyone: list[tuple[str, Any]] = [("", _("Alle"))]
        self._choices("gruppe", everyone + [(g, group_label(g, today)) for g in GROUPS])
        self._choices("ansvarlig", everyone + [(h, holder_label(h, today)) for h in HOLDERS])
        if administrator:
            organisations = Organisation.objects.order_by("kind", "name")
            self._choices(
                "organisation",
                [("", _("Alle organisationer"))] + [(str(o.pk), o.name) for o in organisations],
            )
        else:
            del self.fields["organisation"]
        if organisation is not None and caseworkers:
            staff = User.objects.filter(
                organisation=organisation, role__in=CASEWORKER_ROLES
            ).order_by("first_name", "last_name")
            self._choices(
                "sagsbehandler",
                everyone
                + [(str(user.pk), user.get_full_name() or user.get_username()) for user in staff]
                + [("0", _("Ingen sagsbehandler"))],
            )
        else:
            del self.fields["sagsbehandler"]

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_maaned(self) -> Month:
        try:
            return Month.parse(self.cleaned_data.get("maaned"), self.today)
        except BadParameter as error:
            raise ValidationError(error.message(_lang())) from None


def ruleset_label(ruleset_id: str) -> str:
    from kontaktforloeb.web.templatetags.kf import longdate

    ruleset = RULESETS.get(ruleset_id)
    if ruleset is None:
        return ruleset_id
    return str(_("Reglerne fra %(date)s") % {"date": longdate(ruleset.effective_from)})
