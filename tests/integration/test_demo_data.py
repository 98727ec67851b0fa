"""The demo data shows the law as it stands on the demo's day: spells from 2025 with the rules of
2024, spells still open on 1 July 2026 whose open windows follow the new rules (R60), spells from
July 2026, citizens excused from interviews by their holder (R65) within one in four (R66), the
offer duty begun and due soon (R67), and meetings booked only inside their holder's window.
A spell from 2027 has not begun on the demo's day; its case is in docs/cases/."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.cases.exemptions import exemption_share
from kontaktforloeb.cases.models import CaseEvent, Citizen, CitizenPlan, PlanItem
from kontaktforloeb.cv.models import Cv
from kontaktforloeb.cv.views import cv_case_summary
from kontaktforloeb.organisations.demo import seed_demo
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.rules import plan

TODAY = date(2026, 12, 4)


@pytest.fixture
def demo(db):
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=False):
        yield seed_demo(citizens=48, today=TODAY)


def test_each_akasse_meeting_is_booked_before_the_handover_and_inside_its_window(demo):
    bookings = Booking.objects.select_related("citizen__plan")
    assert (
        bookings.filter(holder="akasse").exists() and bookings.filter(holder="jobcenter").exists()
    )
    for booking in bookings:
        day = timezone.localtime(booking.start).date()
        plan = booking.citizen.plan
        interview = next(
            i for i in plan.document_da["interviews"] if i["number"] == booking.interview
        )
        assert interview["holder"] == booking.holder
        assert day >= date.fromisoformat(interview["earliest"]), booking
        if booking.holder == "akasse":
            assert plan.handover is not None and day < plan.handover, booking
            assert day <= date.fromisoformat(interview["deadline"]), booking


def test_the_demo_has_spells_under_each_ruleset_and_the_new_counts_in_open_windows(demo):
    rulesets = set(
        PlanItem.objects.filter(kind=PlanItem.Kind.INTERVIEW).values_list("ruleset_id", flat=True)
    )
    assert {"LEAFLET-2024", "RS2026-07"} <= rulesets
    starts = list(CitizenPlan.objects.values_list("spell_start", flat=True))
    assert any(start.year == 2025 for start in starts)
    assert any(date(2026, 1, 1) <= start < date(2026, 7, 1) for start in starts)
    assert any(start >= date(2026, 7, 1) for start in starts)
    # Ida Olesen, unemployed since 24 April 2026: her second a-kasse window was open on 1 July
    # 2026, so the a-kasse holds two interviews, not three, the second under the new rules.
    ida = CitizenPlan.objects.get(citizen__first_name="Ida", citizen__last_name="Olesen")
    assert ida.spell_start == date(2026, 4, 24) and ida.ruleset_id == "LEAFLET-2024"
    akasse = [i for i in ida.document_da["interviews"] if i["holder"] == "akasse"]
    assert [i["ruleset"] for i in akasse] == ["LEAFLET-2024", "RS2026-07"]
    held = CaseEvent.objects.filter(citizen=ida.citizen, type="interview_held")
    assert held.filter(data__holder="akasse").count() <= 2


def test_citizens_are_excused_by_their_holder_within_one_in_four(demo):
    decisions = CaseEvent.objects.filter(type="interviews_exempted").select_related(
        "recorded_by", "citizen__plan"
    )
    holders = {(d.data["holder"], d.citizen.plan.group) for d in decisions}
    assert ("akasse", "dagpenge") in holders
    assert ("jobcenter", "kontanthjaelp_jobparat") in holders
    for decision in decisions:
        # Through the service, by a caseworker of the holder, with a reason in plain words.
        assert decision.recorded_by is not None and decision.recorded_by.role != User.Role.MANAGER
        assert decision.organisation == decision.recorded_by.organisation
        assert decision.date >= date(2026, 7, 1) and len(decision.data["reason"]) > 20
        statuses = PlanItem.objects.filter(
            citizen=decision.citizen, kind=PlanItem.Kind.INTERVIEW
        ).values_list("number", "status")
        assert dict(statuses)[1] == "held" and "exempted" in dict(statuses).values()
    for organisation in Organisation.objects.all():
        share, _ = exemption_share(organisation, on=TODAY)
        assert not share.above_limit, (organisation, share)


def test_the_offer_duty_is_shown_begun_and_due_within_weeks(demo):
    offers = PlanItem.objects.filter(kind=PlanItem.Kind.OFFER)
    assert offers.exists()
    begun = offers.get(status="fulfilled")
    assert begun.held_on is not None and begun.held_on <= TODAY
    assert CaseEvent.objects.filter(citizen=begun.citizen, type="offer_started").exists()
    soon = offers.filter(status="open", deadline__range=(TODAY, TODAY + timedelta(weeks=6)))
    assert soon.filter(citizen__plan__spell_start__gte=date(2026, 7, 1)).exists()
    # The citizens with a story to show can log in to see it.
    for name in ("Maja", "Kasper", "Sara", "Niklas"):
        assert Citizen.objects.get(first_name=name, user__username__startswith="demo-borger-")


# The plan's CV status (R36) and what the CV section says of the same CV.
CV_AGREES = {
    "approved": {"approved"},
    "published": {"submitted", "returned"},
    "missing": {"none", "draft"},
    "overdue": {"none", "draft"},
}


def test_no_demo_case_shows_one_cv_status_in_the_plan_and_another_in_the_cv_section(demo):
    moment = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))
    seen = set()
    with time_machine.travel(moment, tick=False):
        for citizen in Citizen.objects.filter(plan__spell_start__isnull=False):
            in_plan = citizen.plan.document_da["cv"]["status"]
            in_section = cv_case_summary(citizen)["cv_summary"]["status"]
            assert in_section in CV_AGREES[in_plan], (citizen, in_plan, in_section)
            seen.add(in_section)
    assert {"approved", "submitted", "none"} <= seen
    # Every CV event of the demo was written by the CV module, as its CV's history.
    for event in CaseEvent.objects.filter(type__in=["cv_published", "cv_approved"]):
        assert Cv.objects.filter(citizen=event.citizen).exists(), event


def test_the_documented_2027_case_reads_as_the_akasse_trial_and_provisional():
    case_file = Path(__file__).parents[2] / "docs" / "cases" / "rs2027-akasse-trial.json"
    case = json.loads(case_file.read_text())
    result = plan(case["events"], date.fromisoformat(case["as_of"]))
    assert result.ruleset_id == "RS2027" and result.provisional
    assert result.trial is not None and (result.trial.trial, result.trial.holder) == (
        "akasse4",
        "akasse",
    )
    assert [(i.holder, i.deadline.isoformat()) for i in result.interviews[:2]] == [
        ("akasse", "2027-02-15"),
        ("akasse", "2027-05-31"),
    ]
    assert result.handover is not None and result.handover.date == date(2027, 6, 1)
    assert all(i.provisional for i in result.interviews)
