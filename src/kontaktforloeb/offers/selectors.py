"""Reads of offers and recommendations, always starting from what the actor may see.

A jobcentre sees those of its municipality's citizens, an a-kasse the recommendations it made
for its members and those members' offers, a citizen their own. Anything else is `OfferNotFound`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import plan_current
from kontaktforloeb.organisations.access import Actor

from .errors import OfferNotFound, OutsideAkassePeriod
from .models import Offer, Recommendation


def recommendations_visible_to(actor: Actor) -> QuerySet[Recommendation]:
    rows = Recommendation.objects.select_related(
        "citizen", "akasse", "jobcenter", "offer", "decided_by", "created_by"
    )
    if actor.is_citizen:
        return rows.filter(citizen__user=actor.user)
    organisation = actor.organisation
    if organisation is None:
        return rows.none()
    if organisation.is_jobcenter:
        return rows.filter(jobcenter=organisation, citizen__jobcenter=organisation)
    return rows.filter(akasse=organisation, citizen__akasse=organisation)


def offers_visible_to(actor: Actor) -> QuerySet[Offer]:
    rows = Offer.objects.select_related("citizen", "jobcenter", "recommendation")
    if actor.is_citizen:
        return rows.filter(citizen__user=actor.user)
    organisation = actor.organisation
    if organisation is None:
        return rows.none()
    if organisation.is_jobcenter:
        return rows.filter(citizen__jobcenter=organisation)
    return rows.filter(citizen__akasse=organisation)


def recommendation_get(*, actor: Actor, recommendation_id: int) -> Recommendation:
    found = recommendations_visible_to(actor).filter(pk=recommendation_id).first()
    if found is None:
        raise OfferNotFound(recommendation_id)
    return found


def offer_get(*, actor: Actor, offer_id: int) -> Offer:
    found = offers_visible_to(actor).filter(pk=offer_id).first()
    if found is None:
        raise OfferNotFound(offer_id)
    return found


def recommendations_awaiting_decision(*, actor: Actor) -> QuerySet[Recommendation]:
    """The jobcentre's recommendations still to decide, oldest first (the worklist). Answered from
    the `recommendation_todo` index; empty for anyone but a jobcentre."""
    organisation = actor.organisation
    if actor.is_citizen or organisation is None or not organisation.is_jobcenter:
        return Recommendation.objects.none()
    return (
        recommendations_visible_to(actor)
        .filter(status=Recommendation.Status.PENDING)
        .order_by("created_at", "id")
    )


def recommendations_made(*, actor: Actor) -> QuerySet[Recommendation]:
    """An a-kasse's recommendations, newest first, with the jobcentre's decisions and reasons."""
    organisation = actor.organisation
    if actor.is_citizen or organisation is None or not organisation.is_akasse:
        return Recommendation.objects.none()
    return recommendations_visible_to(actor).order_by("-created_at", "-id")


def citizen_offers(*, actor: Actor, citizen: Citizen) -> QuerySet[Offer]:
    """A citizen's offers, newest first. `citizen` comes through the access gate."""
    return offers_visible_to(actor).filter(citizen=citizen).order_by("-start", "-id")


def citizen_recommendations(*, actor: Actor, citizen: Citizen) -> QuerySet[Recommendation]:
    """A citizen's recommendations with their decisions (and the jobcentre's reasons when it did
    not follow them), newest first."""
    return recommendations_visible_to(actor).filter(citizen=citizen).order_by("-created_at", "-id")


def akasse_period_last_day(citizen: Citizen) -> date | None:
    """The last day of the a-kasse period: the day before the plan's handover; None if none."""
    handover = plan_current(citizen).handover
    return handover - timedelta(days=1) if handover is not None else None


def akasse_period_check(citizen: Citizen, on: date) -> None:
    """Raise `OutsideAkassePeriod` unless `on` falls in the citizen's a-kasse period (R45)."""
    plan = plan_current(citizen)
    if plan.handover is None or plan.spell_start is None:
        raise OutsideAkassePeriod.no_period()
    if on >= plan.handover:
        raise OutsideAkassePeriod.ended(plan.handover - timedelta(days=1))
