"""One owner for every fact (cases.owners): the organisation responsible records it, the other
organisation that sees the citizen is refused with 403 naming the event and who records it, and
nothing is stored; a foreign organisation does not see the citizen (404). The same rules decide
which event forms the case page offers: the wrong organisation gets 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kontaktforloeb.cases.models import CaseEvent, Citizen
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

pytestmark = pytest.mark.django_db

FACTS = {
    "group_changed": {
        "type": "group_changed",
        "date": "2024-09-20",
        "group": "kontanthjaelp_aktivitetsparat",
    },
    "sick": {"type": "sick", "date": "2024-09-10", "from": "2024-09-10", "to": "2024-09-17"},
    "job_start_documented": {
        "type": "job_start_documented",
        "date": "2024-09-20",
        "start_date": "2024-10-01",
        "kind": "job",
    },
    "deregistered": {"type": "deregistered", "date": "2024-09-20", "reason": "Job"},
    "reregistered": {"type": "reregistered", "date": "2024-09-20"},
    "akasse_participation": {"type": "akasse_participation", "date": "2024-09-20", "wants": True},
    "dagpenge_paid": {
        "type": "dagpenge_paid",
        "date": "2024-10-04",
        "from": "2024-09-02",
        "to": "2024-09-30",
        "hours": "148.00",
    },
}


def post(key: str, citizen: Citizen, events: list[dict[str, Any]], language: str = "da") -> Any:
    return Client(headers={"X-API-Key": key, "Accept-Language": language}).post(
        f"/api/v1/citizens/{citizen.pk}/events",
        json.dumps({"events": events}),
        content_type="application/json",
    )


def registered(citizen: Citizen, group: str) -> Citizen:
    case_events_append(
        actor=Actor.of_operator("tests"),
        citizen=citizen,
        events=[{"type": "registered", "date": "2024-09-02", "group": group}],
    )
    return citizen


@pytest.fixture
def carl(world):
    """A member of a-kasse one in København who is on kontanthjælp, not dagpenge."""
    carl = factories.citizen(world.jc_kbh, world.ak_one, cpr="0202851234", first_name="Carl")
    return registered(carl, "kontanthjaelp_jobparat")


@pytest.fixture
def anna(world):
    return registered(world.anna, "dagpenge")


# (fact, the citizen, who records it, the other organisation that sees the citizen, a foreign one)
CASES = [
    ("group_changed", "anna", "jc_kbh", "ak_one", "jc_aarhus"),
    ("sick", "anna", "jc_kbh", None, "ak_two"),
    ("sick", "anna", "ak_one", None, "jc_aarhus"),
    ("sick", "carl", "jc_kbh", "ak_one", "ak_two"),
    ("job_start_documented", "anna", "jc_kbh", "ak_one", "jc_aarhus"),
    ("deregistered", "anna", "jc_kbh", None, "ak_two"),
    ("deregistered", "anna", "ak_one", None, "jc_aarhus"),
    ("deregistered", "carl", "jc_kbh", "ak_one", "ak_two"),
    ("reregistered", "anna", "ak_one", None, "jc_aarhus"),
    ("reregistered", "carl", "jc_kbh", "ak_one", "ak_two"),
    ("akasse_participation", "anna", "jc_kbh", "ak_one", "jc_aarhus"),
    ("dagpenge_paid", "anna", "ak_one", "jc_kbh", "ak_two"),
]


@pytest.mark.parametrize(("fact", "who", "owner", "other", "foreign"), CASES)
def test_each_fact_is_recorded_by_its_owner_only(
    world, anna, carl, fact, who, owner, other, foreign
):
    citizen = {"anna": anna, "carl": carl}[who]
    event = FACTS[fact]
    before = CaseEvent.objects.count()

    response = post(factories.api_key(getattr(world, foreign)), citizen, [event])
    assert response.status_code == 404
    assert CaseEvent.objects.count() == before

    if other is not None:
        response = post(factories.api_key(getattr(world, other)), citizen, [event], "en")
        assert response.status_code == 403
        detail = response.json()["detail"]
        assert f"events[0] ({fact})" in detail
        assert "is recorded by the citizen's" in detail
        assert str(getattr(world, owner)) in detail  # names who records it
        assert response.json()["rule"] == "owner"
        assert CaseEvent.objects.count() == before

    response = post(factories.api_key(getattr(world, owner)), citizen, [event])
    assert response.status_code == 201, response.json()
    stored = CaseEvent.objects.get(citizen=citizen, type=fact)
    assert stored.organisation == getattr(world, owner)


def test_the_refusal_is_in_the_requests_language_and_keeps_nothing_of_the_request(world, anna):
    akasse = factories.api_key(world.ak_one)
    before = CaseEvent.objects.count()
    events = [FACTS["sick"], FACTS["group_changed"]]
    response = post(akasse, anna, events)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "events[1] (group_changed): skift af ydelse eller målgruppe registreres af borgerens "
        "kommune (Jobcenter København). Intet er gemt."
    )
    assert CaseEvent.objects.count() == before  # the sickness before it is not kept either


def test_a_group_change_in_the_same_request_decides_who_records_what_follows(world, anna):
    """The municipality moves Anna off dagpenge; from then on her sickness is not the a-kasse's."""
    jobcentre = factories.api_key(world.jc_kbh)
    assert post(jobcentre, anna, [FACTS["group_changed"]]).status_code == 201
    response = post(factories.api_key(world.ak_one), anna, [FACTS["sick"]], "en")
    assert response.status_code == 403
    assert "while the citizen is on dagpenge" in response.json()["detail"]


@pytest.mark.parametrize(
    ("event", "where"),
    [
        ({"type": "cv_published", "date": "2024-09-10"}, "/api/v1/cv/{citizen_id}/submit"),
        (
            {"type": "cv_approved", "date": "2024-09-20", "by": "akasse"},
            "/api/v1/cv/{citizen_id}/approve",
        ),
        (
            {
                "type": "consequence_decided",
                "date": "2024-09-20",
                "consequence": "lost_day",
                "from": "2024-09-12",
                "decision": "imposed",
                "reason": "Ingen lovlig grund",
            },
            "/api/v1/citizens/{id}/consequences/decisions",
        ),
    ],
)
def test_the_cv_and_consequence_decisions_are_refused_naming_their_endpoint(
    world, anna, event, where
):
    before = CaseEvent.objects.count()
    for organisation in (world.ak_one, world.jc_kbh):
        response = post(factories.api_key(organisation), anna, [event], "en")
        assert response.status_code == 403
        assert f"events[0] ({event['type']})" in response.json()["detail"]
        assert where in response.json()["detail"]
    assert CaseEvent.objects.count() == before


# --- The case page's event forms ------------------------------------------------------------

FORMS = {
    "ydelse": ({"group": "kontanthjaelp_aktivitetsparat", "date": "10-09-2024"}, "group_changed"),
    "sygdom": ({"start": "05-09-2024", "end": "12-09-2024"}, "sick"),
    "job": ({"kind": "job", "start_date": "01-10-2024"}, "job_start_documented"),
    "tilmelding": ({"change": "deregistered", "date": "20-09-2024"}, "deregistered"),
    "udbetaling": ({"start": "02-09-2024", "end": "30-09-2024", "hours": "155,4"}, "dagpenge_paid"),
}

# Which forms each organisation gets for Anna (dagpenge, a-kasse one) and Carl (kontanthjælp).
OFFERED = {
    ("jc_kbh_worker", "anna"): {"ydelse", "sygdom", "job", "tilmelding"},
    ("ak_one_worker", "anna"): {"sygdom", "tilmelding", "udbetaling"},
    ("jc_kbh_worker", "carl"): {"ydelse", "sygdom", "job", "tilmelding"},
    ("ak_one_worker", "carl"): {"udbetaling"},
}


@pytest.mark.parametrize(("worker", "who"), list(OFFERED))
def test_the_case_page_offers_each_form_to_its_owner_only(world, anna, carl, worker, who):
    citizen = {"anna": anna, "carl": carl}[who]
    client = Client()
    client.force_login(getattr(world, worker))
    page = client.get(f"/sager/{citizen.pk}/").content.decode()
    for action, (data, fact) in FORMS.items():
        url = f"/sager/{citizen.pk}/registrer/{action}/"
        offered = action in OFFERED[(worker, who)]
        assert (url in page) is offered, action
        assert client.get(url).status_code == (200 if offered else 404), action
        before = CaseEvent.objects.count()
        response = client.post(url, data)
        assert response.status_code == (302 if offered else 404), action
        assert CaseEvent.objects.count() == before + offered
        if offered:
            assert CaseEvent.objects.filter(citizen=citizen, type=fact).exists()


def test_a_foreign_caseworker_gets_no_event_form(world, anna):
    client = Client()
    client.force_login(world.jc_aarhus_worker)
    for action in FORMS:
        assert client.get(f"/sager/{anna.pk}/registrer/{action}/").status_code == 404
