# ruff: noqa: F811 (the shared fixtures are imported by name)
"""The actions on a case: deadline (R22), summons (R27), outcome (R48/R49), self-booking
(R28/R29), raw events, planned interviews (R5) and interview requests. Each tried by its own
organisation, the other holder, a foreign organisation, a citizen and the anonymous; a refused
submit keeps what was typed, says why in the user's language and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.cases.models import CaseEvent, InterviewRequest
from kontaktforloeb.workspace.models import PlannedInterview
from tests.integration.test_case_page import (  # noqa: F401 (fixtures)
    anna,
    at,
    calendar,
    carl,
    clock,
    login,
    slot_of,
    summon,
)


def events(citizen) -> int:
    return CaseEvent.objects.filter(citizen=citizen).count()


# --- Who may reach the action pages --------------------------------------------------------

PAGES = ["frist/", "indkald/", "selvbooking/", "planlaeg/", "registrer/sygdom/"]


@pytest.mark.parametrize("page", PAGES)
def test_foreign_org_citizen_and_anonymous(client, anna, calendar, page):
    url = f"/sager/{anna.pk}/{page}"
    assert login(client, calendar.ak_one_worker).get(url).status_code == 200
    client.logout()
    assert login(client, calendar.jc_aarhus_worker).get(url).status_code == 404
    client.logout()
    assert login(client, anna.user).get(url).status_code == 404
    client.logout()
    assert "/log-ind/" in client.get(url)["Location"]


def test_unknown_event_action_is_404(client, anna, calendar):
    login(client, calendar.ak_one_worker)
    assert client.get(f"/sager/{anna.pk}/registrer/noget/").status_code == 404


# --- Booking deadline -----------------------------------------------------------------------


def test_deadline_is_issued_by_the_holder(client, anna, calendar):
    login(client, calendar.ak_one_worker)
    response = client.post(
        f"/sager/{anna.pk}/frist/",
        {"interview": "1", "deadline": "11-09-2024", "last_meeting_date": "16-09-2024"},
    )
    assert response.status_code == 302
    event = CaseEvent.objects.filter(citizen=anna, type="booking_deadline_issued").get()
    assert event.data["deadline"] == "2024-09-11"
    assert "Fristen er givet" in client.get(response["Location"]).text


def test_deadline_under_8_days_is_refused_pointing_to_a_summons(client, anna, calendar):
    login(client, calendar.ak_one_worker)
    before = events(anna)
    data = {"interview": "1", "deadline": "06-09-2024", "last_meeting_date": "16-09-2024"}
    page = client.post(f"/sager/{anna.pk}/frist/", data).text
    assert "mindst 8 dage" in page and "Indkald borgeren i stedet" in page
    assert 'value="06-09-2024"' in page  # what was typed is kept
    assert 'href="#id_deadline"' in page  # the error summary links to the field
    assert events(anna) == before
    page = client.post(f"/sager/{anna.pk}/frist/", data, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Summon the citizen instead" in page


def test_the_other_holder_cannot_issue_the_deadline(client, anna, calendar):
    login(client, calendar.jc_kbh_worker)
    before = events(anna)
    page = client.post(
        f"/sager/{anna.pk}/frist/",
        {"interview": "1", "deadline": "11-09-2024", "last_meeting_date": "16-09-2024"},
    ).text
    # Interview 1 is the a-kasse's: it is not offered to the jobcentre at all.
    assert "Vælg hvilken samtale fristen gælder." in page
    assert events(anna) == before


def test_bad_dates_are_explained_at_the_field(client, anna, calendar):
    login(client, calendar.ak_one_worker)
    page = client.post(
        f"/sager/{anna.pk}/frist/",
        {"interview": "1", "deadline": "2024-13-45", "last_meeting_date": ""},
    ).text
    assert "Skriv en dato som 09-09-2024." in page
    assert "Skriv den sidste dato, mødet kan ligge på." in page


# --- Summons --------------------------------------------------------------------------------


def test_summons_at_short_notice(client, anna, calendar):
    login(client, calendar.ak_one_worker)
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 4), 9)  # tomorrow (R27)
    page = client.get(f"/sager/{anna.pk}/indkald/?samtale=1").text
    assert "onsdag 4. september 2024 kl. 09.00" in page
    response = client.post(
        f"/sager/{anna.pk}/indkald/",
        {"interview": "1", "slot": str(slot.pk), "channel": "in_person", "topic": "other"},
    )
    assert response.status_code == 302
    booking = Booking.objects.get(citizen=anna)
    assert booking.summoned and booking.slot == slot


def test_summons_by_phone_to_the_first_interview_is_refused(client, anna, calendar):
    login(client, calendar.ak_one_worker)
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 4), 9)
    data = {"interview": "1", "slot": str(slot.pk), "channel": "phone", "topic": "other"}
    page = client.post(f"/sager/{anna.pk}/indkald/", data).text
    assert "personligt fremmøde" in page
    assert not Booking.objects.filter(citizen=anna).exists()
    page = client.post(f"/sager/{anna.pk}/indkald/", data, HTTP_ACCEPT_LANGUAGE="en").text
    assert "must be held in person" in page


def test_the_other_holder_cannot_summon(client, anna, calendar):
    login(client, calendar.jc_kbh_worker)
    slot = slot_of(calendar.jc_kbh_worker, date(2024, 9, 4), 9)
    client.post(
        f"/sager/{anna.pk}/indkald/",
        {"interview": "1", "slot": str(slot.pk), "channel": "in_person", "topic": "other"},
    )
    assert not Booking.objects.filter(citizen=anna).exists()


# --- Outcome --------------------------------------------------------------------------------


def test_held_meeting_with_notes_then_the_next_deadline_is_proposed(client, anna, calendar, clock):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    clock.move_to(at(date(2024, 9, 4), 10))
    login(client, calendar.ak_one_worker)
    response = client.post(
        f"/sager/{anna.pk}/moeder/{booking.pk}/udfald/",
        {
            "outcome": "held",
            "channel": "in_person",
            "notes": "God samtale.",
            "next_steps": "Søge tre job",
        },
    )
    assert response.status_code == 302
    assert f"/sager/{anna.pk}/frist/?samtale=2" in response["Location"]
    booking.refresh_from_db()
    assert booking.status == "held"
    assert "God samtale." in booking.outcome_notes and "Søge tre job" in booking.outcome_notes
    assert CaseEvent.objects.filter(citizen=anna, type="interview_held").exists()
    proposal = client.get(response["Location"]).text
    assert 'value="2" selected' in proposal
    assert "Forslag: giv frist" in proposal


def test_no_show_needs_the_lawful_absence_judgement(client, anna, calendar, clock):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    clock.move_to(at(date(2024, 9, 4), 10))
    login(client, calendar.ak_one_worker)
    url = f"/sager/{anna.pk}/moeder/{booking.pk}/udfald/"
    before = events(anna)
    page = client.post(url, {"outcome": "no_show", "notes": "Kom ikke"}).text
    assert "Vurdér om borgeren havde lovligt fravær." in page
    assert "Kom ikke" in page
    assert events(anna) == before
    response = client.post(
        url, {"outcome": "no_show", "lawful_absence": "no", "contact_date": "04-09-2024"}
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(citizen=anna, type="interview_missed")
    assert event.data["lawful_absence"] is False and event.data["contact_date"] == "2024-09-04"


def test_only_the_holder_records_the_outcome(client, anna, calendar):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    url = f"/sager/{anna.pk}/moeder/{booking.pk}/udfald/"
    login(client, calendar.jc_kbh_worker)
    page = client.post(url, {"outcome": "cancelled_by_organisation"}).text
    assert "Kun den organisation, der holder mødet" in page
    booking.refresh_from_db()
    assert booking.status == "live"
    client.logout()
    assert login(client, calendar.ak_two_worker).get(url).status_code == 404


def test_cancelled_by_the_organisation(client, anna, calendar):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    login(client, calendar.ak_one_worker)
    client.post(
        f"/sager/{anna.pk}/moeder/{booking.pk}/udfald/", {"outcome": "cancelled_by_organisation"}
    )
    booking.refresh_from_db()
    assert booking.status == "cancelled"


# --- Self-booking, raw events ---------------------------------------------------------------


def test_exempt_and_restore_selfbooking_with_a_reason(client, carl, calendar):
    login(client, calendar.jc_kbh_worker)
    url = f"/sager/{carl.pk}/selvbooking/"
    page = client.post(url, {"change": "exempted", "reason": ""}).text
    assert "Skriv en begrundelse." in page
    assert not CaseEvent.objects.filter(citizen=carl, type="selfbooking_exempted").exists()
    client.post(url, {"change": "exempted", "reason": "Sprogbarriere"})
    assert CaseEvent.objects.get(citizen=carl, type="selfbooking_exempted").data == {
        "reason": "Sprogbarriere"
    }
    client.post(url, {"change": "restored", "reason": "Har fået tolk"})
    assert CaseEvent.objects.filter(citizen=carl, type="selfbooking_restored").exists()


@pytest.mark.parametrize(
    ("action", "data", "expected"),
    [
        (
            "ydelse",
            {"group": "kontanthjaelp_aktivitetsparat", "date": "10-09-2024"},
            "group_changed",
        ),
        ("sygdom", {"start": "05-09-2024", "end": "12-09-2024"}, "sick"),
        ("job", {"kind": "job", "start_date": "01-10-2024"}, "job_start_documented"),
        (
            "tilmelding",
            {"change": "deregistered", "date": "20-09-2024", "reason": "Job"},
            "deregistered",
        ),
        (
            "udbetaling",
            {"start": "02-09-2024", "end": "30-09-2024", "hours": "155,4"},
            "dagpenge_paid",
        ),
    ],
)
def test_raw_events_are_recorded(client, anna, calendar, action, data, expected):
    # Paid dagpenge are the a-kasse's to record; the rest here, the jobcentre's.
    worker = calendar.ak_one_worker if action == "udbetaling" else calendar.jc_kbh_worker
    login(client, worker)
    response = client.post(f"/sager/{anna.pk}/registrer/{action}/", data)
    assert response.status_code == 302
    event = CaseEvent.objects.get(citizen=anna, type=expected)
    assert event.organisation == worker.organisation
    if expected == "dagpenge_paid":
        assert event.data["hours"] == "155.4"


def test_a_period_ending_before_it_starts_is_refused(client, anna, calendar):
    login(client, calendar.jc_kbh_worker)
    before = events(anna)
    page = client.post(
        f"/sager/{anna.pk}/registrer/sygdom/", {"start": "12-09-2024", "end": "05-09-2024"}
    ).text
    assert "Den sidste dag ligger før den første." in page
    assert events(anna) == before
    page = client.post(
        f"/sager/{anna.pk}/registrer/sygdom/",
        {"start": "12-09-2024", "end": "05-09-2024"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).text
    assert "The last day is before the first." in page


# --- After six months -----------------------------------------------------------------------


def test_planned_interview_is_shown_on_the_timeline_with_the_reason(client, carl, calendar):
    login(client, calendar.jc_kbh_worker)
    url = f"/sager/{carl.pk}/planlaeg/"
    page = client.post(url, {"date": "01-09-2024", "reason": "Tæt på job"}).text
    assert "Datoen er passeret" in page
    assert not PlannedInterview.objects.exists()
    client.post(url, {"date": "15-03-2025", "reason": "Tæt på job; følg op på praktik"})
    planned = PlannedInterview.objects.get()
    assert planned.holder == "jobcenter" and planned.organisation == calendar.jc_kbh
    case = client.get(f"/sager/{carl.pk}/").text
    assert "Planlagt samtale med jobcentret" in case
    assert "lørdag 15. marts 2025" in case
    assert "følg op på praktik" in case


def test_interview_request_marked_handled(client, anna, calendar):
    request = InterviewRequest.objects.create(citizen=anna, reason="Vil tale om kurser")
    url = f"/sager/{anna.pk}/anmodninger/{request.pk}/"
    login(client, calendar.jc_aarhus_worker)
    assert client.get(url).status_code == 404
    client.logout()
    login(client, calendar.ak_one_worker)
    page = client.post(url, {"note": ""}).text
    assert "Skriv hvad der er gjort ved anmodningen." in page
    client.post(url, {"note": "Samtale aftalt"})
    request.refresh_from_db()
    assert request.handled_at is not None and request.handled_note == "Samtale aftalt"
    assert "Behandlet" in client.get(f"/sager/{anna.pk}/").text
