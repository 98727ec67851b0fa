"""The handover page: the jobcentre's incoming citizens with the a-kasse's course, the a-kasse's
outgoing members; the a-kasse's notes only from the handover on (R4)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.integration.test_worklists import _no_show

CPH = ZoneInfo("Europe/Copenhagen")
URL = "/sager/overdragelse/"


def get(user, day: date) -> str:
    client = Client()
    client.force_login(user)
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=CPH), tick=False):
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def anna_course(world) -> None:
    """Anna: dagpenge from 2 September 2024, three a-kasse interviews, wants the a-kasse along."""
    events = [
        {"type": "registered", "date": "2024-09-02", "group": "dagpenge"},
        {"type": "cv_published", "date": "2024-09-10"},
        {
            "type": "interview_held",
            "date": "2024-09-12",
            "holder": "akasse",
            "channel": "in_person",
        },
        {"type": "interview_held", "date": "2024-10-15", "holder": "akasse", "channel": "phone"},
        {"type": "interview_held", "date": "2024-11-20", "holder": "akasse", "channel": "video"},
        {"type": "akasse_participation", "date": "2024-11-20", "wants": True},
    ]
    with time_machine.travel(date(2024, 11, 20), tick=False):
        case_events_append(actor=Actor.of_operator("tests"), citizen=world.anna, events=events)
    booking = _no_show(
        world.anna, world.ak_one, world.ak_one_worker, datetime(2024, 11, 20, 10, tzinfo=CPH)
    )
    booking.status = "held"
    booking.outcome_notes = "Anna søger lagerjob; aftalt to ansøgninger om ugen."
    booking.save()


def test_reverse_name():
    assert reverse("workspace:handover") == URL


def test_the_jobcentre_sees_the_incoming_citizen_with_the_akasse_course(world):
    anna_course(world)
    body = get(world.jc_kbh_worker, date(2024, 11, 25))
    assert world.anna.name in body
    assert "søndag 1. december 2024" in body
    assert "torsdag 12. september 2024" in body and "Personligt fremmøde" in body
    assert "Telefon" in body and "Video" in body
    assert "Ja, borgeren ønsker a-kassen med" in body
    assert "Afventer godkendelse" in body  # the CV, published and not yet approved
    # Before the handover the a-kasse's notes are not the jobcentre's to read (R4).
    assert "lagerjob" not in body
    assert "A-kassens notater kan ses fra overgangen søndag 1. december 2024." in body
    after = get(world.jc_kbh_worker, date(2024, 12, 2))
    assert "lagerjob" in after


def test_the_akasse_sees_its_outgoing_member_and_its_own_notes(world):
    anna_course(world)
    body = get(world.ak_one_worker, date(2024, 11, 25))
    assert world.anna.name in body and "lagerjob" in body
    assert "Dine medlemmer" in body


def test_foreign_organisations_see_nobody_and_others_are_turned_away(world):
    anna_course(world)
    for user in (world.jc_aarhus_worker, world.ak_two_worker):
        assert world.anna.name not in get(user, date(2024, 11, 25))
    # Outside this month and next, nobody is on the page.
    assert world.anna.name not in get(world.jc_kbh_worker, date(2024, 9, 25))
    response = Client().get(URL)
    assert response.status_code == 302
    citizen = Client()
    citizen.force_login(world.anna.user)
    assert citizen.get(URL).status_code == 404


def test_the_page_costs_the_same_queries_for_one_citizen_as_for_many(
    world, django_assert_max_num_queries
):
    anna_course(world)
    client = Client()
    client.force_login(world.jc_kbh_worker)
    with (
        time_machine.travel(datetime(2024, 12, 2, 9, tzinfo=CPH), tick=False),
        django_assert_max_num_queries(9),
    ):
        assert client.get(URL).status_code == 200
