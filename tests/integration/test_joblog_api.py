"""`/api/v1/joblog/…`: the citizen's session lists, adds and changes their own entries;
organisation systems read with their API key; foreign organisations and other citizens get 404,
the anonymous 401."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.joblog.models import JoblogEntry
from kontaktforloeb.joblog.services import joblog_entry_add
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

CPH = ZoneInfo("Europe/Copenhagen")
BODY = {
    "applied_on": "2024-10-14",
    "employer": "Bageriet A/S",
    "title": "Bager",
    "source": "advertised",
    "hours": "full_time",
}


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def key_client(org) -> Client:
    return Client(headers={"X-API-Key": factories.api_key(org)})


@pytest.fixture
def jw(world):
    with time_machine.travel(datetime(2024, 10, 16, 10, 0, tzinfo=CPH), tick=False):
        case_events_append(
            actor=Actor.of_user(world.jc_kbh_worker),
            citizen=world.anna,
            events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
        )
        world.entry = joblog_entry_add(
            actor=Actor.of_user(world.anna.user),
            citizen=world.anna,
            data={**BODY, "applied_on": "2024-10-01", "status": "rejected"},
        )
        yield world


def url(citizen_id: int, tail: str = "") -> str:
    return f"/api/v1/joblog/{citizen_id}{tail}"


def test_reads_are_scoped(jw):
    entries = url(jw.anna.pk, "/entries")
    assert Client().get(entries).status_code == 401
    assert Client().get(url(jw.anna.pk)).status_code == 401
    own = session(jw.anna.user).get(entries)
    assert own.status_code == 200 and own.json()[0]["employer"] == "Bageriet A/S"
    assert session(jw.bo.user).get(entries).status_code == 404
    for org in (jw.ak_one, jw.jc_kbh):
        response = key_client(org).get(entries)
        assert response.status_code == 200 and len(response.json()) == 1, org
    for org in (jw.ak_two, jw.jc_aarhus):
        assert key_client(org).get(entries).status_code == 404, org
        assert key_client(org).get(url(jw.anna.pk)).status_code == 404, org
    assert session(jw.jc_aarhus_worker).get(entries).status_code == 404
    assert AccessLogEntry.objects.filter(citizen=jw.anna, what="joblog").count() == 2


def test_filters_and_summary(jw):
    client = session(jw.anna.user)
    assert len(client.get(url(jw.anna.pk, "/entries"), {"status": "applied"}).json()) == 0
    assert len(client.get(url(jw.anna.pk, "/entries"), {"month": "2024-10"}).json()) == 1
    assert client.get(url(jw.anna.pk, "/entries"), {"month": "oktober"}).status_code == 422
    summary = client.get(url(jw.anna.pk)).json()
    assert summary["required"] is True and summary["per_week"] == 2
    assert [(w["week"], w["count"]) for w in summary["weeks"][:3]] == [(42, 0), (41, 0), (40, 1)]


def test_the_citizen_adds_and_changes_entries(jw):
    client = session(jw.anna.user)
    with time_machine.travel(datetime(2024, 10, 16, 10, 0, tzinfo=CPH), tick=False):
        created = client.post(url(jw.anna.pk, "/entries"), BODY, content_type="application/json")
        assert created.status_code == 201
        entry_id = created.json()["id"]
        changed = client.patch(
            url(jw.anna.pk, f"/entries/{entry_id}"),
            {"status": "interview"},
            content_type="application/json",
        )
        assert changed.status_code == 200 and changed.json()["status"] == "interview"
        assert changed.json()["employer"] == "Bageriet A/S"
        # Nobody else writes: another citizen 404, organisations 403 (they may read, not write).
        assert (
            session(jw.bo.user)
            .patch(url(jw.anna.pk, f"/entries/{entry_id}"), {}, content_type="application/json")
            .status_code
            == 404
        )
        assert (
            session(jw.bo.user)
            .patch(url(jw.bo.pk, f"/entries/{entry_id}"), {}, content_type="application/json")
            .status_code
            == 404
        )
        assert (
            key_client(jw.ak_one)
            .post(url(jw.anna.pk, "/entries"), BODY, content_type="application/json")
            .status_code
            == 403
        )
        assert (
            Client()
            .post(url(jw.anna.pk, "/entries"), BODY, content_type="application/json")
            .status_code
            == 401
        )
    assert JoblogEntry.objects.filter(citizen=jw.anna).count() == 2


@pytest.mark.parametrize(
    ("language", "message"),
    [("da", "Datoen må ikke ligge i fremtiden."), ("en", "The date cannot be in the future.")],
)
def test_bad_input_is_422_in_the_requests_language(jw, language, message):
    client = session(jw.anna.user)
    with time_machine.travel(datetime(2024, 10, 16, 10, 0, tzinfo=CPH), tick=False):
        response = client.post(
            url(jw.anna.pk, "/entries"),
            {**BODY, "applied_on": "2024-12-24", "employer": " "},
            content_type="application/json",
            headers={"Accept-Language": language},
        )
    assert response.status_code == 422
    detail = {tuple(item["loc"]): item["msg"] for item in response.json()["detail"]}
    assert detail[("body", "applied_on")] == message and ("body", "employer") in detail
    assert JoblogEntry.objects.filter(citizen=jw.anna).count() == 1


@pytest.mark.parametrize(
    ("query", "where"),
    [("status=lost", "status"), ("month=2024-13", "month"), ("month=oktober", "month")],
)
def test_a_filter_that_is_not_one_of_its_values_is_422_at_the_parameter(jw, query, where):
    response = session(jw.anna.user).get(url(jw.anna.pk, f"/entries?{query}"))
    assert response.status_code == 422
    assert [item["loc"] for item in response.json()["detail"]] == [["query", where]]
