"""The CV in Chromium: a citizen completes the CV and submits it; the approving a-kasse returns it
with a comment; the citizen reads the comment, fixes it and submits again; the a-kasse approves.
axe on every page, at a desktop and a phone width."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.integration.test_cv_services import register

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]


def check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def fill_cv(page: Page) -> None:
    page.get_by_label("E-mail", exact=True).fill("anna@example.dk")
    page.get_by_label("Jeg søger job som").fill("Lagermedarbejder")
    page.locator("#id_experience-0-employer").fill("Lager A/S")
    page.locator("#id_experience-0-title").fill("Pakker")
    page.locator("#id_experience-0-start").fill("01-03-2019")
    page.locator("#id_education-0-title").fill("Lagerassistent")
    page.get_by_label("Kompetencer").fill("Truckcertifikat")
    page.locator("#id_languages-0-language").fill("Dansk")
    page.locator("#id_languages-0-level").select_option("native")
    page.get_by_label("B", exact=True).check()
    page.get_by_label("Fuldtid", exact=True).check()


def test_a_cv_from_empty_to_approved(open_page: OpenPage, world: Any) -> None:
    register(world.anna, "dagpenge")

    citizen = open_page(PHONE)
    log_in(citizen, world.anna.user.username)
    citizen.goto("/min-side/cv/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Mit CV")
    expect(citizen.locator("main")).to_contain_text("Din a-kasse godkender det.")
    expect(citizen.locator("main")).to_contain_text("0 af 6 nødvendige dele er udfyldt")
    check(citizen)

    # Submitting before the terms are filled in: saved, and told what is missing.
    fill_cv(citizen)
    citizen.get_by_role("button", name="Gem og send til godkendelse").click()
    expect(
        citizen.get_by_role("heading", name="Dit cv kan ikke sendes til godkendelse endnu")
    ).to_be_visible()
    expect(citizen.locator(".alert-error")).to_contain_text("Ønsker til job: arbejdstid og område")
    expect(citizen.locator("#id_experience-0-employer")).to_have_value("Lager A/S")
    check(citizen)

    citizen.get_by_label("Område, hvor du søger job").fill("Storkøbenhavn")
    citizen.get_by_role("button", name="Gem og send til godkendelse").click()
    expect(citizen.locator("main")).to_contain_text("Dit cv er gemt og sendt til godkendelse.")
    expect(citizen.locator("main")).to_contain_text("6 af 6 nødvendige dele er udfyldt")
    citizen.locator("summary", has_text="Hvorfor?").click()
    citizen.screenshot(path=str(picture("cv-da-phone.png")), full_page=True)

    caseworker = open_page(DESKTOP)
    log_in(caseworker, world.ak_one_worker.username)
    caseworker.goto("/sager/cv/")
    expect(caseworker.get_by_role("heading", level=1)).to_have_text("CV til godkendelse")
    check(caseworker)
    caseworker.get_by_role("link", name=world.anna.name).click()
    expect(caseworker.locator("main")).to_contain_text("Alle de dele, der kræves, er udfyldt")
    check(caseworker)
    caseworker.get_by_role("button", name="Send retur med kommentar").click()
    expect(caseworker.locator(".form-error-message")).to_contain_text("Skriv en kommentar")
    check(caseworker)
    caseworker.get_by_label("Kommentar til borgeren").fill("Skriv også dit telefonnummer.")
    caseworker.get_by_role("button", name="Send retur med kommentar").click()
    expect(caseworker.locator("main")).to_contain_text("er sendt retur med din kommentar")

    citizen.goto("/min-side/cv/")
    expect(citizen.locator("main")).to_contain_text(
        "Dit cv er sendt retur. Ret det og send det igen."
    )
    expect(citizen.locator("main")).to_contain_text("Skriv også dit telefonnummer.")
    check(citizen)
    citizen.get_by_label("Telefon").fill("12 34 56 78")
    citizen.get_by_role("button", name="Gem og send til godkendelse").click()
    expect(citizen.locator("main")).to_contain_text("Dit cv er gemt og sendt til godkendelse.")

    caseworker.goto("/sager/cv/")
    caseworker.get_by_role("link", name=world.anna.name).click()
    caseworker.get_by_role("button", name="Godkend cv").click()
    expect(caseworker.locator("main")).to_contain_text("er godkendt")
    expect(caseworker.locator("main")).to_contain_text("Ingen cv'er venter på godkendelse.")

    citizen.goto("/min-side/cv/")
    expect(citizen.locator("main")).to_contain_text("Arbejdsgivere kan finde dit cv.")
    check(citizen)

    english = open_page(DESKTOP, locale="en-GB")
    log_in(english, world.anna.user.username)
    english.goto("/min-side/cv/")
    check(english)
