"""The case page in Chromium, as an a-kasse caseworker and as a jobcentre caseworker: open a case
and expand an explanation, summon the citizen, record a held meeting (then take the proposed
deadline) and a no-show. axe on each page at desktop and phone width.

With CASE_SCREENSHOTS=1 the case page is photographed into docs/img/ to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kontaktforloeb.booking.models import Booking, WorkingPattern
from kontaktforloeb.booking.slots import slots_materialise
from kontaktforloeb.cases.models import CaseEvent
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = os.environ.get("CASE_SCREENSHOTS") == "1"


@pytest.fixture
def cases(world: Any) -> Any:
    """Free times 9–15 on weekdays for a caseworker of each organisation; Anna (dagpenge, a-kasse
    one) and Carl (kontanthjælp, Jobcenter København) registered two days ago."""
    on = date.today()
    for worker, first, last in (
        (world.ak_one_worker, "Mette", "Kjær"),
        (world.jc_kbh_worker, "Jonas", "Holm"),
    ):
        worker.first_name, worker.last_name = first, last
        worker.save()
        for weekday in range(5):
            WorkingPattern.objects.create(
                caseworker=worker,
                organisation=worker.organisation,
                weekday=weekday,
                start_time=time(9),
                end_time=time(15),
                valid_from=on,
            )
    slots_materialise(WorkingPattern.objects.all(), on, on + timedelta(weeks=3))
    world.carl = factories.citizen(world.jc_kbh, None, first_name="Carl", cpr="0303903333")
    start = (on - timedelta(days=2)).isoformat()
    for citizen, worker, group in (
        (world.anna, world.ak_one_worker, "dagpenge"),
        (world.carl, world.jc_kbh_worker, "kontanthjaelp_jobparat"),
    ):
        case_events_append(
            actor=Actor.of_user(worker),
            citizen=citizen,
            events=[{"type": "registered", "date": start, "group": group}],
        )
    return world


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def _summon(page: Page, citizen: Any) -> None:
    page.get_by_role("link", name="Indkald til samtale 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indkald til samtale")
    _check(page)
    page.locator("#id_slot").select_option(index=1)
    page.get_by_role("button", name="Indkald").click()
    expect(page.locator(".alert-success")).to_contain_text("indkaldt til samtale 1")
    assert Booking.objects.filter(citizen=citizen, summoned=True, status="live").exists()


def test_akasse_caseworker_summons_and_records_a_held_meeting(
    open_page: OpenPage, cases: Any
) -> None:
    anna = cases.anna
    page = open_page()
    log_in(page, cases.ak_one_worker.username)
    page.goto(f"/sager/{anna.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(anna.name)
    why = page.locator("#plan-heading ~ ol details").first
    why.locator("summary").click()
    expect(why.locator(".details-text")).to_be_visible()
    _check(page)

    _summon(page, anna)
    page.get_by_role("link", name="Registrér udfald af samtale 1").click()
    _check(page)
    page.get_by_role("radio", name="Samtalen er holdt").check()
    page.get_by_label("Noter fra mødet").fill("Anna vil være tømrer.")
    page.get_by_label("Aftalte næste skridt").fill("Søge tre stillinger")
    page.get_by_role("button", name="Registrér").click()
    # The next interview's deadline is proposed, ready to give.
    expect(page.get_by_role("heading", level=1)).to_have_text("Giv frist for at booke")
    expect(page.locator("#id_interview")).to_have_value("2")
    _check(page)
    page.get_by_role("button", name="Giv frist").click()
    expect(page.locator(".alert-success")).to_contain_text("Fristen er givet")
    assert CaseEvent.objects.filter(citizen=anna, type="interview_held").exists()
    assert CaseEvent.objects.filter(citizen=anna, type="booking_deadline_issued").exists()
    expect(page.locator("#meetings-heading ~ ul")).to_contain_text("Anna vil være tømrer.")
    if SHOTS:
        page.screenshot(path=ROOT / "docs/img/case-actions-da-desktop.png", full_page=True)


def test_jobcentre_caseworker_summons_and_records_a_no_show(
    open_page: OpenPage, cases: Any
) -> None:
    carl = cases.carl
    page = open_page(viewport=PHONE)
    log_in(page, cases.jc_kbh_worker.username)
    page.goto(f"/sager/{carl.pk}/")
    _check(page)
    _summon(page, carl)
    page.get_by_role("link", name="Registrér udfald af samtale 1").click()
    page.get_by_role("button", name="Registrér").click()
    # Refused: nothing chosen. The summary links to the field.
    expect(page.locator(".alert-error")).to_contain_text("Vælg hvad der skete.")
    _check(page)
    page.get_by_role("radio", name="Borgeren udeblev").check()
    page.get_by_role("radio", name="Nej").check()
    page.get_by_role("button", name="Registrér").click()
    expect(page.locator(".alert-success").first).to_contain_text("Udfaldet af mødet")
    missed = CaseEvent.objects.get(citizen=carl, type="interview_missed")
    assert missed.data["lawful_absence"] is False


def test_the_day_view_is_accessible(open_page: OpenPage, cases: Any) -> None:
    page = open_page(viewport=DESKTOP)
    log_in(page, cases.ak_one_worker.username)
    page.goto("/sager/moeder/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dagens møder")
    _check(page)
