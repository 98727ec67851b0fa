"""The foundation's pages in Chromium: log-in, demo log-in, the citizen's pages, the caseworker's
search and case, the language switch, and the error pages; axe on every one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]


def test_demo_citizen_sees_own_page_and_who_has_seen_their_data(
    open_page: OpenPage, demo_people: Any
) -> None:
    page = open_page()
    page.goto("/demo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind som demo-bruger")
    page.get_by_role("button", name=f"Log ind som {demo_people.citizen_name}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    expect(page.locator("main")).to_contain_text(f"Hej {demo_people.citizen_name}")
    expect(page.locator(".portal-user")).to_contain_text(demo_people.citizen_name)

    page.get_by_role("link", name="Se hvem der har set dine data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvem har set mine data")
    expect(page.locator("main")).to_contain_text("Ingen har set dine data endnu.")


def test_caseworker_reveals_cpr_and_the_citizen_sees_it(open_page: OpenPage, world: Any) -> None:
    page = open_page()
    log_in(page, world.jc_kbh_worker.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Borgere")
    expect(page.locator(".portal-user")).to_contain_text("Jobcenter København")

    page.get_by_label("Søg på navn eller CPR-nummer").fill(world.anna.first_name)
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name=world.anna.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.anna.name)
    expect(page.locator("#cpr")).to_have_text("010190-****")

    page.get_by_role("button", name="Vis fuldt CPR-nummer").click()
    expect(page.locator("#cpr")).to_have_text("010190-1234")
    page.get_by_role("button", name="Log af").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")

    log_in(page, world.anna.user.username)
    page.get_by_role("link", name="Se hvem der har set dine data").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)  # the case opened, then the full CPR number shown
    expect(rows.first).to_contain_text("Fuldt CPR-nummer vist")
    expect(rows.first).to_contain_text("Jobcenter København")
    expect(rows.first).to_contain_text("Sagsbehandler i kommune")


def test_language_switch_is_remembered(open_page: OpenPage, world: Any) -> None:
    page = open_page()
    page.goto("/log-ind/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("kf_language") == "en"

    log_in_en = page.get_by_role("button", name="Log in", exact=True)
    page.get_by_label("Username").fill(world.jc_kbh_worker.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    log_in_en.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Citizens")
    expect(page.get_by_role("button", name="Log off")).to_be_visible()

    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text("Borgere")


def test_wrong_password_shows_error_summary_linked_to_the_field(
    open_page: OpenPage, world: Any
) -> None:
    page = open_page()
    log_in(page, world.jc_kbh_worker.username, password="not-the-password")

    summary = page.locator("[data-module=error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Der er et problem")
    link = summary.get_by_role("link", name="Brugernavn eller adgangskode er forkert", exact=False)
    expect(link).to_have_attribute("href", "#id_password")

    password = page.get_by_label("Adgangskode")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(
        "Fejl: Brugernavn eller adgangskode er forkert. Bemærk, at der skelnes mellem store og "
        "små bogstaver."
    )
    expect(page.get_by_label("Brugernavn")).to_have_value(world.jc_kbh_worker.username)
    link.click()
    expect(password).to_be_focused()


def test_missing_page_is_a_designed_404(open_page: OpenPage, world: Any) -> None:
    page = open_page()
    response = page.goto("/findes-ikke/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    expect(page.get_by_role("banner")).to_contain_text("Kontaktforløb")
    expect(page.get_by_role("contentinfo")).to_be_visible()
    # DKFDS's own font, served from our static files.
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any("IBM Plex Sans" in family for family in loaded), loaded


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("locale", ["da-DK", "en-GB"], ids=["da", "en"])
def test_every_page_passes_axe_and_fits(
    open_page: OpenPage, world: Any, demo_people: Any, viewport: dict[str, int], locale: str
) -> None:
    # Something in the access log, so its table is there to check.
    citizen_get(
        actor=Actor.of_user(world.jc_kbh_worker),
        citizen_id=world.anna.pk,
        what="cpr",
        why="Fuldt CPR-nummer vist",
    )
    page = open_page(viewport=viewport, locale=locale)

    def check() -> None:
        assert_accessible(page)
        assert_fits_width(page)

    page.goto("/log-ind/")
    check()
    page.goto("/findes-ikke/")
    check()
    page.goto("/demo/")
    check()
    page.locator("button[name=user]").first.click()
    page.wait_for_url("**/min-side/")
    check()
    page.goto("/min-side/hvem-har-set-mine-data/")
    check()
    page.locator(".log-off").click()
    log_in(page, "jc-kbh", password="wrong")
    check()

    log_in(page, world.anna.user.username)
    page.goto("/min-side/hvem-har-set-mine-data/")
    expect(page.locator("tbody tr")).to_have_count(1)
    check()
    page.locator(".log-off").click()

    log_in(page, world.jc_kbh_worker.username)
    page.wait_for_url("**/sager/")
    check()
    page.goto(f"/sager/{world.anna.pk}/")
    check()
    page.locator("form.kf-inline button").click()
    page.wait_for_selector(".alert-info")
    check()
