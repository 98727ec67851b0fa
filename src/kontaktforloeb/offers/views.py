"""Pages of offers: the citizen's offers, the a-kasse's recommendation form and list, the
jobcentre's recommendations awaiting decision, the decision, and the direct offer.

Views are thin: find the actor, call one selector or service, render. A citizen who is not the
actor's, and an offer or recommendation that is not theirs, are 404.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from kontaktforloeb.audit.services import access_log_record
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import today
from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User
from kontaktforloeb.web.views import View, citizen_required, staff_required

from . import selectors, services
from .errors import OfferError, OfferNotFound, OutsideAkassePeriod
from .forms import DecisionForm, OfferForm, RecommendationForm


def _language() -> str:
    return get_language() or "da"


def _not_found_as_404(view: View) -> View:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except OfferNotFound:
            raise Http404 from None

    return wrapper


def offers_case_summary(citizen: Citizen, actor: Actor) -> dict[str, Any]:
    """The context of `offers/_case_summary.html` for a citizen's case page, every key prefixed
    `offers_` so it can be merged into the page's context. `citizen` comes through the gate."""
    recommend_refusal = ""
    may_recommend = services.may_recommend(actor, citizen)
    if may_recommend:
        try:
            selectors.akasse_period_check(citizen, today())
        except OutsideAkassePeriod as refusal:
            recommend_refusal = refusal.message(_language())
    return {
        "offers_citizen": citizen,
        "offers_list": list(selectors.citizen_offers(actor=actor, citizen=citizen)),
        "offers_recommendations": list(
            selectors.citizen_recommendations(actor=actor, citizen=citizen)
        ),
        "offers_may_recommend": may_recommend and not recommend_refusal,
        "offers_recommend_refusal": recommend_refusal,
        "offers_may_decide": services.may_decide(actor, citizen),
    }


# --- The citizen ---------------------------------------------------------------------------------


@citizen_required
def mine(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    assert isinstance(request.user, User)
    actor = Actor.of_user(request.user)
    return render(
        request,
        "offers/mine.html",
        {
            "citizen": citizen,
            "offers": selectors.citizen_offers(actor=actor, citizen=citizen),
            "recommendations": selectors.citizen_recommendations(actor=actor, citizen=citizen),
        },
    )


@citizen_required
@require_POST
@_not_found_as_404
def participate(request: HttpRequest, citizen: Citizen, offer_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    actor = Actor.of_user(request.user)
    offer = selectors.offer_get(actor=actor, offer_id=offer_id)
    try:
        services.offer_accept_participation(actor=actor, offer=offer)
    except OfferError as refusal:
        messages.error(request, refusal.message(_language()))
    else:
        messages.success(request, gettext("Du har accepteret at deltage i tilbuddet."))
    return redirect("offers:mine")


# --- Staff ---------------------------------------------------------------------------------------


@staff_required
def citizen_offers(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="offers", why="Tilbud åbnet")
    return render(request, "offers/citizen.html", offers_case_summary(citizen, actor))


@staff_required
@_not_found_as_404
def recommend(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = citizen_get(
        actor=actor, citizen_id=citizen_id, what="offers", why="Indstilling til tilbud"
    )
    if not services.may_recommend(actor, citizen):
        raise Http404
    refusal = ""
    try:
        selectors.akasse_period_check(citizen, today())
    except OutsideAkassePeriod as error:
        refusal = error.message(_language())
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.recommendation_create(actor=actor, citizen=citizen, **form.cleaned_data)
        except OfferError as error:
            form.add_error(None, error.message(_language()))
        else:
            messages.success(
                request, gettext("Indstillingen er sendt til kommunen, som tager stilling.")
            )
            return redirect("offers:citizen", citizen_id=citizen.pk)
    return render(
        request, "offers/recommend.html", {"citizen": citizen, "form": form, "refusal": refusal}
    )


@staff_required
@_not_found_as_404
def offer_new(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="offers", why="Tilbud oprettet")
    if not services.may_decide(actor, citizen):
        raise Http404
    form = OfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_create(actor=actor, citizen=citizen, **form.cleaned_data)
        except OfferError as error:
            form.add_error(None, error.message(_language()))
        else:
            messages.success(
                request, gettext("Tilbuddet er oprettet, og borgeren har fået besked.")
            )
            return redirect("offers:citizen", citizen_id=citizen.pk)
    return render(request, "offers/offer_form.html", {"citizen": citizen, "form": form})


@staff_required
def recommendations(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A jobcentre's recommendations awaiting decision; an a-kasse's own, with the decisions."""
    organisation = actor.organisation
    assert organisation is not None
    if organisation.is_jobcenter:
        rows = selectors.recommendations_awaiting_decision(actor=actor)
    else:
        rows = selectors.recommendations_made(actor=actor)
    page = Paginator(rows, 25).get_page(request.GET.get("side"))
    return render(
        request,
        "offers/recommendations.html",
        {"page": page, "total": page.paginator.count, "is_jobcenter": organisation.is_jobcenter},
    )


@staff_required
@_not_found_as_404
def recommendation_detail(
    request: HttpRequest, actor: Actor, recommendation_id: int
) -> HttpResponse:
    recommendation = selectors.recommendation_get(actor=actor, recommendation_id=recommendation_id)
    citizen = recommendation.citizen
    may_decide = (
        services.may_decide(actor, citizen)
        and recommendation.status == recommendation.Status.PENDING
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not services.may_decide(actor, citizen):
            raise Http404
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == DecisionForm.ACCEPT:
                    services.recommendation_accept(actor=actor, recommendation=recommendation)
                    done = gettext("Indstillingen er fulgt, og tilbuddet er oprettet.")
                else:
                    services.recommendation_reject(
                        actor=actor,
                        recommendation=recommendation,
                        reason=form.cleaned_data["reason"],
                    )
                    done = gettext(
                        "Indstillingen er ikke fulgt. Begrundelsen er sendt til borgeren og "
                        "a-kassen."
                    )
            except OfferError as error:
                form.add_error(None, error.message(_language()))
            else:
                messages.success(request, done)
                return redirect("offers:recommendations")
    access_log_record(actor=actor, citizen=citizen, what="offers", why="Indstilling åbnet")
    return render(
        request,
        "offers/recommendation.html",
        {"recommendation": recommendation, "form": form, "may_decide": may_decide},
    )
