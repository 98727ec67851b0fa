"""A move to another municipality on the case page: the municipality that holds the case records
it, and the case with its history goes to the new one (`cases.registration.citizen_move`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.registration import RegistrationRefused, citizen_move
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation
from kontaktforloeb.web.views import staff_required

from .actions import _page, _refuse, case_citizen


class MoveForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Ny bopælskommune"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.JOBCENTER).order_by("name"),
        empty_label=_("Vælg kommune"),
        error_messages={
            "required": _("Vælg den kommune, borgeren er flyttet til."),
            "invalid_choice": _("Vælg en kommune fra listen."),
        },
    )


@staff_required
def move_new(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = case_citizen(actor, citizen_id)
    organisation = actor.organisation
    if organisation is None or organisation.pk != citizen.jobcenter_id:
        raise Http404  # only the municipality that holds the case
    form = MoveForm(request.POST if request.method == "POST" else None)
    choices = form.fields["municipality"]
    assert isinstance(choices, forms.ModelChoiceField)
    choices.queryset = Organisation.objects.filter(kind=Organisation.Kind.JOBCENTER).exclude(
        pk=citizen.jobcenter_id
    )
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["municipality"]
        try:
            citizen_move(actor=actor, citizen=citizen, municipality_code=new.municipality_code)
        except RegistrationRefused as error:
            _refuse(form, error, "municipality")
        else:
            messages.success(
                request,
                gettext("%(name)s er flyttet til %(new)s, som har sagen nu.")
                % {"name": citizen.name, "new": new},
            )
            return redirect("web:staff_home")
    return _page(
        request,
        citizen,
        form,
        title=_("Registrér flytning"),
        intro=_(
            "Sagen med hele dens historik går til den nye kommune, og I kan ikke længere se "
            "den. Flytningen står i begge kommuners adgangslog, som borgeren kan se."
        ),
        submit=_("Registrér flytning"),
    )
