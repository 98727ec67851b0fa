"""The worklists in Chromium: a jobcentre caseworker works down a list, a manager sees the counts,
and the handover page is walked; axe on every page at desktop and phone sizes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import plan
from kontaktforloeb.workspace.worklists import month_bounds
from tests.support import factories

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]


def _register(citizen: Any, start: date, group: str) -> None:
    case_events_append(
        actor=Actor.of_operator("tests"),
        citizen=citizen,
        events=[{"type": "registered", "date": start.isoformat(), "group": group}],
    )


def _handover_start(today: date) -> date:
    """A dagpenge start date whose handover falls this month or next."""
    this_month, _ = month_bounds(today)
    _, next_month_end = month_bounds(today, 1)
    for days in range(40, 140):
        start = today - timedelta(days=days)
        events = [{"type": "registered", "date": start.isoformat(), "group": "dagpenge"}]
        handover = plan(events, today).handover
        if handover and this_month <= handover.date <= next_month_end:
            return start
    raise AssertionError("no start date gives a handover this month or next")


@pytest.fixture
def busy_day(world: Any) -> Any:
    today = date.today()
    for n, last in enumerate(["Holm", "Lund", "Berg"]):
        citizen = factories.citizen(world.jc_kbh, first_name="Karen", last_name=last)
        _register(citizen, today - timedelta(days=n + 1), "kontanthjaelp_jobparat")
    _register(world.anna, _handover_start(today), "dagpenge")
    return world


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def test_a_caseworker_works_down_the_due_list(open_page: OpenPage, busy_day: Any) -> None:
    page = open_page()
    log_in(page, busy_day.jc_kbh_worker.username)
    expect(page.get_by_role("heading", name="Hvem har brug for dig nu")).to_be_visible()
    expect(page.locator("#count-frist-snart")).to_have_text("3")
    _check(page)
    page.screenshot(path=str(picture("worklist-da-desktop.png")), full_page=True)

    page.get_by_role("link", name="Samtaler med frist snart, ikke booket").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Samtaler med frist snart, ikke booket"
    )
    rows = page.locator("table.kf-worklist tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("og er ikke booket")
    _check(page)

    # Sorted by name, then opened, then back to the same list.
    page.get_by_role("link", name="Borger").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Borger")
    expect(rows.first).to_contain_text("Karen Berg")
    page.get_by_role("link", name="Karen Berg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Karen Berg")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Samtaler med frist snart, ikke booket"
    )
    expect(rows.first).to_contain_text("Karen Berg")

    phone = open_page(viewport=PHONE)
    log_in(phone, busy_day.jc_kbh_worker.username)
    phone.goto("/sager/arbejdsliste/frist-snart/?sort=-navn")
    expect(phone.locator("table.kf-worklist tbody tr").first).to_contain_text("Karen Lund")
    _check(phone)


def test_a_manager_sees_the_counts(open_page: OpenPage, busy_day: Any) -> None:
    page = open_page(viewport=DESKTOP)
    log_in(page, busy_day.kbh_manager.username)
    expect(page.locator("#count-frist-snart")).to_have_text("3")
    expect(page.locator("#count-overskredet")).to_have_text("0")
    _check(page)
    page.get_by_role("link", name="Overskredne samtaler").click()
    expect(page.locator("main")).to_contain_text("Ingen på listen lige nu.")
    _check(page)


def test_the_handover_page_is_walked(open_page: OpenPage, busy_day: Any) -> None:
    for viewport in (DESKTOP, PHONE):
        page = open_page(viewport=viewport)
        log_in(page, busy_day.jc_kbh_worker.username)
        page.get_by_role("link", name="Overdragelse: denne og næste måned").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Overdragelse")
        expect(page.get_by_role("heading", name=busy_day.anna.name)).to_be_visible()
        expect(page.locator("main")).to_contain_text("Borgeren har ikke valgt endnu")
        _check(page)
    akasse = open_page()
    log_in(akasse, busy_day.ak_one_worker.username)
    akasse.goto("/sager/overdragelse/")
    expect(akasse.locator("main")).to_contain_text("Dine medlemmer")
    expect(akasse.get_by_role("heading", name=busy_day.anna.name)).to_be_visible()
    _check(akasse)
