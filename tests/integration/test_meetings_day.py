# ruff: noqa: F811 (the shared fixtures are imported by name)
"""The caseworker's day: own meetings with topic, channel, preparation; outcome in place; then
the next interview's deadline proposed."""

from __future__ import annotations

from datetime import date

from kontaktforloeb.booking.models import PreparationNote
from kontaktforloeb.cases.models import CaseEvent
from tests.integration.test_case_page import (  # noqa: F401 (fixtures)
    anna,
    at,
    calendar,
    clock,
    login,
    summon,
)


def test_the_day_lists_own_meetings_with_preparation(client, anna, calendar, clock):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    PreparationNote.objects.create(citizen=anna, booking=booking, dream_job="Tømrer")
    clock.move_to(at(date(2024, 9, 4), 8))
    login(client, calendar.ak_one_worker)
    page = client.get("/sager/moeder/").text
    assert "Dagens møder" in page and "onsdag 4. september 2024" in page
    assert anna.name in page and "Tømrer" in page and "Jobsøgningsstrategi" in page
    assert "Registrér udfald" in page
    assert anna.name not in client.get("/sager/moeder/?dato=2024-09-05").text
    client.logout()
    # Another caseworker's day does not show the meeting; the anonymous are sent to log in.
    assert anna.name not in login(client, calendar.jc_kbh_worker).get("/sager/moeder/").text
    client.logout()
    assert "/log-ind/" in client.get("/sager/moeder/")["Location"]
    assert login(client, anna.user).get("/sager/moeder/").status_code == 404


def test_recording_from_the_day_proposes_the_next_deadline(client, anna, calendar, clock):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    clock.move_to(at(date(2024, 9, 4), 10))
    login(client, calendar.ak_one_worker)
    prefix = f"b{booking.pk}"
    response = client.post(
        f"/sager/{anna.pk}/moeder/{booking.pk}/udfald/?fra=dag",
        {
            "form_prefix": prefix,
            f"{prefix}-outcome": "held",
            f"{prefix}-channel": "in_person",
            f"{prefix}-notes": "Godt møde",
        },
    )
    assert response.status_code == 302
    assert "/frist/?samtale=2" in response["Location"] and "fra=dag" in response["Location"]
    assert CaseEvent.objects.filter(citizen=anna, type="interview_held").exists()
    form = client.get(response["Location"]).text
    assert "Tilbage til dagens møder" in form
    assert 'name="deadline"' in form and 'value="' in form


def test_a_refused_outcome_from_the_day_keeps_what_was_typed(client, anna, calendar, clock):
    booking = summon(anna, calendar.ak_one_worker, date(2024, 9, 4), 9)
    login(client, calendar.ak_one_worker)
    prefix = f"b{booking.pk}"
    page = client.post(
        f"/sager/{anna.pk}/moeder/{booking.pk}/udfald/?fra=dag",
        {"form_prefix": prefix, f"{prefix}-outcome": "no_show", f"{prefix}-notes": "Ikke mødt"},
    ).text
    assert "Vurdér om borgeren havde lovligt fravær." in page
    assert "Ikke mødt" in page
    assert not CaseEvent.objects.filter(citizen=anna, type="interview_missed").exists()
