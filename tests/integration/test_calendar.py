"""Kalender og ledige tider: who sees which calendar, blocking and freeing, and how changing the
working hours regenerates the free times without touching booked meetings."""

from __future__ import annotations

from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kontaktforloeb.booking.models import PatternException, Slot, WorkingPattern
from kontaktforloeb.booking.tasks import fill_slot_horizon
from kontaktforloeb.organisations.models import User
from tests.integration.test_booking import (  # the slot fixtures
    TODAY,
    anna,
    at,
    book,
    calendar,
    clock,
    slot_of,
)
from tests.support import factories

__all__ = ["anna", "calendar", "clock"]

TUESDAY = date(2024, 9, 10)


def logged_in(user, language: str = "da") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["kf_language"] = language
    return client


@pytest.fixture
def people(calendar):
    """Besides the world: a second caseworker and a manager in a-kasse one, a manager elsewhere."""
    calendar.ak_one_colleague = factories.staff(calendar.ak_one, username="ak-one-2")
    calendar.ak_one_manager = factories.staff(
        calendar.ak_one, role=User.Role.MANAGER, username="ak-one-leder"
    )
    calendar.ak_two_manager = factories.staff(
        calendar.ak_two, role=User.Role.MANAGER, username="ak-two-leder"
    )
    return calendar


def own_pattern(world) -> WorkingPattern:
    return WorkingPattern.objects.get(caseworker=world.ak_one_worker, weekday=1)


# --- Who sees what ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_everywhere(people):
    pattern = own_pattern(people)
    slot = slot_of(people.ak_one_worker, TUESDAY, 9)
    client = Client()
    for url in [
        reverse("booking:week"),
        reverse("booking:team"),
        reverse("booking:caseworker_week", args=[people.ak_one_worker.pk]),
        reverse("booking:patterns"),
        reverse("booking:pattern_new"),
        reverse("booking:pattern_edit", args=[pattern.pk]),
        reverse("booking:exception_new"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/log-ind/" in response["Location"], url
    for url in [
        reverse("booking:slot_toggle", args=[slot.pk]),
        reverse("booking:pattern_delete", args=[pattern.pk]),
    ]:
        response = client.post(url, {"action": "block"})
        assert response.status_code == 302 and "/log-ind/" in response["Location"], url
    assert not Slot.objects.filter(blocked=True).exists()


def test_citizens_get_404_everywhere(people):
    client = logged_in(people.anna.user)
    pattern = own_pattern(people)
    for url in [
        reverse("booking:week"),
        reverse("booking:team"),
        reverse("booking:caseworker_week", args=[people.ak_one_worker.pk]),
        reverse("booking:patterns"),
        reverse("booking:pattern_edit", args=[pattern.pk]),
        reverse("booking:exception_new"),
    ]:
        assert client.get(url).status_code == 404, url
    slot = slot_of(people.ak_one_worker, TUESDAY, 9)
    assert client.post(reverse("booking:slot_toggle", args=[slot.pk])).status_code == 404


def test_a_caseworker_sees_only_their_own_calendar(people):
    client = logged_in(people.ak_one_worker)
    assert client.get(reverse("booking:week")).status_code == 200
    assert client.get(reverse("booking:patterns")).status_code == 200
    assert client.get(reverse("booking:team")).status_code == 404
    colleague = reverse("booking:caseworker_week", args=[people.ak_one_colleague.pk])
    assert client.get(colleague).status_code == 404
    foreign = reverse("booking:caseworker_week", args=[people.jc_kbh_worker.pk])
    assert client.get(foreign).status_code == 404
    own = client.get(reverse("booking:caseworker_week", args=[people.ak_one_worker.pk]))
    assert own.status_code == 302 and own["Location"].startswith(reverse("booking:week"))


def test_another_organisations_slot_pattern_and_exception_are_404(people):
    client = logged_in(people.jc_kbh_worker)
    pattern = own_pattern(people)
    slot = slot_of(people.ak_one_worker, TUESDAY, 9)
    absence = PatternException.objects.create(
        caseworker=people.ak_one_worker,
        organisation=people.ak_one,
        kind="absence",
        date=TUESDAY,
    )
    assert client.get(reverse("booking:pattern_edit", args=[pattern.pk])).status_code == 404
    assert client.post(reverse("booking:pattern_delete", args=[pattern.pk])).status_code == 404
    assert client.post(reverse("booking:exception_delete", args=[absence.pk])).status_code == 404
    toggle = reverse("booking:slot_toggle", args=[slot.pk])
    assert client.post(toggle, {"action": "block"}).status_code == 404
    # A colleague in the same organisation cannot change it either.
    colleague = logged_in(people.ak_one_colleague)
    assert colleague.post(toggle, {"action": "block"}).status_code == 404
    assert colleague.get(reverse("booking:pattern_edit", args=[pattern.pk])).status_code == 404
    assert WorkingPattern.objects.filter(pk=pattern.pk).exists()
    assert PatternException.objects.filter(pk=absence.pk).exists()
    assert not Slot.objects.get(pk=slot.pk).blocked


def test_a_manager_sees_the_team_read_only(people):
    client = logged_in(people.ak_one_manager)
    assert client.get(reverse("booking:week"))["Location"] == reverse("booking:team")
    team = client.get(reverse("booking:team"), {"uge": "2024-W37"})
    assert team.status_code == 200
    page = team.content.decode()
    assert people.ak_one_worker.get_full_name() in page
    assert "Mandag 9. september" in page
    assert "4 ledige" in page  # four free times a day
    assert people.jc_kbh_worker.username not in page
    week = client.get(reverse("booking:caseworker_week", args=[people.ak_one_worker.pk]))
    assert week.status_code == 200
    assert "Kun medarbejderen selv kan spærre tider" in week.content.decode()
    assert 'name="action"' not in week.content.decode()
    slot = slot_of(people.ak_one_worker, TUESDAY, 9)
    assert client.post(reverse("booking:slot_toggle", args=[slot.pk])).status_code == 404
    assert client.get(reverse("booking:patterns")).status_code == 404
    # Another organisation's caseworker is not in their team.
    foreign = reverse("booking:caseworker_week", args=[people.jc_kbh_worker.pk])
    assert client.get(foreign).status_code == 404
    other_manager = logged_in(people.ak_two_manager)
    own = reverse("booking:caseworker_week", args=[people.ak_one_worker.pk])
    assert other_manager.get(own).status_code == 404


# --- The week --------------------------------------------------------------------------------


def test_the_week_shows_free_booked_and_holidays_in_danish_words(anna, calendar):
    book(anna, slot_of(calendar.ak_one_worker, TUESDAY, 9), topic="change_trade")
    client = logged_in(calendar.ak_one_worker)
    page = client.get(reverse("booking:week"), {"uge": "2024-W37"}).content.decode()
    assert "Tirsdag 10. september" in page
    assert "kl. 09.00–09.45" in page
    assert anna.name in page and reverse("web:case_detail", args=[anna.pk]) in page
    assert "Samtale 1 · Personligt fremmøde · Skifte branche" in page
    assert "Forrige uge" in page and "?uge=2024-W38" in page
    christmas = client.get(reverse("booking:week"), {"uge": "2024-W52"}).content.decode()
    assert "Lukket: Juledag" in christmas
    english = logged_in(calendar.ak_one_worker, "en")
    page = english.get(reverse("booking:week"), {"uge": "2024-W37"}).content.decode()
    assert "Tuesday 10 September" in page and "Interview 1" in page


def test_a_week_that_is_not_a_week_shows_this_week(calendar):
    client = logged_in(calendar.ak_one_worker)
    response = client.get(reverse("booking:week"), {"uge": "nonsense"})
    assert response.status_code == 200
    assert "Tirsdag 3. september" in response.content.decode()


def test_blocking_and_freeing_a_slot_without_javascript(calendar):
    client = logged_in(calendar.ak_one_worker)
    slot = slot_of(calendar.ak_one_worker, TUESDAY, 9)
    url = reverse("booking:slot_toggle", args=[slot.pk])
    response = client.post(url, {"action": "block"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('booking:week')}?uge=2024-W37#slot-{slot.pk}"
    assert Slot.objects.get(pk=slot.pk).blocked
    page = client.get(response["Location"]).content.decode()
    assert "Tiden tirsdag 10. september kl. 09.00 er spærret." in page
    client.post(url, {"action": "free"})
    assert not Slot.objects.get(pk=slot.pk).blocked


def test_blocking_with_htmx_returns_the_one_slot(calendar):
    client = logged_in(calendar.ak_one_worker)
    slot = slot_of(calendar.ak_one_worker, TUESDAY, 9)
    response = client.post(
        reverse("booking:slot_toggle", args=[slot.pk]), {"action": "block"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<li id="slot-{slot.pk}"')
    assert "Spærret" in html and "Frigiv" in html and "<html" not in html
    assert Slot.objects.get(pk=slot.pk).blocked


def test_a_booked_or_passed_slot_cannot_be_blocked(anna, calendar):
    worker = calendar.ak_one_worker
    booked = slot_of(worker, TUESDAY, 9)
    book(anna, booked)
    client = logged_in(worker)
    response = client.post(reverse("booking:slot_toggle", args=[booked.pk]), {"action": "block"})
    assert response.status_code == 302
    assert not Slot.objects.get(pk=booked.pk).blocked
    passed = Slot.objects.create(
        organisation=worker.organisation,
        caseworker=worker,
        start=at(TODAY - timedelta(days=1), 9),
        end=at(TODAY - timedelta(days=1), 10),
    )
    client.post(reverse("booking:slot_toggle", args=[passed.pk]), {"action": "block"})
    assert not Slot.objects.get(pk=passed.pk).blocked


# --- Working hours ---------------------------------------------------------------------------


def pattern_data(**changes) -> dict:
    data = {
        "weekday": "1",
        "start_time": "13:00",
        "end_time": "15:00",
        "break_start": "",
        "break_end": "",
        "slot_minutes": "60",
        "channels": ["in_person", "phone"],
        "kinds": ["first", "followup"],
        "location": "",
        "valid_from": TODAY.isoformat(),
        "valid_to": "",
    }
    data.update(changes)
    return data


def test_changing_the_hours_regenerates_free_times_and_keeps_booked_ones(anna, calendar):
    worker = calendar.ak_one_worker
    booked = slot_of(worker, TUESDAY, 9)
    booking = book(anna, booked)
    wednesday = slot_of(worker, date(2024, 9, 11), 9)
    wednesday.blocked = True
    wednesday.save()
    pattern = own_pattern(calendar)
    client = logged_in(worker)
    response = client.post(
        reverse("booking:pattern_edit", args=[pattern.pk]),
        pattern_data(channels=["phone", "video"]),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("booking:patterns")
    page = response.content.decode()
    assert "Arbejdstiden er gemt" in page
    # The booked meeting is untouched and named as outside the new hours.
    assert Slot.objects.get(pk=booked.pk).bookings.get() == booking
    assert "Et booket møde ligger uden for dine arbejdstider" in page
    assert anna.name in page
    # Tuesday's morning free times are gone, the afternoon ones are new, by phone or video.
    assert not Slot.objects.filter(caseworker=worker, start=at(TUESDAY, 9, 45)).exists()
    assert not Slot.objects.filter(caseworker=worker, start=at(date(2024, 9, 17), 9)).exists()
    new = Slot.objects.get(caseworker=worker, start=at(date(2024, 9, 17), 13))
    assert new.channels == ["phone", "video"] and new.end == at(date(2024, 9, 17), 14)
    # Other days are as they were, the blocked time still blocked and still the same row.
    assert Slot.objects.get(pk=wednesday.pk).blocked
    assert slot_of(worker, date(2024, 9, 12), 9).pk
    # Nothing changed for the other caseworker.
    assert slot_of(calendar.jc_kbh_worker, date(2024, 9, 17), 9)


def test_saving_unchanged_hours_changes_no_free_time(calendar):
    pattern = own_pattern(calendar)
    before = dict(Slot.objects.values_list("start", "pk"))
    client = logged_in(calendar.ak_one_worker)
    data = pattern_data(
        start_time="09:00",
        end_time="12:00",
        slot_minutes="45",
        channels=["in_person", "phone", "video"],
        kinds=["first", "followup", "joint"],
    )
    response = client.post(reverse("booking:pattern_edit", args=[pattern.pk]), data, follow=True)
    assert "ingen ledige tider ændret" in response.content.decode()
    after = dict(Slot.objects.values_list("start", "pk"))
    future = {s: pk for s, pk in before.items() if s > at(TODAY, 8)}
    assert {s: after[s] for s in future} == future


def test_a_bad_form_shows_errors_keeps_what_was_typed_and_changes_nothing(calendar):
    pattern = own_pattern(calendar)
    slots = Slot.objects.count()
    client = logged_in(calendar.ak_one_worker)
    response = client.post(
        reverse("booking:pattern_edit", args=[pattern.pk]),
        pattern_data(start_time="14:00", end_time="13:00", break_start="13.15", channels=[]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Der er 3 problemer" in page
    assert "Sluttidspunktet skal ligge efter starttidspunktet." in page
    assert "Vælg mindst én samtaleform." in page
    assert "Udfyld både start og slut på pausen" in page
    assert 'href="#id_end_time"' in page and 'href="#id_channels_0"' in page
    assert 'value="14:00"' in page and 'value="13.15"' in page  # what was typed is kept
    assert WorkingPattern.objects.get(pk=pattern.pk).start_time == time(9)
    assert Slot.objects.count() == slots
    english = logged_in(calendar.ak_one_worker, "en")
    page = english.post(
        reverse("booking:pattern_edit", args=[pattern.pk]),
        pattern_data(start_time="14:00", end_time="13:00"),
    ).content.decode()
    assert "The end time must be after the start time." in page


def test_overlapping_hours_on_the_same_day_are_refused(calendar):
    client = logged_in(calendar.ak_one_worker)
    response = client.post(
        reverse("booking:pattern_new"), pattern_data(start_time="11:00", end_time="13:00")
    )
    assert "overlapper dine andre tider samme ugedag (kl. 09.00–12.00)" in response.content.decode()
    assert WorkingPattern.objects.filter(caseworker=calendar.ak_one_worker).count() == 5


def test_new_hours_on_a_saturday_make_free_times(calendar):
    client = logged_in(calendar.ak_one_worker)
    response = client.post(reverse("booking:pattern_new"), pattern_data(weekday="5"))
    assert response.status_code == 302
    assert slot_of(calendar.ak_one_worker, date(2024, 9, 14), 13)
    page = client.get(reverse("booking:week"), {"uge": "2024-W37"}).content.decode()
    assert "Lørdag 14. september" in page


def test_deleting_hours_removes_their_free_times(calendar):
    pattern = own_pattern(calendar)
    client = logged_in(calendar.ak_one_worker)
    client.post(reverse("booking:pattern_delete", args=[pattern.pk]))
    assert not WorkingPattern.objects.filter(pk=pattern.pk).exists()
    assert not Slot.objects.filter(caseworker=calendar.ak_one_worker, start__date=TUESDAY).exists()


def test_an_absence_removes_the_days_free_times_but_not_the_booked_one(anna, calendar):
    worker = calendar.ak_one_worker
    booked = slot_of(worker, TUESDAY, 9)
    book(anna, booked)
    client = logged_in(worker)
    response = client.post(
        reverse("booking:exception_new"),
        {"kind": "absence", "date": TUESDAY.isoformat(), "reason": "Kursus"},
        follow=True,
    )
    assert "Undtagelsen er gemt (3 ledige tider fjernet)" in response.content.decode()
    assert list(Slot.objects.filter(caseworker=worker, start__date=TUESDAY)) == [booked]
    week = client.get(reverse("booking:week"), {"uge": "2024-W37"}).content.decode()
    assert "Fravær hele dagen: Kursus" in week
    absence = PatternException.objects.get()
    client.post(reverse("booking:exception_delete", args=[absence.pk]))
    assert Slot.objects.filter(caseworker=worker, start__date=TUESDAY).count() == 4


def test_extra_hours_need_times_and_a_past_day_is_refused(calendar):
    client = logged_in(calendar.ak_one_worker)
    response = client.post(
        reverse("booking:exception_new"),
        {"kind": "extra", "date": "2024-09-02", "channels": ["phone"], "kinds": ["followup"]},
    )
    page = response.content.decode()
    assert "Dagen er passeret" in page
    assert "Skriv hvornår de ekstra tider begynder og slutter." in page
    assert not PatternException.objects.exists()


# --- Keeping twelve weeks of free times ------------------------------------------------------


def test_the_horizon_command_and_task_fill_twelve_weeks(calendar):
    Slot.objects.all().delete()
    out = StringIO()
    call_command("fill_slot_horizon", stdout=out)
    assert "free times" in out.getvalue()
    last = Slot.objects.order_by("start").last()
    assert last is not None and last.start.date() >= TODAY + timedelta(weeks=11)
    count = Slot.objects.count()
    fill_slot_horizon.enqueue()
    assert Slot.objects.count() == count


# --- The admin -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/booking/closingday/",
        "/admin/booking/closingday/add/",
        "/admin/booking/workingpattern/",
        "/admin/booking/patternexception/",
        "/admin/booking/slot/",
        "/admin/booking/booking/",
    ],
)
def test_the_admin_lists_free_times_and_keeps_closing_days(world, url):
    admin = User.objects.create_superuser("root", "root@example.dk", "x" * 16, role="administrator")
    assert logged_in(admin).get(url).status_code == 200


def test_bookings_cannot_be_changed_in_the_admin(world):
    admin = User.objects.create_superuser("root", "root@example.dk", "x" * 16, role="administrator")
    assert logged_in(admin).get("/admin/booking/booking/add/").status_code == 403
