"""Deciding a consequence the rules found (R25, R26, R48, R49): the organisation that pays the
benefit decides, with a reason, once; through the API and the case page's "Afgør", with the same
checks; the consequence worklist shows what was decided, by whom, when and why, and lists as
awaiting only what is not decided. A refusal stores nothing."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kontaktforloeb.cases.models import CaseEvent, Citizen, CitizenPlan, PlanItem
from kontaktforloeb.cases.plans import plan_recompute, plans_recompute_stale
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
MISSED = "2024-09-12"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2024, 9, 20, 9, tzinfo=CPH), tick=False):
        yield


def _missed(citizen: Citizen, group: str, holder: str) -> Citizen:
    case_events_append(
        actor=Actor.of_operator("tests"),
        citizen=citizen,
        events=[
            {"type": "registered", "date": "2024-09-02", "group": group},
            {"type": "interview_missed", "date": MISSED, "holder": holder},
        ],
    )
    return citizen


@pytest.fixture
def anna(world):
    """Dagpenge, a-kasse one: missed the a-kasse's meeting, a lost dagpenge day (R48)."""
    return _missed(world.anna, "dagpenge", "akasse")


@pytest.fixture
def carl(world):
    """Kontanthjælp in København, a member of a-kasse one: a deduction basis (R49)."""
    carl = factories.citizen(world.jc_kbh, world.ak_one, cpr="0202851234", first_name="Carl")
    return _missed(carl, "kontanthjaelp_jobparat", "jobcenter")


def decide(key: str, citizen: Citizen, language: str = "da", **body: Any) -> Any:
    data = {"from": MISSED, "decision": "imposed", "reason": "Ingen lovlig grund", **body}
    return Client(headers={"X-API-Key": key, "Accept-Language": language}).post(
        f"/api/v1/citizens/{citizen.pk}/consequences/decisions",
        json.dumps(data),
        content_type="application/json",
    )


def decisions() -> int:
    return CaseEvent.objects.filter(type="consequence_decided").count()


# (the citizen, the consequence, who decides, the other who sees the citizen, a foreign one)
CASES = [
    ("anna", "lost_day", "ak_one", "jc_kbh", "ak_two"),
    ("carl", "deduction_basis", "jc_kbh", "ak_one", "jc_aarhus"),
]


@pytest.mark.parametrize(("who", "consequence", "decider", "other", "foreign"), CASES)
def test_the_organisation_that_pays_decides_the_consequence(
    world, anna, carl, who, consequence, decider, other, foreign
):
    citizen = {"anna": anna, "carl": carl}[who]
    response = decide(factories.api_key(getattr(world, foreign)), citizen, consequence=consequence)
    assert response.status_code == 404

    response = decide(
        factories.api_key(getattr(world, other)), citizen, "en", consequence=consequence
    )
    assert response.status_code == 403
    assert str(getattr(world, decider)) in response.json()["detail"]
    assert "decides" in response.json()["detail"]
    assert decisions() == 0

    response = decide(factories.api_key(getattr(world, decider)), citizen, consequence=consequence)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["consequence"] == consequence and body["from"] == MISSED
    assert body["decision"] == "imposed" and body["reason"] == "Ingen lovlig grund"
    assert body["decided_on"] == "2024-09-20"
    assert body["organisation"] == str(getattr(world, decider))
    item = PlanItem.objects.get(citizen=citizen, kind="consequence")
    assert item.decision is not None and item.decision.data["decision"] == "imposed"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decision_without_a_reason_is_refused_and_stores_nothing(world, anna, reason):
    response = decide(factories.api_key(world.ak_one), anna, consequence="lost_day", reason=reason)
    assert response.status_code == 422
    assert response.json()["detail"] == "Skriv en begrundelse for afgørelsen."
    assert decisions() == 0
    assert PlanItem.objects.get(citizen=anna, kind="consequence").decision is None


def test_a_consequence_is_decided_once(world, anna):
    akasse = factories.api_key(world.ak_one)
    assert decide(akasse, anna, consequence="lost_day").status_code == 201
    response = decide(akasse, anna, "en", consequence="lost_day", decision="not_imposed")
    assert response.status_code == 422
    assert "already decided on 20 September 2024" in response.json()["detail"]
    assert decisions() == 1


def test_only_a_consequence_in_the_plan_can_be_decided(world, anna):
    akasse = factories.api_key(world.ak_one)
    response = decide(akasse, anna, "en", consequence="lost_day", **{"from": "2024-09-13"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "The citizen's plan has no such consequence: the lost dagpenge day from 13 September 2024."
    )
    response = decide(akasse, anna, consequence="deregistered")
    assert response.status_code == 422
    assert decisions() == 0


def test_the_decision_survives_every_recomputation(world, anna):
    assert decide(factories.api_key(world.ak_one), anna, consequence="lost_day").status_code == 201
    plan_recompute(anna)
    assert PlanItem.objects.get(citizen=anna, kind="consequence").decision is not None
    CitizenPlan.objects.filter(citizen=anna).update(parameter_hash="older")
    assert plans_recompute_stale().recomputed == 1
    assert PlanItem.objects.get(citizen=anna, kind="consequence").decision is not None


# --- The case page ------------------------------------------------------------------------


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decide_url(citizen: Citizen, consequence: str) -> str:
    return f"/sager/{citizen.pk}/konsekvens/{consequence}/{MISSED}/afgoer/"


def test_the_case_page_offers_afgoer_to_the_deciding_organisation_only(world, anna):
    url = decide_url(anna, "lost_day")
    akasse = login(world.ak_one_worker)
    page = akasse.get(f"/sager/{anna.pk}/").content.decode()
    assert url in page and "Afgør" in page
    assert akasse.get(url).status_code == 200

    jobcentre = login(world.jc_kbh_worker)
    page = jobcentre.get(f"/sager/{anna.pk}/").content.decode()
    assert url not in page and "Venter på a-kassens afgørelse." in page
    assert jobcentre.get(url).status_code == 404
    assert jobcentre.post(url, {"decision": "imposed", "reason": "x"}).status_code == 404
    assert login(world.jc_aarhus_worker).get(url).status_code == 404
    assert login(world.ak_one_worker).get(decide_url(anna, "deregistered")).status_code == 404
    assert decisions() == 0


def test_a_refused_decision_on_the_page_keeps_what_was_typed_in_the_users_language(world, anna):
    akasse = login(world.ak_one_worker)
    url = decide_url(anna, "lost_day")
    form = {"form_prefix": "k7", "k7-decision": "not_imposed", "k7-reason": ""}
    page = akasse.post(url, form).content.decode()
    assert "Skriv en begrundelse for afgørelsen." in page
    assert 'value="not_imposed" checked' in page
    page = akasse.post(url, form, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Write the reason for the decision." in page
    assert decisions() == 0

    form["k7-reason"] = "Var syg, men meldte det for sent"
    response = akasse.post(url, form)
    assert response.status_code == 302
    page = akasse.get(response["Location"]).content.decode()
    assert "Afgørelsen er registreret." in page
    assert "Ikke gennemført fredag 20. september 2024" in page
    assert "»Var syg, men meldte det for sent«" in page
    assert url not in page  # decided: no form any more


# --- The worklist -------------------------------------------------------------------------


def worklist(user, **query: str) -> str:
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    response = login(user).get(reverse("workspace:worklist", args=["konsekvenser"]) + suffix)
    assert response.status_code == 200
    return response.content.decode()


def test_the_worklist_awaits_only_undecided_consequences_and_shows_the_decision(world, anna, carl):
    awaiting = worklist(world.jc_kbh_worker)
    assert anna.name in awaiting and carl.name in awaiting
    assert "A-kassen træffer afgørelsen." in awaiting and "Kommunen træffer afgørelsen." in awaiting

    response = decide(factories.api_key(world.ak_one), anna, consequence="lost_day")
    assert response.status_code == 201

    awaiting = worklist(world.jc_kbh_worker)
    assert anna.name not in awaiting and carl.name in awaiting
    assert anna.name not in worklist(world.ak_one_worker)
    decided = worklist(world.ak_one_worker, afgoerelse="afgjort")
    assert anna.name in decided
    # By the a-kasse's case system (its API key), in the organisation's name.
    expected = "Afgjort: Gennemført fredag 20. september 2024 af case system, A-kasse Et: »Ingen lovlig grund«."
    assert expected in decided
    assert carl.name not in worklist(world.jc_kbh_worker, afgoerelse="afgjort")
    both = worklist(world.jc_kbh_worker, afgoerelse="alle")
    assert anna.name in both and carl.name in both
