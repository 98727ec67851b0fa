"""A manager in Chromium reads Kapacitet: from the managers' pages to the forecast, the sentence
saying how many times to publish in a week to keep every deadline, the chart with its table, and
a demand number followed to the citizens behind it. axe on every page, in Danish and English, at
desktop and phone width; the page watcher fails on any Content-Security-Policy violation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.support import capacity_population as cp

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture
from .test_statistics import charts_have_tables

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]


@pytest.fixture
def population(db: None, settings) -> Iterator[cp.Population]:
    built = cp.build()
    # The server sees Wednesday 6 January 2027, the browser its own clock: keep the session
    # cookie from expiring in the browser's eyes.
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600
    with time_machine.travel(datetime(2027, 1, 6, 9, tzinfo=cp.CPH), tick=True):
        yield built


@pytest.mark.parametrize(
    ("viewport", "locale", "name"),
    [
        (DESKTOP, "da-DK", "desktop-da"),
        (DESKTOP, "en-GB", "desktop-en"),
        (PHONE, "da-DK", "phone-da"),
        (PHONE, "en-GB", "phone-en"),
    ],
)
def test_a_manager_reads_the_shortfall_and_follows_a_number_to_the_citizens(
    open_page: OpenPage, population: cp.Population, viewport, locale, name
) -> None:
    english = locale.startswith("en")
    page = open_page(viewport, locale)
    log_in(page, "leder")
    page.goto("/statistik/")
    page.get_by_role("link", name="Capacity" if english else "Kapacitet").click()
    expect(page.locator("h1")).to_have_text("Capacity" if english else "Kapacitet")
    expect(page.locator("#capacity-actions li").first).to_have_text(
        "Publish 1 more in-person time by week 2, 11–17 January 2027 to keep every deadline."
        if english
        else "Udgiv 1 tid mere med personligt fremmøde senest i uge 2, 11.–17. januar 2027 for at "
        "holde alle frister."
    )
    expect(page.locator("#capacity-summary")).to_contain_text(
        "needs 6 more times, 3 of them in person" if english else "6 tider, heraf 3 med personligt"
    )
    assert charts_have_tables(page) == 1
    assert_accessible(page)
    assert_fits_width(page)
    page.screenshot(path=picture(f"statistics-capacity-{name}.png"), full_page=True)
    weeks = page.locator('section[aria-labelledby="uger-heading"]')
    weeks.screenshot(path=picture(f"statistics-capacity-weeks-{name}.png"))

    # Week 3's interviews by deadline: the five citizens behind the number.
    week_three = page.locator("#uger-table tbody tr").nth(2)
    week_three.locator("td").nth(2).get_by_role("link").click()
    expect(page.locator("#people-table tbody tr")).to_have_count(5)
    expect(page.locator("#people-table")).to_contain_text("W3a Kapacitetsen")
    expect(page.locator("h1")).to_contain_text(
        "18–24 January 2027" if english else "18.–24. januar"
    )
    assert_accessible(page)
    assert_fits_width(page)
    page.screenshot(path=picture(f"statistics-capacity-people-{name}.png"))
    page.get_by_role(
        "link", name="Back to the figures" if english else "Tilbage til tallene"
    ).click()
    expect(page.locator("#capacity-summary")).to_be_visible()
