"""The staff page "Hvad er ændret i reglerne": every parameter whose value differs between two
rulesets, with both values and both citations (R71), a thin view over `rules.diff`.

The rulesets are chosen with the GET parameters `fra` and `til`; without them, and when one of
them is not a ruleset, the page compares the law of 2024 with the law of 1 July 2026 and says
what was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules.dates import format_date
from kontaktforloeb.rules.diff import (
    RulesetDiff,
    RulesetSide,
    Side,
    ruleset_diff,
    ruleset_provisional,
)
from kontaktforloeb.rules.rulesets import RULESETS, Ruleset
from kontaktforloeb.web.views import staff_required

DEFAULT_FROM = "LEAFLET-2024"
DEFAULT_TO = "RS2026-07"


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _ruleset_name(ruleset: Ruleset, provisional: bool) -> str:
    """`1. juli 2026 (RS2026-07)`: the day a ruleset takes effect, in the reader's language."""
    day = format_date(ruleset.effective_from, _lang())
    if provisional:
        return _("%(date)s (%(id)s, foreløbigt)") % {"date": day, "id": ruleset.id}
    return _("%(date)s (%(id)s)") % {"date": day, "id": ruleset.id}


def _ruleset_view(side: RulesetSide, lang: str) -> dict[str, str | None]:
    return {
        "id": side.id,
        "date": format_date(side.effective_from, lang),
        "provisional": side.provisional_reason(lang),
    }


class RulesDiffForm(forms.Form):
    """The two rulesets to compare."""

    fra = forms.ChoiceField()
    til = forms.ChoiceField()

    def __init__(self, *args: Any, provisional: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (ruleset.id, _ruleset_name(ruleset, ruleset.id in provisional))
            for ruleset in RULESETS.values()
        ]
        message = _("Vælg et regelsæt på listen. »%(value)s« er ikke et regelsæt.")
        for name, label in (("fra", _("Fra regelsættet")), ("til", _("Til regelsættet"))):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
            field.label = label
            field.error_messages["invalid_choice"] = message
            field.widget.attrs["class"] = "form-select input-width-l"


@dataclass(frozen=True)
class SideView:
    """One side of a row as the page shows it, in the reader's language."""

    present: bool
    shown: str
    effective_from: str
    citation_text: str
    citation_url: str
    provisional: str | None


@dataclass(frozen=True)
class RowView:
    name: str
    label: str
    decision: bool
    # (column title, side): before, then after.
    sides: tuple[tuple[str, SideView], tuple[str, SideView]]


def _side(side: Side, lang: str) -> SideView:
    return SideView(
        present=side.present,
        shown=side.shown(lang),
        effective_from=format_date(side.effective_from, lang) if side.effective_from else "",
        citation_text=side.citation.text if side.citation else "",
        citation_url=side.citation.url if side.citation else "",
        provisional=side.provisional_reason(lang),
    )


def _rows(result: RulesetDiff, lang: str) -> list[RowView]:
    return [
        RowView(
            name=change.name,
            label=change.label(lang),
            decision=change.decision,
            sides=((_("Før"), _side(change.before, lang)), (_("Efter"), _side(change.after, lang))),
        )
        for change in result.changes
    ]


@staff_required
def rules_diff_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    lang = _lang()
    provisional = {
        ruleset.id for ruleset in RULESETS.values() if ruleset_provisional(ruleset) is not None
    }
    # A missing or empty choice is the default one, and the form shows it chosen.
    asked = {
        "fra": request.GET.get("fra") or DEFAULT_FROM,
        "til": request.GET.get("til") or DEFAULT_TO,
    }
    form = RulesDiffForm(asked, provisional=provisional)
    source, target = DEFAULT_FROM, DEFAULT_TO
    if form.is_valid():
        source, target = form.cleaned_data["fra"], form.cleaned_data["til"]
    else:
        # The default comparison is shown, chosen in the form, with what was wrong.
        errors = form.errors
        form = RulesDiffForm({"fra": DEFAULT_FROM, "til": DEFAULT_TO}, provisional=provisional)
        form.is_valid()
        for name, messages in errors.items():
            for message in messages:
                form.add_error(name, message)
    result = ruleset_diff(source, target)
    return render(
        request,
        "workspace/rules_diff.html",
        {
            "form": form,
            "source": _ruleset_view(result.source, lang),
            "target": _ruleset_view(result.target, lang),
            "rows": _rows(result, lang),
            "defaults_shown": bool(form.errors),
        },
    )
