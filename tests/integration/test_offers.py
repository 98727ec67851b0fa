"""Offers and the a-kasse's recommendations (R44, R45): services and pages, scope by scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from kontaktforloeb.cases.plans import today
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.notifications.models import Message, WebhookDelivery, WebhookEndpoint
from kontaktforloeb.offers.errors import (
    AlreadyDecided,
    OfferNotFound,
    OutsideAkassePeriod,
    ReasonRequired,
)
from kontaktforloeb.offers.models import Offer, Recommendation
from kontaktforloeb.offers.selectors import recommendations_awaiting_decision
from kontaktforloeb.offers.services import (
    offer_accept_participation,
    offer_create,
    recommendation_accept,
    recommendation_create,
    recommendation_reject,
)
from kontaktforloeb.offers.views import offers_case_summary
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User
from tests.support import factories

REASON = "Borgeren har allerede et relevant kursus, og praktikken ligger for langt væk."


def register(citizen: Any, days_ago: int) -> None:
    case_events_append(
        actor=Actor.of_operator("tests"),
        citizen=citizen,
        events=[
            {
                "type": "registered",
                "date": (today() - timedelta(days=days_ago)).isoformat(),
                "group": "dagpenge",
            }
        ],
    )


@pytest.fixture
def anna(world: Any) -> Any:
    """A dagpenge member of a-kasse one, two weeks into the a-kasse period."""
    register(world.anna, 14)
    return world.anna


@pytest.fixture
def late(world: Any) -> Any:
    """A member of a-kasse one whose a-kasse period ended: handed over to the jobcentre."""
    citizen = factories.citizen(world.jc_kbh, world.ak_one, with_user=True, first_name="Lise")
    register(citizen, 200)
    return citizen


def fields(**overrides: Any) -> dict[str, Any]:
    return {
        "type": "virksomhedspraktik",
        "provider": "Bageriet Kornet",
        "start": today() + timedelta(days=14),
        "end": today() + timedelta(days=41),
        **overrides,
    }


def recommend(world: Any, citizen: Any) -> Recommendation:
    return recommendation_create(
        actor=Actor.of_user(world.ak_one_worker),
        citizen=citizen,
        justification="Borgeren vil gerne prøve bagerfaget af.",
        **fields(),
    )


def as_user(user: Any, language: str = "da") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def form_data(**overrides: Any) -> dict[str, str]:
    return {
        "type": "virksomhedspraktik",
        "provider": "Bageriet Kornet",
        "start": (today() + timedelta(days=14)).strftime("%d-%m-%Y"),
        "end": (today() + timedelta(days=41)).strftime("%d-%m-%Y"),
        "justification": "Borgeren vil gerne prøve bagerfaget af.",
        **overrides,
    }


# --- Recommending (the a-kasse, in its period) ---------------------------------------------------


def test_the_akasse_recommends_from_the_form_and_the_jobcentre_sees_it_to_decide(world, anna):
    response = as_user(world.ak_one_worker).post(f"/tilbud/indstil/{anna.pk}/", form_data())
    assert response.status_code == 302
    assert response["Location"] == f"/tilbud/borger/{anna.pk}/"
    recommendation = Recommendation.objects.get()
    assert (recommendation.akasse, recommendation.jobcenter) == (world.ak_one, world.jc_kbh)
    assert recommendation.status == "pending"
    page = as_user(world.jc_kbh_worker).get("/tilbud/indstillinger/")
    assert page.status_code == 200
    assert "Anna" in page.content.decode() and "Bageriet Kornet" in page.content.decode()
    assert (
        as_user(world.jc_aarhus_worker)
        .get("/tilbud/indstillinger/")
        .content.decode()
        .count("Bageriet")
        == 0
    )


@pytest.mark.parametrize("who", ["ak_two_worker", "jc_kbh_worker", "jc_aarhus_worker"])
def test_only_the_citizens_akasse_may_recommend(world, anna, who):
    client = as_user(getattr(world, who))
    assert client.get(f"/tilbud/indstil/{anna.pk}/").status_code == 404
    assert client.post(f"/tilbud/indstil/{anna.pk}/", form_data()).status_code == 404
    with pytest.raises(OfferNotFound):
        recommendation_create(
            actor=Actor.of_user(getattr(world, who)), citizen=anna, justification="x", **fields()
        )
    assert not Recommendation.objects.exists()


def test_the_recommendation_form_is_for_staff_only(world, anna):
    anonymous = Client().get(f"/tilbud/indstil/{anna.pk}/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/log-ind/")
    assert as_user(anna.user).get(f"/tilbud/indstil/{anna.pk}/").status_code == 404


def test_a_bad_recommendation_says_what_is_wrong_at_the_top_and_the_field_and_keeps_the_text(
    world, anna
):
    response = as_user(world.ak_one_worker).post(
        f"/tilbud/indstil/{anna.pk}/",
        form_data(provider="", end=(today() + timedelta(days=1)).strftime("%d-%m-%Y")),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Der er 2 problemer" in html
    assert "Skriv, hvem der udbyder tilbuddet." in html
    assert "Slutdatoen skal være samme dag som startdatoen eller senere." in html
    assert "Borgeren vil gerne prøve bagerfaget af." in html  # what was typed stays
    assert not Recommendation.objects.exists()


def test_the_form_speaks_english_to_an_english_user(world, anna):
    response = as_user(world.ak_one_worker, "en").post(
        f"/tilbud/indstil/{anna.pk}/", form_data(provider="")
    )
    assert "Write who provides the offer." in response.content.decode()


def test_the_akasse_cannot_recommend_after_the_handover(world, late):
    with pytest.raises(OutsideAkassePeriod) as refused:
        recommend(world, late)
    assert "A-kasseperioden sluttede" in refused.value.message("da")
    client = as_user(world.ak_one_worker)
    page = client.get(f"/tilbud/indstil/{late.pk}/")
    assert page.status_code == 200
    assert "A-kasseperioden sluttede" in page.content.decode()
    assert '<form method="post" novalidate>' not in page.content.decode()
    assert client.post(f"/tilbud/indstil/{late.pk}/", form_data()).status_code == 200
    assert not Recommendation.objects.exists()


def test_a_citizen_without_a_spell_has_no_akasse_period(world):
    citizen = factories.citizen(world.jc_kbh, world.ak_one)
    with pytest.raises(OutsideAkassePeriod):
        recommend(world, citizen)


# --- Deciding (the jobcentre) ---------------------------------------------------------------------


def test_a_rejection_without_a_reason_is_refused_and_changes_nothing(world, anna):
    recommendation = recommend(world, anna)
    jobcentre = Actor.of_user(world.jc_kbh_worker)
    for reason in ("", "   \n "):
        with pytest.raises(ReasonRequired):
            recommendation_reject(actor=jobcentre, recommendation=recommendation, reason=reason)
    response = as_user(world.jc_kbh_worker).post(
        f"/tilbud/indstillinger/{recommendation.pk}/", {"decision": "reject", "reason": " "}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Der er et problem" in html
    assert "skal det begrundes skriftligt" in html
    recommendation.refresh_from_db()
    assert recommendation.status == "pending" and recommendation.decision_reason == ""
    assert not Message.objects.exists()


def test_the_rejection_reason_reaches_the_citizen_and_the_akasse(
    world, anna, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(
        organisation=world.ak_one,
        url="http://127.0.0.1:9/hook",
        secret="s",
        events=["recommendation.decided"],
    )
    recommendation = recommend(world, anna)
    posted = []
    with (
        pytest.MonkeyPatch.context() as patch,
        django_capture_on_commit_callbacks(execute=True),
    ):
        patch.setattr(
            "kontaktforloeb.notifications.services.post", lambda d: posted.append(d) or {}
        )
        response = as_user(world.jc_kbh_worker).post(
            f"/tilbud/indstillinger/{recommendation.pk}/",
            {"decision": "reject", "reason": REASON},
        )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "rejected" and recommendation.decision_reason == REASON
    assert recommendation.decided_by == world.jc_kbh_worker and recommendation.offer is None
    # The citizen got a message with the reason, and sees it on the offers page.
    message = Message.objects.get(citizen=anna)
    assert REASON in message.body
    assert [m.to for m in mail.outbox] == [[anna.email]]
    citizen_page = as_user(anna.user).get("/tilbud/").content.decode()
    assert REASON in citizen_page
    # The a-kasse sees it on its pages and its system got a webhook with it.
    akasse = as_user(world.ak_one_worker)
    assert REASON[:60] in akasse.get("/tilbud/indstillinger/").content.decode()
    assert REASON in akasse.get(f"/tilbud/borger/{anna.pk}/").content.decode()
    assert REASON in akasse.get(f"/tilbud/indstillinger/{recommendation.pk}/").content.decode()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.event == "recommendation.decided" and REASON in delivery.body
    assert posted == [delivery]


def test_only_the_citizens_jobcentre_decides(world, anna):
    recommendation = recommend(world, anna)
    for user in (world.ak_one_worker, world.ak_two_worker, world.jc_aarhus_worker):
        with pytest.raises(OfferNotFound):
            recommendation_reject(
                actor=Actor.of_user(user), recommendation=recommendation, reason=REASON
            )
        with pytest.raises(OfferNotFound):
            recommendation_accept(actor=Actor.of_user(user), recommendation=recommendation)
    url = f"/tilbud/indstillinger/{recommendation.pk}/"
    assert as_user(world.ak_one_worker).get(url).status_code == 200  # its own, to read
    assert as_user(world.ak_one_worker).post(url, {"decision": "accept"}).status_code == 404
    assert as_user(world.ak_two_worker).get(url).status_code == 404
    assert as_user(world.jc_aarhus_worker).get(url).status_code == 404
    assert as_user(world.jc_aarhus_worker).post(url, {"decision": "accept"}).status_code == 404
    assert as_user(anna.user).get(url).status_code == 404
    assert Client().get(url)["Location"].startswith("/log-ind/")
    recommendation.refresh_from_db()
    assert recommendation.status == "pending"


def test_accepting_creates_the_offer_and_the_citizen_accepts_participation(world, anna):
    recommendation = recommend(world, anna)
    response = as_user(world.jc_kbh_worker).post(
        f"/tilbud/indstillinger/{recommendation.pk}/", {"decision": "accept", "reason": ""}
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert (offer.citizen, offer.type, offer.provider) == (
        anna,
        "virksomhedspraktik",
        "Bageriet Kornet",
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "accepted" and recommendation.offer == offer
    assert Message.objects.filter(citizen=anna, kind="offer_decision").count() == 1
    with pytest.raises(AlreadyDecided):
        recommendation_reject(
            actor=Actor.of_user(world.jc_kbh_worker), recommendation=recommendation, reason="x"
        )
    # Someone else cannot accept for her.
    assert as_user(world.bo.user).post(f"/tilbud/{offer.pk}/deltag/").status_code == 404
    assert as_user(world.jc_kbh_worker).post(f"/tilbud/{offer.pk}/deltag/").status_code == 404
    assert Client().post(f"/tilbud/{offer.pk}/deltag/")["Location"].startswith("/log-ind/")
    citizen = as_user(anna.user)
    assert "Acceptér deltagelse" in citizen.get("/tilbud/").content.decode()
    assert citizen.post(f"/tilbud/{offer.pk}/deltag/").status_code == 302
    offer.refresh_from_db()
    assert offer.participation_accepted_at is not None
    page = citizen.get("/tilbud/").content.decode()
    assert "Accepteret" in page and "Acceptér deltagelse" not in page
    # R67: the participation is in the case log, dated the day it begins.
    started = anna.events.get(type="offer_started")
    assert started.date == offer.start and started.data == {"kind": "virksomhedspraktik"}


def test_participation_is_the_citizens_own(world, anna):
    offer = offer_create(actor=Actor.of_user(world.jc_kbh_worker), citizen=anna, **fields())
    for actor in (Actor.of_user(world.jc_kbh_worker), Actor.of_user(world.bo.user)):
        with pytest.raises(OfferNotFound):
            offer_accept_participation(actor=actor, offer=offer)


# --- Offers straight from the jobcentre ------------------------------------------------------------


def test_the_jobcentre_creates_an_offer_directly_and_the_citizen_is_told(world, anna):
    data = form_data(type="loentilskud", description="Løntilskud i 4 uger.")
    response = as_user(world.jc_kbh_worker).post(f"/tilbud/opret/{anna.pk}/", data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.type == "loentilskud" and offer.decided_by == world.jc_kbh_worker
    assert Message.objects.get(citizen=anna).kind == "offer"
    assert "Ansættelse med løntilskud" in as_user(anna.user).get("/tilbud/").content.decode()


@pytest.mark.parametrize("who", ["ak_one_worker", "ak_two_worker", "jc_aarhus_worker"])
def test_only_the_citizens_jobcentre_creates_offers(world, anna, who):
    client = as_user(getattr(world, who))
    assert client.get(f"/tilbud/opret/{anna.pk}/").status_code == 404
    assert client.post(f"/tilbud/opret/{anna.pk}/", form_data()).status_code == 404
    with pytest.raises(OfferNotFound):
        offer_create(actor=Actor.of_user(getattr(world, who)), citizen=anna, **fields())
    assert not Offer.objects.exists()


# --- Reading -----------------------------------------------------------------------------------------


def test_the_citizens_page_is_hers_alone(world, anna):
    offer_create(actor=Actor.of_user(world.jc_kbh_worker), citizen=anna, **fields())
    assert Client().get("/tilbud/")["Location"].startswith("/log-ind/")
    assert as_user(world.jc_kbh_worker).get("/tilbud/").status_code == 404
    assert "Bageriet" not in as_user(world.bo.user).get("/tilbud/").content.decode()
    assert "Bageriet" in as_user(anna.user).get("/tilbud/").content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("jc_kbh_worker", 200),
        ("ak_one_worker", 200),
        ("ak_two_worker", 404),
        ("jc_aarhus_worker", 404),
    ],
)
def test_staff_see_a_citizens_offers_only_when_the_citizen_is_theirs(world, anna, who, status):
    assert as_user(getattr(world, who)).get(f"/tilbud/borger/{anna.pk}/").status_code == status


def test_the_recommendations_lists_need_staff(world, anna):
    assert Client().get("/tilbud/indstillinger/")["Location"].startswith("/log-ind/")
    assert as_user(anna.user).get("/tilbud/indstillinger/").status_code == 404


def test_the_worklist_answers_in_a_fixed_number_of_queries(
    world, anna, django_assert_max_num_queries
):
    for _ in range(5):
        recommend(world, anna)
    client = as_user(world.jc_kbh_worker)
    with django_assert_max_num_queries(8):
        response = client.get("/tilbud/indstillinger/")
    assert response.content.decode().count("Bageriet Kornet") == 5
    jobcentre = Actor.of_user(world.jc_kbh_worker)
    assert recommendations_awaiting_decision(actor=jobcentre).count() == 5
    assert not recommendations_awaiting_decision(actor=Actor.of_user(world.ak_one_worker)).exists()


def test_the_case_summary_says_who_may_do_what(world, anna, late):
    recommendation = recommend(world, anna)
    akasse = offers_case_summary(anna, Actor.of_user(world.ak_one_worker))
    assert akasse["offers_may_recommend"] and not akasse["offers_may_decide"]
    assert akasse["offers_recommendations"] == [recommendation]
    jobcentre = offers_case_summary(anna, Actor.of_user(world.jc_kbh_worker))
    assert jobcentre["offers_may_decide"] and not jobcentre["offers_may_recommend"]
    after = offers_case_summary(late, Actor.of_user(world.ak_one_worker))
    assert not after["offers_may_recommend"]
    assert "A-kasseperioden sluttede" in after["offers_recommend_refusal"]


@pytest.mark.parametrize("url", ["/admin/offers/offer/", "/admin/offers/recommendation/"])
def test_the_admin_lists_offers_and_recommendations_read_only(world, anna, url):
    recommendation_accept(
        actor=Actor.of_user(world.jc_kbh_worker), recommendation=recommend(world, anna)
    )
    admin = User.objects.create_superuser("root", "root@example.dk", "x" * 16, role="administrator")
    client = Client()
    client.force_login(admin)
    assert client.get(url).status_code == 200
    assert client.get(f"{url}add/").status_code == 403


def test_an_english_speaking_citizen_reads_the_decision_and_the_page_in_english(world, anna):
    anna.language = "en"
    anna.save(update_fields=["language"])
    recommendation_reject(
        actor=Actor.of_user(world.jc_kbh_worker),
        recommendation=recommend(world, anna),
        reason=REASON,
    )
    message = Message.objects.get(citizen=anna)
    # The decision is made now, by the citizen's municipality, named by its own name (R68).
    assert message.subject == (
        "Jobcenter København does not follow the a-kasse's recommendation of an offer"
    )
    assert f"Reason: {REASON}" in message.body
    page = as_user(anna.user, "en").get("/tilbud/").content.decode()
    assert "The municipality's reason for not following the recommendation" in page
    assert "Work placement" in page and "Not followed" in page and REASON in page
