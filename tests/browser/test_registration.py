"""Where a course begins, in Chromium: a new person logs in with MitID (the test OpenID Connect
provider), registers as unemployed on dagpenge and reads the receipt with the first deadline and
its reason; a caseworker registers someone who walks in and reaches the case. axe on every page,
in Danish and English, at desktop and phone width."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kontaktforloeb.cases.models import Citizen
from tests.support.oidc_provider import OIDCProvider, running_provider

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
CPR_CLAIM = "dk:gov:cpr"


@pytest.fixture
def provider(settings: Any, live_server: Any) -> Iterator[OIDCProvider]:
    with running_provider() as provider:
        provider.redirect_uris = [live_server.url + reverse("oidc_authentication_callback")]
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        settings.OIDC_CPR_CLAIM = CPR_CLAIM
        yield provider


@pytest.mark.parametrize(("viewport", "locale"), [(PHONE, "da-DK"), (DESKTOP, "en-GB")])
def test_a_new_person_registers_on_dagpenge_after_mitid(
    open_page: OpenPage,
    world: Any,
    provider: OIDCProvider,
    viewport: dict[str, int],
    locale: str,
) -> None:
    english = locale.startswith("en")
    provider.log_in_as(
        "mitid-ida", **{CPR_CLAIM: "0202024321", "given_name": "Ida", "family_name": "Olesen"}
    )
    page = open_page(viewport, locale)
    page.goto("/log-ind/")
    page.get_by_role("link", name="Log in with MitID" if english else "Log ind med MitID").click()
    expect(page.locator("h1")).to_have_text(
        "Register as unemployed" if english else "Meld dig ledig"
    )
    expect(page.locator("main")).to_contain_text("Ida Olesen")
    assert_accessible(page)
    assert_fits_width(page)
    # A mistake first: nothing chosen. The summary says what is missing, and nothing is stored.
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-error")).to_be_visible()
    assert not Citizen.objects.filter(cpr="0202024321").exists()
    assert_accessible(page)
    page.get_by_label("Dagpenge from my a-kasse" if english else "Dagpenge fra min a-kasse").check()
    page.locator("#id_akasse").select_option(label="A-kasse Et")
    page.locator("#id_municipality").select_option(label="Jobcenter København")
    page.locator("#id_email").fill("ida@example.dk")
    if english:  # the language chosen here is the site's from then on
        page.get_by_label("English", exact=True).check()
    page.locator("#id_consent").check()
    page.screenshot(path=picture(f"register-{locale[:2]}-{viewport['width']}.png"), full_page=True)
    page.locator("main form button[type=submit]").click()

    expect(page.locator("h1")).to_have_text("What happens now" if english else "Det sker nu")
    main = page.locator("main")
    first_deadline = date.today().toordinal() + 14
    expect(main).to_contain_text(
        "Interview 1 with the a-kasse" if english else "Samtale 1 med a-kassen"
    )
    page.get_by_text("Why?" if english else "Hvorfor?").first.click()
    expect(main).to_contain_text("within 14 days" if english else "inden for 14 dage")
    expect(main).to_contain_text("CV")
    assert_accessible(page)
    assert_fits_width(page)
    page.screenshot(
        path=picture(f"register-receipt-{locale[:2]}-{viewport['width']}.png"), full_page=True
    )
    citizen = Citizen.objects.get(cpr="0202024321")
    assert citizen.akasse == world.ak_one and citizen.jobcenter == world.jc_kbh
    interview = citizen.plan_items.get(kind="interview", number=1)
    assert interview.deadline.toordinal() == first_deadline


@pytest.mark.parametrize(("viewport", "locale"), [(DESKTOP, "da-DK"), (PHONE, "en-GB")])
def test_a_caseworker_registers_a_walk_in_and_reaches_the_case(
    open_page: OpenPage, world: Any, viewport: dict[str, int], locale: str
) -> None:
    english = locale.startswith("en")
    page = open_page(viewport, locale)
    log_in(page, "jc-kbh")
    page.get_by_role(
        "link", name="Register an unemployed person" if english else "Registrér en ledig"
    ).click()
    assert_accessible(page)
    assert_fits_width(page)
    page.locator("#id_cpr").fill("241285-1122")
    page.locator("#id_first_name").fill("Bo")
    page.locator("#id_last_name").fill("Hansen")
    page.get_by_label(
        "Kontanthjælp from the municipality" if english else "Kontanthjælp fra kommunen"
    ).check()
    page.locator("#id_mobile").fill("20 30 40 50")
    page.screenshot(path=picture(f"register-walk-in-{locale[:2]}-{viewport['width']}.png"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Bo Hansen")
    expect(page.locator("main")).to_contain_text(
        "registered as unemployed" if english else "er meldt ledig"
    )
    assert_accessible(page)
    citizen = Citizen.objects.get(cpr="2412851122")
    assert citizen.mobile == "20304050" and citizen.jobcenter == world.jc_kbh
