"""Valg af forløb: in the free-choice trial (RULES-2026 R73, from 2027) the citizen chooses who
holds the first four months of the contact course: the a-kasse, the municipality or another actor.

The page compares the three choices (who holds the first months, what happens after, where the
meetings are) and records the choice once, through `cases.trials.trial_assign`. Afterwards it
shows the choice and says that only the municipality's staff can change it, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.trials import (
    FREE_CHOICE,
    Choice,
    choice_of,
    choice_value,
    choices_for,
    trial_assign,
    trial_state,
)
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Location
from kontaktforloeb.rules import BookingRuleError
from kontaktforloeb.web.views import citizen_required


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


class TrialChoiceForm(forms.Form):
    holder = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(
        self, *args: object, choices: list[tuple[str, str]], months: int, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["holder"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.label = gettext("Hvem skal holde dine samtaler de første %(months)s måneder?") % {
            "months": months
        }
        field.error_messages["required"] = gettext(
            "Vælg hvem der skal holde dine første %(months)s måneder."
        ) % {"months": months}


@dataclass(frozen=True)
class Option:
    """One column of the comparison: a choice and where its meetings are."""

    choice: Choice
    places: list[Location]

    @property
    def is_akasse(self) -> bool:
        return self.choice.holder == "akasse"

    @property
    def is_municipality(self) -> bool:
        return self.choice.holder == "jobcenter"

    @property
    def is_actor(self) -> bool:
        return self.choice.holder == "anden_aktoer"


def _label(choice: Choice) -> str:
    kind = {
        "akasse": gettext("A-kassen"),
        "jobcenter": gettext("Kommunen"),
        "anden_aktoer": gettext("En anden aktør"),
    }[choice.holder]
    return f"{kind}: {choice.organisation}"


def _options(citizen: Citizen) -> list[Option]:
    return [
        Option(choice, list(Location.objects.filter(organisation=choice.organisation)))
        for choice in choices_for(citizen)
    ]


@citizen_required
def trial_choice(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    state = trial_state(citizen)
    if state is None or state.trial != FREE_CHOICE:
        raise Http404
    options = _options(citizen)
    form = TrialChoiceForm(
        request.POST if request.method == "POST" else None,
        choices=[(option.choice.value, _label(option.choice)) for option in options],
        months=state.months,
    )
    refusal = ""
    if request.method == "POST" and form.is_valid():
        choice = choice_of(citizen, form.cleaned_data["holder"])
        assert choice is not None  # the form offers only these
        try:
            trial_assign(
                actor=Actor.of_user(request.user),  # type: ignore[arg-type]
                citizen=citizen,
                trial=FREE_CHOICE,
                holder=choice.holder,
                other_actor=choice.organisation if choice.holder == "anden_aktoer" else None,
            )
        except BookingRuleError as error:
            refusal = error.message(_lang())
        else:
            messages.success(
                request,
                gettext("Dit valg er gemt: %(holder)s holder dine første %(months)s måneder.")
                % {"holder": choice.organisation, "months": state.months},
            )
            return redirect("selfservice:trial_choice")
    chosen = choice_of(citizen, choice_value(state)) if state.chosen else None
    return render(
        request,
        "selfservice/trial_choice.html",
        {
            "citizen": citizen,
            "trial": state,
            "options": options,
            "form": form,
            "refusal": refusal,
            "chosen": chosen,
            "months": state.months,
        },
    )
