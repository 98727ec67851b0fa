"""Registering citizens through the API (the municipality of residence, the a-kasse for its
members), finding one by CPR number, listing the caller's citizens, and a move."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.cases.models import CaseEvent, Citizen, PlanItem
from tests.support import factories

TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def clock():
    moment = datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture
def orgs(db):
    return {
        "kbh": factories.jobcenter(101, "Jobcenter København"),
        "aarhus": factories.jobcenter(751, "Jobcenter Aarhus"),
        "ak": factories.akasse("A-kasse Test"),
        "other_ak": factories.akasse("En anden a-kasse"),
    }


def call(client, organisation, method, url, body=None, lang="da"):
    headers = {"HTTP_X_API_KEY": factories.api_key(organisation), "HTTP_ACCEPT_LANGUAGE": lang}
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, body or {}, content_type="application/json", **headers)


def person(orgs, cpr="0101901234", **fields):
    return {
        "cpr": cpr,
        "first_name": "Ida",
        "last_name": "Olesen",
        "email": "ida@example.dk",
        "municipality_code": 101,
        "akasse_id": orgs["ak"].pk,
        "group": "dagpenge",
        "first_day": "2026-12-01",
        **fields,
    }


def test_the_akasse_registers_a_member_and_the_plan_is_there(client, orgs):
    response = call(client, orgs["ak"], "post", "/api/v1/citizens", person(orgs))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["municipality_code"] == 101 and body["akasse"] == "A-kasse Test"
    citizen = Citizen.objects.get(pk=body["id"])
    assert list(citizen.events.values_list("type", flat=True)) == ["registered"]
    first = PlanItem.objects.get(citizen=citizen, kind="interview", number=1)
    assert (first.holder, first.deadline, first.ruleset_id) == (
        "akasse",
        date(2026, 12, 15),
        "RS2026-07",
    )


def test_initial_events_are_stored_with_the_registration(client, orgs):
    body = person(
        orgs,
        events=[
            {
                "type": "dagpenge_paid",
                "date": "2026-12-02",
                "from": "2026-12-01",
                "to": "2026-12-01",
                "hours": "7.40",
            }
        ],
    )
    response = call(client, orgs["ak"], "post", "/api/v1/citizens", body)
    assert response.status_code == 201, response.content
    citizen = Citizen.objects.get(pk=response.json()["id"])
    assert list(citizen.events.values_list("type", flat=True)) == ["registered", "dagpenge_paid"]


def test_a_known_cpr_answers_409_with_the_id_and_never_duplicates(client, orgs):
    first = call(client, orgs["kbh"], "post", "/api/v1/citizens", person(orgs))
    again = call(client, orgs["ak"], "post", "/api/v1/citizens", person(orgs, first_name="X"))
    assert again.status_code == 409
    assert again.json()["citizen_id"] == first.json()["id"]
    assert Citizen.objects.count() == 1 and CaseEvent.objects.count() == 1


def test_a_known_cpr_the_caller_may_not_see_answers_as_a_foreign_citizen(client, orgs):
    call(
        client,
        orgs["kbh"],
        "post",
        "/api/v1/citizens",
        person(orgs, akasse_id=None, group="kontanthjaelp_jobparat"),
    )
    response = call(
        client,
        orgs["aarhus"],
        "post",
        "/api/v1/citizens",
        person(orgs, municipality_code=751, akasse_id=None, group="kontanthjaelp_jobparat"),
    )
    foreign = call(client, orgs["aarhus"], "get", f"/api/v1/citizens/{Citizen.objects.get().pk}")
    assert response.status_code == foreign.status_code == 404
    assert response.json() == foreign.json()
    assert Citizen.objects.count() == 1


def test_only_the_municipality_of_residence_or_the_members_akasse_registers(client, orgs):
    refused = call(client, orgs["aarhus"], "post", "/api/v1/citizens", person(orgs), lang="en")
    assert refused.status_code == 403
    assert "municipality of residence" in refused.json()["detail"]
    other = call(client, orgs["other_ak"], "post", "/api/v1/citizens", person(orgs))
    assert other.status_code == 403
    assert not Citizen.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("cpr", "3213901234", "CPR"),
        ("municipality_code", 999, "kommunekoden 999"),
        ("first_day", "2026-12-24", "efter i dag"),
        ("first_day", "2026-10-01", "28 dage"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    client, orgs, field, value, words
):
    response = call(client, orgs["kbh"], "post", "/api/v1/citizens", person(orgs, **{field: value}))
    assert response.status_code == 422, response.content
    assert words in response.content.decode()
    assert not Citizen.objects.exists()


def test_dagpenge_without_an_akasse_is_refused(client, orgs):
    response = call(client, orgs["kbh"], "post", "/api/v1/citizens", person(orgs, akasse_id=None))
    assert response.status_code == 422
    assert "a-kasse" in response.json()["detail"]


def test_lookup_by_cpr_is_access_logged_and_foreign_numbers_find_nothing(client, orgs):
    created = call(client, orgs["ak"], "post", "/api/v1/citizens", person(orgs)).json()
    found = call(client, orgs["kbh"], "get", "/api/v1/citizens?cpr=010190-1234").json()
    assert [item["id"] for item in found["items"]] == [created["id"]]
    assert AccessLogEntry.objects.filter(
        citizen_id=created["id"], organisation=orgs["kbh"], why="Fundet på CPR-nummer"
    ).exists()
    assert call(client, orgs["aarhus"], "get", "/api/v1/citizens?cpr=0101901234").json() == {
        "items": [],
        "next": None,
    }
    assert call(client, orgs["kbh"], "get", "/api/v1/citizens?cpr=12").status_code == 422


def test_the_list_is_paginated_with_a_cursor(client, orgs, monkeypatch):
    from kontaktforloeb.cases import registration_api

    monkeypatch.setattr(registration_api, "PAGE_SIZE", 2)
    for serial in range(5):
        body = person(orgs, cpr=f"01019000{serial}{serial}", first_name=f"P{serial}")
        assert call(client, orgs["ak"], "post", "/api/v1/citizens", body).status_code == 201
    seen, page = [], None
    while True:
        url = "/api/v1/citizens" + (f"?page={page}" if page else "")
        body = call(client, orgs["ak"], "get", url).json()
        seen += [item["name"] for item in body["items"]]
        page = body["next"]
        if page is None:
            break
    assert seen == [f"P{serial} Olesen" for serial in range(5)]
    assert call(client, orgs["aarhus"], "get", "/api/v1/citizens").json()["items"] == []
    assert call(client, orgs["ak"], "get", "/api/v1/citizens?page=xyz").status_code == 422


def test_a_move_hands_the_case_to_the_new_municipality_with_its_history(client, orgs):
    body = person(orgs, akasse_id=None, group="kontanthjaelp_jobparat")
    created = call(client, orgs["kbh"], "post", "/api/v1/citizens", body).json()
    url = f"/api/v1/citizens/{created['id']}/moves"
    assert call(client, orgs["aarhus"], "post", url, {"municipality_code": 751}).status_code == 404
    moved = call(client, orgs["kbh"], "post", url, {"municipality_code": 751})
    assert moved.status_code == 201, moved.content
    assert moved.json()["municipality_code"] == 751
    citizen = Citizen.objects.get(pk=created["id"])
    assert list(citizen.events.values_list("type", flat=True)) == ["registered", "moved"]
    assert set(PlanItem.objects.filter(citizen=citizen).values_list("jobcenter", flat=True)) == {
        orgs["aarhus"].pk
    }
    logged = set(
        AccessLogEntry.objects.filter(citizen=citizen).values_list("organisation", flat=True)
    )
    assert {orgs["kbh"].pk, orgs["aarhus"].pk} <= logged
    # The new municipality has the case and its history; the old one no longer sees it.
    events = call(client, orgs["aarhus"], "get", f"/api/v1/citizens/{citizen.pk}/events")
    assert [e["type"] for e in events.json()] == ["registered", "moved"]
    assert call(client, orgs["kbh"], "get", f"/api/v1/citizens/{citizen.pk}").status_code == 404
    again = call(client, orgs["aarhus"], "post", url, {"municipality_code": 751})
    assert again.status_code == 422
