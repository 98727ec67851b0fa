"""The booking API: free times, meetings, deadlines, summons and self-booking over HTTP.

Every endpoint is tried by its own organisation, by foreign organisations (404, nothing changes)
and anonymously (401); the rules' refusals come back with the message in the caller's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.booking.services import booking_cancel, booking_create
from kontaktforloeb.cases.models import CaseEvent
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories
from tests.support.calendar import CPH, TODAY, at, slot_of, weekday_free_times


@pytest.fixture
def clock():
    with time_machine.travel(at(TODAY, 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def calendar(world, clock):
    """Weekday free times 9–12 (45 minutes) for a caseworker of a-kasse one and one of Jobcenter
    København, for the next 8 weeks."""
    weekday_free_times((world.ak_one_worker, world.jc_kbh_worker), weeks=8)
    return world


def registered(world, citizen, worker):
    case_events_append(
        actor=Actor.of_user(worker),
        citizen=citizen,
        events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
    )
    return citizen


@pytest.fixture
def anna(calendar):
    """A dagpenge member of a-kasse one in København: interview 1 with the a-kasse by 16 Sep."""
    return registered(calendar, calendar.anna, calendar.ak_one_worker)


@pytest.fixture
def booked(anna, calendar) -> Booking:
    return booking_create(
        actor=Actor.of_user(anna.user),
        citizen=anna,
        slot_id=slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9).pk,
        interview=1,
        channel="in_person",
        topic="job_search",
    )


def key_client(org, **headers: str) -> Client:
    return Client(headers={"X-API-Key": factories.api_key(org), **headers})


def session_client(user, **headers: str) -> Client:
    client = Client(headers=headers)
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any]):
    return client.post(url, json.dumps(body), content_type="application/json")


# --- Every endpoint: own organisation, foreign organisations, anonymous ----------------------


@dataclass
class Endpoint:
    method: str
    url: Callable[[Any], str]  # from the context (citizen, booking, slot ids)
    body: Callable[[Any], dict[str, Any]] | None
    own: str  # the World attribute of the organisation whose key succeeds
    status: int  # the status for the own organisation


@dataclass
class Context:
    citizen: int
    booking: int
    free_slot: int


ENDPOINTS = {
    "slots": Endpoint(
        "get", lambda c: f"/api/v1/citizens/{c.citizen}/interviews/1/slots", None, "ak_one", 200
    ),
    "bookings": Endpoint(
        "get", lambda c: f"/api/v1/citizens/{c.citizen}/bookings", None, "ak_one", 200
    ),
    "booking": Endpoint("get", lambda c: f"/api/v1/bookings/{c.booking}", None, "jc_kbh", 200),
    "book": Endpoint(
        "post",
        lambda c: f"/api/v1/citizens/{c.citizen}/bookings",
        lambda c: {
            "slot_id": c.free_slot,
            "interview": 1,
            "channel": "in_person",
            "topic": "competences",
        },
        "ak_one",
        201,
    ),
    "summons": Endpoint(
        "post",
        lambda c: f"/api/v1/citizens/{c.citizen}/summons",
        lambda c: {"slot_id": c.free_slot, "interview": 1, "channel": "in_person"},
        "ak_one",
        201,
    ),
    "rebook": Endpoint(
        "post",
        lambda c: f"/api/v1/bookings/{c.booking}/rebook",
        lambda c: {"slot_id": c.free_slot},
        "ak_one",
        201,
    ),
    "cancel": Endpoint(
        "post",
        lambda c: f"/api/v1/bookings/{c.booking}/cancel",
        lambda c: {"lawful_absence": True, "reason": "Jobsamtale hos arbejdsgiver"},
        "ak_one",
        200,
    ),
    "outcome": Endpoint(
        "post",
        lambda c: f"/api/v1/bookings/{c.booking}/outcome",
        lambda c: {"outcome": "cancelled_by_organisation", "notes": "Sagsbehandler syg"},
        "ak_one",
        200,
    ),
    "deadline": Endpoint(
        "post",
        lambda c: f"/api/v1/citizens/{c.citizen}/deadlines",
        lambda c: {"interview": 1, "deadline": "2024-09-11", "last_meeting_date": "2024-09-16"},
        "ak_one",
        201,
    ),
    "exempt": Endpoint(
        "post",
        lambda c: f"/api/v1/citizens/{c.citizen}/selfbooking/exempt",
        lambda c: {"reason": "Betydelige sprogbarrierer"},
        "jc_kbh",
        200,
    ),
    "withdraw": Endpoint(
        "post",
        lambda c: f"/api/v1/citizens/{c.citizen}/selfbooking/withdraw",
        lambda c: {"reason": "LAB § 35"},
        "jc_kbh",
        200,
    ),
    "restore": Endpoint(
        "post",
        lambda c: f"/api/v1/citizens/{c.citizen}/selfbooking/restore",
        lambda c: {"reason": "Fritagelsen er ophørt"},
        "jc_kbh",
        200,
    ),
}


@pytest.fixture
def context(booked, calendar) -> Context:
    return Context(
        citizen=booked.citizen_id,
        booking=booked.pk,
        free_slot=slot_of(calendar.ak_one_worker, date(2024, 9, 12), 9).pk,
    )


def call(client: Client, endpoint: Endpoint, context: Context):
    url = endpoint.url(context)
    if endpoint.method == "get":
        return client.get(url)
    assert endpoint.body is not None
    return post(client, url, endpoint.body(context))


def state() -> tuple[int, int, list[tuple[int, str]]]:
    return (
        CaseEvent.objects.count(),
        Booking.objects.count(),
        list(Booking.objects.values_list("pk", "status")),
    )


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_endpoint_answers_its_own_organisation(name, world, anna, booked, context):
    endpoint = ENDPOINTS[name]
    if name in ("book", "summons", "deadline"):
        # These need interview 1 open again: the citizen cancels her meeting first.
        booking_cancel(actor=Actor.of_user(anna.user), booking=booked, lawful_absence=True)
    response = call(key_client(getattr(world, endpoint.own)), endpoint, context)
    assert response.status_code == endpoint.status, response.content


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_endpoint_is_404_for_foreign_organisations_and_changes_nothing(
    name, world, anna, booked, context
):
    before = state()
    for org in (world.ak_two, world.jc_aarhus):
        response = call(key_client(org), ENDPOINTS[name], context)
        assert response.status_code == 404, (org, response.content)
        assert response.json() == {"detail": "Not found."}
    # Another citizen's session is as foreign as another organisation.
    response = call(session_client(world.bo.user), ENDPOINTS[name], context)
    assert response.status_code == 404
    assert state() == before


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_endpoint_is_401_for_the_anonymous(name, world, anna, booked, context):
    before = state()
    assert call(Client(), ENDPOINTS[name], context).status_code == 401
    assert state() == before


def test_a_missing_booking_looks_like_a_foreign_one(world, booked):
    client = key_client(world.ak_two)
    foreign = client.get(f"/api/v1/bookings/{booked.pk}")
    missing = client.get("/api/v1/bookings/999999")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


# --- Free times ------------------------------------------------------------------------------


def test_free_times_for_the_first_interview_are_the_holders_in_person_times_by_the_deadline(
    anna, calendar
):
    response = key_client(calendar.ak_one).get(
        f"/api/v1/citizens/{anna.pk}/interviews/1/slots?limit=200"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert items
    starts = [datetime.fromisoformat(item["start"]) for item in items]
    assert starts == sorted(starts)
    assert all("in_person" in item["channels"] for item in items)
    assert {item["organisation_id"] for item in items} == {calendar.ak_one.pk}
    # From today's first time (it is 8 o'clock) to the interview's deadline, 16 September.
    assert starts[0] == at(TODAY, 9)
    assert max(starts).astimezone(CPH).date() == date(2024, 9, 16)


def test_free_times_leave_out_taken_and_blocked_times_and_page(anna, calendar):
    taken = slot_of(calendar.ak_one_worker, date(2024, 9, 4), 9)
    blocked = slot_of(calendar.ak_one_worker, date(2024, 9, 4), 9, 45)
    blocked.blocked = True
    blocked.save()
    carl = registered(
        calendar,
        factories.citizen(calendar.jc_kbh, calendar.ak_one, with_user=True, cpr="0202902222"),
        calendar.ak_one_worker,
    )
    booking_create(
        actor=Actor.of_user(carl.user),
        citizen=carl,
        slot_id=taken.pk,
        interview=1,
        channel="in_person",
        topic="other",
    )
    client = session_client(anna.user)
    url = f"/api/v1/citizens/{anna.pk}/interviews/1/slots"
    first = client.get(url, {"from": "2024-09-04", "to": "2024-09-05", "limit": 3}).json()
    ids = [item["id"] for item in first["items"]]
    assert taken.pk not in ids and blocked.pk not in ids
    assert first["next_offset"] == 3
    rest = client.get(url, {"from": "2024-09-04", "to": "2024-09-05", "offset": 3}).json()
    assert rest["next_offset"] is None
    # Two days of four times, less the taken and the blocked one.
    assert len(ids) + len(rest["items"]) == 6


def test_searching_phone_times_for_the_first_interview_is_refused(anna, calendar):
    response = key_client(calendar.ak_one, **{"Accept-Language": "en"}).get(
        f"/api/v1/citizens/{anna.pk}/interviews/1/slots?channel=phone"
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "R19"
    assert "first interview must be held in person" in response.json()["detail"]


# --- Booking ---------------------------------------------------------------------------------


def test_the_citizen_books_and_sees_the_meeting(anna, calendar):
    client = session_client(anna.user)
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9)
    response = post(
        client,
        f"/api/v1/citizens/{anna.pk}/bookings",
        {
            "slot_id": slot.pk,
            "interview": 1,
            "channel": "in_person",
            "topic": "change_trade",
            "topic_text": "Jeg vil gerne prøve lager",
        },
    )
    assert response.status_code == 201, response.content
    booking = response.json()
    assert (booking["status"], booking["interview"], booking["slot_id"]) == ("live", 1, slot.pk)
    assert booking["title"].startswith("Samtale 1 med A-kasse Et")
    listed = client.get(f"/api/v1/citizens/{anna.pk}/bookings").json()
    assert [b["id"] for b in listed] == [booking["id"]]
    free = client.get(f"/api/v1/citizens/{anna.pk}/interviews/1/slots?limit=200").json()
    assert slot.pk not in [item["id"] for item in free["items"]]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("da", "første samtale skal holdes ved personligt fremmøde"),
        ("en", "first interview must be held in person"),
    ],
)
def test_the_first_interview_by_phone_is_refused_with_the_message(anna, calendar, language, text):
    client = session_client(anna.user, **{"Accept-Language": language})
    before = state()
    response = post(
        client,
        f"/api/v1/citizens/{anna.pk}/bookings",
        {
            "slot_id": slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9).pk,
            "interview": 1,
            "channel": "phone",
            "topic": "job_search",
        },
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "R19"
    assert text in response.json()["detail"]
    assert state() == before


def test_a_five_day_deadline_is_refused_and_points_to_a_summons(anna, calendar):
    before = state()
    response = post(
        key_client(calendar.ak_one),
        f"/api/v1/citizens/{anna.pk}/deadlines",
        {
            "interview": 1,
            "deadline": (TODAY + timedelta(days=5)).isoformat(),
            "last_meeting_date": (TODAY + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "R22"
    assert "Indkald borgeren i stedet" in response.json()["detail"]
    assert state() == before


def test_booking_after_the_last_meeting_date_is_refused(anna, calendar):
    response = post(
        key_client(calendar.ak_one),
        f"/api/v1/citizens/{anna.pk}/deadlines",
        {"interview": 1, "deadline": "2024-09-11", "last_meeting_date": "2024-09-13"},
    )
    assert response.status_code == 201, response.content
    client = session_client(anna.user)
    free = client.get(f"/api/v1/citizens/{anna.pk}/interviews/1/slots?limit=200").json()["items"]
    assert max(item["start"] for item in free).startswith("2024-09-13")
    before = state()
    late = slot_of(calendar.ak_one_worker, date(2024, 9, 16), 9)
    response = post(
        client,
        f"/api/v1/citizens/{anna.pk}/bookings",
        {"slot_id": late.pk, "interview": 1, "channel": "in_person", "topic": "job_search"},
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "R22"
    assert "fredag 13. september 2024" in response.json()["detail"]
    assert state() == before


def test_a_time_just_taken_is_409_and_changes_nothing(anna, booked, calendar):
    carl = registered(
        calendar,
        factories.citizen(calendar.jc_kbh, calendar.ak_one, with_user=True, cpr="0202902222"),
        calendar.ak_one_worker,
    )
    before = state()
    response = post(
        session_client(carl.user, **{"Accept-Language": "en"}),
        f"/api/v1/citizens/{carl.pk}/bookings",
        {"slot_id": booked.slot_id, "interview": 1, "channel": "in_person", "topic": "other"},
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "That time was just taken. Please choose another.",
        "rule": "R23",
    }
    assert state() == before


def test_a_time_that_does_not_exist_is_refused(anna):
    response = post(
        session_client(anna.user),
        f"/api/v1/citizens/{anna.pk}/bookings",
        {"slot_id": 999999, "interview": 1, "channel": "in_person", "topic": "other"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Tiden findes ikke. Vælg en anden tid."


def test_rebooking_leaves_one_live_booking(anna, booked, calendar):
    new_slot = slot_of(calendar.ak_one_worker, date(2024, 9, 12), 9, 45)
    response = post(
        session_client(anna.user),
        f"/api/v1/bookings/{booked.pk}/rebook",
        {"slot_id": new_slot.pk},
    )
    assert response.status_code == 201, response.content
    moved = response.json()
    assert (moved["slot_id"], moved["replaces_id"], moved["status"]) == (
        new_slot.pk,
        booked.pk,
        "live",
    )
    assert list(
        Booking.objects.filter(citizen=anna, status="live").values_list("pk", flat=True)
    ) == [moved["id"]]
    booked.refresh_from_db()
    assert booked.status == "rebooked"
    assert moved["calendar_uid"] == booked.calendar_uid


def test_the_citizen_cancels_and_the_day_is_lost_without_lawful_absence(anna, booked):
    client = session_client(anna.user)
    response = post(client, f"/api/v1/bookings/{booked.pk}/cancel", {"lawful_absence": False})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    plan = client.get(f"/api/v1/citizens/{anna.pk}/plan").json()
    assert plan["consequences"][0]["type"] == "lost_day"
    again = post(client, f"/api/v1/bookings/{booked.pk}/cancel", {"lawful_absence": False})
    assert again.status_code == 422


def test_a_citizen_cannot_summon_or_record_outcomes(anna, booked, calendar):
    client = session_client(anna.user)
    summons = post(
        client,
        f"/api/v1/citizens/{anna.pk}/summons",
        {
            "slot_id": slot_of(calendar.ak_one_worker, date(2024, 9, 11), 9).pk,
            "interview": 1,
            "channel": "in_person",
        },
    )
    assert summons.status_code == 403
    outcome = post(client, f"/api/v1/bookings/{booked.pk}/outcome", {"outcome": "held"})
    assert outcome.status_code == 403
    assert Booking.objects.get(pk=booked.pk).status == "live"


def test_only_the_holder_records_the_outcome(anna, booked, calendar):
    # The jobcentre sees Anna (her municipality) but does not hold the a-kasse's interview.
    response = post(
        key_client(calendar.jc_kbh), f"/api/v1/bookings/{booked.pk}/outcome", {"outcome": "held"}
    )
    assert response.status_code == 403
    response = post(
        key_client(calendar.ak_one), f"/api/v1/bookings/{booked.pk}/outcome", {"outcome": "held"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "held"


def test_a_summons_may_be_at_short_notice(anna, calendar):
    response = post(
        key_client(calendar.ak_one),
        f"/api/v1/citizens/{anna.pk}/summons",
        {
            "slot_id": slot_of(calendar.ak_one_worker, date(2024, 9, 4), 9).pk,
            "interview": 1,
            "channel": "in_person",
        },
    )
    assert response.status_code == 201
    assert response.json()["summoned"] is True


def test_exemption_closes_open_deadlines_and_needs_a_reason(anna, calendar):
    akasse = key_client(calendar.ak_one)
    post(
        akasse,
        f"/api/v1/citizens/{anna.pk}/deadlines",
        {"interview": 1, "deadline": "2024-09-11", "last_meeting_date": "2024-09-16"},
    )
    jobcentre = key_client(calendar.jc_kbh, **{"Accept-Language": "en"})
    url = f"/api/v1/citizens/{anna.pk}/selfbooking/exempt"
    no_reason = post(jobcentre, url, {"reason": " "})
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"] == "Give a reason."
    response = post(jobcentre, url, {"reason": "Betydelige sprogbarrierer"})
    assert response.json() == {"required": False, "open_deadlines": []}
    restored = post(
        jobcentre, f"/api/v1/citizens/{anna.pk}/selfbooking/restore", {"reason": "Ophørt"}
    )
    assert restored.json()["required"] is True
