"""The worklist "joblogs without activity for 30 days": the responsible organisation's citizens
only (the a-kasse for its members in the a-kasse period, the jobcentre otherwise), answered in
one query whatever the number of citizens."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.joblog.models import Joblog
from kontaktforloeb.joblog.selectors import joblogs_inactive
from kontaktforloeb.joblog.services import joblog_entry_add
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

CPH = ZoneInfo("Europe/Copenhagen")
ENTRY = {
    "applied_on": "2024-09-10",
    "employer": "Kro",
    "title": "Kok",
    "source": "network",
    "hours": "part_time",
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


def register(actor: Actor, citizen, group: str, day: str = "2024-09-02") -> None:
    case_events_append(
        actor=actor, citizen=citizen, events=[{"type": "registered", "date": day, "group": group}]
    )


@pytest.fixture
def registered(world):
    with time_machine.travel(at(date(2024, 9, 10)), tick=False):
        register(Actor.of_user(world.jc_kbh_worker), world.anna, "dagpenge")
        register(Actor.of_user(world.jc_aarhus_worker), world.bo, "kontanthjaelp_jobparat")
        joblog_entry_add(actor=Actor.of_user(world.anna.user), citizen=world.anna, data=ENTRY)
    return world


def names(actor_user, on: date) -> set[str]:
    return {c.first_name for c in joblogs_inactive(actor=Actor.of_user(actor_user), on=on)}


def test_thirty_days_without_activity_puts_the_citizen_on_the_responsible_list(registered):
    w = registered
    with time_machine.travel(at(date(2024, 10, 9)), tick=False):
        # Anna wrote on 10 September: day 29 without activity on 9 October, day 30 on the 10th.
        assert names(w.ak_one_worker, date(2024, 10, 9)) == set()
        assert names(w.ak_one_worker, date(2024, 10, 10)) == {"Anna"}
        # During the a-kasse period the jobcentre does not follow her joblog; other a-kasser never.
        assert names(w.jc_kbh_worker, date(2024, 10, 10)) == set()
        assert names(w.ak_two_worker, date(2024, 10, 10)) == set()
        # Bo never wrote: counted from his spell's start (2 September).
        assert names(w.jc_aarhus_worker, date(2024, 10, 2)) == {"Bo"}
        assert names(w.jc_aarhus_worker, date(2024, 10, 1)) == set()
        assert names(w.jc_kbh_worker, date(2024, 10, 2)) == set()
    # After the handover on 1 December the jobcentre follows Anna, the a-kasse no longer does.
    with time_machine.travel(at(date(2024, 12, 2)), tick=False):
        assert names(w.jc_kbh_worker, date(2024, 12, 2)) == {"Anna"}
        assert names(w.ak_one_worker, date(2024, 12, 2)) == set()


def test_activity_or_the_six_week_exemption_takes_the_citizen_off(registered):
    w = registered
    with time_machine.travel(at(date(2024, 10, 20)), tick=False):
        assert names(w.ak_one_worker, date(2024, 10, 20)) == {"Anna"}
        joblog_entry_add(
            actor=Actor.of_user(w.anna.user),
            citizen=w.anna,
            data={**ENTRY, "applied_on": "2024-10-20"},
        )
        assert names(w.ak_one_worker, date(2024, 10, 20)) == set()
        assert names(w.jc_aarhus_worker, date(2024, 10, 20)) == {"Bo"}
        case_events_append(
            actor=Actor.of_user(w.jc_aarhus_worker),
            citizen=w.bo,
            events=[
                {
                    "type": "job_start_documented",
                    "date": "2024-10-20",
                    "start_date": "2024-11-04",
                    "kind": "job",
                }
            ],
        )
        assert names(w.jc_aarhus_worker, date(2024, 10, 20)) == set()


def test_the_list_is_one_query_whatever_the_population(registered, django_assert_max_num_queries):
    w = registered
    actor = Actor.of_user(w.jc_kbh_worker)
    on = date(2024, 11, 1)

    def count_with(extra: int) -> int:
        with time_machine.travel(at(date(2024, 9, 10)), tick=False):
            for _ in range(extra):
                citizen = factories.citizen(w.jc_kbh, with_user=True)
                register(Actor.of_user(w.jc_kbh_worker), citizen, "kontanthjaelp_jobparat")
                joblog_entry_add(actor=Actor.of_user(citizen.user), citizen=citizen, data=ENTRY)
        with django_assert_max_num_queries(1):
            rows = list(joblogs_inactive(actor=actor, on=on))
            # Each row says why it is there without further queries.
            assert all(row.joblog_last_activity_at or row.joblog_spell_start for row in rows)
        return len(rows)

    assert count_with(3) == 3
    assert count_with(12) == 15
    assert Joblog.objects.count() == 16
