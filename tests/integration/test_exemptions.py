"""Exemptions from interviews (R65) and the offer (R67) through the service and the API: only the
holder of the period may decide, a ruleset without R65 refuses with the rule named, above 25 % a
manager must approve (R66), and nothing is stored on a refusal."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kontaktforloeb.cases.exemptions import exemption_share, interviews_exempt
from kontaktforloeb.cases.models import CaseEvent, PlanItem
from kontaktforloeb.cases.plans import plan_current
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User
from tests.support import factories

TODAY = date(2026, 8, 11)
REASON = "Har jobtilbud på hånden fra 1. oktober"


@pytest.fixture
def clock():
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture
def orgs(db):
    return {
        "jc": factories.jobcenter(101, "Jobcenter København"),
        "ak": factories.akasse("A-kasse Test"),
        "other_jc": factories.jobcenter(751, "Jobcenter Aarhus"),
    }


def registered(orgs, on: str, group: str = "dagpenge", held: str | None = None):
    person = factories.citizen(orgs["jc"], orgs["ak"], with_user=True)
    events = [{"type": "registered", "date": on, "group": group}]
    if held:
        holder = "akasse" if group == "dagpenge" else "jobcenter"
        events.append(
            {"type": "interview_held", "date": held, "holder": holder, "channel": "in_person"}
        )
    case_events_append(actor=Actor.of_operator("tests"), citizen=person, events=events)
    return person


def post(client, organisation, url, body=None, lang="da"):
    return client.post(
        url,
        body or {},
        content_type="application/json",
        HTTP_X_API_KEY=factories.api_key(organisation),
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def statuses(person):
    return {
        item.number: item.status
        for item in PlanItem.objects.filter(citizen=person, kind=PlanItem.Kind.INTERVIEW)
    }


def test_the_akasse_exempts_and_the_plan_rows_say_exempted(client, orgs, clock):
    person = registered(orgs, "2026-08-03", held="2026-08-10")
    # Three other members, none exempted, so one exemption is 25 %: within the limit.
    for _ in range(3):
        registered(orgs, "2026-08-03")
    url = f"/api/v1/citizens/{person.pk}/exemptions/interviews"
    response = post(client, orgs["ak"], url, {"reason": REASON})
    assert response.status_code == 201, response.content
    assert response.json()["holder"] == "akasse"
    assert statuses(person)[2] == "exempted"
    document = plan_current(person).document("da")
    assert document["exemptions"][0]["reason"] == REASON
    assert "Du kan stadig bede om en samtale" in document["interviews"][1]["because"][-1]["text"]

    ended = post(client, orgs["ak"], f"{url}/end")
    assert ended.status_code == 201, ended.content
    assert statuses(person)[2] == "open"


def test_the_municipality_cannot_exempt_in_the_akasse_period(client, orgs, clock):
    person = registered(orgs, "2026-08-03", held="2026-08-10")
    url = f"/api/v1/citizens/{person.pk}/exemptions/interviews"
    response = post(client, orgs["jc"], url, {"reason": REASON}, lang="en")
    assert response.status_code == 403
    assert response.json()["rule"] == "R65"
    assert "holder" in response.json()["detail"]
    assert not CaseEvent.objects.filter(type="interviews_exempted").exists()


def test_a_foreign_organisation_gets_404(client, orgs, clock):
    person = registered(orgs, "2026-08-03")
    url = f"/api/v1/citizens/{person.pk}/exemptions/interviews"
    assert post(client, orgs["other_jc"], url, {"reason": REASON}).status_code == 404


def test_an_exemption_where_the_law_had_none_is_refused_naming_r65(client, orgs):
    with time_machine.travel(datetime(2025, 3, 10, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))):
        person = registered(orgs, "2025-03-03")
        url = f"/api/v1/citizens/{person.pk}/exemptions/interviews"
        response = post(client, orgs["ak"], url, {"reason": "Har fået job"})
    assert response.status_code == 422
    assert response.json()["rule"] == "R65"
    assert "giver ikke mulighed" in response.json()["detail"] or "ikke" in response.json()["detail"]
    assert not CaseEvent.objects.filter(type="interviews_exempted").exists()


def test_a_reason_is_required(client, orgs, clock):
    person = registered(orgs, "2026-08-03")
    url = f"/api/v1/citizens/{person.pk}/exemptions/interviews"
    assert post(client, orgs["ak"], url, {"reason": "   "}).status_code == 422
    assert not CaseEvent.objects.filter(type="interviews_exempted").exists()


def test_above_a_quarter_needs_a_manager(client, orgs, clock):
    person = registered(orgs, "2026-08-03", held="2026-08-10")
    registered(orgs, "2026-08-03")  # one other member: one exemption would be 50 %
    url = f"/api/v1/citizens/{person.pk}/exemptions/interviews"
    refused = post(client, orgs["ak"], url, {"reason": REASON})
    assert refused.status_code == 422
    assert refused.json()["rule"] == "R66"
    assert not CaseEvent.objects.filter(type="interviews_exempted").exists()

    manager = factories.staff(orgs["ak"], role=User.Role.MANAGER)
    client.force_login(manager)
    approved = client.post(
        url, {"reason": REASON, "approve": True}, content_type="application/json"
    )
    assert approved.status_code == 201, approved.content
    assert approved.json()["approved_by"] == "Sags Behandler"
    before, _ = exemption_share(orgs["ak"], on=TODAY)
    assert (before.exempted, before.citizens) == (1, 2)


def test_the_share_counts_only_the_organisations_recent_exemptible_citizens(orgs, clock):
    person = registered(orgs, "2026-08-03")
    registered(orgs, "2026-07-15", group="kontanthjaelp_aktivitetsparat")  # not exemptible
    registered(orgs, "2025-06-02")  # its a-kasse period began more than 12 months ago
    before, after = exemption_share(orgs["ak"], on=TODAY, citizen=person)
    assert (before.exempted, before.citizens) == (0, 1)
    assert (after.exempted, after.citizens) == (1, 1)
    assert after.above_limit


def test_raw_exemption_events_are_refused_on_the_events_route(client, orgs, clock):
    person = registered(orgs, "2026-08-03")
    response = post(
        client,
        orgs["ak"],
        f"/api/v1/citizens/{person.pk}/events",
        {
            "events": [
                {
                    "type": "interviews_exempted",
                    "date": "2026-08-11",
                    "holder": "akasse",
                    "reason": REASON,
                }
            ]
        },
    )
    assert response.status_code == 403
    assert "exemptions/interviews" in response.content.decode()


def test_a_caseworker_exempts_on_the_case_page_and_the_citizen_sees_it(client, orgs, clock):
    from django.urls import reverse

    person = registered(orgs, "2026-08-03", held="2026-08-10")
    for _ in range(3):
        registered(orgs, "2026-08-03")
    worker = factories.staff(orgs["ak"])
    client.force_login(worker)
    case = client.get(reverse("web:case_detail", args=[person.pk])).content.decode()
    assert "Undtag fra samtaler" in case
    url = reverse("workspace:exemption_new", args=[person.pk])
    form = client.get(url).content.decode()
    assert "0 af 4 borgere (0,0 %)" in form and "25,0 %" in form
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "Skriv hvorfor" in refused.content.decode()
    assert not CaseEvent.objects.filter(type="interviews_exempted").exists()
    done = client.post(url, {"reason": REASON})
    assert done.status_code == 302
    assert statuses(person)[2] == "exempted"

    # The municipality sees the citizen but does not hold the a-kasse period: 404.
    client.force_login(factories.staff(orgs["jc"]))
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404

    assert person.user is not None
    client.force_login(person.user)
    page = client.get(reverse("selfservice:plan")).content.decode()
    assert "Undtaget" in page and "Du kan stadig bede om en samtale" in page
    assert REASON in page

    client.force_login(worker)
    end = reverse("workspace:exemption_end", args=[person.pk])
    assert client.post(end, {"confirm": "on"}).status_code == 302
    assert statuses(person)[2] == "open"


def test_the_municipality_excuses_from_the_offer_on_the_case_page(client, orgs, clock):
    from django.urls import reverse

    person = registered(orgs, "2026-08-03", group="kontanthjaelp_jobparat")
    for _ in range(3):
        registered(orgs, "2026-08-03", group="kontanthjaelp_jobparat")
    url = reverse("workspace:offer_exemption_new", args=[person.pk])
    client.force_login(factories.staff(orgs["ak"]))
    assert client.get(url).status_code == 404  # the offer is the municipality's decision
    client.force_login(factories.staff(orgs["jc"]))
    case = client.get(reverse("web:case_detail", args=[person.pk])).content.decode()
    assert "Undtag fra tilbud" in case
    assert client.post(url, {"reason": "Starter i job 1. september"}).status_code == 302
    offer = PlanItem.objects.get(citizen=person, kind=PlanItem.Kind.OFFER)
    assert offer.status == "exempted"
    end = reverse("workspace:offer_exemption_end", args=[person.pk])
    assert client.post(end, {"confirm": "on"}).status_code == 302
    assert PlanItem.objects.get(citizen=person, kind=PlanItem.Kind.OFFER).status == "open"


def test_the_service_refuses_an_organisation_that_is_not_the_citizens(orgs, clock):
    from kontaktforloeb.cases.exemptions import NotHolder, interviews_exempt

    person = registered(orgs, "2026-08-03", held="2026-08-10")
    stranger = Actor.of_user(factories.staff(factories.akasse("En anden a-kasse")))
    with pytest.raises(NotHolder):
        interviews_exempt(actor=stranger, citizen=person, reason=REASON)
    assert not CaseEvent.objects.filter(type="interviews_exempted").exists()


def test_the_case_page_shows_the_active_exemption_with_who_and_why(client, orgs, clock):
    from django.urls import reverse

    person = registered(orgs, "2026-08-03", held="2026-08-10")
    for _ in range(3):
        registered(orgs, "2026-08-03")
    worker = factories.staff(orgs["ak"])
    interviews_exempt(actor=Actor.of_user(worker), citizen=person, reason=REASON)
    client.force_login(factories.staff(orgs["jc"]))
    page = client.get(reverse("web:case_detail", args=[person.pk])).content.decode()
    assert "Undtaget fra samtaler" in page
    assert "besluttet af A-kasse Test" in page and REASON in page
