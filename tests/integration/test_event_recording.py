"""Who may record which raw events, through the API and on the case page.

An organisation records what is its own: the a-kasse the dagpenge it paid, each organisation the
interviews it held; bookings, deadlines and self-booking go through their own services, which
check free times, holders and the jobcentre's decision. A refused request stores nothing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kontaktforloeb.cases.models import CaseEvent
from tests.support import factories

pytestmark = pytest.mark.django_db

REGISTERED = {"type": "registered", "date": "2024-09-02", "group": "dagpenge"}
PAID = {
    "type": "dagpenge_paid",
    "date": "2024-10-04",
    "from": "2024-09-02",
    "to": "2024-09-30",
    "hours": "148.00",
}


def post(key: str, citizen_id: int, events: list[dict[str, Any]]) -> Any:
    return Client(headers={"X-API-Key": key}).post(
        f"/api/v1/citizens/{citizen_id}/events",
        json.dumps({"events": events}),
        content_type="application/json",
    )


def test_the_akasse_records_the_dagpenge_it_paid_and_the_jobcentre_does_not(world):
    akasse = factories.api_key(world.ak_one)
    assert post(akasse, world.anna.pk, [REGISTERED, PAID]).status_code == 201

    jobcentre = factories.api_key(world.jc_kbh)
    before = CaseEvent.objects.count()
    response = post(jobcentre, world.anna.pk, [PAID])
    assert response.status_code == 403
    assert "events[0] (dagpenge_paid)" in response.json()["detail"]
    assert "a-kasse" in response.json()["detail"]
    assert CaseEvent.objects.count() == before


def test_an_organisation_records_only_its_own_interviews(world):
    akasse = factories.api_key(world.ak_one)
    held = {
        "type": "interview_held",
        "date": "2024-09-10",
        "holder": "akasse",
        "channel": "in_person",
    }
    assert post(akasse, world.anna.pk, [REGISTERED, held]).status_code == 201

    before = CaseEvent.objects.count()
    theirs = {**held, "holder": "jobcenter"}
    response = post(akasse, world.anna.pk, [theirs])
    assert response.status_code == 403
    assert "holder 'akasse'" in response.json()["detail"]
    assert CaseEvent.objects.count() == before


@pytest.mark.parametrize(
    ("event", "service"),
    [
        (
            {
                "type": "booked",
                "date": "2024-09-05",
                "meeting_date": "2024-09-12",
                "holder": "jobcenter",
            },
            "/bookings",
        ),
        ({"type": "selfbooking_exempted", "date": "2024-09-05"}, "/selfbooking/exempt"),
    ],
)
def test_bookings_and_self_booking_go_through_their_own_services(world, event, service):
    jobcentre = factories.api_key(world.jc_kbh)
    before = CaseEvent.objects.count()
    response = post(jobcentre, world.anna.pk, [REGISTERED, event])
    assert response.status_code == 403
    assert "events[1]" in response.json()["detail"]
    assert service in response.json()["detail"]
    assert CaseEvent.objects.count() == before  # all or none: the registration is not kept


def test_the_case_page_offers_payments_to_the_akasse_only(world):
    for worker, shown in ((world.ak_one_worker, True), (world.jc_kbh_worker, False)):
        client = Client()
        client.force_login(worker)
        page = client.get(f"/sager/{world.anna.pk}/")
        assert page.status_code == 200
        assert ("registrer/udbetaling/" in page.content.decode()) is shown
        form = client.get(f"/sager/{world.anna.pk}/registrer/udbetaling/")
        assert form.status_code == (200 if shown else 404)
