"""The municipality records or changes a citizen's free choice of who holds the first four months
(RULES-2026 R73, from 2027), with a mandatory reason; nobody else has this page (404).

The choice is the citizen's own, made once on Min side. The municipality changes it on the
citizen's word (by phone, at the desk), or records it for someone who cannot choose online,
until interview 1 is held and at the latest by its deadline: the engine reads the latest
assignment with a reason in that time and ignores any other (`cases.trials`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.trials import (
    FREE_CHOICE,
    choice_of,
    choice_value,
    choices_for,
    trial_assign,
    trial_state,
)
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import BookingRuleError
from kontaktforloeb.web.views import staff_required

from .actions import case_citizen, language


class TrialChangeForm(forms.Form):
    holder = forms.ChoiceField(
        label=_("Hvem holder de første måneder"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg hvem der skal holde de første måneder.")},
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        help_text=_(
            "Skriv hvorfor valget registreres eller ændres, fx at borgeren har ringet og bedt om "
            "det. Begrundelsen står i sagen og i borgerens plan."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Skriv en begrundelse.")},
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["holder"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def _label(holder: str, organisation: object) -> str:
    kind = {
        "akasse": gettext("A-kassen"),
        "jobcenter": gettext("Kommunen"),
        "anden_aktoer": gettext("En anden aktør"),
    }[holder]
    return f"{kind}: {organisation}"


@staff_required
def trial_change(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = case_citizen(actor, citizen_id)
    organisation = actor.organisation
    state = trial_state(citizen)
    if (
        organisation is None
        or organisation.pk != citizen.jobcenter_id
        or state is None
        or state.trial != FREE_CHOICE
    ):
        raise Http404
    choices = choices_for(citizen)
    form = TrialChangeForm(
        request.POST if request.method == "POST" else None,
        choices=[(choice.value, _label(choice.holder, choice.organisation)) for choice in choices],
        initial={"holder": choice_value(state)},
    )
    if request.method == "POST" and form.is_valid():
        choice = choice_of(citizen, form.cleaned_data["holder"])
        assert choice is not None  # the form offers only these
        try:
            trial_assign(
                actor=actor,
                citizen=citizen,
                trial=FREE_CHOICE,
                holder=choice.holder,
                reason=form.cleaned_data["reason"],
                other_actor=choice.organisation if choice.holder == "anden_aktoer" else None,
            )
        except BookingRuleError as error:
            form.add_error(None, error.message(language()))
        else:
            messages.success(
                request,
                gettext("Valget er registreret: %(holder)s holder de første %(months)s måneder.")
                % {"holder": choice.organisation, "months": state.months},
            )
            return redirect("web:case_detail", citizen.pk)
    chosen = choice_of(citizen, choice_value(state)) if state.chosen else None
    return render(
        request,
        "workspace/actions/trial_change.html",
        {"citizen": citizen, "trial": state, "form": form, "chosen": chosen},
    )
