"""The offers API (`/api/v1/offers/…`): the same rules and scoping as the pages."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from kontaktforloeb.cases.plans import today
from kontaktforloeb.notifications.models import Message
from kontaktforloeb.offers.models import Offer, Recommendation
from tests.support import factories

from .test_offers import REASON, register

BASE = "/api/v1/offers"


@pytest.fixture
def anna(world: Any) -> Any:
    """A dagpenge member of a-kasse one, two weeks into the a-kasse period."""
    register(world.anna, 14)
    return world.anna


@pytest.fixture
def late(world: Any) -> Any:
    """A member of a-kasse one handed over to the jobcentre months ago."""
    citizen = factories.citizen(world.jc_kbh, world.ak_one, first_name="Lise")
    register(citizen, 200)
    return citizen


def system(org: Any, language: str = "da") -> Client:
    return Client(headers={"X-API-Key": factories.api_key(org), "Accept-Language": language})


def person(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(**overrides: Any) -> dict[str, Any]:
    return {
        "type": "vejledning_opkvalificering",
        "provider": "AMU Hovedstaden",
        "start": (today() + timedelta(days=7)).isoformat(),
        "end": (today() + timedelta(days=21)).isoformat(),
        "justification": "Truckcertifikat åbner for lagerjob.",
        **overrides,
    }


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def recommended(world: Any, citizen: Any) -> int:
    response = post(system(world.ak_one), f"{BASE}/citizens/{citizen.pk}/recommendations", body())
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_the_akasse_recommends_and_the_jobcentre_lists_it(world, anna):
    pk = recommended(world, anna)
    listed = system(world.jc_kbh).get(f"{BASE}/recommendations").json()
    assert [r["id"] for r in listed] == [pk]
    assert listed[0]["status"] == "pending" and listed[0]["akasse"] == "A-kasse Et"
    assert system(world.jc_aarhus).get(f"{BASE}/recommendations").json() == []


@pytest.mark.parametrize("org", ["ak_two", "jc_kbh", "jc_aarhus"])
def test_only_the_citizens_akasse_recommends(world, anna, org):
    response = post(
        system(getattr(world, org)), f"{BASE}/citizens/{anna.pk}/recommendations", body()
    )
    assert response.status_code == 404
    assert not Recommendation.objects.exists()


def test_everything_is_401_for_the_anonymous(world, anna):
    client = Client()
    assert client.get(f"{BASE}/citizens/{anna.pk}").status_code == 401
    assert client.get(f"{BASE}/recommendations").status_code == 401
    assert post(client, f"{BASE}/citizens/{anna.pk}/recommendations", body()).status_code == 401
    assert post(client, f"{BASE}/recommendations/1/reject", {"reason": "x"}).status_code == 401
    assert post(client, f"{BASE}/1/participation").status_code == 401


@pytest.mark.parametrize(
    ("language", "text"),
    [("da", "A-kasseperioden sluttede"), ("en", "The a-kasse period ended")],
)
def test_a_recommendation_after_the_handover_is_refused_in_the_callers_language(
    world, late, language, text
):
    response = post(
        system(world.ak_one, language), f"{BASE}/citizens/{late.pk}/recommendations", body()
    )
    assert response.status_code == 422
    assert text in response.json()["detail"]
    assert not Recommendation.objects.exists()


def test_a_rejection_without_a_reason_is_refused_and_changes_nothing(world, anna):
    pk = recommended(world, anna)
    for payload in ({}, {"reason": "  "}):
        response = post(system(world.jc_kbh), f"{BASE}/recommendations/{pk}/reject", payload)
        assert response.status_code == 422
        assert "begrundelse" in response.json()["detail"]
    assert Recommendation.objects.get().status == "pending"
    assert not Message.objects.exists()


def test_the_rejection_reason_is_there_for_the_akasse_and_the_citizen(world, anna):
    pk = recommended(world, anna)
    assert (
        post(system(world.ak_one), f"{BASE}/recommendations/{pk}/reject", {"reason": REASON})
    ).status_code == 404
    assert (
        post(system(world.jc_aarhus), f"{BASE}/recommendations/{pk}/reject", {"reason": REASON})
    ).status_code == 404
    response = post(system(world.jc_kbh), f"{BASE}/recommendations/{pk}/reject", {"reason": REASON})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["decision_reason"] == REASON
    made = system(world.ak_one).get(f"{BASE}/recommendations").json()
    assert made[0]["decision_reason"] == REASON
    own = person(anna.user).get(f"{BASE}/citizens/{anna.pk}").json()
    assert own["recommendations"][0]["decision_reason"] == REASON
    assert REASON in Message.objects.get(citizen=anna).body
    again = post(system(world.jc_kbh), f"{BASE}/recommendations/{pk}/accept")
    assert again.status_code == 409


def test_accepting_creates_the_offer_and_only_the_citizen_accepts_participation(world, anna):
    pk = recommended(world, anna)
    assert post(system(world.ak_one), f"{BASE}/recommendations/{pk}/accept").status_code == 404
    response = post(system(world.jc_kbh), f"{BASE}/recommendations/{pk}/accept")
    assert response.status_code == 201
    offer = response.json()
    assert offer["recommendation"] == pk and offer["type_label"] == "Vejledning og opkvalificering"
    url = f"{BASE}/{offer['id']}/participation"
    assert post(system(world.jc_kbh), url).status_code == 404
    assert post(person(world.bo.user), url).status_code == 404
    accepted = post(person(anna.user), url)
    assert accepted.status_code == 200 and accepted.json()["participation_accepted_at"]
    assert post(person(anna.user), url).status_code == 409


def test_the_jobcentre_creates_offers_directly_and_no_one_else(world, anna):
    data = body(type="jobrettet_uddannelse")
    del data["justification"]
    url = f"{BASE}/citizens/{anna.pk}/offers"
    for org in ("ak_one", "ak_two", "jc_aarhus"):
        assert post(system(getattr(world, org)), url, data).status_code == 404
    response = post(system(world.jc_kbh), url, {**data, "description": "Svejsekursus"})
    assert response.status_code == 201
    assert Offer.objects.get().decided_by_system == "case system"
    backwards = {**data, "end": (today() + timedelta(days=1)).isoformat()}
    refused = post(system(world.jc_kbh, "en"), url, backwards)
    assert refused.status_code == 422
    assert refused.json()["detail"] == "The end date must be on or after the start date."
    assert Offer.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("jc_kbh", 200), ("ak_one", 200), ("ak_two", 404), ("jc_aarhus", 404)],
)
def test_a_citizens_offers_are_read_only_by_her_organisations(world, anna, who, status):
    recommended(world, anna)
    response = system(getattr(world, who)).get(f"{BASE}/citizens/{anna.pk}")
    assert response.status_code == status
    if status == 200:
        assert len(response.json()["recommendations"]) == 1


def test_a_citizen_reads_only_her_own_offers(world, anna):
    assert person(anna.user).get(f"{BASE}/citizens/{anna.pk}").status_code == 200
    assert person(world.bo.user).get(f"{BASE}/citizens/{anna.pk}").status_code == 404
