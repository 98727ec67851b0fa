"""After the holder's period (RULES.md R3 [D]) and during an exemption (RULES-2026 R65): an a-kasse
interview not held by the handover is overdue, is not offered for booking and gets no proposed
date; an exempted interview gets no booking deadline but can still be booked by the citizen."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from kontaktforloeb.booking.errors import NotBookable
from kontaktforloeb.booking.services import deadline_issue, due_interview
from kontaktforloeb.cases.exemptions import interviews_exempt
from kontaktforloeb.cases.models import PlanItem
from kontaktforloeb.cases.plans import plan_current, plan_next_steps
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories


def at(day: date):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Europe/Copenhagen")),
        tick=False,
    )


@pytest.fixture
def orgs(db):
    return factories.jobcenter(101, "Jobcenter København"), factories.akasse("A-kasse Test")


def member(orgs, registered: str, held: str):
    jobcenter, akasse = orgs
    person = factories.citizen(jobcenter, akasse, with_user=True)
    case_events_append(
        actor=Actor.of_operator("tests"),
        citizen=person,
        events=[
            {"type": "registered", "date": registered, "group": "dagpenge"},
            {"type": "interview_held", "date": held, "holder": "akasse", "channel": "in_person"},
        ],
    )
    return person


def test_an_akasse_interview_is_not_offered_after_the_handover(client, orgs):
    # Registered 4 May 2026 (LEAFLET-2024, its a-kasse window re-derived by R60): the handover
    # is 1 August 2026; interview 2 with the a-kasse was due by 31 July and was not held.
    with at(date(2026, 8, 11)):
        person = member(orgs, "2026-05-04", "2026-05-12")
        stored = plan_current(person)
        assert stored.handover == date(2026, 8, 1)
        second = PlanItem.objects.get(citizen=person, kind="interview", number=2)
        assert (second.holder, second.status, second.deadline) == (
            "akasse",
            "overdue",
            date(2026, 7, 31),
        )
        assert second.target_date is None
        assert second.ruleset_id == "RS2026-07"
        with pytest.raises(NotBookable) as refused:
            due_interview(person, 2)
        assert "1. august 2026" in refused.value.message("da")
        assert all(item.number != 2 for item in plan_next_steps(stored))
        assert person.user is not None
        client.force_login(person.user)
        page = client.get(reverse("selfservice:plan")).content.decode()
        assert reverse("selfservice:book", args=[2]) not in page
        assert reverse("selfservice:book", args=[3]) in page
        # Say which law: the open windows follow the rules of 1 July 2026 (R60).
        assert "Planen følger reglerne, der gælder fra onsdag 1. juli 2026" in page or (
            "reglerne, der gælder fra 1. juli 2026" in page
        )
        assert "følger reglerne fra" in page and "1. januar 2024" in page


def test_no_booking_deadline_for_an_exempted_interview(orgs):
    _, akasse = orgs
    with at(date(2026, 8, 11)):
        person = member(orgs, "2026-08-03", "2026-08-10")
        for _ in range(3):  # other members: one exemption of four is within the 25 %
            member(orgs, "2026-08-03", "2026-08-10")
        worker = Actor.of_user(factories.staff(akasse))
        interviews_exempt(actor=worker, citizen=person, reason="Har job fra 1. oktober")
        with pytest.raises(NotBookable) as refused:
            deadline_issue(
                actor=worker,
                citizen=person,
                interview=2,
                deadline=date(2026, 8, 21),
                last_meeting_date=date(2026, 8, 28),
            )
        assert "undtaget" in refused.value.message("da")
        # The citizen may still book it.
        assert due_interview(person, 2).status == "exempted"
