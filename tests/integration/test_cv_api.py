"""`/api/v1/cv/…`: the same rules and scoping as the pages, by API key and by session."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kontaktforloeb.cases.models import CaseEvent
from kontaktforloeb.cases.plans import plan_current
from kontaktforloeb.cv.models import Cv
from kontaktforloeb.cv.selectors import cv_of
from tests.integration.test_cv_services import COMPLETE, register
from tests.support import factories


def key_client(org) -> Client:
    return Client(headers={"X-API-Key": factories.api_key(org)})


def session_client(user, **headers: str) -> Client:
    client = Client(headers=headers)
    client.force_login(user)
    return client


def put(client: Client, url: str, body: dict) -> object:
    return client.put(url, json.dumps(body), content_type="application/json")


def post(client: Client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def anna(world):
    register(world.anna, "dagpenge")
    return world.anna


def url(citizen, tail: str = "") -> str:
    return f"/api/v1/cv/{citizen.pk}{tail}"


def test_anonymous_gets_401_everywhere(anna):
    client = Client()
    assert client.get(url(anna)).status_code == 401
    assert put(client, url(anna), {}).status_code == 401
    for tail in ("/submit", "/approve", "/return"):
        assert post(client, url(anna, tail), {"comment": "x"}).status_code == 401
    assert client.get("/api/v1/cv/awaiting-approval").status_code == 401


def test_the_citizen_writes_and_submits_their_own_cv_and_nobody_elses(anna, world):
    me = session_client(anna.user)
    body = COMPLETE.model_dump(mode="json")
    response = put(me, url(anna), {**body, "experience": []})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "draft"
    assert data["approver"] == "akasse"
    assert [part["key"] for part in data["missing"]] == ["experience"]

    refused = post(me, url(anna, "/submit"))
    assert refused.status_code == 422
    assert "erhvervserfaring" in refused.json()["detail"]
    english = post(session_client(anna.user, **{"Accept-Language": "en"}), url(anna, "/submit"))
    assert "work experience" in english.json()["detail"]

    assert put(me, url(anna), body).status_code == 200
    submitted = post(me, url(anna, "/submit"))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert plan_current(anna).document("da")["cv"]["status"] == "published"

    # Another citizen and the organisations cannot write it.
    assert put(session_client(world.bo.user), url(anna), body).status_code == 404
    assert put(key_client(world.ak_one), url(anna), body).status_code == 403
    assert post(key_client(world.ak_one), url(anna, "/submit")).status_code == 403


def test_reading_is_for_whoever_sees_the_citizen(anna, world):
    assert session_client(anna.user).get(url(anna)).status_code == 200
    assert key_client(world.jc_kbh).get(url(anna)).status_code == 200
    assert key_client(world.ak_one).get(url(anna)).status_code == 200
    for org in (world.jc_aarhus, world.ak_two):
        assert key_client(org).get(url(anna)).status_code == 404
    assert session_client(world.bo.user).get(url(anna)).status_code == 404


def test_only_the_approving_organisation_approves_or_returns(anna, world):
    me = session_client(anna.user)
    put(me, url(anna), COMPLETE.model_dump(mode="json"))
    post(me, url(anna, "/submit"))

    for org in (world.jc_kbh, world.jc_aarhus, world.ak_two):
        assert post(key_client(org), url(anna, "/approve")).status_code == 404, org
        assert post(key_client(org), url(anna, "/return"), {"comment": "x"}).status_code == 404
    assert post(me, url(anna, "/approve")).status_code == 404

    akasse = key_client(world.ak_one)
    assert [row["citizen_id"] for row in akasse.get("/api/v1/cv/awaiting-approval").json()] == [
        anna.pk
    ]
    assert key_client(world.jc_kbh).get("/api/v1/cv/awaiting-approval").json() == []

    assert post(akasse, url(anna, "/return"), {"comment": "  "}).status_code == 422
    returned = post(akasse, url(anna, "/return"), {"comment": "Mere om dine opgaver, tak."})
    assert returned.status_code == 200
    assert returned.json()["approver_comment"] == "Mere om dine opgaver, tak."
    assert post(akasse, url(anna, "/approve")).status_code == 409  # not awaiting approval

    post(me, url(anna, "/submit"))
    approved = post(akasse, url(anna, "/approve"))
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["searchable"] is True
    assert cv_of(anna).status == Cv.Status.APPROVED
    event = CaseEvent.objects.get(citizen=anna, type="cv_approved")
    assert event.data == {"by": "akasse"} and event.recorded_by_system == "case system"
