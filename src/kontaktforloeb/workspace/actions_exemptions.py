"""The holder's exemption from interviews (R65) on the case page: decide with a reason, seeing
the organisation's share before and after (R66), or end it. Another organisation that sees the
citizen but does not hold the period gets 404 here, as for anything not its own."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.exemptions import (
    NotHolder,
    exemption_share,
    holder_kind,
    interviews_exempt,
    interviews_exemption_end,
    offer_exempt,
    offer_exemption_end,
    period_holder,
)
from kontaktforloeb.cases.plans import today
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User
from kontaktforloeb.rules import BookingRuleError
from kontaktforloeb.web.views import staff_required

from .actions import _after, _page, _refuse, case_citizen, language
from .forms import _text


class ExemptionForm(forms.Form):
    reason = _text(
        _("Hvorfor kan borgeren selv komme i job?"),
        missing=_("Skriv hvorfor borgeren vurderes selv at kunne komme i job."),
    )
    approve = forms.BooleanField(
        label=_("Jeg godkender som leder, at andelen kommer over 25 %"), required=False
    )


class EndForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Afslut undtagelsen fra i dag"),
        error_messages={"required": _("Sæt kryds for at afslutte undtagelsen.")},
    )


def _holder_only(actor: Actor, citizen_id: int):  # type: ignore[no-untyped-def]
    citizen = case_citizen(actor, citizen_id)
    if period_holder(citizen, today()) != holder_kind(actor.organisation):
        raise Http404
    return citizen


@staff_required
def exemption_new(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = _holder_only(actor, citizen_id)
    form = ExemptionForm(request.POST if request.method == "POST" else None)
    is_manager = actor.user is not None and actor.user.role == User.Role.MANAGER
    if not is_manager:
        del form.fields["approve"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interviews_exempt(
                actor=actor,
                citizen=citizen,
                reason=data["reason"],
                approve=bool(data.get("approve")),
            )
        except NotHolder as error:
            raise Http404 from error
        except BookingRuleError as error:
            _refuse(form, error, "reason")
        else:
            messages.success(request, gettext("Undtagelsen fra samtaler er registreret."))
            return _after(request, citizen)
    assert actor.organisation is not None
    before, after = exemption_share(actor.organisation, citizen=citizen)
    lang = language()
    intro = gettext(
        "Borgeren undtages fra periodens samtaler ud over den første, fordi borgeren vurderes "
        "selv at kunne komme i job. Den første samtale og samtalen ved 16 måneder holdes "
        "stadig, og borgeren kan altid bede om en samtale. Din organisation har nu undtaget "
        "%(before)s af %(citizens)s borgere (%(before_share)s); med denne undtagelse bliver det "
        "%(after_share)s. Grænsen er %(limit)s %%; over den skal en leder godkende."
    ) % {
        "before": before.exempted,
        "citizens": before.citizens,
        "before_share": before.text(lang),
        "after_share": after.text(lang),
        "limit": after.limit,
    }
    return _page(
        request,
        citizen,
        form,
        title=_("Undtag fra samtaler"),
        intro=intro,
        submit=_("Undtag fra samtaler"),
    )


@staff_required
def exemption_end(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = _holder_only(actor, citizen_id)
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            interviews_exemption_end(actor=actor, citizen=citizen)
        except NotHolder as error:
            raise Http404 from error
        except BookingRuleError as error:
            _refuse(form, error, "confirm")
        else:
            messages.success(request, gettext("Undtagelsen fra samtaler er afsluttet."))
            return _after(request, citizen)
    return _page(
        request,
        citizen,
        form,
        title=_("Afslut undtagelse fra samtaler"),
        intro=_(
            "De samtaler, der mangler i perioden, gælder igen fra i dag; deres frister flytter "
            "sig ikke."
        ),
        submit=_("Afslut undtagelsen"),
    )


def _municipality_only(actor: Actor, citizen_id: int):  # type: ignore[no-untyped-def]
    """R67: the offer is the municipality's decision; anyone else gets 404 here."""
    citizen = case_citizen(actor, citizen_id)
    if holder_kind(actor.organisation) != "jobcenter":
        raise Http404
    return citizen


@staff_required
def offer_exemption_new(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = _municipality_only(actor, citizen_id)
    form = ExemptionForm(request.POST if request.method == "POST" else None)
    if actor.user is None or actor.user.role != User.Role.MANAGER:
        del form.fields["approve"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer_exempt(
                actor=actor,
                citizen=citizen,
                reason=data["reason"],
                approve=bool(data.get("approve")),
            )
        except NotHolder as error:
            raise Http404 from error
        except BookingRuleError as error:
            _refuse(form, error, "reason")
        else:
            messages.success(request, gettext("Undtagelsen fra tilbud er registreret."))
            return _after(request, citizen)
    assert actor.organisation is not None
    before, after = exemption_share(actor.organisation, kind="offer", citizen=citizen)
    lang = language()
    intro = gettext(
        "Borgeren undtages fra tilbuddet inden for de første seks måneder, fordi borgeren "
        "vurderes selv at kunne komme i job. Kommunen har nu undtaget %(before)s af "
        "%(citizens)s borgere fra tilbud (%(before_share)s); med denne undtagelse bliver det "
        "%(after_share)s. Grænsen er %(limit)s %%; over den skal en leder godkende."
    ) % {
        "before": before.exempted,
        "citizens": before.citizens,
        "before_share": before.text(lang),
        "after_share": after.text(lang),
        "limit": after.limit,
    }
    return _page(
        request,
        citizen,
        form,
        title=_("Undtag fra tilbud"),
        intro=intro,
        submit=_("Undtag fra tilbud"),
    )


@staff_required
def offer_exemption_end_view(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = _municipality_only(actor, citizen_id)
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            offer_exemption_end(actor=actor, citizen=citizen)
        except NotHolder as error:
            raise Http404 from error
        except BookingRuleError as error:
            _refuse(form, error, "confirm")
        else:
            messages.success(request, gettext("Undtagelsen fra tilbud er afsluttet."))
            return _after(request, citizen)
    return _page(
        request,
        citizen,
        form,
        title=_("Afslut undtagelse fra tilbud"),
        intro=_("Tilbudspligten gælder igen fra i dag; fristen flytter sig ikke."),
        submit=_("Afslut undtagelsen"),
    )
