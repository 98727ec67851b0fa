"""Writes of offers and recommendations (R44, R45). Each is one transaction; the citizen's message
and the organisations' webhooks are written in it and delivered after commit (see
`kontaktforloeb.notifications`), so a refused or rolled-back decision tells no one anything.

Who may do what: the citizen's a-kasse recommends, during its period only; the citizen's jobcentre
decides and creates offers; the citizen accepts participation. Anyone else gets `OfferNotFound`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import today
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.notifications.compose import Content
from kontaktforloeb.notifications.models import (
    Message,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from kontaktforloeb.notifications.services import message_write
from kontaktforloeb.notifications.tasks import deliver_webhook, enqueue
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import format_date
from kontaktforloeb.web import words

from .errors import (
    AlreadyDecided,
    EndsBeforeStart,
    OfferNotFound,
    ParticipationClosed,
    ReasonRequired,
)
from .models import Offer, OfferType, Recommendation
from .selectors import akasse_period_check

# The message kinds and webhook events offers write.
MESSAGE_DECISION = Message.Kind.OFFER_DECISION
MESSAGE_OFFER = Message.Kind.OFFER
WEBHOOK_RECOMMENDATION_CREATED = WebhookEvent.RECOMMENDATION_CREATED
WEBHOOK_RECOMMENDATION_DECIDED = WebhookEvent.RECOMMENDATION_DECIDED


def _is_akasse_of(actor: Actor, citizen: Citizen) -> bool:
    organisation = actor.organisation
    return (
        not actor.is_citizen
        and organisation is not None
        and organisation.is_akasse
        and citizen.akasse_id == organisation.pk
    )


def _is_jobcenter_of(actor: Actor, citizen: Citizen) -> bool:
    organisation = actor.organisation
    return (
        not actor.is_citizen
        and organisation is not None
        and organisation.is_jobcenter
        and citizen.jobcenter_id == organisation.pk
    )


def may_recommend(actor: Actor, citizen: Citizen) -> bool:
    return _is_akasse_of(actor, citizen)


def may_decide(actor: Actor, citizen: Citizen) -> bool:
    return _is_jobcenter_of(actor, citizen)


def _check_dates(start: date, end: date) -> None:
    if end < start:
        raise EndsBeforeStart()


def recommendation_create(
    *,
    actor: Actor,
    citizen: Citizen,
    type: str,
    provider: str,
    start: date,
    end: date,
    justification: str,
    on: date | None = None,
) -> Recommendation:
    """The a-kasse recommends an offer for its member (R45). Refused outside the a-kasse period
    (`OutsideAkassePeriod`) and with an end before the start; anyone but the citizen's a-kasse
    gets `OfferNotFound`."""
    if not _is_akasse_of(actor, citizen):
        raise OfferNotFound(citizen.pk)
    OfferType(type)
    _check_dates(start, end)
    akasse_period_check(citizen, on or today())
    akasse = actor.organisation
    assert akasse is not None
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            citizen=citizen,
            akasse=akasse,
            jobcenter_id=citizen.jobcenter_id,
            type=type,
            provider=provider.strip(),
            start=start,
            end=end,
            justification=justification.strip(),
            created_by=actor.user,
            created_by_system=actor.system_name,
        )
        _webhooks_write(recommendation, WEBHOOK_RECOMMENDATION_CREATED, citizen.jobcenter_id)
    return recommendation


def _locked_pending(actor: Actor, recommendation: Recommendation) -> Recommendation:
    """The recommendation, locked for the decision; refused unless it is the actor's to decide and
    still pending. Call inside a transaction."""
    if not _is_jobcenter_of(actor, recommendation.citizen):
        raise OfferNotFound(recommendation.pk)
    locked = (
        Recommendation.objects.select_for_update()
        .select_related("citizen", "akasse", "jobcenter")
        .get(pk=recommendation.pk)
    )
    if locked.jobcenter_id != recommendation.citizen.jobcenter_id:
        raise OfferNotFound(recommendation.pk)
    if locked.status != Recommendation.Status.PENDING:
        raise AlreadyDecided()
    return locked


def recommendation_accept(*, actor: Actor, recommendation: Recommendation, note: str = "") -> Offer:
    """The jobcentre follows the recommendation: the offer is created as recommended."""
    with transaction.atomic():
        locked = _locked_pending(actor, recommendation)
        offer = Offer.objects.create(
            citizen=locked.citizen,
            jobcenter_id=locked.citizen.jobcenter_id,
            type=locked.type,
            provider=locked.provider,
            start=locked.start,
            end=locked.end,
            description=note.strip(),
            decided_by=actor.user,
            decided_by_system=actor.system_name,
        )
        _decide(actor, locked, Recommendation.Status.ACCEPTED, note.strip(), offer)
    recommendation.refresh_from_db()
    return offer


def recommendation_reject(*, actor: Actor, recommendation: Recommendation, reason: str) -> None:
    """The jobcentre does not follow the recommendation. The written reason is mandatory
    (`ReasonRequired`, nothing changes) and goes to both the citizen and the a-kasse (R45)."""
    reason = (reason or "").strip()
    if not reason:
        if not _is_jobcenter_of(actor, recommendation.citizen):
            raise OfferNotFound(recommendation.pk)
        raise ReasonRequired()
    with transaction.atomic():
        locked = _locked_pending(actor, recommendation)
        _decide(actor, locked, Recommendation.Status.REJECTED, reason, None)
    recommendation.refresh_from_db()


def _decide(
    actor: Actor, locked: Recommendation, status: str, reason: str, offer: Offer | None
) -> None:
    locked.status = status
    locked.decision_reason = reason
    locked.decided_at = timezone.now()
    locked.decided_by = actor.user
    locked.decided_by_system = actor.system_name
    locked.offer = offer
    locked.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_at",
            "decided_by",
            "decided_by_system",
            "offer",
        ]
    )
    message_write(
        citizen=locked.citizen,
        kind=MESSAGE_DECISION,
        key=f"offers:recommendation:{locked.pk}:decided",
        compose=lambda language: decision_content(locked, language),
    )
    _webhooks_write(locked, WEBHOOK_RECOMMENDATION_DECIDED, locked.akasse_id)


def offer_create(
    *,
    actor: Actor,
    citizen: Citizen,
    type: str,
    provider: str,
    start: date,
    end: date,
    description: str = "",
) -> Offer:
    """The citizen's jobcentre decides an offer directly; the citizen gets a message."""
    if not _is_jobcenter_of(actor, citizen):
        raise OfferNotFound(citizen.pk)
    OfferType(type)
    _check_dates(start, end)
    with transaction.atomic():
        offer = Offer.objects.create(
            citizen=citizen,
            jobcenter_id=citizen.jobcenter_id,
            type=type,
            provider=provider.strip(),
            start=start,
            end=end,
            description=description.strip(),
            decided_by=actor.user,
            decided_by_system=actor.system_name,
        )
        message_write(
            citizen=citizen,
            kind=MESSAGE_OFFER,
            key=f"offers:offer:{offer.pk}:created",
            compose=lambda language: offer_content(offer, language),
        )
    return offer


def offer_accept_participation(*, actor: Actor, offer: Offer) -> Offer:
    """The citizen accepts taking part in the offer (R44). Only the citizen themself."""
    if not actor.is_citizen or actor.user is None or offer.citizen.user_id != actor.user.pk:
        raise OfferNotFound(offer.pk)
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if not locked.open_for_participation:
            raise ParticipationClosed()
        locked.participation_accepted_at = timezone.now()
        locked.save(update_fields=["participation_accepted_at"])
        # RULES-2026 R67: the offer duty is fulfilled when participation begins, on the offer's
        # first day (or today, accepted after it); the plan is recomputed in this transaction.
        case_events_append(
            actor=actor,
            citizen=locked.citizen,
            events=[
                {
                    "type": "offer_started",
                    "date": max(locked.start, today()).isoformat(),
                    "kind": locked.type,
                }
            ],
        )
    offer.refresh_from_db()
    return offer


# --- What the citizen and the organisations' systems are told ------------------------------------


def _period(start: date, end: date, language: str) -> str:
    return f"{format_date(start, language)} – {format_date(end, language)}"


def _offer_details(
    type: str, provider: str, start: date, end: date, language: str
) -> list[tuple[str, str]]:
    return [
        (_("Tilbud"), str(OfferType(type).label)),
        (_("Udbyder"), provider),
        (_("Periode"), _period(start, end, language)),
    ]


def decision_content(recommendation: Recommendation, language: str) -> Content:
    """The jobcentre's decision on the a-kasse's recommendation, with its reason if not followed.
    The municipality is named by its own name (R68)."""
    with translation.override(language):
        municipality = capfirst(
            words.holder_name(
                "jobcenter", recommendation.decided_at, language, recommendation.jobcenter
            )
        )
        details = _offer_details(
            recommendation.type,
            recommendation.provider,
            recommendation.start,
            recommendation.end,
            language,
        )
        if recommendation.status == Recommendation.Status.REJECTED:
            return Content(
                subject=_("%(municipality)s følger ikke a-kassens indstilling om et tilbud")
                % {"municipality": municipality},
                lines=[
                    _(
                        "Din a-kasse har indstillet dig til et tilbud. %(municipality)s har "
                        "besluttet ikke at følge indstillingen. Begrundelse: %(reason)s"
                    )
                    % {"municipality": municipality, "reason": recommendation.decision_reason},
                    _("Du kan se afgørelsen under Tilbud, når du logger ind på Kontaktforløb."),
                ],
                details=details,
            )
        return Content(
            subject=_("Du har fået et tilbud: %(type)s")
            % {"type": OfferType(recommendation.type).label},
            lines=[
                _(
                    "%(municipality)s følger a-kassens indstilling, og du har fået tilbuddet "
                    "herunder."
                )
                % {"municipality": municipality},
                _("Log ind på Kontaktforløb under Tilbud, og acceptér, at du deltager."),
            ],
            details=details,
        )


def offer_content(offer: Offer, language: str) -> Content:
    with translation.override(language):
        municipality = capfirst(
            words.holder_name("jobcenter", offer.decided_at, language, offer.jobcenter)
        )
        return Content(
            subject=_("Du har fået et tilbud: %(type)s") % {"type": OfferType(offer.type).label},
            lines=[
                _("%(municipality)s har givet dig tilbuddet herunder.")
                % {"municipality": municipality},
                _("Log ind på Kontaktforløb under Tilbud, og acceptér, at du deltager."),
            ],
            details=_offer_details(offer.type, offer.provider, offer.start, offer.end, language),
        )


def recommendation_payload(recommendation: Recommendation, event: str, key: str) -> dict[str, Any]:
    return {
        "id": key,
        "event": event,
        "occurred_at": timezone.now().isoformat(),
        "recommendation": {
            "id": recommendation.pk,
            "citizen": recommendation.citizen_id,
            "akasse": recommendation.akasse_id,
            "jobcenter": recommendation.jobcenter_id,
            "type": recommendation.type,
            "provider": recommendation.provider,
            "start": recommendation.start.isoformat(),
            "end": recommendation.end.isoformat(),
            "status": recommendation.status,
            "decision_reason": recommendation.decision_reason,
            "decided_at": (
                timezone.localtime(recommendation.decided_at).isoformat()
                if recommendation.decided_at
                else None
            ),
            "offer": recommendation.offer_id,
        },
    }


def _webhooks_write(recommendation: Recommendation, event: str, organisation_id: int) -> None:
    """One delivery per active endpoint of the organisation subscribed to `event`."""
    for endpoint in WebhookEndpoint.objects.filter(organisation_id=organisation_id, active=True):
        if event not in endpoint.events:
            continue
        key = f"webhook:{endpoint.pk}:recommendation:{recommendation.pk}:{event}"
        body = json.dumps(
            recommendation_payload(recommendation, event, key), ensure_ascii=False, sort_keys=True
        )
        delivery, created = WebhookDelivery.objects.get_or_create(
            delivery_key=key,
            defaults={
                "endpoint": endpoint,
                "event": event,
                "body": body,
                "next_attempt_at": timezone.now(),
            },
        )
        if created:
            transaction.on_commit(lambda pk=delivery.pk: enqueue(deliver_webhook, pk))  # type: ignore[misc]
