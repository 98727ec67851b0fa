"""The 2027 trials in the demo (R73): another actor with its caseworker and free times always;
citizens in the trials only when the demo's day is in them, never back-dated into 2026."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kontaktforloeb.booking.models import Booking, Slot
from kontaktforloeb.cases.models import CaseEvent, Citizen
from kontaktforloeb.cases.selectors import citizens_visible_to
from kontaktforloeb.cases.trials import trial_state
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.demo import seed_demo
from kontaktforloeb.organisations.models import Organisation, User

CPH = ZoneInfo("Europe/Copenhagen")


def seeded(day: date):
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=CPH), tick=False):
        return seed_demo(citizens=8, today=day)


@pytest.mark.django_db
def test_before_the_trials_the_actor_is_there_without_citizens():
    result = seeded(date(2026, 12, 4))
    actor = Organisation.objects.get(name="Jobformidling Øst")
    assert actor.is_anden_aktoer
    assert list(actor.serves.values_list("name", flat=True)) == ["Jobcenter København"]
    caseworker = User.objects.get(username="demo-aktoer-oest-1")
    assert caseworker.role == User.Role.ANDEN_AKTOER_CASEWORKER
    assert Slot.objects.filter(caseworker=caseworker).exists()
    assert ("demo-aktoer-oest-1", "Sagsbehandler hos anden aktør, Jobformidling Øst") in (
        result.logins
    )
    assert not CaseEvent.objects.filter(type="trial_assigned").exists()
    assert not Citizen.objects.filter(other_actor__isnull=False).exists()


@pytest.mark.django_db
def test_in_the_trials_the_demo_has_citizens_in_both():
    day = date(2027, 2, 15)
    result = seeded(day)
    with time_machine.travel(datetime(2027, 2, 15, 10, tzinfo=CPH), tick=False):
        freja = Citizen.objects.get(first_name="Freja", last_name="Bak")
        assert freja.jobcenter.municipality_code == 101 and freja.other_actor is not None
        assert freja.other_actor.name == "Jobformidling Øst"
        booking = Booking.objects.get(citizen=freja)
        assert booking.organisation == freja.other_actor and booking.holder == "anden_aktoer"
        caseworker = User.objects.get(username="demo-aktoer-oest-1")
        assert list(citizens_visible_to(Actor.of_user(caseworker))) == [freja]
        oliver = Citizen.objects.get(first_name="Oliver", last_name="Skytte")
        state = trial_state(oliver)
        assert state is not None and state.choice_open
        astrid = Citizen.objects.get(first_name="Astrid", last_name="Kjeldsen")
        event = astrid.events.get(type="trial_assigned")
        assert event.data == {"trial": "akasse4", "holder": "akasse"}
        assert all(
            e.date >= date(2027, 1, 1) for e in CaseEvent.objects.filter(type="trial_assigned")
        )
    described = dict(result.logins)
    assert described[freja.user.username].endswith(
        "valgte Jobformidling Øst i forsøget med frit valg"
    )
    # Seeding again adds nothing.
    again = seeded(day)
    assert again.created == 0
