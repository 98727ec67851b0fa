"""Offers in Chromium (R44, R45): the a-kasse recommends, the jobcentre rejects with a reason that
the citizen and the a-kasse then read, a second recommendation is followed and the citizen accepts
participation. axe on every page, on a desktop and a phone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kontaktforloeb.cases.plans import today
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
REASON = "Praktikken ligger for langt fra borgerens bopæl; vi finder en tættere på."


def check(page: Page) -> None:
    """axe at 1280×900 and at 390×844, and nothing wider than the phone."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert_fits_width(page)
    page.set_viewport_size(DESKTOP)


def day(days: int) -> str:
    return (today() + timedelta(days=days)).strftime("%d-%m-%Y")


def recommend(page: Page, citizen_id: int, kind: str, provider: str) -> None:
    page.goto(f"/tilbud/indstil/{citizen_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indstil til et tilbud")
    page.get_by_label(kind).check()
    page.get_by_label("Udbyder").fill(provider)
    page.get_by_label("Startdato").fill(day(14))
    page.get_by_label("Slutdato").fill(day(41))
    page.get_by_label("A-kassens begrundelse").fill("Borgeren vil gerne prøve faget af.")
    page.get_by_role("button", name="Send indstillingen til kommunen").click()
    expect(page.locator(".alert-success")).to_contain_text("Indstillingen er sendt til kommunen")


def test_a_recommendation_rejected_with_a_reason_then_one_followed_and_accepted(
    open_page: OpenPage, world: Any
) -> None:
    anna = world.anna
    case_events_append(
        actor=Actor.of_operator("tests"),
        citizen=anna,
        events=[
            {
                "type": "registered",
                "date": (today() - timedelta(days=14)).isoformat(),
                "group": "dagpenge",
            }
        ],
    )

    # The a-kasse caseworker recommends a work placement; a first try without a provider fails.
    akasse = open_page()
    log_in(akasse, world.ak_one_worker.username)
    akasse.goto(f"/tilbud/indstil/{anna.pk}/")
    akasse.get_by_label("Virksomhedspraktik").check()
    akasse.get_by_label("A-kassens begrundelse").fill("Borgeren vil gerne prøve faget af.")
    akasse.get_by_role("button", name="Send indstillingen til kommunen").click()
    summary = akasse.locator(".alert-error")
    expect(summary).to_contain_text("Skriv, hvem der udbyder tilbuddet.")
    expect(akasse.get_by_label("A-kassens begrundelse")).to_have_value(
        "Borgeren vil gerne prøve faget af."
    )
    check(akasse)
    recommend(akasse, anna.pk, "Virksomhedspraktik", "Bageriet Kornet")
    expect(akasse.get_by_role("heading", level=1)).to_have_text(anna.name)
    expect(akasse.locator("main")).to_contain_text("Afventer kommunen")
    check(akasse)

    # The jobcentre caseworker rejects it: first without a reason (refused), then with one.
    jobcentre = open_page()
    log_in(jobcentre, world.jc_kbh_worker.username)
    jobcentre.goto("/tilbud/indstillinger/")
    expect(jobcentre.get_by_role("heading", level=1)).to_have_text("Indstillinger til afgørelse")
    check(jobcentre)
    jobcentre.get_by_role("link", name=anna.name).click()
    expect(jobcentre.get_by_role("heading", level=1)).to_contain_text("Indstilling for")
    check(jobcentre)
    jobcentre.get_by_label("Følg ikke indstillingen").check()
    jobcentre.get_by_role("button", name="Gem afgørelsen").click()
    expect(jobcentre.locator(".alert-error")).to_contain_text("Skriv en begrundelse")
    check(jobcentre)
    jobcentre.get_by_label("Begrundelse", exact=True).fill(REASON)
    jobcentre.get_by_role("button", name="Gem afgørelsen").click()
    expect(jobcentre.locator(".alert-success")).to_contain_text("Indstillingen er ikke fulgt")
    expect(jobcentre.locator("main")).to_contain_text("Ingen indstillinger venter")

    # The citizen reads the reason on her phone.
    citizen = open_page(viewport=PHONE)
    log_in(citizen, anna.user.username)
    citizen.goto("/tilbud/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Tilbud")
    expect(citizen.locator(".kf-decision-reason")).to_contain_text(REASON)
    check(citizen)

    # So does the a-kasse, in its list and on the recommendation.
    akasse.goto("/tilbud/indstillinger/")
    expect(akasse.locator("tbody")).to_contain_text("Ikke fulgt")
    expect(akasse.locator("tbody")).to_contain_text(REASON[:40])
    check(akasse)
    akasse.get_by_role("link", name=anna.name).click()
    expect(akasse.locator(".kf-decision-reason")).to_contain_text(REASON)
    expect(akasse.get_by_role("button", name="Gem afgørelsen")).to_have_count(0)

    # A second recommendation is followed, and the citizen accepts participation.
    recommend(akasse, anna.pk, "Vejledning og opkvalificering", "AMU Hovedstaden")
    jobcentre.goto("/tilbud/indstillinger/")
    jobcentre.get_by_role("link", name=anna.name).click()
    jobcentre.get_by_label("Følg indstillingen og opret tilbuddet").check()
    jobcentre.get_by_role("button", name="Gem afgørelsen").click()
    expect(jobcentre.locator(".alert-success")).to_contain_text("tilbuddet er oprettet")

    citizen.goto("/tilbud/")
    offer = citizen.locator(".kf-offer", has_text="AMU Hovedstaden").first
    expect(offer).to_contain_text("Ikke accepteret endnu")
    check(citizen)
    offer.get_by_role("button", name="Acceptér deltagelse").click()
    expect(citizen.locator(".alert-success")).to_contain_text("Du har accepteret")
    expect(citizen.locator("#main-content")).to_contain_text("Accepteret")
    citizen.set_viewport_size(PHONE)
    citizen.screenshot(path=str(picture("offers-da-phone.png")), full_page=True)
    check(citizen)
