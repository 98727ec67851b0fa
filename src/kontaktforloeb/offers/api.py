"""`/api/v1/offers/…`: recommendations and offers for organisation systems and logged-in people.

The same services and scoping as the pages: the citizen's a-kasse recommends (during its period),
the citizen's jobcentre decides, the citizen accepts participation. Not yours: 404. A refusal
answers with its message in the request's language (`Accept-Language`) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from kontaktforloeb.api_errors import errors
from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.organisations.access import Actor

from . import selectors, services
from .errors import OfferError, OfferNotFound
from .models import Offer, OfferType, Recommendation
from .schemas import (
    AcceptIn,
    CitizenOffersOut,
    OfferIn,
    OfferOut,
    RecommendationIn,
    RecommendationOut,
    RejectIn,
)

router = Router(tags=["offers"])
T = TypeVar("T")


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def _refusals(request: HttpRequest, work: Callable[[], T]) -> T:
    """Run a service; a domain refusal becomes its HTTP status with the message."""
    try:
        return work()
    except OfferNotFound:
        raise HttpError(404, "Not found.") from None
    except OfferError as refusal:
        language = getattr(request, "LANGUAGE_CODE", "da") or "da"
        raise HttpError(refusal.status, refusal.message(language)) from None


def offer_out(offer: Offer) -> OfferOut:
    recommendation = getattr(offer, "recommendation", None)
    return OfferOut(
        id=offer.pk,
        citizen=offer.citizen_id,
        type=offer.type,
        type_label=str(OfferType(offer.type).label),
        provider=offer.provider,
        start=offer.start,
        end=offer.end,
        description=offer.description,
        status=offer.status,
        decided_at=offer.decided_at,
        participation_accepted_at=offer.participation_accepted_at,
        recommendation=recommendation.pk if recommendation is not None else None,
    )


def recommendation_out(recommendation: Recommendation) -> RecommendationOut:
    return RecommendationOut(
        id=recommendation.pk,
        citizen=recommendation.citizen_id,
        akasse=str(recommendation.akasse),
        jobcenter=str(recommendation.jobcenter),
        type=recommendation.type,
        type_label=str(OfferType(recommendation.type).label),
        provider=recommendation.provider,
        start=recommendation.start,
        end=recommendation.end,
        justification=recommendation.justification,
        status=recommendation.status,  # type: ignore[arg-type]
        created_at=recommendation.created_at,
        decision_reason=recommendation.decision_reason,
        decided_at=recommendation.decided_at,
        offer=recommendation.offer_id,
    )


@router.get(
    "/citizens/{int:citizen_id}",
    response={200: CitizenOffersOut, **errors(404)},
    summary="A citizen's offers and recommendations",
    description="With the municipality's reasons where it did not follow the a-kasse (R45).",
)
def citizen_offers(request: HttpRequest, citizen_id: int) -> CitizenOffersOut:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="offers", why="API: tilbud")
    return CitizenOffersOut(
        offers=[offer_out(o) for o in selectors.citizen_offers(actor=actor, citizen=citizen)],
        recommendations=[
            recommendation_out(r)
            for r in selectors.citizen_recommendations(actor=actor, citizen=citizen)
        ],
    )


@router.post(
    "/citizens/{int:citizen_id}/recommendations",
    response={201: RecommendationOut, **errors(403, 404, 409, refusals=True)},
    summary="Recommend an offer (the citizen's a-kasse, during its period)",
    description=(
        "422 after the handover to the municipality (R45); 404 for anyone but the a-kasse."
    ),
)
def recommendation_create(
    request: HttpRequest, citizen_id: int, body: RecommendationIn
) -> Status[RecommendationOut]:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="offers", why="API: indstil")
    recommendation = _refusals(
        request,
        lambda: services.recommendation_create(actor=actor, citizen=citizen, **body.dict()),
    )
    return Status(201, recommendation_out(recommendation))


@router.post(
    "/citizens/{int:citizen_id}/offers",
    response={201: OfferOut, **errors(403, 404, 409, refusals=True)},
    summary="Create an offer directly (the citizen's municipality)",
)
def offer_create(request: HttpRequest, citizen_id: int, body: OfferIn) -> Status[OfferOut]:
    actor = _actor(request)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="offers", why="API: tilbud")
    offer = _refusals(
        request, lambda: services.offer_create(actor=actor, citizen=citizen, **body.dict())
    )
    return Status(201, offer_out(offer))


@router.get(
    "/recommendations",
    response={200: list[RecommendationOut], **errors()},
    summary="Recommendations: a municipality's awaiting decision, or an a-kasse's own",
)
def recommendations_list(request: HttpRequest) -> list[RecommendationOut]:
    actor = _actor(request)
    organisation = actor.organisation
    if organisation is not None and organisation.is_jobcenter:
        rows = selectors.recommendations_awaiting_decision(actor=actor)
    else:
        rows = selectors.recommendations_made(actor=actor)
    return [recommendation_out(r) for r in rows[:500]]


def _recommendation(request: HttpRequest, recommendation_id: int) -> Recommendation:
    return _refusals(
        request,
        lambda: selectors.recommendation_get(
            actor=_actor(request), recommendation_id=recommendation_id
        ),
    )


@router.post(
    "/recommendations/{int:recommendation_id}/accept",
    response={201: OfferOut, **errors(403, 404, 409, refusals=True)},
    summary="Follow a recommendation: the offer is created (the citizen's municipality)",
)
def recommendation_accept(
    request: HttpRequest, recommendation_id: int, body: AcceptIn
) -> Status[OfferOut]:
    actor = _actor(request)
    recommendation = _recommendation(request, recommendation_id)
    offer = _refusals(
        request,
        lambda: services.recommendation_accept(
            actor=actor, recommendation=recommendation, note=body.note
        ),
    )
    return Status(201, offer_out(offer))


@router.post(
    "/recommendations/{int:recommendation_id}/reject",
    response={200: RecommendationOut, **errors(403, 404, 409, refusals=True)},
    summary="Do not follow a recommendation, with a written reason (the citizen's municipality)",
    description=(
        "The reason is mandatory (R45): without one the answer is 422 and nothing changes. The "
        "citizen gets it as a message, the a-kasse on its pages and by webhook "
        "(`recommendation.decided`)."
    ),
)
def recommendation_reject(
    request: HttpRequest, recommendation_id: int, body: RejectIn
) -> RecommendationOut:
    actor = _actor(request)
    recommendation = _recommendation(request, recommendation_id)
    _refusals(
        request,
        lambda: services.recommendation_reject(
            actor=actor, recommendation=recommendation, reason=body.reason
        ),
    )
    return recommendation_out(recommendation)


@router.post(
    "/{int:offer_id}/participation",
    response={200: OfferOut, **errors(403, 404, 409, refusals=True)},
    summary="Accept participation in an offer (the citizen)",
)
def participation_accept(request: HttpRequest, offer_id: int) -> OfferOut:
    actor = _actor(request)
    offer = _refusals(request, lambda: selectors.offer_get(actor=actor, offer_id=offer_id))
    offer = _refusals(
        request, lambda: services.offer_accept_participation(actor=actor, offer=offer)
    )
    return offer_out(offer)
