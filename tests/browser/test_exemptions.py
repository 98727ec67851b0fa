"""The law since 2026 in Chromium: an a-kasse caseworker excuses a member from the interviews
beyond the first with a reason (R65), seeing the share before and after (R66), and ends it; the
citizen reads on Min plan that they are excused, by whom and why, and that they can still ask for
an interview; a plan under the provisional rules of 2027 says so (R70). axe on every page, in
Danish and English, at desktop and phone width."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from kontaktforloeb.cases.models import CaseEvent, PlanItem
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
REASON = "Har fået tilbudt fast job fra 1. februar"


def registered(world: Any, person: Any, on: date, held: date | None = None) -> None:
    events: list[dict[str, Any]] = [
        {"type": "registered", "date": on.isoformat(), "group": "dagpenge"}
    ]
    if held is not None:
        events.append(
            {
                "type": "interview_held",
                "date": held.isoformat(),
                "holder": "akasse",
                "channel": "in_person",
            }
        )
    case_events_append(actor=Actor.of_operator("tests"), citizen=person, events=events)


@pytest.fixture
def members(world: Any) -> Any:
    """Anna, an a-kasse member since last week who had her first interview yesterday, and three
    other members (so one exemption is 25 %, within the limit)."""
    today = date.today()
    registered(world, world.anna, today - timedelta(days=7), held=today - timedelta(days=1))
    for _ in range(3):
        registered(world, factories.citizen(world.jc_kbh, world.ak_one), today - timedelta(days=7))
    return world


@pytest.mark.parametrize(("viewport", "locale"), [(DESKTOP, "da-DK"), (PHONE, "en-GB")])
def test_a_caseworker_excuses_a_member_and_the_citizen_reads_why(
    open_page: OpenPage, members: Any, viewport: dict[str, int], locale: str
) -> None:
    english = locale.startswith("en")
    anna = members.anna
    staff = open_page(viewport, locale)
    log_in(staff, "ak-one")
    staff.goto(f"/sager/{anna.pk}/")
    staff.get_by_role(
        "link",
        name="Excuse from interviews" if english else "Undtag fra samtaler",
        exact=False,
    ).first.click()
    expect(staff.locator("main")).to_contain_text("25,0 %" if not english else "25.0 %")
    assert_accessible(staff)
    assert_fits_width(staff)
    # Without a reason nothing is stored, and the form says why.
    staff.locator("form button[type=submit]").last.click()
    expect(staff.locator(".form-error-message, .error-message").first).to_be_visible()
    assert not CaseEvent.objects.filter(type="interviews_exempted").exists()
    staff.locator("textarea").first.fill(REASON)
    staff.locator("form button[type=submit]").last.click()
    expect(staff.locator("main")).to_contain_text(REASON)
    assert PlanItem.objects.get(citizen=anna, kind="interview", number=2).status == "exempted"
    staff.screenshot(path=picture(f"exemption-case-{locale[:2]}-{viewport['width']}.png"))

    citizen = open_page(viewport, locale)
    log_in(citizen, anna.user.username)
    citizen.goto("/min-side/plan/")
    main = citizen.locator("main")
    expect(main).to_contain_text("Excused" if english else "Undtaget")
    expect(main).to_contain_text(
        "You can still ask for an interview" if english else "Du kan stadig bede om en samtale"
    )
    citizen.get_by_text("Why?" if english else "Hvorfor?").first.click()
    expect(main).to_contain_text(REASON)
    assert_accessible(citizen)
    assert_fits_width(citizen)
    citizen.screenshot(
        path=picture(f"exemption-plan-{locale[:2]}-{viewport['width']}.png"), full_page=True
    )

    staff.goto(f"/sager/{anna.pk}/")
    staff.get_by_role(
        "link",
        name="End the exemption from interviews" if english else "Afslut undtagelse fra samtaler",
    ).click()
    assert_accessible(staff)
    staff.locator("input[type=checkbox]").check()
    staff.locator("form button[type=submit]").last.click()
    expect(staff.locator("main")).to_be_visible()
    assert PlanItem.objects.get(citizen=anna, kind="interview", number=2).status == "open"


@pytest.mark.parametrize(("viewport", "locale"), [(PHONE, "da-DK"), (DESKTOP, "en-GB")])
def test_a_provisional_2027_plan_shows_its_tag_and_reason(
    open_page: OpenPage, world: Any, viewport: dict[str, int], locale: str
) -> None:
    english = locale.startswith("en")
    moment = datetime(2027, 2, 2, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=True):
        case_events_append(
            actor=Actor.of_operator("tests"),
            citizen=world.anna,
            events=[
                {"type": "registered", "date": "2027-02-01", "group": "dagpenge"},
                {
                    "type": "trial_assigned",
                    "date": "2027-02-01",
                    "trial": "akasse4",
                    "holder": "akasse",
                },
            ],
        )
        page = open_page(viewport, locale)
        log_in(page, world.anna.user.username)
        page.goto("/min-side/plan/")
        main = page.locator("main")
        expect(main).to_contain_text("Provisional" if english else "Foreløbig")
        expect(main).to_contain_text("not yet final law" if english else "endnu ikke endelig lov")
        page.get_by_text("Why?" if english else "Hvorfor?").first.click()
        expect(main).to_contain_text(
            "final legal text is not yet available" if english else "lovtekst foreligger ikke"
        )
        assert_accessible(page)
        assert_fits_width(page)
        page.screenshot(
            path=picture(f"provisional-plan-{locale[:2]}-{viewport['width']}.png"), full_page=True
        )
