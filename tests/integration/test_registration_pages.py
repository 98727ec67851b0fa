"""Registering as unemployed on the pages: the citizen after MitID ("Meld dig ledig") and a
caseworker for someone who walks in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from kontaktforloeb.cases.models import CaseEvent, Citizen
from kontaktforloeb.organisations.oidc import REGISTRATION_SESSION_KEY
from tests.support import factories


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
    }


def vouched(client, cpr="0202024321"):
    session = client.session
    session[REGISTRATION_SESSION_KEY] = {
        "cpr": cpr,
        "first_name": "Ida",
        "last_name": "Olesen",
        "at": datetime(2026, 12, 3, 8, 55, tzinfo=ZoneInfo("Europe/Copenhagen")).isoformat(),
    }
    session.save()


def form(orgs, **fields):
    return {
        "group": "dagpenge",
        "akasse": orgs["ak"].pk,
        "municipality": orgs["kbh"].pk,
        "first_day": "03-12-2026",
        "email": "ida@example.dk",
        "mobile": "",
        "language": "da",
        "consent": "on",
        **fields,
    }


def test_without_mitid_there_is_no_registration(client, orgs):
    response = client.get(reverse("registration:register"))
    assert response.status_code == 302 and response["Location"] == reverse("web:login")


def test_a_person_registers_and_reads_the_first_deadline_with_its_reason(client, orgs):
    vouched(client)
    page = client.get(reverse("registration:register")).content.decode()
    assert "Ida Olesen" in page and "Meld dig ledig" in page
    response = client.post(reverse("registration:register"), form(orgs))
    assert response.status_code == 302 and response["Location"] == reverse("registration:receipt")
    citizen = Citizen.objects.get(cpr="0202024321")
    assert citizen.user is not None and citizen.jobcenter == orgs["kbh"]
    assert [e.type for e in citizen.events.all()] == ["registered"]
    receipt = client.get(reverse("registration:receipt")).content.decode()
    assert "Du er meldt ledig fra torsdag 3. december 2026" in receipt
    assert "torsdag 17. december 2026" in receipt  # the first interview, 14 days
    assert "inden for 14 dage" in receipt  # its reason
    assert "Hvorfor?" in receipt


def test_a_bad_registration_keeps_what_was_typed_and_stores_nothing(client, orgs):
    vouched(client)
    response = client.post(
        reverse("registration:register"),
        form(orgs, akasse="", consent="", first_day="24-12-2026", email="ida@example.dk"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vælg din a-kasse" in page and "Sæt kryds" in page
    assert 'value="ida@example.dk"' in page
    assert not Citizen.objects.exists() and not CaseEvent.objects.exists()
    future = client.post(reverse("registration:register"), form(orgs, first_day="24-12-2026"))
    assert "kan ikke ligge efter i dag" in future.content.decode()
    assert not Citizen.objects.exists()


def test_the_page_is_in_english_for_an_english_reader(client, orgs):
    vouched(client)
    page = client.get(reverse("registration:register"), HTTP_ACCEPT_LANGUAGE="en").content
    assert "Register as unemployed" in page.decode()


def test_a_caseworker_registers_a_walk_in_and_an_existing_one_is_opened(client, orgs):
    worker = factories.staff(orgs["kbh"])
    client.force_login(worker)
    url = reverse("registration:register_walk_in")
    assert "Registrér en ledig" in client.get(reverse("web:staff_home")).content.decode()
    data = form(orgs, cpr="010190-1234", first_name="Bo", last_name="Hansen", consent="")
    data.update(group="kontanthjaelp_jobparat", akasse="")
    response = client.post(url, data)
    citizen = Citizen.objects.get(cpr="0101901234")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:case_detail", args=[citizen.pk])
    again = client.post(url, data)
    assert again["Location"] == reverse("web:case_detail", args=[citizen.pk])
    assert Citizen.objects.count() == 1
    # Another municipality cannot register the same person, nor learn the case.
    client.force_login(factories.staff(orgs["aarhus"]))
    refused = client.post(url, {**data, "municipality": orgs["aarhus"].pk})
    assert refused.status_code == 200
    assert "kan ikke registreres af jer" in refused.content.decode()
    assert Citizen.objects.count() == 1
    # ... nor register someone in another municipality.
    other = client.post(url, {**data, "cpr": "0202024321"})
    assert "bopælskommune" in other.content.decode()
    assert Citizen.objects.count() == 1


def test_the_municipality_records_a_move_on_the_case_page(client, orgs):
    from kontaktforloeb.cases.registration import Registration, citizen_register
    from kontaktforloeb.organisations.access import Actor

    citizen = citizen_register(
        actor=Actor.of_operator("tests"),
        registration=Registration(
            cpr="0101901234",
            first_name="Bo",
            last_name="Hansen",
            municipality=orgs["kbh"],
            group="kontanthjaelp_jobparat",
            first_day=datetime(2026, 12, 1).date(),
        ),
    )
    url = reverse("workspace:move_new", args=[citizen.pk])
    client.force_login(factories.staff(orgs["ak"]))
    assert client.get(url).status_code == 404
    client.force_login(factories.staff(orgs["kbh"]))
    assert (
        "Registrér flytning"
        in client.get(reverse("web:case_detail", args=[citizen.pk])).content.decode()
    )
    assert client.post(url, {"municipality": ""}).status_code == 200
    response = client.post(url, {"municipality": orgs["aarhus"].pk})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.jobcenter == orgs["aarhus"]
    assert client.get(reverse("web:case_detail", args=[citizen.pk])).status_code == 404


def test_the_language_chosen_at_registration_is_the_sites(client, orgs):
    from django.conf import settings

    vouched(client)
    response = client.post(reverse("registration:register"), form(orgs, language="en"))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    receipt = client.get(reverse("registration:receipt")).content.decode()
    assert "What happens now" in receipt
