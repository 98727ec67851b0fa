"""The materialised plan: stored with the events that made it, read by pages, API and worklists."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kontaktforloeb.cases.models import CitizenPlan, PlanItem
from kontaktforloeb.cases.plans import parameter_hash, plans_refresh_due
from kontaktforloeb.cases.selectors import interviews_due_soon
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

S1 = [{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}]


@pytest.fixture
def anna_registered(world):
    with time_machine.travel(date(2024, 9, 3), tick=False):
        case_events_append(actor=Actor.of_user(world.ak_one_worker), citizen=world.anna, events=S1)
    return world.anna


def test_appending_events_stores_the_plan_in_the_same_transaction(anna_registered):
    stored = CitizenPlan.objects.get(citizen=anna_registered)
    assert stored.as_of == date(2024, 9, 3)
    assert stored.ruleset_id == "LEAFLET-2024"
    assert stored.group == "dagpenge"
    assert stored.handover == date(2024, 12, 1)
    assert stored.parameter_hash == parameter_hash()
    interviews = PlanItem.objects.filter(citizen=anna_registered, kind="interview").order_by(
        "number"
    )
    assert [(i.number, i.holder, i.deadline) for i in interviews[:6]] == [
        (1, "akasse", date(2024, 9, 16)),
        (2, "akasse", date(2024, 11, 29)),
        (3, "akasse", date(2024, 11, 29)),
        (4, "jobcenter", date(2025, 2, 28)),
        (5, "jobcenter", date(2025, 2, 28)),
        (6, "jobcenter", date(2025, 2, 28)),
    ]
    first = interviews[0]
    assert first.status == "open"
    assert first.required_channel == "in_person"
    assert any("16. september 2024" in reason["da"] for reason in first.because)
    assert any("16 September 2024" in reason["en"] for reason in first.because)
    cv = PlanItem.objects.get(citizen=anna_registered, kind="cv")
    assert (cv.deadline, cv.holder) == (date(2024, 9, 23), "akasse")
    # Organisation columns are copied so worklists use one index.
    assert {i.jobcenter_id for i in interviews} == {anna_registered.jobcenter_id}
    assert {i.akasse_id for i in interviews} == {anna_registered.akasse_id}


def test_a_new_event_replaces_the_rows(world, anna_registered):
    with time_machine.travel(date(2024, 9, 20), tick=False):
        case_events_append(
            actor=Actor.of_user(world.ak_one_worker),
            citizen=anna_registered,
            events=[
                {
                    "type": "interview_held",
                    "date": "2024-09-10",
                    "holder": "akasse",
                    "channel": "in_person",
                }
            ],
        )
    first = PlanItem.objects.get(citizen=anna_registered, kind="interview", number=1)
    assert (first.status, first.held_on) == ("held", date(2024, 9, 10))
    assert PlanItem.objects.filter(citizen=anna_registered, kind="interview", number=1).count() == 1


def test_the_nightly_refresh_recomputes_only_plans_whose_status_changes(world, anna_registered):
    with time_machine.travel(date(2024, 9, 3), tick=False):
        case_events_append(
            actor=Actor.of_user(world.jc_aarhus_worker),
            citizen=world.bo,
            events=[
                {"type": "registered", "date": "2024-09-02", "group": "kontanthjaelp_jobparat"}
            ],
        )
    anna_plan = CitizenPlan.objects.get(citizen=anna_registered)
    assert anna_plan.next_change == date(
        2024, 9, 17
    )  # interview 1 overdue the day after its deadline
    bo_plan = CitizenPlan.objects.get(citizen=world.bo)
    assert bo_plan.next_change == date(2024, 9, 10)
    # Nothing changes on 8 September: no plan is recomputed.
    assert plans_refresh_due(date(2024, 9, 8)) == 0
    # On 10 September Bo's first interview (deadline 9 September) is overdue; Anna's is still open.
    assert plans_refresh_due(date(2024, 9, 10)) == 1
    bo_first = PlanItem.objects.get(citizen=world.bo, kind="interview", number=1)
    assert bo_first.status == "overdue"
    assert (
        PlanItem.objects.get(citizen=anna_registered, kind="interview", number=1).status == "open"
    )
    assert plans_refresh_due(date(2024, 9, 17)) == 1
    assert (
        PlanItem.objects.get(citizen=anna_registered, kind="interview", number=1).status
        == "overdue"
    )


def test_the_worklist_query_finds_unbooked_interviews_due_soon(world, anna_registered):
    akasse = Actor.of_user(world.ak_one_worker)
    due = list(interviews_due_soon(actor=akasse, on=date(2024, 9, 5), days=14))
    assert [(i.citizen, i.number, i.deadline) for i in due] == [
        (anna_registered, 1, date(2024, 9, 16))
    ]
    # Another a-kasse and another municipality see nothing of Anna.
    assert not interviews_due_soon(actor=Actor.of_user(world.ak_two_worker), on=date(2024, 9, 5))
    assert not interviews_due_soon(actor=Actor.of_user(world.jc_aarhus_worker), on=date(2024, 9, 5))
    # Her jobcentre's list holds only jobcentre interviews: none due in September.
    assert not interviews_due_soon(actor=Actor.of_user(world.jc_kbh_worker), on=date(2024, 9, 5))


def test_the_plan_api_returns_the_contract_for_own_organisations_only(world, anna_registered):
    key = factories.api_key(world.ak_one)
    with time_machine.travel(date(2024, 9, 5), tick=False):
        response = Client(headers={"X-API-Key": key}).get(
            f"/api/v1/citizens/{anna_registered.pk}/plan?lang=en"
        )
        assert response.status_code == 200
        document = response.json()
        assert document["as_of"] == "2024-09-05"
        assert document["interviews"][0]["deadline"] == "2024-09-16"
        assert "16 September 2024" in " ".join(
            b["text"] for b in document["interviews"][0]["because"]
        )
        foreign = Client(headers={"X-API-Key": factories.api_key(world.ak_two)})
        assert foreign.get(f"/api/v1/citizens/{anna_registered.pk}/plan").status_code == 404
        assert Client().get(f"/api/v1/citizens/{anna_registered.pk}/plan").status_code == 401


def test_the_case_page_shows_the_plan_with_its_reasons(world, anna_registered):
    client = Client()
    client.force_login(world.ak_one_worker)
    with time_machine.travel(date(2024, 9, 5), tick=False):
        body = client.get(reverse("web:case_detail", args=[anna_registered.pk])).content.decode()
    assert "Plan" in body
    assert "mandag 16. september 2024" in body
    assert "LAB § 31" in body


def test_the_citizens_start_page_says_what_to_do_next(world, anna_registered):
    client = Client()
    client.force_login(anna_registered.user)
    with time_machine.travel(date(2024, 9, 5), tick=False):
        body = client.get(reverse("web:citizen_home")).content.decode()
    assert "Det skal du nu" in body
    assert "Samtale 1 med a-kassen" in body
    assert "senest mandag 16. september 2024" in body


def test_the_staff_start_page_lists_interviews_due_soon(world, anna_registered):
    client = Client()
    client.force_login(world.ak_one_worker)
    with time_machine.travel(date(2024, 9, 5), tick=False):
        body = client.get(reverse("web:staff_home")).content.decode()
        other = Client()
        other.force_login(world.ak_two_worker)
        foreign = other.get(reverse("web:staff_home")).content.decode()
    assert "mandag 16. september 2024" in body
    assert anna_registered.name in body
    assert anna_registered.name not in foreign


def test_the_plans_fingerprint_covers_the_parameter_files_and_the_rules_code():
    """A release that changes the engine, like one that changes a value of the law, leaves the
    stored plans stale for `recompute-plans`; nothing else (pages, tests) is in it."""
    from kontaktforloeb.cases.plans import fingerprinted

    names = [entry.name for entry in fingerprinted()]
    assert {"engine.py", "dates.py", "explain.py", "rs2026_07.py", "rs2027.py"} <= set(names)
    assert any(name.endswith(".yaml") for name in names)
    assert not any(name.endswith((".so", ".pyc")) for name in names)
