"""The caseworker's case page: details, plan, both organisations' meetings (R4, R52), requests
and history; who may open it. Fixtures here are shared with the action and day-view tests."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.booking.models import Booking, PreparationNote
from kontaktforloeb.booking.services import booking_create, meeting_record_outcome
from kontaktforloeb.cases.models import InterviewRequest
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories
from tests.support.calendar import TODAY, at, slot_of, weekday_free_times


@pytest.fixture
def clock():
    with time_machine.travel(at(TODAY, 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def calendar(world, clock):
    """Weekday free times 9–12 for a caseworker of a-kasse one and of Jobcenter København."""
    weekday_free_times((world.ak_one_worker, world.jc_kbh_worker), weeks=6)
    return world


@pytest.fixture
def anna(calendar):
    """Dagpenge, registered the day before: interview 1 with the a-kasse by 16 September."""
    case_events_append(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=calendar.anna,
        events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
    )
    return calendar.anna


@pytest.fixture
def carl(calendar):
    """Kontanthjælp in København (no a-kasse): the jobcentre holds every interview."""
    citizen = factories.citizen(calendar.jc_kbh, None, with_user=True, cpr="0303903333")
    case_events_append(
        actor=Actor.of_user(calendar.jc_kbh_worker),
        citizen=citizen,
        events=[{"type": "registered", "date": "2024-09-02", "group": "kontanthjaelp_jobparat"}],
    )
    return citizen


def summon(citizen, worker, day: date, hour: int, interview: int = 1) -> Booking:
    return booking_create(
        actor=Actor.of_user(worker),
        citizen=citizen,
        slot_id=slot_of(worker, day, hour).pk,
        interview=interview,
        channel="in_person",
        topic="job_search",
        summons=True,
    )


def login(client, user):
    client.force_login(user)
    return client


def case_url(citizen) -> str:
    return f"/sager/{citizen.pk}/"


# --- Who may open the case -----------------------------------------------------------------


def test_both_organisations_open_the_case_and_the_read_is_logged(client, anna):
    response = login(client, _worker(anna, "akasse")).get(case_url(anna))
    assert response.status_code == 200
    assert anna.name in response.text
    assert "Plan for kontaktforløbet" in response.text
    assert AccessLogEntry.objects.filter(citizen=anna, what="case").exists()
    client.logout()
    assert login(client, _worker(anna, "jobcenter")).get(case_url(anna)).status_code == 200


def _worker(citizen, holder):
    from kontaktforloeb.organisations.models import User

    organisation = citizen.akasse if holder == "akasse" else citizen.jobcenter
    return User.objects.filter(organisation=organisation, role__endswith="caseworker").first()


def test_foreign_organisation_citizen_and_anonymous_are_turned_away(client, anna, calendar):
    assert login(client, calendar.jc_aarhus_worker).get(case_url(anna)).status_code == 404
    client.logout()
    assert login(client, calendar.ak_two_worker).get(case_url(anna)).status_code == 404
    client.logout()
    assert login(client, anna.user).get(case_url(anna)).status_code == 404
    client.logout()
    response = client.get(case_url(anna))
    assert response.status_code == 302 and "/log-ind/" in response["Location"]


def test_the_cpr_number_is_masked_until_opened(client, anna):
    login(client, _worker(anna, "akasse"))
    page = client.get(case_url(anna)).text
    assert "010190-1234" not in page
    revealed = client.post(f"/sager/{anna.pk}/cpr/").text
    assert "010190-1234" in revealed
    assert AccessLogEntry.objects.filter(citizen=anna, what="cpr").exists()


def test_the_page_shows_group_spell_and_what_to_do_first(client, anna):
    page = login(client, _worker(anna, "akasse")).get(case_url(anna)).text
    assert "<dt>Ydelse</dt><dd>Dagpengemodtager</dd>" in page
    assert "mandag 2. september 2024" in page
    assert "Samtale 1 er ikke booket" in page
    assert f"/sager/{anna.pk}/indkald/?samtale=1" in page
    assert "Hvorfor?" in page


def test_the_page_in_english(client, anna):
    login(client, _worker(anna, "akasse"))
    page = client.get(case_url(anna), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Interview 1 is not booked" in page
    assert "Monday 2 September 2024" in page


# --- Meetings of both organisations, notes and preparation ---------------------------------


def test_meetings_show_topic_channel_preparation_and_outcome(client, anna, calendar):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    PreparationNote.objects.create(
        citizen=anna, booking=booking, dream_job="Tømrer", first_steps="Ring til mester"
    )
    page = login(client, calendar.ak_one_worker).get(case_url(anna)).text
    assert "onsdag 4. september 2024 kl. 09.00" in page
    assert "Jobsøgningsstrategi" in page
    assert "Personligt fremmøde" in page
    assert "Tømrer" in page and "Ring til mester" in page
    assert f"/sager/{anna.pk}/moeder/{booking.pk}/udfald/" in page
    client.logout()
    # The jobcentre sees the a-kasse's meeting (R52) but cannot record its outcome.
    page = login(client, calendar.jc_kbh_worker).get(case_url(anna)).text
    assert "onsdag 4. september 2024 kl. 09.00" in page
    assert f"/moeder/{booking.pk}/udfald/" not in page


def test_akasse_notes_reach_the_jobcentre_only_after_the_handover(client, anna, calendar, clock):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    clock.move_to(at(date(2024, 9, 4), 12))
    meeting_record_outcome(
        actor=Actor.of_user(calendar.ak_one_worker),
        booking=booking,
        outcome="held",
        notes="Anna vil gerne omskoles til tømrer.",
    )
    login(client, calendar.ak_one_worker)
    assert "omskoles til tømrer" in client.get(case_url(anna)).text
    client.logout()
    login(client, calendar.jc_kbh_worker)
    before = client.get(case_url(anna)).text
    assert "omskoles til tømrer" not in before
    assert "A-kassens noter kan ses, når jobcentret har overtaget." in before
    # Full-time dagpenge from 2 September pass 410 hours in November: the jobcentre takes over
    # on 1 December 2024 (R3).
    clock.move_to(at(date(2024, 12, 2), 9))
    client.logout()
    after = login(client, calendar.jc_kbh_worker).get(case_url(anna)).text
    assert "omskoles til tømrer" in after


def test_interview_requests_are_listed_with_a_link_to_handle(client, anna):
    InterviewRequest.objects.create(citizen=anna, reason="Jeg vil gerne tale om uddannelse.")
    page = login(client, _worker(anna, "akasse")).get(case_url(anna)).text
    assert "Jeg vil gerne tale om uddannelse." in page
    assert "Ikke behandlet" in page
    assert "Markér som behandlet" in page


def test_history_says_who_did_what(client, anna, calendar):
    page = login(client, calendar.jc_kbh_worker).get(case_url(anna)).text
    assert "Tilmeldt som ledig" in page
    assert "A-kasse Et" in page
