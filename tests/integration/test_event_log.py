"""The case event log is append-only: no code path can change or delete an event."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from kontaktforloeb.cases.models import CaseEvent, EventLogIsAppendOnly
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import EventError


@pytest.fixture
def event(world) -> CaseEvent:
    [row] = case_events_append(
        actor=Actor.of_user(world.ak_one_worker),
        citizen=world.anna,
        events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
    )
    return row


def test_an_appended_event_names_who_recorded_it_and_for_which_organisation(world, event):
    assert event.recorded_by == world.ak_one_worker
    assert event.organisation == world.ak_one
    assert event.as_plan_event() == {
        "type": "registered",
        "date": "2024-09-02",
        "group": "dagpenge",
    }


def test_saving_a_recorded_event_again_is_refused(event):
    event.data = {"group": "kontanthjaelp_jobparat"}
    with pytest.raises(EventLogIsAppendOnly):
        event.save()
    assert CaseEvent.objects.get(pk=event.pk).data == {"group": "dagpenge"}


def test_deleting_an_event_is_refused(event):
    with pytest.raises(EventLogIsAppendOnly):
        event.delete()
    with pytest.raises(EventLogIsAppendOnly):
        CaseEvent.objects.filter(pk=event.pk).delete()
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_through_the_orm_is_refused(event):
    with pytest.raises(EventLogIsAppendOnly):
        CaseEvent.objects.filter(pk=event.pk).update(type="deregistered")
    assert CaseEvent.objects.get(pk=event.pk).type == "registered"


def test_the_database_itself_refuses_an_update_statement(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_caseevent SET type = 'deregistered' WHERE id = %s", [event.pk])
    assert CaseEvent.objects.get(pk=event.pk).type == "registered"


def test_a_batch_with_one_bad_event_stores_nothing(world):
    with pytest.raises(EventError) as caught:
        case_events_append(
            actor=Actor.of_user(world.ak_one_worker),
            citizen=world.anna,
            events=[
                {"type": "registered", "date": "2024-09-02", "group": "dagpenge"},
                {
                    "type": "dagpenge_paid",
                    "date": "2024-10-01",
                    "from": "2024-09-30",
                    "to": "2024-09-01",
                    "hours": "10",
                },
            ],
        )
    assert caught.value.index == 1
    assert not CaseEvent.objects.filter(citizen=world.anna).exists()
