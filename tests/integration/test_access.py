"""One gate per object type: own organisation sees, a foreign one gets 404, the anonymous log in.

Every page and API endpoint about a citizen is tried by its own organisation, by a foreign
organisation of each kind, by another citizen and anonymously.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from kontaktforloeb.audit.models import AccessLogEntry
from tests.support import factories

CASE_PAGES = ["web:case_detail"]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["web:case_detail"])
def test_case_page_for_own_organisations_and_404_for_foreign_ones(world, name):
    url = reverse(name, args=[world.anna.pk])
    # Anna lives in København and is a member of a-kasse one.
    for user in (world.jc_kbh_worker, world.ak_one_worker, world.kbh_manager):
        response = logged_in(user).get(url)
        assert response.status_code == 200, user
        assert "Anna" in response.content.decode()
    for user in (world.jc_aarhus_worker, world.ak_two_worker):
        assert logged_in(user).get(url).status_code == 404, user


def test_a_missing_citizen_and_a_foreign_one_look_the_same(world):
    client = logged_in(world.jc_aarhus_worker)
    foreign = client.get(reverse("web:case_detail", args=[world.anna.pk]))
    missing = client.get(reverse("web:case_detail", args=[999_999]))
    assert foreign.status_code == missing.status_code == 404

    # The pages differ only in the address asked for (the language switch returns there) and in
    # the per-response CSRF token.
    def normalised(body: bytes) -> str:
        text = body.decode().replace(f"/sager/{world.anna.pk}/", "/sager/ID/")
        return re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]+"',
            "",
            text.replace("/sager/999999/", "/sager/ID/"),
        )

    assert normalised(foreign.content) == normalised(missing.content)


def test_revealing_the_cpr_number_is_for_own_organisation_only(world):
    url = reverse("web:case_reveal_cpr", args=[world.anna.pk])
    assert logged_in(world.jc_aarhus_worker).post(url).status_code == 404
    response = logged_in(world.jc_kbh_worker).post(url)
    assert "010190-1234" in response.content.decode()


def test_the_case_page_shows_the_cpr_number_masked(world):
    response = logged_in(world.jc_kbh_worker).get(reverse("web:case_detail", args=[world.anna.pk]))
    body = response.content.decode()
    assert "010190-****" in body
    assert "0101901234" not in body and "010190-1234" not in body


def test_staff_lists_hold_only_own_citizens(world):
    kbh = logged_in(world.jc_kbh_worker).get(reverse("web:staff_home")).content.decode()
    aarhus = logged_in(world.jc_aarhus_worker).get(reverse("web:staff_home")).content.decode()
    ak_two = logged_in(world.ak_two_worker).get(reverse("web:staff_home")).content.decode()
    assert world.anna.last_name in kbh and world.bo.last_name not in kbh
    assert world.bo.last_name in aarhus and world.anna.last_name not in aarhus
    assert world.anna.last_name not in ak_two and world.bo.last_name not in ak_two


@pytest.mark.parametrize(
    "url",
    [
        "/sager/",
        "/sager/1/",
        "/min-side/",
        "/min-side/hvem-har-set-mine-data/",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(world, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_citizens_cannot_open_staff_pages(world):
    client = logged_in(world.anna.user)
    assert client.get(reverse("web:staff_home")).status_code == 404
    assert client.get(reverse("web:case_detail", args=[world.anna.pk])).status_code == 404


def test_staff_cannot_open_citizen_pages(world):
    client = logged_in(world.jc_kbh_worker)
    assert client.get(reverse("web:citizen_home")).status_code == 404


def test_a_citizen_sees_only_their_own_page(world):
    body = logged_in(world.anna.user).get(reverse("web:citizen_home")).content.decode()
    assert world.anna.first_name in body and world.bo.last_name not in body


def test_the_start_page_sends_each_role_to_its_own_page(world):
    assert Client().get("/")["Location"] == reverse("web:login")
    assert logged_in(world.anna.user).get("/")["Location"] == reverse("web:citizen_home")
    assert logged_in(world.jc_kbh_worker).get("/")["Location"] == reverse("web:staff_home")


# --- The access log ------------------------------------------------------------------------


def test_staff_reads_are_logged_and_the_citizen_sees_them(world):
    logged_in(world.jc_kbh_worker).get(reverse("web:case_detail", args=[world.anna.pk]))
    logged_in(world.jc_kbh_worker).post(reverse("web:case_reveal_cpr", args=[world.anna.pk]))
    entries = list(AccessLogEntry.objects.filter(citizen=world.anna).order_by("id"))
    assert [(e.user, e.organisation, e.what) for e in entries] == [
        (world.jc_kbh_worker, world.jc_kbh, "case"),
        (world.jc_kbh_worker, world.jc_kbh, "cpr"),
    ]
    page = logged_in(world.anna.user).get(reverse("web:citizen_access_log")).content.decode()
    assert "Jobcenter København" in page
    assert "Fuldt CPR-nummer" in page


def test_a_refused_read_writes_nothing_and_the_citizens_own_reads_are_not_logged(world):
    logged_in(world.jc_aarhus_worker).get(reverse("web:case_detail", args=[world.anna.pk]))
    logged_in(world.anna.user).get(reverse("web:citizen_home"))
    assert not AccessLogEntry.objects.filter(citizen=world.anna).exists()


def test_another_citizens_access_log_is_not_visible(world):
    logged_in(world.jc_kbh_worker).get(reverse("web:case_detail", args=[world.anna.pk]))
    page = logged_in(world.bo.user).get(reverse("web:citizen_access_log")).content.decode()
    assert "Jobcenter København" not in page


# --- The API -------------------------------------------------------------------------------


def api(key: str | None = None) -> Client:
    return Client(headers={"X-API-Key": key} if key else {})


REGISTERED = {"type": "registered", "date": "2024-09-02", "group": "dagpenge"}


def test_the_api_answers_401_without_credentials(world):
    for url in (f"/api/v1/citizens/{world.anna.pk}", f"/api/v1/citizens/{world.anna.pk}/events"):
        assert api().get(url).status_code == 401
    response = api().post(
        f"/api/v1/citizens/{world.anna.pk}/events",
        json.dumps({"events": [REGISTERED]}),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert api("kf_not-a-real-key").get(f"/api/v1/citizens/{world.anna.pk}").status_code == 401


def test_an_organisation_key_reads_and_writes_its_own_citizens(world):
    key = factories.api_key(world.ak_one, "A-kasse Et's case system")
    url = f"/api/v1/citizens/{world.anna.pk}/events"
    response = api(key).post(
        url, json.dumps({"events": [REGISTERED]}), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    [stored] = response.json()
    assert stored["recorded_by"] == "A-kasse Et's case system"
    assert stored["organisation"] == "A-kasse Et"
    listed = api(key).get(url).json()
    assert [(e["type"], e["date"], e["data"]) for e in listed] == [
        ("registered", "2024-09-02", {"group": "dagpenge"})
    ]
    detail = api(key).get(f"/api/v1/citizens/{world.anna.pk}").json()
    assert detail["masked_cpr"] == "010190-****"
    assert (
        AccessLogEntry.objects.filter(citizen=world.anna, system="A-kasse Et's case system").count()
        == 3
    )


def test_an_organisation_key_cannot_touch_another_organisations_citizens(world):
    key = factories.api_key(world.ak_two)
    for url in (f"/api/v1/citizens/{world.anna.pk}", f"/api/v1/citizens/{world.anna.pk}/events"):
        assert api(key).get(url).status_code == 404
    response = api(key).post(
        f"/api/v1/citizens/{world.anna.pk}/events",
        json.dumps({"events": [REGISTERED]}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not world.anna.events.exists()
    jobcenter_key = factories.api_key(world.jc_aarhus)
    assert api(jobcenter_key).get(f"/api/v1/citizens/{world.anna.pk}").status_code == 404
    assert api(jobcenter_key).get(f"/api/v1/citizens/{world.bo.pk}").status_code == 200


def test_a_revoked_key_no_longer_works(world):
    from kontaktforloeb.organisations.api_keys import api_key_authenticate, api_key_revoke

    key = factories.api_key(world.ak_one)
    api_key_revoke(api_key_authenticate(key))
    assert api(key).get(f"/api/v1/citizens/{world.anna.pk}").status_code == 401


def test_an_invalid_event_gets_422_naming_the_field_and_nothing_is_stored(world):
    key = factories.api_key(world.ak_one)
    bad = {"type": "dagpenge_paid", "date": "2024-10-01", "from": "2024-09-01", "to": "2024-09-30"}
    response = api(key).post(
        f"/api/v1/citizens/{world.anna.pk}/events",
        json.dumps({"events": [REGISTERED, bad]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    [detail] = response.json()["detail"]
    assert detail["loc"] == ["body", "events", 1, "hours"]
    assert "hours" in detail["msg"]
    assert not world.anna.events.exists()


def test_a_malformed_body_gets_422_and_stores_nothing(world):
    key = factories.api_key(world.ak_one)
    url = f"/api/v1/citizens/{world.anna.pk}/events"
    assert (
        api(key).post(url, json.dumps({"events": []}), content_type="application/json").status_code
        == 422
    )
    assert api(key).post(url, "not json", content_type="application/json").status_code == 422
    assert not world.anna.events.exists()


def test_a_logged_in_caseworker_uses_the_api_with_the_same_scoping(world):
    own = logged_in(world.jc_kbh_worker)
    foreign = logged_in(world.jc_aarhus_worker)
    assert own.get(f"/api/v1/citizens/{world.anna.pk}/events").status_code == 200
    assert foreign.get(f"/api/v1/citizens/{world.anna.pk}/events").status_code == 404


def test_citizens_may_read_but_not_write_their_own_events(world):
    client = Client(enforce_csrf_checks=False)
    client.force_login(world.anna.user)
    assert client.get(f"/api/v1/citizens/{world.anna.pk}/events").status_code == 200
    assert client.get(f"/api/v1/citizens/{world.bo.pk}/events").status_code == 404
    response = client.post(
        f"/api/v1/citizens/{world.anna.pk}/events",
        json.dumps({"events": [REGISTERED]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not world.anna.events.exists()


def test_the_openapi_schema_and_docs_are_served(world):
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/citizens/{citizen_id}/events" in schema.json()["paths"]
    assert Client().get("/api/v1/docs").status_code == 200
