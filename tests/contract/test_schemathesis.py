"""The API answers as its OpenAPI schema says: schemathesis against `/api/v1/openapi.json`, in
process, with every default check (no server error, only documented statuses, content types,
headers and bodies, invalid input refused, valid input accepted, authentication not ignored…)
and the stateful phase, as an organisation's system (its API key), as a caseworker and as a
citizen (their sessions, with the CSRF token).

Each caller has a world to reach: a citizen with a plan, free times to book, a booking, a job
log entry and a request for an interview. A generated id is one of theirs two times in three, so
operations reach their real code and not only 404. Bounded and reproducible: few examples per operation,
derandomised, no example database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import hypothesis
import pytest
import schemathesis
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck
from ninja.responses import NinjaJSONEncoder

from kontaktforloeb.api import api
from kontaktforloeb.booking.services import booking_create
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.joblog.services import joblog_entry_add
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.selfservice.services import interview_request_create
from tests.support import factories
from tests.support.calendar import TODAY, at, slot_of, weekday_free_times

SETTINGS = hypothesis.settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
STATEFUL = hypothesis.settings(SETTINGS, max_examples=15, stateful_step_count=6)


@dataclass
class Caller:
    headers: dict[str, str]
    ids: dict[str, int]


@pytest.fixture
def same_connection() -> Iterator[None]:
    """The app runs in the test's transaction, as under Django's test client: a request must not
    close the connection at its start or end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(world, same_connection) -> Iterator[dict[str, int]]:
    """On 3 September 2024 (the clock stands still for the test): Anna (a-kasse one, København)
    registered with a plan, free times for the next 8 weeks, a booked interview, an application
    in her job log and a request for an interview; the ids operations are asked about."""
    with time_machine.travel(at(TODAY, 8), tick=False):
        weekday_free_times((world.ak_one_worker, world.jc_kbh_worker), weeks=8)
        anna = world.anna
        case_events_append(
            actor=Actor.of_user(world.ak_one_worker),
            citizen=anna,
            events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
        )
        booking = booking_create(
            actor=Actor.of_user(anna.user),
            citizen=anna,
            slot_id=slot_of(world.ak_one_worker, date(2024, 9, 10), 9).pk,
            interview=1,
            channel="in_person",
            topic="job_search",
        )
        entry = joblog_entry_add(
            actor=Actor.of_user(anna.user),
            citizen=anna,
            data={
                "applied_on": date(2024, 9, 2),
                "employer": "Bageriet A/S",
                "title": "Bager",
                "source": "advertised",
                "hours": "full_time",
            },
        )
        asked = interview_request_create(citizen=anna, reason="Jeg vil gerne tale om kurser.")
        yield {
            "citizen_id": anna.pk,
            "booking_id": booking.pk,
            "interview": 2,
            "request_id": asked.pk,
            "entry_id": entry.pk,
        }


def session_headers(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}"
    return {"Cookie": cookie, "X-CSRFToken": token}


@pytest.fixture
def organisation(world, seeded) -> Caller:
    return Caller({"X-API-Key": factories.api_key(world.ak_one)}, seeded)


@pytest.fixture
def caseworker(world, seeded) -> Caller:
    return Caller(session_headers(world.ak_one_worker), seeded)


@pytest.fixture
def citizen(world, seeded) -> Caller:
    return Caller(session_headers(world.anna.user), seeded)


# Every default check, as configured out of the box, but one setting: a request the schema allows
# may still be refused by a rule (R22's 8 days, a time that does not exist, a consequence the
# plan does not have), answered 422 with the rule; a validation error must still match its schema.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]
            }
        }
    }
)
# The schema `/api/v1/openapi.json` serves, built without a request (no database at collection).
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder)), config=CONFIG
)
schema.app = WSGIHandler()


def aimed(case: Any, caller: Caller) -> Any:
    """Two ids in three (by the generated value, so a run repeats) become the seeded ones; the
    third stays as generated, mostly a 404."""
    for name, value in case.path_parameters.items():
        if name in caller.ids and isinstance(value, int) and value % 3:
            case.path_parameters[name] = caller.ids[name]
    return case


def check(case: Any, caller: Caller) -> None:
    aimed(case, caller).call_and_validate(headers=caller.headers)


@schema.parametrize()
@hypothesis.settings(SETTINGS)
def test_as_an_organisation(case, organisation):
    check(case, organisation)


@schema.parametrize()
@hypothesis.settings(SETTINGS)
def test_as_a_caseworker(case, caseworker):
    check(case, caseworker)


@schema.parametrize()
@hypothesis.settings(SETTINGS)
def test_as_a_citizen(case, citizen):
    check(case, citizen)


@pytest.mark.parametrize("who", ["organisation", "caseworker", "citizen"])
def test_stateful(who, request, db):
    caller: Caller = request.getfixturevalue(who)

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        # Each scenario starts from the seeded data: its writes are rolled back when it ends, so
        # Hypothesis replaying a scenario gets the same answers (a slot it booked is free again).
        def setup(self) -> None:
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": caller.headers}

        def call(self, case: Any, **kwargs: Any) -> Any:
            return super().call(aimed(case, caller), **kwargs)

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            # As the stateless tests do: the checks know the credentials were given, not made up.
            case.validate_response(
                response,
                headers=caller.headers,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    Machine.run(settings=STATEFUL)
