"""Kalender og ledige tider in Chromium: a caseworker blocks a time in place and moves between
weeks; a manager looks at the team; axe on each page at desktop and phone width.

With CALENDAR_SCREENSHOTS=DIR the pages are also photographed into DIR to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kontaktforloeb.booking.models import Slot, WorkingPattern
from kontaktforloeb.booking.services import booking_create
from kontaktforloeb.booking.slots import COPENHAGEN, slots_materialise
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User
from tests.support import factories

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
SHOTS = os.environ.get("CALENDAR_SCREENSHOTS")


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@pytest.fixture
def next_week(world: Any) -> date:
    """The a-kasse caseworker works 9–12 every weekday; Anna is summoned to next Tuesday 9.00."""
    worker = world.ak_one_worker
    worker.first_name, worker.last_name = "Mette", "Kjær"
    worker.save()
    on = date.today()
    for weekday in range(5):
        WorkingPattern.objects.create(
            caseworker=worker,
            organisation=world.ak_one,
            weekday=weekday,
            start_time=time(9),
            end_time=time(12),
            break_start=time(10, 30),
            break_end=time(10, 45),
            valid_from=on,
        )
    slots_materialise(WorkingPattern.objects.all(), on, on + timedelta(weeks=3))
    monday = on - timedelta(days=on.weekday()) + timedelta(days=7)
    actor = Actor.of_user(worker)
    case_events_append(
        actor=actor,
        citizen=world.anna,
        events=[
            {
                "type": "registered",
                "date": (on - timedelta(days=2)).isoformat(),
                "group": "dagpenge",
            }
        ],
    )
    slot = Slot.objects.get(
        caseworker=worker,
        start=datetime.combine(monday + timedelta(days=1), time(9), tzinfo=COPENHAGEN),
    )
    booking_create(
        actor=actor,
        citizen=world.anna,
        slot_id=slot.pk,
        interview=1,
        channel="in_person",
        topic="cv_applications",
        summons=True,
    )
    return monday


def _shoot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SHOTS) / f"{name}.png", full_page=True)


def test_a_caseworker_blocks_a_time_in_place_and_moves_to_next_week(
    open_page: OpenPage, world: Any, next_week: date
) -> None:
    page = open_page()
    log_in(page, world.ak_one_worker.username)
    page.goto(f"/kalender/?uge={_week(next_week)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min kalender")
    tuesday = page.locator("section.kf-day").nth(1)
    expect(tuesday.get_by_role("heading", level=2)).to_contain_text("Tirsdag")
    booked = tuesday.locator(".kf-slot--live")
    expect(booked).to_contain_text("kl. 09.00–09.45")
    expect(booked.get_by_role("link", name=world.anna.name)).to_be_visible()
    expect(booked).to_contain_text("Samtale 1 · Personligt fremmøde · CV og ansøgninger")
    _shoot(page, "calendar-da-desktop")

    # Block the next free time: htmx swaps that one time, the page is not loaded again.
    page.evaluate("window.kfNoReload = true")
    free = tuesday.locator(".kf-slot--free").first
    slot_id = free.get_attribute("id")
    assert slot_id is not None
    free.get_by_role("button", name="Spær").click()
    swapped = page.locator(f"#{slot_id}")
    expect(swapped.locator(".badge")).to_have_text("Spærret")
    expect(swapped.get_by_role("button", name="Frigiv")).to_be_focused()
    expect(swapped.get_by_role("status")).to_contain_text("er spærret")
    assert page.evaluate("window.kfNoReload") is True
    assert Slot.objects.get(pk=int(slot_id.removeprefix("slot-"))).blocked

    page.get_by_role("link", name="Næste uge").click()
    page.wait_for_url(f"**/kalender/?uge={_week(next_week + timedelta(days=7))}")
    week_number = (next_week + timedelta(days=7)).isocalendar()[1]
    expect(page.locator(".font-lead")).to_contain_text(f"Uge {week_number}")
    expect(page.locator(".kf-slot--free").first).to_be_visible()


def test_the_block_button_works_without_javascript(
    browser: Any, live_server: Any, world: Any, next_week: date
) -> None:
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="da-DK", java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, world.ak_one_worker.username)
    page.goto(f"/kalender/?uge={_week(next_week)}")
    free = page.locator(".kf-slot--free").first
    slot_id = free.get_attribute("id")
    free.get_by_role("button", name="Spær").click()
    expect(page.locator(".alert-success")).to_contain_text("er spærret")
    expect(page.locator(f"#{slot_id} .badge")).to_have_text("Spærret")
    context.close()


def test_a_manager_opens_the_team_and_a_caseworkers_week(
    open_page: OpenPage, world: Any, next_week: date
) -> None:
    manager = factories.staff(world.ak_one, role=User.Role.MANAGER, username="ak-leder")
    page = open_page()
    log_in(page, manager.username)
    page.goto("/kalender/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamets kalender")
    page.get_by_role("link", name="Næste uge").click()
    row = page.locator("tbody tr", has_text="Mette Kjær")
    expect(row).to_contain_text("1 booket")
    _shoot(page, "calendar-team-da-desktop")
    row.get_by_role("link", name="Mette Kjær").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kalender for Mette Kjær")
    expect(page.get_by_role("button", name="Spær")).to_have_count(0)
    expect(page.locator(".kf-slot--live")).to_contain_text(world.anna.name)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_calendar_pages_are_accessible(
    open_page: OpenPage, world: Any, next_week: date, viewport: dict[str, int]
) -> None:
    size = "desktop" if viewport == DESKTOP else "phone"
    page = open_page(viewport=viewport)
    log_in(page, world.ak_one_worker.username)
    for url, name in [
        (f"/kalender/?uge={_week(next_week)}", "week"),
        ("/kalender/arbejdstider/", "patterns"),
        ("/kalender/arbejdstider/ny/", "pattern-form"),
        ("/kalender/undtagelser/ny/", "exception-form"),
    ]:
        page.goto(url)
        assert_accessible(page)
        assert_fits_width(page)
        _shoot(page, f"calendar-{name}-da-{size}")
    # A form with errors: the summary links to the fields.
    page.goto("/kalender/arbejdstider/ny/")
    page.get_by_label("Fra kl.", exact=True).fill("14:00")
    page.get_by_label("Til kl.", exact=True).fill("13:00")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-error")).to_contain_text("Sluttidspunktet skal ligge efter")
    assert_accessible(page)
    _shoot(page, f"calendar-pattern-errors-da-{size}")
    page.locator(".log-off").click()
    manager = factories.staff(world.ak_one, role=User.Role.MANAGER, username=f"leder-{size}")
    log_in(page, manager.username)
    page.goto(f"/kalender/team/?uge={_week(next_week)}")
    assert_accessible(page)
    assert_fits_width(page)
    _shoot(page, f"calendar-team-da-{size}")
